//! The few browser hooks the first screen needs, written small on purpose: they are in the
//! first load. (leptos-use's storage signals and listeners do the same and more — codecs,
//! debouncing, filters — and cost ~12 KB gzip there; see the README's dependency notes.)

use crate::storage::{self, Store};
use leptos::ev::EventDescriptor;
use leptos::prelude::*;
use serde::{de::DeserializeOwned, Serialize};
use wasm_bindgen::{JsCast, JsValue};

/// A signal kept in web storage: read when created, written after every change, and, for
/// local storage, updated when another tab writes the same key (so two tabs show one cart).
/// A missing or unreadable value reads as the default.
pub fn persisted<T>(store: Store, key: &'static str) -> RwSignal<T>
where
    T: Serialize + DeserializeOwned + Default + Clone + PartialEq + Send + Sync + 'static,
{
    let signal = RwSignal::new(storage::read(store, key).unwrap_or_default());
    Effect::new(move |first: Option<()>| {
        signal.with(|value| {
            if first.is_some() {
                storage::write(store, key, Some(value));
            }
        });
    });
    if let Store::Local = store {
        on_window(leptos::ev::storage, move |e: web_sys::StorageEvent| {
            if e.key().as_deref() == Some(key) {
                let value: T = storage::read(store, key).unwrap_or_default();
                if signal.with_untracked(|v| *v != value) {
                    signal.set(value);
                }
            }
        });
    }
    signal
}

/// Listens to `event` on the window for as long as the calling component lives.
pub fn on_window<E>(event: E, handler: impl Fn(E::EventType) + 'static)
where
    E: EventDescriptor + 'static,
    E::EventType: JsCast,
{
    let handle = window_event_listener(event, handler);
    on_cleanup(move || handle.remove());
}

/// Whether the page is visible (not in a background tab or a locked phone).
pub fn page_visible() -> Signal<bool> {
    let visible = RwSignal::new(!document().hidden());
    // Fired at the document; it bubbles to the window.
    on_window(leptos::ev::visibilitychange, move |_| {
        visible.set(!document().hidden())
    });
    visible.into()
}

/// Whether the shopper asked the system for less motion (read when needed: it rarely changes).
pub fn prefers_reduced_motion() -> bool {
    window()
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches())
}

/// Plays `video`. Browsers refuse to play with sound before the shopper's first gesture (a
/// reload with sound on): then `refused` runs, and the caller falls back to muted.
pub fn play_or(video: &web_sys::HtmlVideoElement, refused: impl FnOnce() + 'static) {
    let Ok(promise) = video.play() else { return };
    leptos::task::spawn_local(async move {
        if let Err(e) = wasm_bindgen_futures::JsFuture::from(promise).await {
            let not_allowed = e
                .dyn_ref::<web_sys::DomException>()
                .is_some_and(|e| e.name() == "NotAllowedError");
            if not_allowed {
                refused();
            }
        }
    });
}

/// Adds `n` to `window.__haowuLive[field]`: what a live room handled, for tests and benchmarks
/// to read.
pub fn tally(field: &str, n: usize) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let key = JsValue::from_str("__haowuLive");
    let stats = js_sys::Reflect::get(&window, &key)
        .ok()
        .filter(JsValue::is_object)
        .unwrap_or_else(|| {
            let o: JsValue = js_sys::Object::new().into();
            let _ = js_sys::Reflect::set(&window, &key, &o);
            o
        });
    let field = JsValue::from_str(field);
    let had = js_sys::Reflect::get(&stats, &field)
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0);
    let _ = js_sys::Reflect::set(&stats, &field, &(had + n as f64).into());
}
