use crate::api::ApiError;
use crate::state::use_ui;
use leptos::prelude::*;

/// Placeholder shapes while content loads, so nothing jumps when it arrives.
#[component]
pub fn Loading(#[prop(optional)] kind: &'static str) -> impl IntoView {
    let ui = use_ui();
    view! {
        <div class=format!("skeleton skeleton-{}", if kind.is_empty() { "page" } else { kind }) role="status" aria-live="polite">
            <span class="visually-hidden">{ui.t().loading}</span>
        </div>
    }
}

/// A failed load: what went wrong, in words, and a way to try again.
#[component]
pub fn ErrorView(error: ApiError, #[prop(into)] on_retry: Callback<()>) -> impl IntoView {
    let ui = use_ui();
    // A page that failed has nothing better to show than this.
    crate::boot::reveal();
    view! {
        <div class="error-view" role="alert" data-testid="error-view">
            <p>{error.message(ui.t())}</p>
            <button class="btn" data-testid="retry" on:click=move |_| on_retry.run(())>{ui.t().retry}</button>
        </div>
    }
}
