//! `/checkout`: address, summary and "Place order". The order carries an idempotency key
//! made once per checkout, so a double tap makes one order.

use crate::components::{BackButton, ErrorView, Price};
use crate::model::{Address, Currency, Money, Order, OrderRequest, OrderRequestLine};
use crate::state::cart::use_cart;
use crate::state::{use_backend, use_ui};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

fn new_idempotency_key() -> String {
    format!(
        "hw-{:x}-{:x}",
        js_sys::Date::now() as u64,
        (js_sys::Math::random() * 1e12) as u64
    )
}

#[component]
pub fn CheckoutPage() -> impl IntoView {
    let ui = use_ui();
    let cart = use_cart();
    let backend = use_backend();
    let query = use_query_map();
    super::set_title(ui.t().checkout_title);

    // "Buy now" checks out its one line; otherwise the selected cart lines.
    let is_buy_now = move || query.with(|q| q.get("buy").is_some());
    let lines = Memo::new(move |_| {
        if is_buy_now() {
            cart.buy_now().get().into_iter().collect()
        } else {
            cart.cart().with(|c| {
                c.lines
                    .iter()
                    .filter(|l| l.selected)
                    .cloned()
                    .collect::<Vec<_>>()
            })
        }
    });
    let total = move || {
        lines.with(|ls| {
            ls.iter().try_fold(Money::zero(Currency::CNY), |acc, l| {
                acc.checked_add(l.unit_price.checked_mul(l.qty)?)
            })
        })
    };

    let name = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let region = RwSignal::new(String::new());
    let street = RwSignal::new(String::new());
    let show_errors = RwSignal::new(false);
    let key = StoredValue::new(new_idempotency_key());
    let placed = RwSignal::new(None::<Order>);

    let place = Action::new_local(move |request: &OrderRequest| {
        let backend = backend.clone();
        let request = request.clone();
        let key = key.get_value();
        async move { backend.place_order(&key, &request).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(order)) = place.value().get() {
            if is_buy_now() {
                cart.clear_buy_now();
            } else {
                let ids: Vec<String> = order.lines.iter().map(|l| l.variant_id.clone()).collect();
                cart.remove_ordered(&ids);
            }
            placed.set(Some(order));
        }
    });

    let valid_phone = move || {
        let p = phone.get();
        p.len() == 11 && p.starts_with('1') && p.chars().all(|c| c.is_ascii_digit())
    };
    let submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        show_errors.set(true);
        let filled = [name, region, street]
            .iter()
            .all(|s| !s.get_untracked().trim().is_empty());
        if !filled
            || !valid_phone()
            || place.pending().get_untracked()
            || lines.with_untracked(Vec::is_empty)
        {
            return;
        }
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
                name: name.get_untracked(),
                phone: phone.get_untracked(),
                region: region.get_untracked(),
                street: street.get_untracked(),
            },
            delivery: "standard".into(),
            coupons: vec![],
        };
        place.dispatch(request);
    };

    let field =
        move |label: fn(&'static crate::i18n::Strings) -> &'static str,
              value: RwSignal<String>,
              testid: &'static str,
              input_type: &'static str,
              check: std::sync::Arc<dyn Fn() -> Option<&'static str> + Send + Sync>| {
            view! {
                <label class="field">
                    <span>{label(ui.t())}</span>
                    <input type=input_type data-testid=testid prop:value=move || value.get()
                        on:input=move |ev| value.set(event_target_value(&ev))
                        aria-invalid={
                            let check = check.clone();
                            move || (show_errors.get() && check().is_some()).to_string()
                        } />
                    <small class="field-error" role="alert">{move || show_errors.get().then(|| check()).flatten()}</small>
                </label>
            }
        };
    let required = move |value: RwSignal<String>| -> std::sync::Arc<dyn Fn() -> Option<&'static str> + Send + Sync> {
        std::sync::Arc::new(move || value.with(|v| v.trim().is_empty()).then(|| ui.t().field_required))
    };

    view! {
        <div class="page checkout-page" data-testid="checkout-page">
            <BackButton />
            <h1 class="page-title">{ui.t().checkout_title}</h1>
            {move || match placed.get() {
                Some(order) => view! {
                    <div class="order-done" data-testid="order-placed">
                        <h2>{ui.t().order_placed}</h2>
                        <p class="order-id">{order.id.clone()}</p>
                        <Price money=order.total />
                        <a class="btn" href="/orders">{ui.t().my_orders}</a>
                    </div>
                }.into_any(),
                None if lines.with(Vec::is_empty) => view! {
                    <div class="empty" data-testid="checkout-empty">
                        <p>{ui.t().nothing_to_check_out}</p>
                        <a class="btn" href="/">{ui.t().go_shopping}</a>
                    </div>
                }.into_any(),
                None => view! {
                    <form class="checkout-form" on:submit=submit novalidate=true>
                        {field(|t| t.name, name, "addr-name", "text", required(name))}
                        {field(|t| t.phone, phone, "addr-phone", "tel",
                            std::sync::Arc::new(move || (!valid_phone()).then(|| ui.t().phone_invalid)))}
                        {field(|t| t.region, region, "addr-region", "text", required(region))}
                        {field(|t| t.street, street, "addr-street", "text", required(street))}
                        <h2>{ui.t().summary}</h2>
                        <ul class="summary-lines">
                            {move || lines.get().into_iter().map(|l| view! {
                                <li>
                                    <span>{l.title.get(ui.locale).to_owned()}" · "{l.variant_label.get(ui.locale).to_owned()}" ×"{l.qty}</span>
                                    <Price money=l.unit_price />
                                </li>
                            }).collect_view()}
                        </ul>
                        {move || place.value().get().and_then(Result::err).map(|error| view! {
                            <ErrorView error on_retry=move |_| show_errors.set(true) />
                        })}
                        <div class="checkout-bar">
                            <span class="total">{ui.t().total}" "{move || total().map(|m| view! { <Price money=m /> })}</span>
                            <button class="btn" type="submit" data-testid="place-order" disabled=move || place.pending().get()>
                                {move || if place.pending().get() { ui.t().placing_order } else { ui.t().place_order }}
                            </button>
                        </div>
                    </form>
                }.into_any(),
            }}
        </div>
    }
}
