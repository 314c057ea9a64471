use super::Price;
use crate::i18n::sold;
use crate::model::ProductSummary;
use crate::state::use_ui;
use leptos::prelude::*;

/// A product in a grid (showcase, search, shop): image, title, price, sold count; with Buy
/// (which opens the product sheet) where the grid offers it.
#[component]
pub fn ProductCard(
    product: ProductSummary,
    #[prop(into)] testid: &'static str,
    #[prop(optional)] on_buy: Option<Callback<String>>,
) -> impl IntoView {
    let ui = use_ui();
    let href = format!("/p/{}", product.id);
    let title = product.title.get(ui.locale).to_owned();
    let in_stock = product.in_stock;
    let id = product.id.clone();
    view! {
        <div class="product-card" data-testid=testid>
            <a class="product-card-link" href=href>
                // The title beside it names the link; the photo adds nothing a reader needs.
                <img src=product.image.clone() alt="" width="300" height="300" loading="lazy" />
                <span class="product-card-title">{title}</span>
            </a>
            <span class="product-card-meta">
                <Price money=product.price original=product.original_price />
                <span class="sold">{sold(ui.locale, &ui.count(product.sold))}</span>
            </span>
            {(!in_stock).then(|| view! { <span class="badge-soldout">{ui.t().out_of_stock}</span> })}
            {on_buy.filter(|_| in_stock).map(|buy| view! {
                <button class="btn btn-small card-buy" data-testid="card-buy"
                    on:click=move |_| buy.run(id.clone())>
                    {crate::i18n::browse::strings(ui.locale).buy}
                </button>
            })}
        </div>
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
