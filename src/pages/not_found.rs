use crate::state::use_ui;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    let ui = use_ui();
    super::set_title(ui.t().not_found_title);
    crate::boot::reveal();
    view! {
        <div class="page empty not-found" data-testid="not-found">
            <p class="big" aria-hidden="true">"404"</p>
            <h1>{ui.t().not_found_title}</h1>
            <p>{ui.t().not_found_body}</p>
            <a class="btn" href="/">{ui.t().back_home}</a>
        </div>
    }
}
