//! The vertical feed of clips: `/` and `/v/:id` (the feed opened at one clip).
//!
//! Windowed: whatever the number of clips loaded, three slots exist; slot `k` shows the clip
//! `i` of the window {current-1, current, current+1} with `i % 3 == k`. Each slot owns one
//! `<video>` that is reused as the window moves, so at most three videos ever exist, and the
//! next clip is already loading when the shopper swipes to it.

mod overlay;
mod slot;

use crate::api::{ApiError, Backend};
use crate::browser::{on_window, page_visible, prefers_reduced_motion};
use crate::components::icons::{self, Icon};
use crate::components::product_sheet::{ProductSheet, SheetState};
use crate::components::{ErrorView, Loading};
use crate::model::{FeedItem, FeedTab};
use crate::state::social::use_social;
use crate::state::{use_backend, use_sound, use_ui};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use slot::Slot;

/// How close to the end (in clips) the next page is requested.
const PREFETCH_DISTANCE: usize = 4;

/// What the feed has loaded so far and what it is doing.
#[derive(Clone, Default)]
pub struct FeedState {
    pub items: Vec<FeedItem>,
    next_cursor: Option<String>,
    done: bool,
    loading: bool,
    error: Option<ApiError>,
}

/// Shared with the slots: the loaded clips, which one is current, and playback wishes.
#[derive(Clone, Copy)]
pub struct FeedCtx {
    pub state: RwSignal<FeedState>,
    pub active: RwSignal<usize>,
    /// The shopper paused the current clip (reset when the clip changes).
    pub paused: RwSignal<bool>,
    /// The page is visible (playback stops when it is hidden).
    pub visible: Signal<bool>,
}

/// What a feed had on screen when the shopper left it (for a product, a profile, a room), so
/// Back finds it as it was: the same tab, the clips already loaded, the same clip.
#[derive(Clone)]
struct FeedSnapshot {
    tab: FeedTab,
    state: FeedState,
    active: usize,
}

/// The feeds the shopper left during this visit, by route ("/" or "/v/<id>").
#[derive(Clone, Copy)]
pub struct FeedMemory(StoredValue<Vec<(String, FeedSnapshot)>>);

/// Keeps the feeds' places for the visit (call above the router: it outlives the pages).
pub fn provide_feed_memory() {
    provide_context(FeedMemory(StoredValue::new(Vec::new())));
}

impl FeedMemory {
    fn take(&self, key: &str) -> Option<FeedSnapshot> {
        let mut found = None;
        self.0.update_value(|all| {
            if let Some(i) = all.iter().position(|(k, _)| k == key) {
                found = Some(all.remove(i).1);
            }
        });
        found
    }

    fn keep(&self, key: String, snapshot: FeedSnapshot) {
        self.0.update_value(|all| {
            all.retain(|(k, _)| *k != key);
            all.push((key, snapshot));
        });
    }
}

#[component]
pub fn FeedPage() -> impl IntoView {
    let params = use_params_map();
    let start_id = move || params.with(|p| p.get("id"));
    // Re-created when the deep-linked clip changes.
    move || view! { <Feed start=start_id() /> }
}

#[component]
fn Feed(start: Option<String>) -> impl IntoView {
    let ui = use_ui();
    let backend = use_backend();
    let social = use_social();
    let sound = use_sound();
    // Back to a feed the shopper left: as it was, without asking the backend again.
    let memory = use_context::<FeedMemory>();
    let key = start
        .as_ref()
        .map_or_else(|| "/".to_owned(), |id| format!("/v/{id}"));
    let restored = memory.and_then(|m| m.take(&key));
    let (tab, state, active) = match &restored {
        Some(snap) => (snap.tab, snap.state.clone(), snap.active),
        None => (FeedTab::ForYou, FeedState::default(), 0),
    };
    let tab = RwSignal::new(tab);
    let state = RwSignal::new(FeedState {
        loading: false,
        ..state
    });
    let active = RwSignal::new(active);
    if let Some(memory) = memory {
        on_cleanup(move || {
            if let (Some(tab), Some(state), Some(active)) = (
                tab.try_get_untracked(),
                state.try_get_untracked(),
                active.try_get_untracked(),
            ) {
                memory.keep(key, FeedSnapshot { tab, state, active });
            }
        });
    }
    let paused = RwSignal::new(false);
    let visible = page_visible();
    let sheet = SheetState::provide();
    provide_context(FeedCtx {
        state,
        active,
        paused,
        visible,
    });
    super::set_title("");

    let load_more = StoredValue::new_local({
        let backend = backend.clone();
        move || {
            let s = state.get_untracked();
            if s.loading || s.done {
                return;
            }
            state.update(|s| {
                s.loading = true;
                s.error = None;
            });
            let backend = backend.clone();
            let start = start.clone();
            let tab_now = tab.get_untracked();
            leptos::task::spawn_local(async move {
                if tab_now == FeedTab::Following {
                    social.follows_sent().await;
                }
                let first = s.items.is_empty();
                let result =
                    fetch_page(&backend, tab_now, start.as_deref(), first, s.next_cursor).await;
                // The tab may have changed while this page was on its way.
                if tab.get_untracked() != tab_now {
                    return;
                }
                state.update(|s| {
                    s.loading = false;
                    match result {
                        Ok((items, next)) => {
                            for item in items {
                                if !s.items.iter().any(|i| i.id == item.id) {
                                    s.items.push(item);
                                }
                            }
                            s.done = next.is_none();
                            s.next_cursor = next;
                        }
                        Err(e) => s.error = Some(e),
                    }
                });
            });
        }
    });
    let load = move || load_more.with_value(|f| f());
    if restored.is_none() {
        load();
    }

    // Nothing to paint a poster for (an error, an empty tab): the boot screen gives way now.
    Effect::new(move |_| {
        if state.with(|s| s.error.is_some() || (s.done && s.items.is_empty())) {
            crate::boot::reveal();
        }
    });
    // Keep clips loaded ahead of the shopper.
    Effect::new(move |_| {
        let i = active.get();
        let (len, idle) =
            state.with(|s| (s.items.len(), !s.loading && !s.done && s.error.is_none()));
        if idle && len > 0 && i + PREFETCH_DISTANCE >= len {
            load();
        }
    });
    // A new clip starts playing; a pause belongs to the clip it was made on.
    Effect::new(move |_| {
        active.track();
        paused.set(false);
    });

    let feed_ref = NodeRef::<leptos::html::Div>::new();
    // A restored feed opens at the clip the shopper left, without scrolling there.
    if restored.is_some() {
        Effect::new(move |done: Option<bool>| {
            if done == Some(true) {
                return true;
            }
            let Some(el) = feed_ref.get() else {
                return false;
            };
            el.set_scroll_top(el.client_height() * active.get_untracked() as i32);
            true
        });
    }
    let go_to = move |i: usize| {
        let Some(el) = feed_ref.get_untracked() else {
            return;
        };
        let opts = web_sys::ScrollToOptions::new();
        opts.set_top(f64::from(el.client_height()) * i as f64);
        opts.set_behavior(if prefers_reduced_motion() {
            web_sys::ScrollBehavior::Instant
        } else {
            web_sys::ScrollBehavior::Smooth
        });
        el.scroll_to_with_scroll_to_options(&opts);
    };

    let switch_tab = move |t: FeedTab| {
        if tab.get_untracked() == t {
            return;
        }
        tab.set(t);
        state.set(FeedState::default());
        active.set(0);
        if let Some(el) = feed_ref.get_untracked() {
            el.set_scroll_top(0);
        }
        load();
    };

    let on_scroll = move |_| {
        let Some(el) = feed_ref.get_untracked() else {
            return;
        };
        let h = el.client_height().max(1);
        let i = ((el.scroll_top() + h / 2) / h).max(0) as usize;
        if active.get_untracked() != i {
            active.set(i);
        }
    };

    // Keyboard: ↑/↓ and j/k move, space pauses, m toggles sound.
    on_window(leptos::ev::keydown, move |ev: web_sys::KeyboardEvent| {
        let target = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok());
        let typing = target.as_ref().is_some_and(|el| {
            matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || el.closest("[role=dialog]").ok().flatten().is_some()
        });
        // Space on a focused button or link presses it; it must not also pause the clip.
        let on_control = target
            .as_ref()
            .is_some_and(|el| matches!(el.tag_name().as_str(), "BUTTON" | "A"));
        if on_control && ev.key() == " " {
            return;
        }
        if typing || sheet.is_open() || ev.alt_key() || ev.ctrl_key() || ev.meta_key() {
            return;
        }
        let last = state.with_untracked(|s| s.items.len());
        let i = active.get_untracked();
        match ev.key().as_str() {
            "ArrowDown" | "j" | "PageDown" => {
                ev.prevent_default();
                go_to((i + 1).min(last));
            }
            "ArrowUp" | "k" | "PageUp" => {
                ev.prevent_default();
                go_to(i.saturating_sub(1));
            }
            " " => {
                ev.prevent_default();
                paused.update(|p| *p = !*p);
            }
            "m" => sound.update(|s| *s = !*s),
            _ => {}
        }
    });

    let count = move || state.with(|s| s.items.len());
    let neighbours = RwSignal::new(false);
    // The slot that shows the current clip (the first, or the one the shopper left).
    let first_slot = active.get_untracked() % 3;
    Effect::new(move |_| {
        if count() > 0 && !neighbours.get_untracked() {
            leptos::task::spawn_local(async move {
                crate::chunks::yield_now().await;
                let _ = neighbours.try_set(true);
            });
        }
    });
    // The app behind the feed is black (see style/feed.css). After mounting: `main` is in the
    // document by then.
    Effect::new(move |_| {
        if let Some(main) = document().get_element_by_id("main") {
            let _ = main.class_list().add_1("is-feed");
        }
    });
    on_cleanup(move || {
        if let Some(main) = document().get_element_by_id("main") {
            let _ = main.class_list().remove_1("is-feed");
        }
    });
    view! {
        <div class="feed-page">
            <header class="feed-tabs">
                <div role="tablist" class="feed-tablist">
                {ui.offers.following_feed.then(|| view! {
                    <button role="tab" aria-selected=move || (tab.get() == FeedTab::Following).to_string()
                        on:click=move |_| switch_tab(FeedTab::Following) data-testid="tab-following">
                        {ui.t().following}
                    </button>
                })}
                <button role="tab" aria-selected=move || (tab.get() == FeedTab::ForYou).to_string()
                    on:click=move |_| switch_tab(FeedTab::ForYou) data-testid="tab-for-you">
                    {ui.t().for_you}
                </button>
                </div>
                {ui.offers.search.then(|| view! {
                    <a class="feed-search" href="/search" aria-label=ui.t().search>
                        <Icon path=icons::SEARCH />
                    </a>
                })}
            </header>
            <div class="feed" data-testid="feed" node_ref=feed_ref on:scroll=on_scroll tabindex="-1">
                <div class="feed-track" style:height=move || format!("calc(var(--slide-h) * {})", count() + 1)>
                    // Created with the first clips, not before, and the current one first: the
                    // neighbours come a task later, so neither task keeps the phone busy long.
                    {(0..3).map(|k| view! {
                        <Show when=move || { count() > 0 && (k == first_slot || neighbours.get()) }>
                            <Slot k />
                        </Show>
                    }).collect_view()}
                    // A new element whenever the count changes (keyed): browsers re-snap to a snap target
                    // that moves, and following this one down the list would skip every clip.
                    <For each=move || [count()] key=|n| *n let:n>
                            <div class="feed-slide feed-status" style:top=format!("calc(var(--slide-h) * {n})")>
                                {move || {
                                    let s = state.get();
                                    if let Some(error) = s.error {
                                        view! { <ErrorView error on_retry=move |_| load() /> }.into_any()
                                    } else if s.loading {
                                        view! { <Loading kind="slide" /> }.into_any()
                                    } else if s.done && s.items.is_empty() && tab.get() == FeedTab::Following {
                                        view! { <overlay::FollowSuggestions /> }.into_any()
                                    } else if s.done {
                                        view! { <p class="feed-end" data-testid="feed-end">{ui.t().end_of_feed}</p> }.into_any()
                                    } else {
                                        ().into_any()
                                    }
                                }}
                            </div>
                    </For>
                </div>
            </div>
            <ProductSheet />
        </div>
    }
}

/// The first page of a deep link starts with the linked clip.
async fn fetch_page(
    backend: &Backend,
    tab: FeedTab,
    start: Option<&str>,
    first: bool,
    cursor: Option<String>,
) -> Result<(Vec<FeedItem>, Option<String>), ApiError> {
    let mut items = Vec::new();
    if let (true, Some(id), FeedTab::ForYou) = (first, start, tab) {
        // A link to a clip that is gone opens the feed as usual rather than a dead end.
        match backend.video(id).await {
            Ok(item) => items.push(item),
            Err(e) if e.kind == crate::api::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    let page = backend.feed(tab, cursor).await?;
    items.extend(page.items);
    Ok((items, page.next_cursor))
}
