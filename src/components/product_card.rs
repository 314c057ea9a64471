use super::Price;
use crate::i18n::sold;
use crate::model::ProductSummary;
use crate::state::use_ui;
use leptos::prelude::*;

/// A product in a grid (showcase, search): image, title, price, sold count.
#[component]
pub fn ProductCard(product: ProductSummary, #[prop(into)] testid: &'static str) -> impl IntoView {
    let ui = use_ui();
    let href = format!("/p/{}", product.id);
    let title = product.title.clone();
    let alt = product.title.clone();
    view! {
        <a class="product-card" href=href data-testid=testid>
            <img src=product.image.clone() alt=alt.get(ui.locale).to_owned() width="300" height="300" loading="lazy" />
            <span class="product-card-title">{title.get(ui.locale).to_owned()}</span>
            <span class="product-card-meta">
                <Price money=product.price original=product.original_price />
                <span class="sold">{sold(ui.locale, &ui.count(product.sold))}</span>
            </span>
            {(!product.in_stock).then(|| view! { <span class="badge-soldout">{ui.t().out_of_stock}</span> })}
        </a>
    }
}

/// The product anchor on a clip: small image, short title, price, "N sold".
#[component]
pub fn ProductChip(product: ProductSummary) -> impl IntoView {
    let ui = use_ui();
    let href = format!("/p/{}", product.id);
    let title = product.title.clone();
    view! {
        <a class="product-chip" href=href data-testid="product-chip">
            <img src=product.image.clone() alt="" width="44" height="44" />
            <span class="chip-text">
                <span class="chip-title">{title.get(ui.locale).to_owned()}</span>
                <span class="chip-meta">
                    <Price money=product.price />
                    <span class="sold">{sold(ui.locale, &ui.count(product.sold))}</span>
                </span>
            </span>
        </a>
    }
}
