//! Inline SVG icons: no icon font or sprite request, and they inherit `currentColor`.

use leptos::prelude::*;

#[component]
pub fn Icon(
    #[prop(into)] path: &'static str,
    #[prop(optional)] size: Option<u32>,
) -> impl IntoView {
    let size = size.unwrap_or(24);
    view! {
        <svg class="icon" width=size height=size viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d=path fill="currentColor"></path>
        </svg>
    }
}

pub const HOME: &str = "M12 3 2 11h3v9h5v-6h4v6h5v-9h3z";
pub const LIVE: &str =
    "M4 6h11a2 2 0 0 1 2 2v1.5l4-2.5v10l-4-2.5V16a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2z";
pub const CART: &str = "M7 18a2 2 0 1 0 0 4 2 2 0 0 0 0-4zm10 0a2 2 0 1 0 0 4 2 2 0 0 0 0-4zM3 3h2l2.7 10.6A2 2 0 0 0 9.6 15H18a2 2 0 0 0 1.9-1.4L22 7H6.2L5.4 4A1.5 1.5 0 0 0 4 3z";
pub const ME: &str =
    "M12 12a5 5 0 1 0 0-10 5 5 0 0 0 0 10zm0 2c-4.4 0-8 2.2-8 5v2h16v-2c0-2.8-3.6-5-8-5z";
pub const HEART: &str = "M12 21s-7.5-4.6-9.6-9.2C.9 8.4 3 4.5 6.7 4.5c2.1 0 3.6 1.1 4.4 2.5h1.8c.8-1.4 2.3-2.5 4.4-2.5 3.7 0 5.8 3.9 4.3 7.3C19.5 16.4 12 21 12 21z";
pub const COMMENT: &str =
    "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z";
pub const SHARE: &str = "M14 4v4C7 9 4 13 3 19c2.5-3.5 6-5 11-5v4l7-7z";
pub const SEARCH: &str = "M10 3a7 7 0 0 1 5.6 11.2l5.1 5.1-1.4 1.4-5.1-5.1A7 7 0 1 1 10 3zm0 2a5 5 0 1 0 0 10 5 5 0 0 0 0-10z";
pub const BAG: &str = "M6 7V6a6 6 0 0 1 12 0v1h3l-1 15H4L3 7zm2 0h8V6a4 4 0 0 0-8 0z";
pub const BACK: &str = "M15.5 3.5 7 12l8.5 8.5 1.4-1.4L9.8 12l7.1-7.1z";
pub const SOUND_OFF: &str = "M3 9v6h4l5 5V4L7 9zm13.6 3 2.9-2.9-1.4-1.4-2.9 2.9-2.9-2.9-1.4 1.4 2.9 2.9-2.9 2.9 1.4 1.4 2.9-2.9 2.9 2.9 1.4-1.4z";
pub const SOUND_ON: &str = "M3 9v6h4l5 5V4L7 9zm13.5 3A4.5 4.5 0 0 0 14 8v8a4.5 4.5 0 0 0 2.5-4zM14 3.2v2.1a7 7 0 0 1 0 13.4v2.1a9 9 0 0 0 0-17.6z";
pub const PLAY: &str = "M8 5v14l11-7z";
