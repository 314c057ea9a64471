//! `/cart`: the lines in the cart, quantities, selection and the total.

use crate::components::Price;
use crate::i18n::items;
use crate::model::{CartLine, Currency};
use crate::state::cart::use_cart;
use crate::state::use_ui;
use leptos::prelude::*;

#[component]
pub fn CartPage() -> impl IntoView {
    let ui = use_ui();
    let cart = use_cart();
    super::set_title(ui.t().cart_title);
    let lines = move || cart.cart().with(|c| c.lines.clone());
    let total = move || cart.cart().with(|c| c.selected_subtotal(Currency::CNY));
    let selected_count = move || {
        cart.cart().with(|c| {
            c.lines
                .iter()
                .filter(|l| l.selected)
                .map(|l| l.qty)
                .sum::<u32>()
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
                <ul class="cart-lines">
                    <For each=lines key=|l| (l.variant_id.clone(), l.qty, l.selected) let:line>
                        <CartLineRow line />
                    </For>
                </ul>
                <div class="checkout-bar">
                    <span class="total">
                        {ui.t().total}" "
                        {move || total().map(|m| view! { <Price money=m /> })}
                        <small>{move || items(ui.locale, selected_count())}</small>
                    </span>
                    <a class="btn" href="/checkout" data-testid="go-checkout"
                        aria-disabled=move || (selected_count() == 0).to_string()>{ui.t().checkout}</a>
                </div>
            </Show>
        </div>
    }
}

#[component]
fn CartLineRow(line: CartLine) -> impl IntoView {
    let ui = use_ui();
    let cart = use_cart();
    let CartLine {
        product_id,
        variant_id,
        title,
        variant_label,
        image,
        unit_price,
        qty,
        selected,
        ..
    } = line;
    let id = StoredValue::new(variant_id);
    view! {
        <li class="cart-line" data-testid="cart-line">
            <input type="checkbox" checked=selected aria-label={
                    let title = title.clone();
                    title.get(ui.locale).to_owned()
                }
                on:change=move |ev| id.with_value(|id| cart.set_selected(id, event_target_checked(&ev))) />
            <a href=format!("/p/{product_id}")><img src=image alt="" width="80" height="80" /></a>
            <div class="line-body">
                <span class="line-title">{title.get(ui.locale).to_owned()}</span>
                <span class="line-variant">{variant_label.get(ui.locale).to_owned()}</span>
                <div class="line-foot">
                    <Price money=unit_price />
                    <div class="stepper">
                        <button aria-label=ui.t().decrease on:click=move |_| id.with_value(|id| cart.set_qty(id, qty - 1))>"−"</button>
                        <output data-testid="line-qty">{qty}</output>
                        <button aria-label=ui.t().increase on:click=move |_| id.with_value(|id| cart.set_qty(id, qty + 1))>"+"</button>
                    </div>
                </div>
            </div>
            <button class="line-remove" aria-label=ui.t().remove on:click=move |_| id.with_value(|id| cart.remove(id))>"×"</button>
        </li>
    }
}
