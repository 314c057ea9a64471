//! `/orders/:id`: one order — where it is (paid → shipped → delivered, with times), what was
//! bought, where it goes, and what it cost.

use crate::api::ErrorKind;
use crate::components::sign_in_sheet::SignInNeeded;
use crate::components::{BackButton, ErrorView, Loading, Price};
use crate::model::{Order, OrderStatus};
use crate::state::{use_backend, use_ui};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The browser's local time for Unix milliseconds.
pub fn local_time(ms: i64) -> String {
    let offset = -(js_sys::Date::new(&(ms as f64).into()).get_timezone_offset() as i64);
    crate::format::datetime(ms, offset)
}

#[component]
pub fn OrderPage() -> impl IntoView {
    let ui = use_ui();
    let backend = use_backend();
    let params = use_params_map();
    super::set_title(ui.t().order_detail);
    let order = LocalResource::new(move || {
        let backend = backend.clone();
        let id = params.with(|p| p.get("id").unwrap_or_default());
        async move { backend.order(&id).await }
    });
    view! {
        <div class="page order-page" data-testid="order-page">
            <BackButton parent="/orders".to_owned() />
            <h1 class="page-title">{ui.t().order_detail}</h1>
            <Transition fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match order.await {
                        Ok(order) => view! { <OrderDetail order /> }.into_any(),
                        Err(e) if e.kind == ErrorKind::Unauthorized => view! { <SignInNeeded on_done=move |_| order.refetch() /> }.into_any(),
                        Err(error) => view! { <ErrorView error on_retry=move |_| order.refetch() /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn OrderDetail(order: Order) -> impl IntoView {
    let ui = use_ui();
    let reached = |s: OrderStatus| order.history.iter().find(|h| h.status == s).map(|h| h.at);
    let steps = OrderStatus::PATH
        .iter()
        .map(|&s| (s, reached(s)))
        .collect::<Vec<_>>();
    let a = order.address.clone();
    view! {
        <section class="order-status" data-testid="order-status" data-status=order.status.as_str()>
            <h2>{ui.t().order_status[order.status.index()]}</h2>
            <ol class="status-steps">
                {steps.into_iter().map(|(s, at)| view! {
                    <li class:is-done=at.is_some() data-testid="status-step" data-done=at.is_some().to_string()>
                        <span class="step-name">{ui.t().order_status[s.index()]}</span>
                        <time>{at.map(local_time)}</time>
                    </li>
                }).collect_view()}
            </ol>
        </section>
        <section class="order-address" data-testid="order-address">
            <h2>{ui.t().ship_to}</h2>
            <p>{format!("{} {}", a.name, crate::model::mask_phone(&a.phone))}</p>
            <p>{format!("{} {}", a.region, a.street)}</p>
        </section>
        <ul class="order-lines">
            {order.lines.iter().map(|l| view! {
                <li class="order-line" data-testid="order-line">
                    <a href=format!("/p/{}", l.product_id) aria-label=l.title.get(ui.locale).to_owned()><img src=l.image.clone() alt="" width="64" height="64" loading="lazy" /></a>
                    <span class="line-body">
                        <span class="line-title">{l.title.get(ui.locale).to_owned()}</span>
                        <span class="line-variant">{l.variant_label.get(ui.locale).to_owned()}" ×"{l.qty}</span>
                    </span>
                    <Price money=l.unit_price />
                </li>
            }).collect_view()}
        </ul>
        <dl class="quote" data-testid="order-quote">
            <dt>{ui.t().subtotal}</dt><dd>{ui.price(order.subtotal)}</dd>
            <dt>{ui.t().coupons}</dt><dd>{format!("-{}", ui.price(order.discount))}</dd>
            <dt>{ui.t().shipping}</dt><dd>{ui.price(order.shipping)}</dd>
            <dt>{ui.t().total}</dt><dd data-testid="order-total">{ui.price(order.total)}</dd>
        </dl>
        <p class="order-meta">
            <span data-testid="order-detail-id">{order.id.clone()}</span>" · "{local_time(order.created_at)}
        </p>
    }
}
