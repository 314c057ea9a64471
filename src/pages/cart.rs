//! `/cart`: lines grouped by shop, quantities within stock and limits, remove with undo,
//! price changes pointed out, unavailable lines set apart, coupons applied, exact totals.
//! On opening, the cart is checked against current product data (the server's word).

use crate::components::toast::use_toast;
use crate::components::Price;
use crate::i18n::{items, price_change};
use crate::model::{quote, CartLine, Coupon, Delivery, LineChange};
use crate::state::cart::{current_products, use_cart};
use crate::state::{use_backend, use_ui};
use leptos::prelude::*;

#[component]
pub fn CartPage() -> impl IntoView {
    let ui = use_ui();
    let cart = use_cart();
    let backend = use_backend();
    super::set_title(ui.t().cart_title);
    let changes = RwSignal::new(Vec::<LineChange>::new());
    let coupons = RwSignal::new(Vec::<Coupon>::new());

    // Check the cart against current products once on opening; offline, it shows as saved.
    let check = LocalResource::new(move || {
        let backend = backend.clone();
        let lines = cart.cart().with_untracked(|c| c.lines.clone());
        async move {
            let current = current_products(&backend, &lines).await;
            (current, backend.coupons().await.unwrap_or_default())
        }
    });
    Effect::new(move |_| {
        if let Some((current, offered)) = check.get() {
            changes.set(cart.reconcile(&current));
            coupons.set(offered);
        }
    });

    let q = Memo::new(move |_| {
        let lines: Vec<CartLine> = cart.cart().with(|c| c.to_buy().cloned().collect());
        coupons.with(|cs| quote(&lines, cs, Delivery::Standard, js_sys::Date::now() as i64))
    });
    let selected_count = move || cart.cart().with(|c| c.to_buy().map(|l| l.qty).sum::<u32>());
    let unavailable = move || {
        cart.cart().with(|c| {
            c.lines
                .iter()
                .filter(|l| l.unavailable)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="page cart-page" data-testid="cart-page">
            <h1 class="page-title">{ui.t().cart_title}</h1>
            <Show
                when=move || !cart.cart().with(|c| c.lines.is_empty())
                fallback=move || view! {
                    <div class="empty" data-testid="cart-empty">
                        <p>{ui.t().cart_empty}</p>
                        <a class="btn" href="/">{ui.t().go_shopping}</a>
                    </div>
                }
            >
                <For each=move || cart.cart().with(|c| c.by_shop()) key=|g| (g.0.clone(), g.2.clone()) let:group>
                    <ShopGroup shop_id=group.0 shop_name=group.1.get(ui.locale).to_owned() lines=group.2 changes />
                </For>
                <Show when=move || !unavailable().is_empty()>
                    <section class="shop-group unavailable" data-testid="cart-unavailable">
                        <h2>{ui.t().unavailable}</h2>
                        <ul class="cart-lines">
                            <For each=unavailable key=|l| l.variant_id.clone() let:line>
                                <CartLineRow line changes />
                            </For>
                        </ul>
                    </section>
                </Show>
                <div class="checkout-bar">
                    <span class="total">
                        {ui.t().total}" "
                        <span data-testid="cart-total">{move || q.get().map(|q| view! { <Price money=q.subtotal.checked_sub(q.discount).unwrap_or(q.subtotal) /> })}</span>
                        <small>{move || items(ui.locale, selected_count())}</small>
                        {move || q.get().filter(|q| q.discount.amount > 0).map(|q| view! {
                            <small class="saved" data-testid="cart-discount">{ui.t().discount}" "{ui.price(q.discount)}</small>
                        })}
                    </span>
                    {if ui.offers.orders {
                        view! {
                            <a class="btn" href="/checkout" data-testid="go-checkout"
                                aria-disabled=move || (selected_count() == 0).to_string()>{ui.t().checkout}</a>
                        }.into_any()
                    } else {
                        // A catalogue-only backend: the cart is a wish list kept on the device.
                        view! { <span class="note" data-testid="no-checkout">{ui.t().no_checkout}</span> }.into_any()
                    }}
                </div>
            </Show>
        </div>
    }
}

#[component]
fn ShopGroup(
    shop_id: String,
    shop_name: String,
    lines: Vec<CartLine>,
    changes: RwSignal<Vec<LineChange>>,
) -> impl IntoView {
    let ui = use_ui();
    let cart = use_cart();
    let ids: Vec<String> = lines.iter().map(|l| l.variant_id.clone()).collect();
    let all_selected = lines.iter().all(|l| l.selected);
    let ids = StoredValue::new(ids);
    view! {
        <section class="shop-group" data-testid="cart-shop" data-shop=shop_id>
            <div class="shop-head">
            <label>
                <input type="checkbox" checked=all_selected aria-label=format!("{} {}", ui.t().select_all, shop_name)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        ids.with_value(|ids| ids.iter().for_each(|id| cart.set_selected(id, on)));
                    } />
            </label>
            {if ui.offers.shops {
                view! { <a class="shop-head-link" href=format!("/shop/{shop_id}") data-testid="cart-shop-link">{shop_name.clone()}" ›"</a> }.into_any()
            } else {
                view! { <span class="shop-head-link">{shop_name.clone()}</span> }.into_any()
            }}
            </div>
            <ul class="cart-lines">
                {lines.into_iter().map(|line| view! { <CartLineRow line changes /> }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn CartLineRow(line: CartLine, changes: RwSignal<Vec<LineChange>>) -> impl IntoView {
    let ui = use_ui();
    let cart = use_cart();
    let toast = use_toast();
    let CartLine {
        product_id,
        variant_id,
        title,
        variant_label,
        image,
        unit_price,
        qty,
        max_qty,
        selected,
        unavailable,
        ..
    } = line;
    let flag = changes.with_untracked(|cs| {
        cs.iter().find_map(|c| match c {
            LineChange::Price {
                variant_id: v,
                was,
                now,
            } if *v == variant_id => Some(price_change(
                ui.locale,
                &ui.price(crate::model::Money::new(
                    (now.amount - was.amount).abs(),
                    now.currency,
                )),
                now.amount < was.amount,
            )),
            _ => None,
        })
    });
    let id = StoredValue::new(variant_id);
    let title_text = title.get(ui.locale).to_owned();
    let remove = move |_| {
        if let Some((index, line)) = id.with_value(|id| cart.remove(id)) {
            toast.show_action(ui.t().removed, ui.t().undo, move || {
                cart.restore(index, line.clone())
            });
        }
    };
    view! {
        <li class="cart-line" class:is-unavailable=unavailable data-testid="cart-line" data-variant=id.get_value()>
            <input type="checkbox" checked=selected disabled=unavailable aria-label=title_text.clone()
                on:change=move |ev| id.with_value(|id| cart.set_selected(id, event_target_checked(&ev))) />
            <a href=format!("/p/{product_id}") aria-label=title_text.clone()><img src=image alt="" width="80" height="80" /></a>
            <div class="line-body">
                <span class="line-title">{title_text}</span>
                <span class="line-variant">{variant_label.get(ui.locale).to_owned()}</span>
                {flag.map(|f| view! { <span class="line-flag" data-testid="price-flag">{f}</span> })}
                {unavailable.then(|| view! { <span class="line-flag">{ui.t().out_of_stock}</span> })}
                <div class="line-foot">
                    <Price money=unit_price />
                    <div class="stepper" hidden=unavailable>
                        <button aria-label=ui.t().decrease data-testid="line-decrease" disabled={qty <= 1}
                            on:click=move |_| id.with_value(|id| cart.set_qty(id, qty - 1))>"−"</button>
                        <output data-testid="line-qty">{qty}</output>
                        <button aria-label=ui.t().increase data-testid="line-increase" disabled={qty >= max_qty}
                            on:click=move |_| id.with_value(|id| cart.set_qty(id, qty + 1))>"+"</button>
                    </div>
                </div>
            </div>
            <button class="line-remove" aria-label=ui.t().remove data-testid="line-remove" on:click=remove>"×"</button>
        </li>
    }
}
