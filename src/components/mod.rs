//! Pieces shared by several pages.

pub mod back_button;
pub mod icons;
pub mod price;
pub mod product_card;
pub mod status;
pub mod tab_bar;

pub use back_button::BackButton;
pub use price::Price;
pub use product_card::{ProductCard, ProductChip};
pub use status::{ErrorView, Loading};
pub use tab_bar::TabBar;
