use super::icons::{self, Icon};
use crate::state::use_ui;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use wasm_bindgen::JsValue;

/// How deep into the app this history entry is: 0 for the page the shopper landed on (from
/// another site, a shared link, a new tab), one more for each page opened from there. Every
/// entry records it when it is made (public/boot.js).
pub fn entry_depth() -> u32 {
    window()
        .history()
        .ok()
        .and_then(|h| h.state().ok())
        .and_then(|s| js_sys::Reflect::get(&s, &JsValue::from_str("haowuDepth")).ok())
        .and_then(|d| d.as_f64())
        .map_or(0, |d| d as u32)
}

/// Goes back where the shopper came from in the app; on the page they landed on (a shared link,
/// a new tab), Back would leave the site, so it goes to the page's natural parent instead (the
/// feed unless the page says otherwise, e.g. the creator for a product), in place of this entry.
#[component]
pub fn BackButton(
    #[prop(optional)] overlay: bool,
    /// Where to go when there is no page of the app to go back to.
    #[prop(optional, into)]
    parent: Option<Signal<String>>,
) -> impl IntoView {
    let ui = use_ui();
    let navigate = use_navigate();
    let go_back = move |_| match window().history() {
        Ok(h) if entry_depth() > 0 => {
            let _ = h.back();
        }
        _ => {
            let to = parent
                .map(|p| p.get_untracked())
                .unwrap_or_else(|| "/".into());
            navigate(
                &to,
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    };
    view! {
        <button class="back-btn" class:overlay=overlay aria-label=ui.t().back data-testid="back" on:click=go_back>
            <Icon path=icons::BACK />
        </button>
    }
}
