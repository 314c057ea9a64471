//! One module per route.

pub mod cart;
pub mod checkout;
pub mod creator;
pub mod feed;
pub mod live;
pub mod live_list;
pub mod me;
pub mod not_found;
pub mod order;
pub mod orders;
pub mod product;
pub mod search;

use leptos::prelude::*;

/// The routes whose pages load on demand, each from its own chunk.
pub mod routes {
    use super::*;
    crate::lazy_route!(LiveListRoute, live_list_page, LiveListPage);
    crate::lazy_route!(LiveRoute, live_page, LivePage);
    crate::lazy_route!(ProductRoute, product_page, ProductPage);
    crate::lazy_route!(CartRoute, cart_page, CartPage);
    crate::lazy_route!(CheckoutRoute, checkout_page, CheckoutPage);
    crate::lazy_route!(OrdersRoute, orders_page, OrdersPage);
    crate::lazy_route!(OrderRoute, order_page, OrderPage);
    crate::lazy_route!(SearchRoute, search_page, SearchPage);
    crate::lazy_route!(MeRoute, me_page, MePage);
    crate::lazy_route!(CreatorRoute, creator_page, CreatorPage);

    /// The code a shopper on the feed most likely needs next — the product sheet, a live room,
    /// a profile — and the rest of the way to an order: the cart, checkout and sign-in (once the
    /// app has loaded, a cart filled offline can still be checked out; the order waits for the
    /// network). One chunk per idle moment, so none of it competes with what is on screen.
    pub async fn prefetch_likely_next() {
        use crate::chunks::idle;
        idle().await;
        crate::components::product_sheet::prefetch().await;
        idle().await;
        LiveRoute::prefetch().await;
        idle().await;
        CreatorRoute::prefetch().await;
        idle().await;
        CartRoute::prefetch().await;
        idle().await;
        CheckoutRoute::prefetch().await;
        idle().await;
        crate::components::sign_in_sheet::prefetch().await;
    }

    use cart::CartPage;
    use checkout::CheckoutPage;
    use creator::CreatorPage;
    use live::LivePage;
    use live_list::LiveListPage;
    use me::MePage;
    use order::OrderPage;
    use orders::OrdersPage;
    use product::ProductPage;
    use search::SearchPage;
}

/// Sets the document title for the page being shown.
pub fn set_title(title: &str) {
    let full = if title.is_empty() {
        "好物 Haowu".to_owned()
    } else {
        format!("{title} · 好物 Haowu")
    };
    document().set_title(&full);
}
