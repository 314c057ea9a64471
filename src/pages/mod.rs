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

/// The routes whose pages load on demand, in two chunks of pages used together: the way to an
/// order and the account (`shop`), and browsing beyond the feed (`browse`). Fewer, larger
/// chunks than one per page: every chunk costs a request and an instantiation, and pages split
/// finely share code in many small pieces that each become a file of their own.
pub mod routes {
    use super::*;
    crate::lazy_route!(ProductRoute, product_page in shop, ProductPage);
    crate::lazy_route!(CartRoute, cart_page in shop, CartPage);
    crate::lazy_route!(CheckoutRoute, checkout_page in shop, CheckoutPage);
    crate::lazy_route!(OrdersRoute, orders_page in shop, OrdersPage);
    crate::lazy_route!(OrderRoute, order_page in shop, OrderPage);
    crate::lazy_route!(LiveListRoute, live_list_page in browse, LiveListPage);
    // The live room is the largest page (stream, sale, bag, comments): a chunk of its own, so a
    // profile or a search does not download it.
    crate::lazy_route!(LiveRoute, live_page in live_room, LivePage);
    crate::lazy_route!(SearchRoute, search_page in browse, SearchPage);
    crate::lazy_route!(MeRoute, me_page in browse, MePage);
    crate::lazy_route!(CreatorRoute, creator_page in browse, CreatorPage);

    /// The code a shopper on the feed most likely needs next — the product sheet, then the
    /// pages beyond the feed (a live room, a profile) and the way to an order (cart, checkout,
    /// sign-in): once in, a cart filled offline can still be checked out (the order waits for
    /// the network). One chunk per idle moment, so none of it competes with what is on screen.
    pub async fn prefetch_likely_next(backend: Option<crate::api::Backend>) {
        use crate::chunks::idle;
        idle().await;
        crate::components::product_sheet::prefetch().await;
        idle().await;
        if let Some(backend) = backend {
            backend.prefetch().await;
            idle().await;
        }
        CartRoute::prefetch().await;
        idle().await;
        LiveRoute::prefetch().await;
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
