//! Choosing what to buy: price of the chosen variant, a picker per option (combinations out
//! of stock are disabled), quantity within stock and purchase limit, Add to cart and Buy now.
//! Shared by the product page and the product sheet on a clip.

use super::Price;
use crate::i18n::{purchase_limit, sold, stock_left};
use crate::model::{CartLine, Money, Product, Text, Variant};
use crate::state::cart::use_cart;
use crate::state::use_ui;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// The terms of a live room the product is bought from: the backend checks them again.
#[derive(Clone, Debug, PartialEq)]
pub struct LiveOffer {
    pub room: String,
    /// The flash-sale price, while the sale runs.
    pub sale_price: Option<Money>,
    /// Units per shopper in the sale; 0 for none.
    pub limit: u32,
}

fn cart_line(
    p: &Product,
    shop_name: &Text,
    v: &Variant,
    qty: u32,
    offer: Option<&LiveOffer>,
) -> CartLine {
    CartLine {
        product_id: p.id.clone(),
        variant_id: v.id.clone(),
        shop_id: p.shop_id.clone(),
        shop_name: shop_name.clone(),
        title: p.title.clone(),
        variant_label: p.variant_label(v),
        image: v
            .image
            .clone()
            .or_else(|| p.images.first().cloned())
            .unwrap_or_default(),
        unit_price: offer.and_then(|o| o.sale_price).unwrap_or(v.price),
        qty,
        max_qty: max_qty(p, v, offer),
        selected: true,
        unavailable: false,
        live: offer.map(|o| o.room.clone()),
    }
}

/// Stock, the product's limit, and a flash sale's per-shopper limit.
fn max_qty(p: &Product, v: &Variant, offer: Option<&LiveOffer>) -> u32 {
    match offer.map(|o| o.limit).filter(|&l| l > 0) {
        Some(limit) => p.max_qty(v).min(limit),
        None => p.max_qty(v),
    }
}

#[component]
pub fn BuyPanel(
    product: Product,
    shop_name: Text,
    /// Bought from a live room on these terms.
    #[prop(default = None)]
    offer: Option<LiveOffer>,
) -> impl IntoView {
    let ui = use_ui();
    let cart = use_cart();
    let navigate = use_navigate();
    let product = StoredValue::new(product);
    let shop_name = StoredValue::new(shop_name);
    let sale_price = offer.as_ref().and_then(|o| o.sale_price);
    let sale_limit = offer.as_ref().map_or(0, |o| o.limit);
    let offer = StoredValue::new(offer);

    // Start on the cheapest in-stock variant so one tap adds something sensible.
    let chosen =
        RwSignal::new(
            product.with_value(|p| match p.headline_variant().filter(|v| v.stock > 0) {
                Some(v) => v.values.iter().cloned().map(Some).collect::<Vec<_>>(),
                None => vec![None; p.options.len()],
            }),
        );
    let qty = RwSignal::new(1u32);
    let variant =
        Memo::new(move |_| chosen.with(|c| product.with_value(|p| p.variant_for(c).cloned())));
    let max_qty = move || {
        variant
            .get()
            .map_or(1, |v| {
                offer.with_value(|o| product.with_value(|p| max_qty(p, &v, o.as_ref())))
            })
            .max(1)
    };
    let can_buy = move || variant.get().is_some_and(|v| v.stock > 0);
    let added = RwSignal::new(false);

    let line = move || -> Option<CartLine> {
        let v = variant.get_untracked().filter(|v| v.stock > 0)?;
        Some(product.with_value(|p| {
            shop_name.with_value(|shop| {
                offer.with_value(|o| cart_line(p, shop, &v, qty.get_untracked(), o.as_ref()))
            })
        }))
    };
    let add_to_cart = move |_| {
        if let Some(l) = line() {
            cart.add(l);
            added.set(true);
        }
    };
    let buy_now = move |_| {
        if let Some(l) = line() {
            cart.set_buy_now(l);
            navigate("/checkout?buy=now", Default::default());
        }
    };
    let (sold_n, limit) = product.with_value(|p| (p.sold, p.purchase_limit));
    let options = product.with_value(|p| p.options.clone());

    view! {
        <div class="buy-panel">
            <div class="product-price" data-testid="product-price">
                {move || variant.get().map(|v| match sale_price {
                    Some(sale) => view! { <Price money=sale original=Some(v.price) /> }.into_any(),
                    None => view! { <Price money=v.price original=v.original_price /> }.into_any(),
                })}
                <span class="sold">{sold(ui.locale, &ui.count(sold_n))}</span>
            </div>
            {options.into_iter().enumerate().map(|(oi, option)| view! {
                <fieldset class="variant-group">
                    <legend>{option.name.get(ui.locale).to_owned()}</legend>
                    <div class="variant-values">
                        {option.values.into_iter().map(|value| {
                            let id = StoredValue::new(value.id);
                            let available = move || chosen.with(|c| product.with_value(|p| id.with_value(|id| p.value_available(oi, id, c))));
                            let selected = move || chosen.with(|c| id.with_value(|id| c.get(oi).and_then(|x| x.as_deref()) == Some(id.as_str())));
                            view! {
                                <button class="variant-option" data-testid="variant-option"
                                    disabled=move || !available()
                                    aria-pressed=move || selected().to_string()
                                    on:click=move |_| {
                                        chosen.update(|c| c[oi] = Some(id.get_value()));
                                        qty.set(1);
                                        added.set(false);
                                    }>
                                    {value.swatch.map(|color| view! { <span class="swatch" style:background=color></span> })}
                                    {value.label.get(ui.locale).to_owned()}
                                </button>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
            }).collect_view()}
            <div class="qty-row">
                <span>{ui.t().quantity}</span>
                <div class="stepper">
                    <button aria-label=ui.t().decrease data-testid="qty-decrease" disabled=move || { qty.get() <= 1 }
                        on:click=move |_| qty.update(|q| *q = q.saturating_sub(1).max(1))>"−"</button>
                    <output data-testid="qty" aria-live="polite">{move || qty.get()}</output>
                    <button aria-label=ui.t().increase data-testid="qty-increase" disabled=move || { qty.get() >= max_qty() }
                        on:click=move |_| qty.update(|q| *q += 1)>"+"</button>
                </div>
                <span class="stock-note" data-testid="stock-note">
                    {move || variant.get().map(|v| if v.stock == 0 { ui.t().out_of_stock.to_owned() } else { stock_left(ui.locale, v.stock) })}
                    {limit.map(|n| format!(" · {}", purchase_limit(ui.locale, n)))}
                    {(sale_limit > 0).then(|| format!(" · {}", crate::i18n::live::per_person(ui.locale, sale_limit)))}
                </span>
            </div>
            <div class="buy-actions">
                <p class="toast" role="status" aria-live="polite" data-testid="toast">{move || added.get().then(|| ui.t().added_to_cart)}</p>
                // A flash-sale price is for buying now, as on the live apps.
                {sale_price.is_none().then(|| view! {
                    <button class="btn btn-secondary" data-testid="add-to-cart" disabled=move || !can_buy() on:click=add_to_cart>
                        {ui.t().add_to_cart}
                    </button>
                })}
                <button class="btn" data-testid="buy-now" disabled=move || !can_buy() on:click=buy_now>
                    {ui.t().buy_now}
                </button>
            </div>
        </div>
    }
}
