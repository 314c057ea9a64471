//! What is waiting for the network: a banner while offline ("3 actions will be sent when
//! you're back online"), "sending" while the queue drains after reconnecting, and a toast
//! when an order queued offline went through (or was refused) while the shopper was elsewhere.

use crate::components::toast::use_toast;
use crate::state::cart_sync::use_cart_sync;
use crate::state::checkout::use_checkout;
use crate::state::network::use_network;
use crate::state::social::use_social;
use crate::state::use_ui;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};

#[component]
pub fn NetStatus() -> impl IntoView {
    let ui = use_ui();
    let online = use_network().online;
    let social = use_social();
    let sync = use_cart_sync();
    let checkout = use_checkout();
    let waiting = move || {
        social.pending_count() + usize::from(sync.is_owed()) + usize::from(checkout.has_pending())
    };
    // After an offline spell, say "sending" until the queue is empty; otherwise stay quiet
    // (a like is pending for a few milliseconds every time).
    let draining = RwSignal::new(false);
    Effect::new(move |_| {
        if !online.get() {
            draining.set(true);
        } else if waiting() == 0 {
            draining.set(false);
        }
    });

    // An order that went out on reconnect while the shopper is on another page.
    let toast = use_toast();
    let path = use_location().pathname;
    let navigate = use_navigate();
    Effect::new(move |was_sending: Option<bool>| {
        let sending = checkout.is_sending();
        if was_sending == Some(true) && !sending && !path.get_untracked().starts_with("/checkout") {
            let navigate = navigate.clone();
            match checkout.last() {
                Some(Ok(order)) => {
                    let to = format!("/orders/{}", order.id);
                    toast.show_action(ui.t().order_placed, ui.t().view_order, move || {
                        navigate(&to, Default::default())
                    });
                }
                // Refused (a price changed meanwhile, …): checkout shows what and why.
                Some(Err(e)) if e.is_final() => {
                    toast.show_action(ui.t().order_not_placed, ui.t().view, move || {
                        navigate("/checkout", Default::default())
                    });
                }
                _ => {}
            }
        }
        sending
    });

    move || {
        let n = waiting();
        let text = if !online.get() {
            Some(crate::i18n::offline_waiting(ui.locale, n))
        } else if draining.get() && n > 0 {
            Some(crate::i18n::sending_waiting(ui.locale, n))
        } else {
            None
        };
        text.map(|text| {
            view! {
                <div class="net-status" class:is-offline=move || !online.get() role="status" data-testid="net-status">
                    {text}
                </div>
            }
        })
    }
}
