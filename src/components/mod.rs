//! Pieces shared by several pages.

pub mod back_button;
pub mod buy_panel;
pub mod icons;
pub mod live_cards;
pub mod media_grid;
pub mod net_status;
pub mod paged;
pub mod price;
pub mod product_card;
pub mod product_sheet;
pub mod sheet;
pub mod sign_in_sheet;
pub mod stars;
pub mod status;
pub mod tab_bar;
pub mod toast;

pub use back_button::BackButton;
pub use buy_panel::{BuyPanel, LiveOffer};
pub use price::Price;
pub use product_card::{ProductCard, ProductChip};
pub use status::{awaited, ErrorView, Loading};
pub use tab_bar::TabBar;
