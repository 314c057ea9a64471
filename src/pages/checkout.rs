//! `/checkout`: address (validated, saved for next time), delivery, the order summary priced
//! with the same arithmetic as the server, and "Place order". The order carries an
//! idempotency key made at the first press and kept until it succeeds, so a double tap, a
//! retry or a reload during the request makes exactly one order. The backend may refuse
//! (sold out, price changed): the shopper sees why and can carry on with fresh prices.

use crate::components::{BackButton, ErrorView, Price};
use crate::model::{
    quote, Address, CartLine, Coupon, Delivery, Order, OrderRequest, OrderRequestLine,
};
use crate::state::cart::use_cart;
use crate::state::checkout::{new_idempotency_key, use_checkout, PendingOrder};
use crate::state::{use_backend, use_ui};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

fn phone_ok(p: &str) -> bool {
    p.len() == 11 && p.starts_with('1') && p.chars().all(|c| c.is_ascii_digit())
}

#[component]
pub fn CheckoutPage() -> impl IntoView {
    let ui = use_ui();
    let cart = use_cart();
    let store = use_checkout();
    let backend = use_backend();
    let query = use_query_map();
    super::set_title(ui.t().checkout_title);

    // "Buy now" checks out its one line; otherwise the selected, available cart lines.
    let is_buy_now = move || query.with(|q| q.get("buy").is_some());
    let lines = Memo::new(move |_| -> Vec<CartLine> {
        if is_buy_now() {
            cart.buy_now().get().into_iter().collect()
        } else {
            cart.cart().with(|c| c.to_buy().cloned().collect())
        }
    });
    let coupons = LocalResource::new({
        let backend = backend.clone();
        move || {
            let backend = backend.clone();
            async move { backend.coupons().await.unwrap_or_default() }
        }
    });
    let offered = move || coupons.get().unwrap_or_default();
    let delivery = move || store.draft.with(|d| d.delivery);
    let preview = Memo::new(move |_| {
        let offered: Vec<Coupon> = offered();
        lines.with(|ls| quote(ls, &offered, delivery(), js_sys::Date::now() as i64))
    });

    let show_errors = RwSignal::new(false);
    let placed = RwSignal::new(None::<Order>);
    let place = Action::new_local(move |pending: &PendingOrder| {
        let backend = backend.clone();
        let pending = pending.clone();
        async move { backend.place_order(&pending.key, &pending.request).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(order)) = place.value().get() {
            if let Some(p) = store.pending() {
                if p.buy_now {
                    cart.clear_buy_now();
                } else {
                    let ids: Vec<String> =
                        order.lines.iter().map(|l| l.variant_id.clone()).collect();
                    cart.remove_ordered(&ids);
                }
                store.remember_address(&p.request.address);
            }
            store.set_pending(None);
            placed.set(Some(order));
        }
    });
    // A refusal is final for that request: a reload must not send it again.
    Effect::new(move |_| {
        if let Some(Err(e)) = place.value().get() {
            if e.kind == crate::api::ErrorKind::Rejected {
                store.set_pending(None);
            }
        }
    });
    // A reload during "Place order" resumes it with the same key: still one order.
    if let Some(pending) = store.pending() {
        place.dispatch(pending);
    }

    let field = move |pick: fn(&Address) -> &String, set: fn(&mut Address, String)| {
        (
            move || store.draft.with(|d| pick(&d.address).clone()),
            move |value: String| store.set_draft.update(|d| set(&mut d.address, value)),
        )
    };
    let problems = move || {
        store.draft.with(|d| {
            let a = &d.address;
            [
                a.name
                    .trim()
                    .is_empty()
                    .then_some(("name", ui.t().field_required)),
                (!phone_ok(a.phone.trim())).then_some(("phone", ui.t().phone_invalid)),
                a.region
                    .trim()
                    .is_empty()
                    .then_some(("region", ui.t().field_required)),
                a.street
                    .trim()
                    .is_empty()
                    .then_some(("street", ui.t().field_required)),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
        })
    };
    let problem = move |f: &'static str| {
        move || {
            show_errors
                .get()
                .then(|| problems().into_iter().find(|p| p.0 == f).map(|p| p.1))
                .flatten()
        }
    };

    let submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        show_errors.set(true);
        if !problems().is_empty()
            || place.pending().get_untracked()
            || lines.with_untracked(Vec::is_empty)
        {
            return;
        }
        // The key is made once per order attempt and reused by every retry of it.
        let key = store
            .pending()
            .map(|p| p.key)
            .unwrap_or_else(new_idempotency_key);
        let draft = store.draft.get_untracked();
        let request = OrderRequest {
            lines: lines
                .get_untracked()
                .iter()
                .map(|l| OrderRequestLine {
                    product_id: l.product_id.clone(),
                    variant_id: l.variant_id.clone(),
                    qty: l.qty,
                    expected_unit_price: l.unit_price,
                })
                .collect(),
            address: Address {
                name: draft.address.name.trim().to_owned(),
                phone: draft.address.phone.trim().to_owned(),
                region: draft.address.region.trim().to_owned(),
                street: draft.address.street.trim().to_owned(),
            },
            delivery: draft.delivery.as_str().to_owned(),
            coupons: preview
                .get_untracked()
                .map(|q| q.coupons)
                .unwrap_or_default(),
        };
        let pending = PendingOrder {
            key,
            request,
            buy_now: is_buy_now(),
        };
        store.set_pending(Some(pending.clone()));
        place.dispatch(pending);
    };

    let input = move |label: &'static str,
                      testid: &'static str,
                      kind: &'static str,
                      f: &'static str,
                      pick: fn(&Address) -> &String,
                      set: fn(&mut Address, String)| {
        let (get, put) = field(pick, set);
        let err = problem(f);
        let err2 = problem(f);
        view! {
            <label class="field">
                <span>{label}</span>
                <input type=kind data-testid=testid prop:value=get on:input=move |ev| put(event_target_value(&ev))
                    aria-invalid=move || err().is_some().to_string() />
                <small class="field-error" role="alert" data-testid=format!("{testid}-error")>{err2}</small>
            </label>
        }
    };

    view! {
        <div class="page checkout-page" data-testid="checkout-page">
            <BackButton />
            <h1 class="page-title">{ui.t().checkout_title}</h1>
            {move || match placed.get() {
                Some(order) => view! {
                    <div class="order-done" data-testid="order-placed">
                        <h2>{ui.t().order_placed}</h2>
                        <p class="order-id" data-testid="order-id">{order.id.clone()}</p>
                        <Price money=order.total />
                        <a class="btn" href="/orders">{ui.t().my_orders}</a>
                    </div>
                }.into_any(),
                None if lines.with(Vec::is_empty) && !store.has_pending() => view! {
                    <div class="empty" data-testid="checkout-empty">
                        <p>{ui.t().nothing_to_check_out}</p>
                        <a class="btn" href="/">{ui.t().go_shopping}</a>
                    </div>
                }.into_any(),
                None => view! {
                    <form class="checkout-form" on:submit=submit novalidate=true>
                        <Show when=move || !store.saved.with(Vec::is_empty)>
                            <div class="saved-addresses" data-testid="saved-addresses">
                                {move || store.saved.get().into_iter().map(|a| {
                                    let label = format!("{} {} {}", a.name, a.region, a.street);
                                    view! {
                                        <button type="button" class="chip" data-testid="saved-address"
                                            on:click=move |_| store.set_draft.update(|d| d.address = a.clone())>{label}</button>
                                    }
                                }).collect_view()}
                            </div>
                        </Show>
                        {input(ui.t().name, "addr-name", "text", "name", |a| &a.name, |a, v| a.name = v)}
                        {input(ui.t().phone, "addr-phone", "tel", "phone", |a| &a.phone, |a, v| a.phone = v)}
                        {input(ui.t().region, "addr-region", "text", "region", |a| &a.region, |a, v| a.region = v)}
                        {input(ui.t().street, "addr-street", "text", "street", |a| &a.street, |a, v| a.street = v)}
                        <fieldset class="delivery">
                            <legend>{ui.t().delivery}</legend>
                            {[(Delivery::Standard, ui.t().delivery_standard), (Delivery::Express, ui.t().delivery_express)].into_iter().map(|(d, label)| view! {
                                <label class="radio">
                                    <input type="radio" name="delivery" data-testid=format!("delivery-{}", d.as_str())
                                        prop:checked=move || delivery() == d
                                        on:change=move |_| store.set_draft.update(|x| x.delivery = d) />
                                    {label}
                                </label>
                            }).collect_view()}
                        </fieldset>
                        <h2>{ui.t().summary}</h2>
                        <ul class="summary-lines">
                            {move || lines.get().into_iter().map(|l| view! {
                                <li>
                                    <span>{l.title.get(ui.locale).to_owned()}" · "{l.variant_label.get(ui.locale).to_owned()}" ×"{l.qty}</span>
                                    <Price money=l.unit_price />
                                </li>
                            }).collect_view()}
                        </ul>
                        {move || preview.get().map(|q| view! {
                            <dl class="quote" data-testid="quote">
                                <dt>{ui.t().subtotal}</dt><dd>{ui.price(q.subtotal)}</dd>
                                <dt>{ui.t().coupons}</dt><dd data-testid="quote-discount">{format!("-{}", ui.price(q.discount))}</dd>
                                <dt>{ui.t().shipping}</dt><dd>{ui.price(q.shipping)}</dd>
                            </dl>
                        })}
                        {move || place.value().get().and_then(Result::err).map(|error| view! {
                            <ErrorView error on_retry=move |_| {
                                if let Some(p) = store.pending() {
                                    place.dispatch(p);
                                }
                            } />
                        })}
                        <div class="checkout-bar">
                            <span class="total">{ui.t().total}" "<span data-testid="checkout-total">{move || preview.get().map(|q| view! { <Price money=q.total /> })}</span></span>
                            <button class="btn" type="submit" data-testid="place-order"
                                // Wait for the coupons, so the order is placed at the total shown.
                                disabled=move || place.pending().get() || coupons.get().is_none()>
                                {move || if place.pending().get() { ui.t().placing_order } else { ui.t().place_order }}
                            </button>
                        </div>
                    </form>
                }.into_any(),
            }}
        </div>
    }
}
