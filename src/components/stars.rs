//! A score as five stars (full, half, empty), with the number for screen readers.

use crate::model::{star_fill, Star};
use leptos::prelude::*;

#[component]
pub fn Stars(score: f32, #[prop(into)] label: String) -> impl IntoView {
    view! {
        <span class="stars" role="img" aria-label=label>
            {star_fill(score).into_iter().map(|s| {
                let class = match s {
                    Star::Full => "star is-full",
                    Star::Half => "star is-half",
                    Star::Empty => "star",
                };
                view! { <span class=class aria-hidden="true">"★"</span> }
            }).collect_view()}
        </span>
    }
}
