//! After the backend refused an order because something changed (price, stock, a coupon):
//! what changed, line by line, the new total, and one button to place the order at it.

use crate::components::Price;
use crate::i18n::price_change;
use crate::model::{CartLine, LineChange, Money};
use crate::state::use_ui;
use leptos::prelude::*;

#[component]
pub fn OrderChanges(
    /// Why the backend refused, in its words.
    reason: String,
    changes: Vec<LineChange>,
    /// The lines as they were ordered, for their titles.
    lines: Vec<CartLine>,
    #[prop(into)] new_total: Signal<Option<Money>>,
    on_confirm: Callback<()>,
    #[prop(into)] busy: Signal<bool>,
) -> impl IntoView {
    let ui = use_ui();
    let title = |variant_id: &str| {
        lines
            .iter()
            .find(|l| l.variant_id == variant_id)
            .map(|l| {
                format!(
                    "{} · {}",
                    l.title.get(ui.locale),
                    l.variant_label.get(ui.locale)
                )
            })
            .unwrap_or_default()
    };
    let from_live = lines.iter().any(|l| l.live.is_some());
    let panel = NodeRef::<leptos::html::Section>::new();
    // The shopper pressed "Place order" at the bottom bar: bring the news into view.
    Effect::new(move |_| {
        if let Some(el) = panel.get() {
            el.scroll_into_view();
        }
    });
    let items = changes
        .iter()
        .map(|c| match c {
            LineChange::Price {
                variant_id,
                was,
                now,
            } => {
                let delta = Money::new((now.amount - was.amount).abs(), now.currency);
                let what = price_change(ui.locale, &ui.price(delta), now.amount < was.amount);
                (
                    title(variant_id),
                    format!("{what}: {} → {}", ui.price(*was), ui.price(*now)),
                )
            }
            LineChange::QtyCapped { variant_id, qty } => {
                (title(variant_id), crate::i18n::stock_left(ui.locale, *qty))
            }
            LineChange::Unavailable { variant_id } => {
                (title(variant_id), ui.t().removed_sold_out.to_owned())
            }
        })
        .collect::<Vec<_>>();
    view! {
        <section class="order-changes" role="alert" data-testid="order-changes" node_ref=panel>
            <h2>{ui.t().order_changed}</h2>
            // The server's own words, when the lines do not show what changed (e.g. a coupon), or
            // when a live room's terms were involved (a flash sale's limit, a link not up yet).
            {(items.is_empty() || from_live).then(|| view! { <p class="reason" data-testid="order-refusal">{reason}</p> })}
            <ul>
                {items.clone().into_iter().map(|(title, what)| view! {
                    <li data-testid="order-change"><strong>{title}</strong><span>{what}</span></li>
                }).collect_view()}
            </ul>
            <p class="new-total">
                {ui.t().new_total}" "
                <span data-testid="new-total">{move || new_total.get().map(|m| view! { <Price money=m /> })}</span>
            </p>
            <button class="btn" type="button" data-testid="confirm-new-total"
                disabled=move || busy.get() || new_total.get().is_none()
                on:click=move |_| on_confirm.run(())>{ui.t().confirm_new_total}</button>
        </section>
    }
}
