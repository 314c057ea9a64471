//! The domain model: every type the app, the demo backend and (later) the reference server
//! exchange. These are the wire types of the native REST contract, so serde names are the
//! contract's field names (snake_case) and nothing here depends on the browser.

mod account;
mod cart;
mod catalog;
mod creator;
mod live;
mod media;
mod money;
mod order;
mod page;
mod pricing;
mod review;
mod search;
mod text;
mod video;

pub use account::*;
pub use cart::*;
pub use catalog::*;
pub use creator::*;
pub use live::*;
pub use media::*;
pub use money::*;
pub use order::*;
pub use page::*;
pub use pricing::*;
pub use review::*;
pub use search::*;
pub use text::*;
pub use video::*;
