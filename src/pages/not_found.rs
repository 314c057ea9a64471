use crate::components::status::NotFoundView;
use leptos::prelude::*;

/// A path that is no page of the app.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <div class="page">
            <NotFoundView />
        </div>
    }
}
