//! The vertical feed of clips: `/` and `/v/:id` (the feed opened at one clip). `/v/:id?from=@h`
//! plays creator h's clips from that one (a profile's grid), `?from=product:p` the clips that
//! show product p.
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
use crate::model::{FeedItem, FeedTab, Page};
use crate::state::social::use_social;
use crate::state::{use_backend, use_sound, use_ui};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
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

/// Which clips a feed plays.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FeedSource {
    /// The For-you and Following tabs.
    Tabs,
    /// One creator's clips, newest first.
    Creator(String),
    /// The clips that show one product.
    Product(String),
}

impl FeedSource {
    /// From the `from` query value.
    pub fn parse(from: Option<&str>) -> FeedSource {
        match from {
            Some(f) if f.starts_with('@') && f.len() > 1 => FeedSource::Creator(f[1..].to_owned()),
            Some(f) => f
                .strip_prefix("product:")
                .filter(|id| !id.is_empty())
                .map_or(FeedSource::Tabs, |id| FeedSource::Product(id.to_owned())),
            None => FeedSource::Tabs,
        }
    }

    /// The `from` query value.
    pub fn query(&self) -> String {
        match self {
            FeedSource::Tabs => String::new(),
            FeedSource::Creator(h) => format!("@{h}"),
            FeedSource::Product(p) => format!("product:{p}"),
        }
    }
}

/// The link that opens a clip in a feed of `source`'s clips.
pub fn clip_href(id: &str, source: &FeedSource) -> String {
    match source {
        FeedSource::Tabs => format!("/v/{id}"),
        other => format!(
            "/v/{id}?from={}",
            String::from(js_sys::encode_uri_component(&other.query()))
        ),
    }
}

/// Pages a feed of one creator's (or product's) clips reads to find the clip it opens at.
const FIND_PAGES: usize = 10;

#[component]
pub fn FeedPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let start_id = move || params.with(|p| p.get("id"));
    let source = move || query.with(|q| FeedSource::parse(q.get("from").as_deref()));
    // Re-created when the deep-linked clip or the source changes.
    move || view! { <Feed start=start_id() source=source() /> }
}

#[component]
fn Feed(start: Option<String>, source: FeedSource) -> impl IntoView {
    let ui = use_ui();
    let backend = use_backend();
    let social = use_social();
    let sound = use_sound();
    // Back to a feed the shopper left: as it was, without asking the backend again.
    let memory = crate::state::memory::use_page_memory();
    let key = match &start {
        Some(id) => clip_href(id, &source),
        None => "/".to_owned(),
    };
    let restored = memory.and_then(|m| m.take::<FeedSnapshot>(&key));
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
    let feed_ref = NodeRef::<leptos::html::Div>::new();

    let load_more = StoredValue::new_local({
        let backend = backend.clone();
        let source = source.clone();
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
            let source = source.clone();
            let tab_now = tab.get_untracked();
            leptos::task::spawn_local(async move {
                if tab_now == FeedTab::Following {
                    social.follows_sent().await;
                }
                let first = s.items.is_empty();
                let result = match &source {
                    FeedSource::Tabs => {
                        fetch_page(&backend, tab_now, start.as_deref(), first, s.next_cursor).await
                    }
                    other => {
                        let found = first.then_some(start.as_deref()).flatten();
                        fetch_source(&backend, other, found, s.next_cursor).await
                    }
                };
                // A creator's feed opens at the clip tapped in their grid: that clip's place.
                let open_at = match (&result, first, &start) {
                    (Ok((items, _)), true, Some(id)) if source != FeedSource::Tabs => {
                        items.iter().position(|i| &i.id == id)
                    }
                    _ => None,
                };
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
                if let Some(i) = open_at.filter(|i| *i > 0) {
                    active.set(i);
                    scroll_to_slide(feed_ref, i);
                }
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
            {(source != FeedSource::Tabs).then(|| view! {
                <header class="feed-tabs feed-source">
                    // Back where the shopper came from; landed here, to the profile or product
                    // (a link: the router's back button would bring its navigation into the
                    // first load).
                    <a class="back-btn overlay" href=match &source {
                        FeedSource::Creator(h) => format!("/@{h}"),
                        FeedSource::Product(p) => format!("/p/{p}"),
                        FeedSource::Tabs => "/".to_owned(),
                    } aria-label=ui.t().back data-testid="back" on:click=move |ev| {
                        if crate::components::back_button::entry_depth() > 0 {
                            ev.prevent_default();
                            let _ = window().history().map(|h| h.back());
                        }
                    }>
                        <Icon path=icons::BACK />
                    </a>
                    <span class="feed-source-title" data-testid="feed-source">{match &source {
                        FeedSource::Creator(h) => format!("@{h}"),
                        _ => ui.t().videos.to_owned(),
                    }}</span>
                </header>
            })}
            {(source == FeedSource::Tabs).then(|| view! {
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
            })}
            <div class="feed" data-testid="feed" node_ref=feed_ref on:scroll=on_scroll tabindex="-1">
                <div class="feed-track" style:height=move || format!("calc(var(--slide-h) * {})", count() + 1)>
                    // Created with the first clips, not before, and the current one first: the
                    // neighbours come a task later, so neither task keeps the phone busy long.
                    {(0..3).map(|k| view! {
                        <Show when=move || { count() > 0 && (neighbours.get() || k == active.get() % 3) }>
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

/// Puts slide `i` on screen once the slides are laid out (the next frame).
fn scroll_to_slide(feed_ref: NodeRef<leptos::html::Div>, i: usize) {
    request_animation_frame(move || {
        if let Some(el) = feed_ref.get_untracked() {
            el.set_scroll_top(el.client_height() * i as i32);
        }
    });
}

/// A page of a creator's or a product's clips; the first reads on until it holds the clip
/// `find` (a few pages at most), so the feed can open there with the clips before it above.
async fn fetch_source(
    backend: &Backend,
    source: &FeedSource,
    find: Option<&str>,
    mut cursor: Option<String>,
) -> Result<(Vec<FeedItem>, Option<String>), ApiError> {
    let mut items = Vec::new();
    for _ in 0..FIND_PAGES {
        let page = match source {
            FeedSource::Creator(h) => backend.creator_videos(h, cursor).await?,
            FeedSource::Product(p) => backend.product_videos(p, cursor).await?,
            // Fetched by `fetch_page`; nothing to add here.
            FeedSource::Tabs => Page {
                items: Vec::new(),
                next_cursor: None,
            },
        };
        items.extend(page.items);
        cursor = page.next_cursor;
        let found = find.is_none_or(|id| items.iter().any(|i| i.id == id));
        if found || cursor.is_none() {
            break;
        }
    }
    Ok((items, cursor))
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

#[cfg(test)]
mod tests {
    use super::FeedSource;

    #[test]
    fn sources_round_trip_through_the_url() {
        for source in [
            FeedSource::Tabs,
            FeedSource::Creator("yuebai_hanfu".into()),
            FeedSource::Product("hf-mamian".into()),
        ] {
            let query = source.query();
            let parsed = FeedSource::parse((!query.is_empty()).then_some(query.as_str()));
            assert_eq!(parsed, source);
        }
        // Anything else is the ordinary feed, not an error.
        for junk in ["@", "product:", "nonsense", ""] {
            assert_eq!(FeedSource::parse(Some(junk)), FeedSource::Tabs, "{junk:?}");
        }
    }
}
