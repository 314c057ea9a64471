//! `/checkout`: address (validated, saved for next time), delivery, coupons, the order summary
//! priced with the same arithmetic as the server, and "Place order". The order carries an
//! idempotency key made at the first press and kept until it succeeds, so a double tap, a
//! retry or a reload during the request makes exactly one order (see `state::checkout`).
//! When the backend refuses because something changed, the shopper sees what and can
//! confirm the new total.

mod address;
mod changes;
mod coupons;

use crate::api::ErrorKind;
use crate::components::{BackButton, ErrorView, Price};
use crate::model::OrderRequestLine;
use crate::model::{quote, CartLine, Coupon, Delivery, LineChange, Order, OrderRequest};
use crate::state::cart::{current_products, use_cart};
use crate::state::checkout::{new_idempotency_key, use_checkout, CouponPick, PendingOrder};
use crate::state::{use_backend, use_ui};
use address::{cleaned, problems, AddressFields};
use changes::OrderChanges;
use coupons::{effective, picked, CouponChoice};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn CheckoutPage() -> impl IntoView {
    let ui = use_ui();
    let cart = use_cart();
    let store = use_checkout();
    let backend = use_backend();
    let query = use_query_map();
    super::set_title(ui.t().checkout_title);
    // A previous order's confirmation is not this checkout's (a refusal is kept: it may have
    // come while the shopper was elsewhere, and this page shows what changed).
    if store.pending().is_none() && matches!(store.last_untracked(), Some(Ok(_))) {
        store.clear_last();
    }

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
    let offered = Signal::derive(move || coupons.get().unwrap_or_default());
    let delivery = move || store.draft.with(|d| d.delivery);
    // The coupons chosen: the best for this order, except where the shopper picked.
    let chosen = Memo::new(move |_| {
        let all: Vec<Coupon> = offered.get();
        let best = lines
            .with(|ls| quote(ls, &all, Delivery::Standard, js_sys::Date::now() as i64))
            .map(|q| q.coupons)
            .unwrap_or_default();
        store.draft.with(|d| effective(best, &all, &d.coupon_picks))
    });
    let preview = Memo::new(move |_| {
        let usable = picked(&offered.get(), &chosen.get());
        lines.with(|ls| quote(ls, &usable, delivery(), js_sys::Date::now() as i64))
    });

    // After a refusal: load current prices, stock and coupons, apply them, say what changed.
    let changes = RwSignal::new(None::<(String, Vec<LineChange>, Vec<CartLine>)>);
    Effect::new({
        let backend = backend.clone();
        move |_| {
            let Some(Err(e)) = store.last() else { return };
            if !e.is_final() {
                return;
            }
            let backend = backend.clone();
            let ordered = lines.get_untracked();
            // Read now: the page (and its query memo) may be gone when the products arrive.
            let buy_now = query.with_untracked(|q| q.get("buy").is_some());
            leptos::task::spawn_local(async move {
                let current = current_products(&backend, &ordered).await;
                let ids: Vec<&str> = ordered.iter().map(|l| l.variant_id.as_str()).collect();
                let found: Vec<LineChange> = if buy_now {
                    cart.reconcile_buy_now(&current)
                } else {
                    cart.reconcile(&current)
                }
                .into_iter()
                .filter(|c| ids.contains(&change_variant(c)))
                .collect();
                // Coupons may have gone too; ones that no longer apply drop out of the quote.
                coupons.refetch();
                let reason = e.message(ui.t());
                changes.set(Some((reason, found, ordered)));
            });
        }
    });

    let show_errors = RwSignal::new(false);
    let place = move || {
        show_errors.set(true);
        let draft = store.draft.get_untracked();
        if !problems(&draft.address, ui.t()).is_empty()
            || store.is_sending_untracked()
            || lines.with_untracked(Vec::is_empty)
        {
            return;
        }
        // An order still waiting for its answer (offline, timed out) is sent again as it was,
        // with its key: a new request under that key would get the first order back, and a
        // new key could make a second order.
        if store.pending().is_some() {
            store.send();
            return;
        }
        changes.set(None);
        let key = new_idempotency_key();
        let request = OrderRequest {
            lines: lines.with_untracked(|ls| ls.iter().map(request_line).collect()),
            address: cleaned(&draft.address),
            delivery: draft.delivery.as_str().to_owned(),
            coupons: preview
                .get_untracked()
                .map(|q| q.coupons)
                .unwrap_or_default(),
        };
        store.place(PendingOrder {
            key,
            request,
            buy_now: is_buy_now(),
        });
    };
    let submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        place();
    };
    let placed = move || store.last().and_then(Result::ok);
    let busy = Signal::derive(move || store.is_sending());

    view! {
        <div class="page checkout-page" data-testid="checkout-page">
            <BackButton parent="/cart".to_owned() />
            <h1 class="page-title">{ui.t().checkout_title}</h1>
            {move || match placed() {
                Some(order) => view! { <OrderPlaced order /> }.into_any(),
                None if lines.with(Vec::is_empty) && !store.has_pending() => view! {
                    <div class="empty" data-testid="checkout-empty">
                        <p>{ui.t().nothing_to_check_out}</p>
                        <a class="btn" href="/">{ui.t().go_shopping}</a>
                    </div>
                }.into_any(),
                None => view! {
                    <form class="checkout-form" on:submit=submit novalidate=true>
                        <AddressFields show_errors />
                        <fieldset class="delivery">
                            <legend>{ui.t().delivery}</legend>
                            {[(Delivery::Standard, ui.t().delivery_standard), (Delivery::Express, ui.t().delivery_express)].into_iter().map(|(d, label)| view! {
                                <label class="radio">
                                    <input type="radio" name="delivery" data-testid=format!("delivery-{}", d.as_str())
                                        prop:checked=move || delivery() == d
                                        on:change=move |_| store.draft.update(|x| x.delivery = d) />
                                    {label}
                                </label>
                            }).collect_view()}
                        </fieldset>
                        <CouponChoice lines offered chosen
                            applied=Signal::derive(move || preview.get().map(|q| q.coupons).unwrap_or_default())
                            on_choose=Callback::new(move |pick: CouponPick| store.draft.update(|d| {
                                d.coupon_picks.retain(|p| p.group != pick.group);
                                d.coupon_picks.push(pick);
                            })) />
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
                        {move || changes.get().map(|(reason, changes, ordered)| view! {
                            <OrderChanges reason changes lines=ordered
                                new_total=Signal::derive(move || preview.get().map(|q| q.total))
                                on_confirm=Callback::new(move |_| place()) busy />
                        })}
                        <AttemptStatus />
                        <div class="checkout-bar">
                            <span class="total">{ui.t().total}" "<span data-testid="checkout-total">{move || preview.get().map(|q| view! { <Price money=q.total /> })}</span></span>
                            <button class="btn" type="submit" data-testid="place-order"
                                // Wait for the coupons, so the order is placed at the total shown.
                                disabled=move || busy.get() || coupons.get().is_none()>
                                {move || if busy.get() { ui.t().placing_order } else { ui.t().place_order }}
                            </button>
                        </div>
                    </form>
                }.into_any(),
            }}
        </div>
    }
}

fn change_variant(c: &LineChange) -> &str {
    match c {
        LineChange::Price { variant_id, .. }
        | LineChange::QtyCapped { variant_id, .. }
        | LineChange::Unavailable { variant_id } => variant_id,
    }
}

fn request_line(l: &CartLine) -> OrderRequestLine {
    OrderRequestLine {
        product_id: l.product_id.clone(),
        variant_id: l.variant_id.clone(),
        qty: l.qty,
        expected_unit_price: l.unit_price,
        live: l.live.clone(),
    }
}

/// How the last attempt went, when it did not go through: offline (kept, sent when the
/// network returns), or another failure with a retry. Refusals show as `OrderChanges`.
#[component]
fn AttemptStatus() -> impl IntoView {
    let ui = use_ui();
    let store = use_checkout();
    let online = crate::state::network::use_network().online;
    let here = NodeRef::<leptos::html::Div>::new();
    // The shopper pressed "Place order" at the bottom bar: bring the outcome into view.
    Effect::new(move |_| {
        if matches!(store.last(), Some(Err(_))) {
            if let Some(el) = here.get() {
                el.scroll_into_view();
            }
        }
    });
    let status = move || {
        match store.last() {
        Some(Err(e)) if e.kind == ErrorKind::Network && store.has_pending() && !online.get() => view! {
            <div class="order-queued" role="status" data-testid="order-queued">
                <p>{ui.t().order_queued}</p>
                <button class="btn btn-ghost" type="button" data-testid="retry" on:click=move |_| store.send()>{ui.t().retry}</button>
            </div>
        }
        .into_any(),
        Some(Err(error)) if !error.is_final() && error.kind != ErrorKind::Unauthorized => {
            view! { <ErrorView error on_retry=move |_| store.send() /> }.into_any()
        }
        _ => ().into_any(),
    }
    };
    view! { <div class="attempt-status" node_ref=here>{status}</div> }
}

#[component]
fn OrderPlaced(order: Order) -> impl IntoView {
    let ui = use_ui();
    view! {
        <div class="order-done" data-testid="order-placed">
            <h2>{ui.t().order_placed}</h2>
            <p class="order-id" data-testid="order-id">{order.id.clone()}</p>
            <Price money=order.total />
            <a class="btn" href=format!("/orders/{}", order.id) data-testid="view-order">{ui.t().view_order}</a>
            <a class="btn btn-ghost" href="/orders">{ui.t().my_orders}</a>
        </div>
    }
}
