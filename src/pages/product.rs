//! `/p/:id`: gallery, price, variant pickers, quantity, add to cart and buy now.

use crate::components::{BackButton, ErrorView, Loading, Price};
use crate::i18n::{purchase_limit, sold, stock_left};
use crate::model::{CartLine, ProductDetail};
use crate::state::cart::use_cart;
use crate::state::{use_backend, use_ui};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

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
            <BackButton overlay=true />
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
    let cart = use_cart();
    let navigate = use_navigate();
    let ProductDetail { product, shop } = detail;
    super::set_title(product.title.get(ui.locale));
    let product = StoredValue::new(product);

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
            .map_or(1, |v| product.with_value(|p| p.max_qty(&v)).max(1))
    };
    let added = RwSignal::new(false);

    let line = move || {
        let v = variant.get_untracked()?;
        (v.stock > 0).then(|| {
            product.with_value(|p| CartLine {
                product_id: p.id.clone(),
                variant_id: v.id.clone(),
                shop_id: p.shop_id.clone(),
                title: p.title.clone(),
                variant_label: p.variant_label(&v),
                image: v
                    .image
                    .clone()
                    .or_else(|| p.images.first().cloned())
                    .unwrap_or_default(),
                unit_price: v.price,
                qty: qty.get_untracked(),
                selected: true,
            })
        })
    };
    let add_to_cart = move |_| {
        if let Some(l) = line() {
            let max = max_qty();
            cart.add(l, max);
            added.set(true);
        }
    };
    let buy_now = move |_| {
        if let Some(l) = line() {
            navigate(
                &format!("/checkout?variant={}&qty={}", l.variant_id, l.qty),
                Default::default(),
            );
        }
    };

    let images = product.with_value(|p| p.images.clone());
    let (price, original, sold_n) = product.with_value(|p| {
        let h = p.headline_variant().cloned();
        (
            h.as_ref().map(|v| v.price),
            h.and_then(|v| v.original_price),
            p.sold,
        )
    });

    view! {
        <div class="gallery" aria-label="Gallery">
            {images.into_iter().enumerate().map(|(i, src)| view! {
                <img src=src alt="" width="600" height="600" loading=if i == 0 { "eager" } else { "lazy" } />
            }).collect_view()}
        </div>
        <section class="product-head">
            <div class="product-price" data-testid="product-price">
                {move || match variant.get() {
                    Some(v) => view! { <Price money=v.price original=v.original_price /> }.into_any(),
                    None => price.map(|m| view! { <Price money=m original=original /> }.into_any()).unwrap_or_else(|| ().into_any()),
                }}
                <span class="sold">{sold(ui.locale, &ui.count(sold_n))}</span>
            </div>
            <h1 data-testid="product-title">{move || product.with_value(|p| p.title.get(ui.locale).to_owned())}</h1>
        </section>
        <section class="variant-pickers">
            {product.with_value(|p| p.options.clone()).into_iter().enumerate().map(|(oi, option)| {
                let name = option.name.clone();
                view! {
                    <fieldset class="variant-group">
                        <legend>{name.get(ui.locale).to_owned()}</legend>
                        <div class="variant-values">
                            {option.values.into_iter().map(|value| {
                                let vid = value.id.clone();
                                let vid_click = value.id.clone();
                                let vid_sel = value.id.clone();
                                let label = value.label.clone();
                                let available = move || chosen.with(|c| product.with_value(|p| p.value_available(oi, &vid, c)));
                                let selected = move || chosen.with(|c| c.get(oi).cloned().flatten().as_deref() == Some(vid_sel.as_str()));
                                view! {
                                    <button class="variant-option" data-testid="variant-option"
                                        disabled=move || !available()
                                        aria-pressed=move || selected().to_string()
                                        on:click=move |_| {
                                            chosen.update(|c| c[oi] = Some(vid_click.clone()));
                                            qty.set(1);
                                            added.set(false);
                                        }>
                                        {value.swatch.map(|color| view! { <span class="swatch" style=format!("background:{color}")></span> })}
                                        {label.get(ui.locale).to_owned()}
                                    </button>
                                }
                            }).collect_view()}
                        </div>
                    </fieldset>
                }
            }).collect_view()}
        </section>
        <section class="qty-row">
            <span>{ui.t().quantity}</span>
            <div class="stepper">
                <button aria-label=ui.t().decrease disabled=move || qty.get() <= 1 on:click=move |_| qty.update(|q| *q = q.saturating_sub(1).max(1))>"−"</button>
                <output data-testid="qty">{move || qty.get()}</output>
                <button aria-label=ui.t().increase disabled=move || qty.get() >= max_qty() on:click=move |_| qty.update(|q| *q += 1)>"+"</button>
            </div>
            <span class="stock-note">
                {move || variant.get().map(|v| {
                    if v.stock == 0 { ui.t().out_of_stock.to_owned() } else { stock_left(ui.locale, v.stock) }
                })}
                {move || product.with_value(|p| p.purchase_limit).map(|n| format!(" · {}", purchase_limit(ui.locale, n)))}
            </span>
        </section>
        <section class="shop-row">
            <img src=shop.logo.clone() alt="" width="40" height="40" />
            <span class="shop-name">{shop.name.get(ui.locale).to_owned()}</span>
            <span class="shop-rating">{format!("{} {}", ui.t().shop_rating, crate::format::rating(shop.rating))}</span>
        </section>
        <section class="product-desc">
            <h2>{ui.t().details}</h2>
            <p>{move || product.with_value(|p| p.description.get(ui.locale).to_owned())}</p>
        </section>
        <div class="buy-bar">
            <p class="toast" role="status" aria-live="polite">{move || added.get().then(|| ui.t().added_to_cart)}</p>
            <button class="btn btn-secondary" data-testid="add-to-cart" disabled=move || variant.get().is_none_or(|v| v.stock == 0) on:click=add_to_cart>
                {ui.t().add_to_cart}
            </button>
            <button class="btn" data-testid="buy-now" disabled=move || variant.get().is_none_or(|v| v.stock == 0) on:click=buy_now>
                {ui.t().buy_now}
            </button>
        </div>
    }
}
