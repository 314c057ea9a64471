//! `/orders`: the shopper's orders, newest first.

use crate::api::ErrorKind;
use crate::components::sign_in_sheet::SignInNeeded;
use crate::components::{BackButton, ErrorView, Loading, Price};
use crate::state::{use_backend, use_ui};
use leptos::prelude::*;

#[component]
pub fn OrdersPage() -> impl IntoView {
    let ui = use_ui();
    let backend = use_backend();
    super::set_title(ui.t().orders_title);
    let orders = LocalResource::new(move || {
        let backend = backend.clone();
        async move { backend.orders().await }
    });
    view! {
        <div class="page orders-page" data-testid="orders-page">
            <BackButton parent="/me".to_owned() />
            <h1 class="page-title">{ui.t().orders_title}</h1>
            <Transition fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match orders.await {
                        Ok(list) if list.is_empty() => view! {
                            <div class="empty" data-testid="orders-empty">
                                <p>{ui.t().no_orders}</p>
                                <a class="btn" href="/">{ui.t().go_shopping}</a>
                            </div>
                        }.into_any(),
                        Ok(list) => view! {
                            <ul class="order-list">
                                {list.into_iter().map(|order| {
                                    let status = order.status.index();
                                    let first = order.lines.first().cloned();
                                    view! {
                                        <li class="order-card" data-testid="order-card">
                                            <a class="order-card-link" href=format!("/orders/{}", order.id) aria-label=format!("{} {}", ui.t().order_detail, order.id)></a>
                                            <div class="order-head">
                                                <span class="order-id">{order.id.clone()}</span>
                                                <span class="order-status" data-testid="order-card-status">{ui.t().order_status[status]}</span>
                                            </div>
                                            {first.map(|l| view! {
                                                <div class="order-line">
                                                    <img src=l.image alt="" width="64" height="64" loading="lazy" />
                                                    <span>{l.title.get(ui.locale).to_owned()}</span>
                                                </div>
                                            })}
                                            <div class="order-foot">
                                                <span>{move || crate::i18n::items(ui.locale, order.lines.iter().map(|l| l.qty).sum())}</span>
                                                <Price money=order.total />
                                            </div>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) if e.kind == ErrorKind::Unauthorized => view! { <SignInNeeded on_done=move |_| orders.refetch() /> }.into_any(),
                        Err(error) => view! { <ErrorView error on_retry=move |_| orders.refetch() /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}
