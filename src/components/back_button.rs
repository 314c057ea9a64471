use super::icons::{self, Icon};
use crate::state::use_ui;
use leptos::prelude::*;

/// Goes back where the shopper came from, or home when the page was opened directly.
#[component]
pub fn BackButton(#[prop(optional)] overlay: bool) -> impl IntoView {
    let ui = use_ui();
    let go_back = move |_| {
        let history = window().history().ok();
        match history.filter(|h| h.length().unwrap_or(0) > 1) {
            Some(h) => {
                let _ = h.back();
            }
            None => leptos_router::hooks::use_navigate()("/", Default::default()),
        }
    };
    view! {
        <button class="back-btn" class:overlay=overlay aria-label=ui.t().back data-testid="back" on:click=go_back>
            <Icon path=icons::BACK />
        </button>
    }
}
