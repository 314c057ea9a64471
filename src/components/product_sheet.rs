//! The product sheet: a bottom sheet over the feed with the product's images, price, variant
//! pickers, quantity, Add to cart and Buy now, so the shopper buys without leaving the clip.

use super::sheet::Sheet;
use super::{BuyPanel, ErrorView, LiveOffer, Loading};
use crate::chunks::{LazyView, LoadView};
use crate::state::{use_backend, use_ui};
use futures::FutureExt;
use leptos::prelude::*;
use std::rc::Rc;

/// Which product the sheet shows, if open, and on what terms when opened in a live room.
#[derive(Clone, Copy)]
pub struct SheetState(RwSignal<Option<(String, Option<LiveOffer>)>>);

/// Fetches the sheet's code ahead of the first open.
pub async fn prefetch() {
    let _ = preload().await;
}

impl SheetState {
    pub fn provide() -> Self {
        let state = SheetState(RwSignal::new(None));
        provide_context(state);
        state
    }

    pub fn open(&self, product_id: &str) {
        self.0.set(Some((product_id.to_owned(), None)));
    }

    /// Opens the sheet for a product bought from a live room.
    pub fn open_live(&self, product_id: &str, offer: LiveOffer) {
        self.0.set(Some((product_id.to_owned(), Some(offer))));
    }

    pub fn close(&self) {
        self.0.set(None);
    }

    pub fn is_open(&self) -> bool {
        self.0.with_untracked(Option::is_some)
    }
}

#[component]
pub fn ProductSheet() -> impl IntoView {
    let state = expect_context::<SheetState>();
    move || {
        state
            .0
            .get()
            .map(|(id, offer)| view! { <ProductSheetFrame id offer /> })
    }
}

/// The sheet opens at once; what it shows (the product, the buy panel) is in its own chunk,
/// loaded on the first open or ahead of it when the browser is idle.
#[component]
fn ProductSheetFrame(id: String, offer: Option<LiveOffer>) -> impl IntoView {
    let ui = use_ui();
    let state = expect_context::<SheetState>();
    let load: LoadView = Rc::new(move || body(id.clone(), offer.clone()).boxed_local());
    let load = StoredValue::new_local(load);
    view! {
        <Sheet on_close=move |()| state.close() label=ui.t().details testid="product-sheet"
            close_testid="sheet-close" backdrop_testid="sheet-backdrop">
            <LazyView load=load.get_value() />
        </Sheet>
    }
}

crate::split! { chunk = product_sheet, preload = preload;
    fn body(id: String, offer: Option<LiveOffer>) -> AnyView {
        view! { <SheetBody id offer /> }.into_any()
    }
}

#[component]
fn SheetBody(id: String, offer: Option<LiveOffer>) -> impl IntoView {
    let ui = use_ui();
    let offer = StoredValue::new(offer);
    let backend = use_backend();
    let product = LocalResource::new(move || {
        let backend = backend.clone();
        let id = id.clone();
        async move { backend.product(&id).await }
    });
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match product.await {
                    Ok(detail) => {
                        let (p, shop) = (detail.product, detail.shop);
                        view! {
                            <div class="sheet-gallery">
                                {p.images.iter().map(|src| view! { <img src=src.clone() alt="" width="300" height="300" /> }).collect_view()}
                            </div>
                            <h2 class="sheet-title" data-testid="sheet-title">{p.title.get(ui.locale).to_owned()}</h2>
                            <p class="sheet-links">
                                <a href=format!("/p/{}", p.id) data-testid="sheet-details">{ui.t().details}" ›"</a>
                                {ui.offers.shops.then(|| view! {
                                    <a href=format!("/shop/{}", shop.id) data-testid="sheet-shop">{shop.name.get(ui.locale).to_owned()}" ›"</a>
                                })}
                            </p>
                            <BuyPanel product=p shop_name=shop.name offer=offer.get_value() />
                        }
                        .into_any()
                    }
                    Err(error) => view! { <ErrorView error on_retry=move |_| product.refetch() /> }.into_any(),
                }
            })}
        </Transition>
    }
}
