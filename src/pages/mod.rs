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
pub mod shop;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The routes whose pages load on demand: the way to an order and the account in one chunk of
/// pages used together (`shop`; every chunk costs a request and an instantiation), the live
/// list and the account page in `browse`, and each page a shopper reaches on its own — a
/// profile, a shop, a product, search — in a chunk of its own, so that opening one does not
/// download the others.
pub mod routes {
    use super::*;
    crate::lazy_route!(ProductRoute, product_page in product, ProductPage);
    crate::lazy_route!(ShopRoute, shop_page in storefront, ShopPage);
    crate::lazy_route!(CartRoute, cart_page in shop, CartPage);
    crate::lazy_route!(CheckoutRoute, checkout_page in shop, CheckoutPage);
    crate::lazy_route!(OrdersRoute, orders_page in shop, OrdersPage);
    crate::lazy_route!(OrderRoute, order_page in shop, OrderPage);
    crate::lazy_route!(LiveListRoute, live_list_page in browse, LiveListPage);
    // The live room is the largest page (stream, sale, bag, comments): a chunk of its own, so a
    // profile or a search does not download it.
    crate::lazy_route!(LiveRoute, live_page in live_room, LivePage);
    crate::lazy_route!(SearchRoute, search_page in search, SearchPage);
    crate::lazy_route!(MeRoute, me_page in browse, MePage);
    crate::lazy_route!(CreatorRoute, creator_page in profile, CreatorPage);

    /// The code a shopper on the feed most likely needs next — the product sheet, then the
    /// pages beyond the feed (a live room, a profile) and the way to an order (cart, checkout,
    /// sign-in): once in, a cart filled offline can still be checked out (the order waits for
    /// the network). One chunk per idle moment, so none of it competes with what is on screen.
    pub async fn prefetch_likely_next(
        backend: Option<crate::api::Backend>,
        head: Option<RwSignal<PageInfo>>,
    ) {
        use crate::chunks::idle;
        idle().await;
        if let Some(info) = head {
            mount_head(info).await;
            idle().await;
        }
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
    use shop::ShopPage;
}

/// What the `<head>` says about the page on screen: its title, and the Open Graph tags a
/// link preview reads (the reference server writes the same for crawlers that run no script;
/// see `server/src/pages.rs`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PageInfo {
    pub title: String,
    pub description: String,
    /// Absolute or root-relative URL.
    pub image: String,
}

#[derive(Clone, Copy)]
struct HeadState(RwSignal<PageInfo>);

const SITE: &str = "好物 Haowu";

/// Keeps the `<title>` and Open Graph tags in step with what the page on screen declares (with
/// [`set_title`] or [`set_page_info`]): one set of tags that changes, rather than tags per page
/// (a page's own would leave the head after the next page set its own). The tags are rendered
/// by leptos_meta in a chunk of code of its own, fetched once the first screen is up (see
/// [`routes::prefetch_likely_next`]): the first screen has index.html's title, and waits for
/// none of it.
pub fn provide_head() {
    provide_context(HeadState(RwSignal::new(PageInfo::default())));
}

/// Fetches the head's code and puts its tags in place (they follow the page from then on).
async fn mount_head(info: RwSignal<PageInfo>) {
    if let Ok(view) = head_tags(info).await {
        if let Some(head) = document().head() {
            leptos::mount::mount_to(head.unchecked_into(), move || view).forget();
        }
    }
}

crate::split! { chunk = page_meta;
    fn head_tags(info: RwSignal<PageInfo>) -> AnyView {
        view! { <HeadTags info /> }.into_any()
    }
}

#[component]
fn HeadTags(info: RwSignal<PageInfo>) -> impl IntoView {
    use leptos_meta::{Meta, Title};
    leptos_meta::provide_meta_context();
    let title = move || info.with(|i| i.title.clone());
    let full = move || {
        info.with(|i| {
            if i.title.is_empty() {
                SITE.to_owned()
            } else {
                format!("{} · {SITE}", i.title)
            }
        })
    };
    let image = move || {
        info.with(|i| match i.image.as_str() {
            img if img.starts_with('/') => {
                format!("{}{img}", window().location().origin().unwrap_or_default())
            }
            img => img.to_owned(),
        })
    };
    view! {
        <Title formatter=|t: String| if t.is_empty() { SITE.to_owned() } else { format!("{t} · {SITE}") } text=title />
        <Meta property="og:title" content=full />
        <Meta property="og:description" content=move || info.with(|i| i.description.clone()) />
        <Meta property="og:image" content=image />
        <Meta property="og:url" content=move || { info.track(); window().location().href().unwrap_or_default() } />
    }
}

/// The page's head information, for whoever mounts the tags.
pub fn head_info() -> Option<RwSignal<PageInfo>> {
    use_context::<HeadState>().map(|HeadState(info)| info)
}

/// Declares the page on screen: its title (empty for the feed), a line about it and its image.
pub fn set_page_info(page: PageInfo) {
    if let Some(HeadState(info)) = use_context::<HeadState>() {
        info.set(page);
    }
}

/// Declares the page on screen by its title alone.
pub fn set_title(title: &str) {
    set_page_info(PageInfo {
        title: title.to_owned(),
        ..PageInfo::default()
    });
}
