//! `/search`: a search box with suggestions as the shopper types and their recent searches;
//! results in tabs (products, creators, clips, lives), products filtered by category and price
//! and sorted. Everything that decides the results is in the URL
//! (`?q=汉服&tab=products&category=apparel&price=0-10000&sort=price_asc`), so Back, reload and a
//! shared link show the same; Back also finds the results as they were, scrolled where they were.

use crate::browser::persisted;
use crate::components::live_cards::LiveCards;
use crate::components::media_grid::VideoTile;
use crate::components::paged::{
    keep_scroll, kept_scroll, search_pages, Loaded, MoreOnScroll, PagedList,
};
use crate::components::product_sheet::{ProductSheet, SheetState};
use crate::components::{awaited, BackButton, ProductCard};
use crate::i18n::browse::{self, kind_label, sort_label};
use crate::model::{
    matches_all, query_words, ProductSort, SearchHit, SearchKind, SearchRequest, Text,
};
use crate::pages::feed::FeedSource;
use crate::state::memory::use_page_memory;
use crate::state::{use_backend, use_ui};
use crate::storage::Store;
use futures::FutureExt;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use std::rc::Rc;

/// How long typing must pause before suggestions are asked for.
const SUGGEST_AFTER_MS: u32 = 180;
/// Recent searches kept.
const RECENT: usize = 10;
const RECENT_KEY: &str = "haowu.search.recent.v1";
/// Price ranges offered as filters, in fen: `(min, max)`.
const PRICES: [(Option<i64>, Option<i64>); 4] = [
    (None, Some(5_000)),
    (Some(5_000), Some(10_000)),
    (Some(10_000), Some(30_000)),
    (Some(30_000), None),
];

/// The results of one request, kept for Back.
#[derive(Clone)]
struct Snapshot {
    ask: SearchRequest,
    results: Loaded<SearchHit>,
}

const KEY: &str = "/search";

/// The request the URL describes.
fn request_of(q: &leptos_router::params::ParamsMap) -> SearchRequest {
    let price = q.get("price").unwrap_or_default();
    let (min, max) = price.split_once('-').unwrap_or(("", ""));
    SearchRequest {
        q: q.get("q").unwrap_or_default().trim().to_owned(),
        kind: q
            .get("tab")
            .and_then(|t| SearchKind::parse(&t))
            .unwrap_or_default(),
        category: q.get("category").filter(|c| !c.is_empty()),
        price_min: min.parse().ok(),
        price_max: max.parse().ok(),
        sort: q
            .get("sort")
            .and_then(|s| ProductSort::parse(&s))
            .unwrap_or_default(),
        shop: None,
    }
}

/// The URL of a request (filters only for products, where they apply).
fn url_of(ask: &SearchRequest) -> String {
    let enc = |s: &str| String::from(js_sys::encode_uri_component(s));
    let mut url = format!("/search?q={}", enc(&ask.q));
    if ask.kind != SearchKind::Products {
        url.push_str(&format!("&tab={}", ask.kind.as_str()));
        return url;
    }
    if let Some(c) = &ask.category {
        url.push_str(&format!("&category={}", enc(c)));
    }
    if ask.price_min.is_some() || ask.price_max.is_some() {
        let n = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
        url.push_str(&format!("&price={}-{}", n(ask.price_min), n(ask.price_max)));
    }
    if ask.sort != ProductSort::Relevance {
        url.push_str(&format!("&sort={}", ask.sort.as_str()));
    }
    url
}

#[component]
pub fn SearchPage() -> impl IntoView {
    let ui = use_ui();
    let t = browse::strings(ui.locale);
    let backend = use_backend();
    let query = use_query_map();
    let navigate = use_navigate();
    let ask = Memo::new(move |_| query.with(request_of));
    Effect::new(move |_| {
        let q = ask.with(|a| a.q.clone());
        let title = if q.is_empty() {
            ui.t().search.to_owned()
        } else {
            format!("{q} · {}", ui.t().search)
        };
        super::set_title(&title);
    });
    let draft = RwSignal::new(ask.get_untracked().q);
    let recent = persisted::<Vec<String>>(Store::Local, RECENT_KEY);
    let go = StoredValue::new(move |next: SearchRequest, replace: bool| {
        navigate(
            &url_of(&next),
            NavigateOptions {
                replace,
                scroll: !replace,
                ..Default::default()
            },
        );
    });
    // A new query is a new history entry (Back returns to the previous results); a tab, a filter
    // or an order replaces this one.
    let search = move |text: String| {
        let text = text.trim().to_owned();
        if text.is_empty() {
            return;
        }
        recent.update(|r| {
            r.retain(|x| *x != text);
            r.insert(0, text.clone());
            r.truncate(RECENT);
        });
        draft.set(text.clone());
        let next = SearchRequest {
            q: text,
            kind: ask.get_untracked().kind,
            ..Default::default()
        };
        go.with_value(|g| g(next, false));
    };
    // The box follows the URL when Back changes the query.
    Effect::new(move |_| draft.set(ask.get().q));

    let restored = use_page_memory()
        .and_then(|m| m.take::<Snapshot>(KEY))
        .filter(|s| s.ask == ask.get_untracked());
    let scroll = restored.as_ref().and(kept_scroll(KEY));
    // Nothing to ask for without words; lives are searched where they are listed.
    let fetch = move |ask: SearchRequest| -> crate::components::paged::FetchPage<SearchHit> {
        if ask.q.is_empty() || ask.kind == SearchKind::Live {
            Rc::new(|_| {
                async {
                    Ok(crate::model::Page {
                        items: Vec::new(),
                        next_cursor: None,
                    })
                }
                .boxed_local()
            })
        } else {
            search_pages(backend.clone(), ask)
        }
    };
    let (results, shown) = PagedList::following(ask, fetch, restored.map(|s| (s.ask, s.results)));
    // A new query, tab, filter or order shows its results from the top.
    Effect::new(move |first: Option<()>| {
        ask.track();
        if first.is_some() {
            window().scroll_to_with_x_and_y(0.0, 0.0);
        }
    });
    if let Some(memory) = use_page_memory() {
        on_cleanup(move || {
            if let (Some(ask), Some(results)) = (shown.try_get_value(), results.snapshot()) {
                memory.keep(KEY.to_owned(), Snapshot { ask, results });
            }
        });
    }
    keep_scroll(KEY.to_owned(), scroll);
    crate::boot::reveal();
    SheetState::provide();

    let set_kind = move |kind: SearchKind| {
        let next = SearchRequest {
            q: ask.get_untracked().q,
            kind,
            ..Default::default()
        };
        go.with_value(|g| g(next, true));
    };
    let tab = move |kind: SearchKind| {
        view! {
            <button role="tab" aria-selected=move || (ask.with(|a| a.kind) == kind).to_string()
                data-testid=format!("search-tab-{}", kind.as_str()) on:click=move |_| set_kind(kind)>
                {kind_label(ui.locale, kind)}
            </button>
        }
    };
    let has_query = move || ask.with(|a| !a.q.is_empty());
    view! {
        <div class="page search-page" data-testid="search-page">
            <h1 class="visually-hidden">{ui.t().search}</h1>
            <div class="search-top">
                <BackButton />
                <SearchBox draft on_search=Callback::new(search) />
            </div>
            <Show when=move || !has_query()>
                <Recent recent on_pick=Callback::new(search) />
            </Show>
            <Show when=has_query>
                <div class="search-tabs" role="tablist">
                    {SearchKind::ALL.into_iter().filter(|k| *k != SearchKind::Live || ui.offers.live).map(tab).collect_view()}
                </div>
                <Show when=move || ask.with(|a| a.kind == SearchKind::Products)>
                    <Filters ask on_change=Callback::new(move |next| go.with_value(|g| g(next, true))) />
                </Show>
                {move || match ask.with(|a| a.kind) {
                    SearchKind::Live => view! { <LiveResults ask /> }.into_any(),
                    kind => view! { <Results results kind /> }.into_any(),
                }}
                <MoreOnScroll list=results end=t.end />
            </Show>
            <ProductSheet />
        </div>
    }
}

/// The box, and the suggestions for what is typed in it. Answers come back in any order;
/// only the one for the latest text is shown.
#[component]
fn SearchBox(draft: RwSignal<String>, on_search: Callback<String>) -> impl IntoView {
    let ui = use_ui();
    let t = browse::strings(ui.locale);
    let backend = use_backend();
    let suggestions = RwSignal::new(Vec::<Text>::new());
    let open = RwSignal::new(false);
    // The latest text asked about: an answer for anything else is stale.
    let asked = StoredValue::new(String::new());
    let timer = StoredValue::new_local(None::<gloo_timers::callback::Timeout>);
    let suggest = move |text: String| {
        timer.set_value(None);
        if text.trim().is_empty() || !ui.offers.suggestions {
            asked.set_value(String::new());
            suggestions.set(Vec::new());
            return;
        }
        let backend = backend.clone();
        timer.set_value(Some(gloo_timers::callback::Timeout::new(
            SUGGEST_AFTER_MS,
            move || {
                asked.set_value(text.clone());
                leptos::task::spawn_local(async move {
                    let answer = backend.suggest(&text).await;
                    if asked.try_get_value().as_deref() != Some(text.as_str()) {
                        return;
                    }
                    let _ = suggestions.try_set(answer.unwrap_or_default());
                });
            },
        )));
    };
    let suggest = StoredValue::new_local(suggest);
    on_cleanup(move || timer.set_value(None));
    let submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        open.set(false);
        on_search.run(draft.get_untracked());
    };
    view! {
        <form class="search-bar" role="search" on:submit=submit>
            <input type="search" data-testid="search-input" enterkeyhint="search" autocomplete="off"
                aria-label=ui.t().search placeholder=ui.t().search_placeholder
                prop:value=move || draft.get()
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    draft.set(text.clone());
                    open.set(true);
                    suggest.with_value(|s| s(text));
                } />
            <button class="btn" type="submit">{ui.t().search}</button>
        </form>
        <Show when=move || open.get() && !suggestions.with(Vec::is_empty)>
            <ul class="suggestions" id="search-suggestions" aria-label=t.suggestions data-testid="suggestions">
                <For each=move || suggestions.get() key=|s| s.clone() let:s>
                    {
                        let text = s.get(ui.locale).to_owned();
                        let pick = text.clone();
                        view! {
                            <li><button type="button" class="suggestion" data-testid="suggestion"
                                on:click=move |_| { open.set(false); on_search.run(pick.clone()); }>
                                {text}
                            </button></li>
                        }
                    }
                </For>
            </ul>
        </Show>
    }
}

/// The shopper's recent searches, each a tap from running again; clearable.
#[component]
fn Recent(recent: RwSignal<Vec<String>>, on_pick: Callback<String>) -> impl IntoView {
    let ui = use_ui();
    let t = browse::strings(ui.locale);
    view! {
        <Show when=move || !recent.with(Vec::is_empty) fallback=move || view! { <p class="empty">{ui.t().search_hint}</p> }>
            <section class="recent" data-testid="recent-searches">
                <div class="recent-head">
                    <h2>{t.recent}</h2>
                    <button class="link-btn" data-testid="clear-recent" on:click=move |_| recent.set(Vec::new())>{t.clear}</button>
                </div>
                <ul class="recent-list">
                    <For each=move || recent.get() key=|s| s.clone() let:s>
                        {
                            let pick = s.clone();
                            view! { <li><button class="chip" data-testid="recent-search" on:click=move |_| on_pick.run(pick.clone())>{s}</button></li> }
                        }
                    </For>
                </ul>
            </section>
        </Show>
    }
}

/// Category, price range and order for products.
#[component]
fn Filters(ask: Memo<SearchRequest>, on_change: Callback<SearchRequest>) -> impl IntoView {
    let ui = use_ui();
    let t = browse::strings(ui.locale);
    let backend = use_backend();
    let categories = LocalResource::new(move || {
        let backend = backend.clone();
        async move { backend.categories().await.unwrap_or_default() }
    });
    let change = move |f: &dyn Fn(&mut SearchRequest)| {
        let mut next = ask.get_untracked();
        f(&mut next);
        on_change.run(next);
    };
    let price_label = move |(min, max): (Option<i64>, Option<i64>)| {
        let yuan = |v: i64| (v / 100).to_string();
        match (min, max) {
            (None, Some(max)) => format!("≤¥{}", yuan(max)),
            (Some(min), None) => format!("≥¥{}", yuan(min)),
            (Some(min), Some(max)) => format!("¥{}–{}", yuan(min), yuan(max)),
            (None, None) => t.any.to_owned(),
        }
    };
    view! {
        <div class="filters" data-testid="search-filters">
            <label class="filter">
                <span>{t.category}</span>
                <select data-testid="filter-category" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    change(&|a| a.category = (!v.is_empty()).then(|| v.clone()));
                }>
                    <option value="" selected=move || ask.with(|a| a.category.is_none())>{t.any}</option>
                    <Transition fallback=|| ()>
                        {move || Suspend::new(async move {
                            categories.await.into_iter().map(|c| {
                                let id = c.id.clone();
                                let selected = { let id = id.clone(); move || ask.with(|a| a.category.as_deref() == Some(id.as_str())) };
                                view! { <option value=id selected=selected>{c.name.get(ui.locale).to_owned()}</option> }
                            }).collect_view()
                        })}
                    </Transition>
                </select>
            </label>
            <label class="filter">
                <span>{t.price}</span>
                <select data-testid="filter-price" on:change=move |ev| {
                    let v: usize = event_target_value(&ev).parse().unwrap_or(0);
                    let (min, max) = v.checked_sub(1).and_then(|i| PRICES.get(i).copied()).unwrap_or((None, None));
                    change(&|a| { a.price_min = min; a.price_max = max; });
                }>
                    <option value="0" selected=move || ask.with(|a| a.price_min.is_none() && a.price_max.is_none())>{t.any}</option>
                    {PRICES.into_iter().enumerate().map(|(i, range)| view! {
                        <option value=(i + 1).to_string() selected=move || ask.with(|a| (a.price_min, a.price_max) == range)>{price_label(range)}</option>
                    }).collect_view()}
                </select>
            </label>
            <label class="filter">
                <span>{t.sort}</span>
                <select data-testid="filter-sort" on:change=move |ev| {
                    let sort = ProductSort::parse(&event_target_value(&ev)).unwrap_or_default();
                    change(&|a| a.sort = sort);
                }>
                    {ProductSort::ALL.into_iter().map(|s| view! {
                        <option value=s.as_str() selected=move || ask.with(|a| a.sort == s)>{sort_label(ui.locale, s)}</option>
                    }).collect_view()}
                </select>
            </label>
        </div>
    }
}

/// One tab's hits: a product grid, a creator list or a clip grid.
#[component]
fn Results(results: PagedList<SearchHit>, kind: SearchKind) -> impl IntoView {
    let ui = use_ui();
    let sheet = expect_context::<SheetState>();
    let hits = move || results.state.with(|s| s.items.clone());
    let empty = move || results.is_empty();
    let body = match kind {
        SearchKind::Products => view! {
            <div class="product-grid" data-testid="search-products">
                <For each=hits key=|h| hit_key(h) let:hit>
                    {match hit {
                        SearchHit::Product(product) => view! {
                            <ProductCard product testid="search-result" on_buy=Callback::new(move |id: String| sheet.open(&id)) />
                        }.into_any(),
                        _ => ().into_any(),
                    }}
                </For>
            </div>
        }.into_any(),
        SearchKind::Creators => view! {
            <ul class="creator-results" data-testid="search-creators">
                <For each=hits key=|h| hit_key(h) let:hit>
                    {match hit {
                        SearchHit::Creator(c) => {
                            let name = c.name.get(ui.locale).to_owned();
                            view! {
                                <li><a class="creator-result" href=format!("/@{}", c.handle) data-testid="search-result">
                                    <img src=c.avatar.clone() alt="" width="48" height="48" loading="lazy" />
                                    <span>{name}</span>
                                    <small>{format!("@{}", c.handle)}</small>
                                </a></li>
                            }.into_any()
                        }
                        _ => ().into_any(),
                    }}
                </For>
            </ul>
        }.into_any(),
        _ => view! {
            <div class="video-grid" data-testid="search-videos">
                <For each=hits key=|h| hit_key(h) let:hit>
                    {match hit {
                        SearchHit::Video(item) => {
                            let source = FeedSource::Creator(item.creator.handle.clone());
                            view! { <VideoTile item source testid="search-video" /> }.into_any()
                        }
                        _ => ().into_any(),
                    }}
                </For>
            </div>
        }.into_any(),
    };
    view! {
        {body}
        {move || empty().then(|| view! { <p class="empty" data-testid="search-empty">{ui.t().no_results}</p> })}
    }
}

fn hit_key(hit: &SearchHit) -> String {
    match hit {
        SearchHit::Product(p) => format!("p:{}", p.id),
        SearchHit::Creator(c) => format!("c:{}", c.handle),
        SearchHit::Video(v) => format!("v:{}", v.id),
    }
}

/// Live rooms whose title or host has every word: from the rooms' list, which every backend
/// with lives has.
#[component]
fn LiveResults(ask: Memo<SearchRequest>) -> impl IntoView {
    let ui = use_ui();
    let backend = use_backend();
    let rooms = LocalResource::new(move || {
        let backend = backend.clone();
        // A hashtag names a topic: a room about it has the word, without the "#".
        let words: Vec<String> = query_words(&ask.get().q)
            .into_iter()
            .map(|w| w.trim_start_matches('#').to_owned())
            .filter(|w| !w.is_empty())
            .collect();
        async move {
            let rooms = backend.live_rooms().await?;
            Ok::<_, crate::api::ApiError>(
                rooms
                    .into_iter()
                    .filter(|r| matches_all(&words, &[&r.title, &r.host.name]))
                    .collect::<Vec<_>>(),
            )
        }
    });
    view! {
        {awaited(rooms, move |rooms: Vec<crate::model::LiveRoom>| {
            if rooms.is_empty() {
                view! { <p class="empty" data-testid="search-empty">{ui.t().no_results}</p> }.into_any()
            } else {
                view! { <LiveCards rooms testid="search-live" title=None /> }.into_any()
            }
        })}
    }
}
