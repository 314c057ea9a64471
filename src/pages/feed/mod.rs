//! The vertical feed of clips: `/` and `/v/:id` (the feed opened at one clip).

mod slide;

use crate::api::{ApiError, Backend};
use crate::components::{ErrorView, Loading};
use crate::model::{FeedItem, FeedTab};
use crate::state::{use_backend, use_ui};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use slide::Slide;

/// How close to the end (in slides) the next page is requested.
const PREFETCH_DISTANCE: usize = 3;

/// What the feed has loaded so far and what it is doing.
#[derive(Clone, Default)]
struct FeedState {
    items: Vec<FeedItem>,
    next_cursor: Option<String>,
    done: bool,
    loading: bool,
    error: Option<ApiError>,
}

#[component]
pub fn FeedPage() -> impl IntoView {
    let params = use_params_map();
    let start_id = move || params.with(|p| p.get("id"));
    view! {
        // Re-created when the deep-linked clip changes.
        {move || view! { <Feed start=start_id() /> }}
    }
}

#[component]
fn Feed(start: Option<String>) -> impl IntoView {
    let ui = use_ui();
    let backend = use_backend();
    let tab = RwSignal::new(FeedTab::ForYou);
    let state = RwSignal::new(FeedState::default());
    let active = RwSignal::new(0usize);
    super::set_title("");

    let load_more = {
        let backend = backend.clone();
        let start = start.clone();
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
                let result = fetch_page(
                    &backend,
                    tab_now,
                    start.as_deref(),
                    s.items.is_empty(),
                    s.next_cursor,
                )
                .await;
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
    };
    let load_more = StoredValue::new_local(load_more);
    load_more.with_value(|f| f());

    // Keep a few slides of content ahead of the shopper.
    Effect::new(move |_| {
        let i = active.get();
        let (len, idle) =
            state.with(|s| (s.items.len(), !s.loading && !s.done && s.error.is_none()));
        if idle && len > 0 && i + PREFETCH_DISTANCE >= len {
            load_more.with_value(|f| f());
        }
    });

    let switch_tab = move |t: FeedTab| {
        if tab.get_untracked() == t {
            return;
        }
        tab.set(t);
        state.set(FeedState::default());
        active.set(0);
        load_more.with_value(|f| f());
    };

    let on_scroll = move |ev: web_sys::Event| {
        let el: web_sys::Element = event_target(&ev);
        let h = el.client_height().max(1);
        let i = ((el.scroll_top() + h / 2) / h).max(0) as usize;
        if active.get_untracked() != i {
            active.set(i);
        }
    };

    view! {
        <div class="feed-page">
            <header class="feed-tabs" role="tablist">
                <button role="tab" aria-selected=move || (tab.get() == FeedTab::Following).to_string()
                    on:click=move |_| switch_tab(FeedTab::Following) data-testid="tab-following">
                    {ui.t().following}
                </button>
                <button role="tab" aria-selected=move || (tab.get() == FeedTab::ForYou).to_string()
                    on:click=move |_| switch_tab(FeedTab::ForYou) data-testid="tab-for-you">
                    {ui.t().for_you}
                </button>
                <a class="feed-search" href="/search" aria-label=ui.t().search>
                    <crate::components::icons::Icon path=crate::components::icons::SEARCH />
                </a>
            </header>
            <div class="feed" data-testid="feed" on:scroll=on_scroll>
                <For
                    each=move || state.with(|s| s.items.iter().cloned().enumerate().collect::<Vec<_>>())
                    key=|(_, item)| item.id.clone()
                    let:entry
                >
                    {
                        let (index, item) = entry;
                        let is_active = Signal::derive(move || active.get() == index);
                        let is_near = Signal::derive(move || active.get().abs_diff(index) <= 1);
                        view! { <Slide item=item active=is_active near=is_near /> }
                    }
                </For>
                {move || {
                    let s = state.get();
                    if let Some(error) = s.error {
                        view! {
                            <div class="feed-slide feed-status">
                                <ErrorView error=error on_retry=move |_| load_more.with_value(|f| f()) />
                            </div>
                        }
                            .into_any()
                    } else if s.loading {
                        view! { <div class="feed-slide feed-status"><Loading kind="slide" /></div> }.into_any()
                    } else if s.done {
                        view! {
                            <div class="feed-slide feed-status feed-end" data-testid="feed-end">
                                <p>{ui.t().end_of_feed}</p>
                            </div>
                        }
                            .into_any()
                    } else {
                        ().into_any()
                    }
                }}
            </div>
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
        items.push(backend.video(id).await?);
    }
    let page = backend.feed(tab, cursor).await?;
    items.extend(page.items);
    Ok((items, page.next_cursor))
}
