//! `/p/:id`: gallery, title, the buy panel, the shop and the description.

use crate::components::{BackButton, BuyPanel, ErrorView, Loading};
use crate::model::ProductDetail;
use crate::state::{use_backend, use_ui};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ProductPage() -> impl IntoView {
    let params = use_params_map();
    let backend = use_backend();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let product = LocalResource::new(move || {
        let backend = backend.clone();
        let id = id();
        async move { backend.product(&id).await }
    });
    view! {
        <div class="page product-page" data-testid="product-page">
            // Landed here from a shared link: back goes to the creator who sells it.
            <BackButton overlay=true parent=Signal::derive(move || {
                product.get().and_then(|r| r.ok()).and_then(|d| d.creator).map_or_else(|| "/".to_owned(), |h| format!("/@{h}"))
            }) />
            <Transition fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match product.await {
                        Ok(detail) => view! { <ProductView detail /> }.into_any(),
                        Err(error) => view! { <ErrorView error on_retry=move |_| product.refetch() /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn ProductView(detail: ProductDetail) -> impl IntoView {
    let ui = use_ui();
    let ProductDetail { product, shop, .. } = detail;
    super::set_title(product.title.get(ui.locale));
    view! {
        <div class="gallery" role="region" aria-label=ui.t().details>
            {product.images.iter().enumerate().map(|(i, src)| view! {
                <img src=src.clone() alt="" width="600" height="600" loading=if i == 0 { "eager" } else { "lazy" }
                    on:load=move |_| if i == 0 { crate::boot::reveal() } on:error=move |_| crate::boot::reveal() />
            }).collect_view()}
        </div>
        <h1 class="product-title" data-testid="product-title">{product.title.get(ui.locale).to_owned()}</h1>
        <p class="product-desc-short">{product.description.get(ui.locale).to_owned()}</p>
        <section class="shop-row">
            <img src=shop.logo.clone() alt="" width="40" height="40" />
            <span class="shop-name">{shop.name.get(ui.locale).to_owned()}</span>
            <span class="shop-rating">{format!("{} {}", ui.t().shop_rating, crate::format::rating(shop.rating))}</span>
        </section>
        <BuyPanel product shop_name=shop.name.clone() />
    }
}
