//! `/@:handle`: a creator's (or a brand's) profile: who they are, follow, message and share;
//! their clips, their showcase of goods and their lives, in tabs named in the URL
//! (`?tab=showcase&sort=price_asc`) so Back and a shared link open the same view.

use crate::components::icons::{self, Icon};
use crate::components::live_cards::{by_status, LiveCards};
use crate::components::media_grid::VideoTile;
use crate::components::paged::{keep_scroll, kept_scroll, Loaded, MoreOnScroll, PagedList};
use crate::components::product_sheet::{ProductSheet, SheetState};
use crate::components::sheet::Sheet;
use crate::components::{awaited, BackButton, ProductCard};
use crate::i18n::browse::{self, sort_label};
use crate::model::{Creator, FeedItem, ProductSort, ProductSummary};
use crate::pages::feed::FeedSource;
use crate::state::memory::use_page_memory;
use crate::state::social::use_social;
use crate::state::{use_backend, use_ui};
use futures::FutureExt;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use leptos_router::NavigateOptions;
use std::rc::Rc;

/// The profile's tabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tab {
    Videos,
    Showcase,
    Live,
}

impl Tab {
    fn parse(s: Option<&str>) -> Tab {
        match s {
            Some("showcase") => Tab::Showcase,
            Some("live") => Tab::Live,
            _ => Tab::Videos,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Tab::Videos => "videos",
            Tab::Showcase => "showcase",
            Tab::Live => "live",
        }
    }
}

/// What the profile had loaded when the shopper left it.
#[derive(Clone)]
struct Snapshot {
    creator: Creator,
    videos: Option<Loaded<FeedItem>>,
    showcase: Option<(ProductSort, Loaded<ProductSummary>)>,
}

/// The profile route is `/:at_handle`; anything not starting with "@" is not a profile.
#[component]
pub fn CreatorPage() -> impl IntoView {
    let params = use_params_map();
    let handle = move || {
        params.with(|p| {
            p.get("at_handle")
                .and_then(|h| h.strip_prefix('@').map(String::from))
        })
    };
    move || match handle() {
        Some(h) if !h.is_empty() => view! { <CreatorLoader handle=h /> }.into_any(),
        _ => view! { <super::not_found::NotFound /> }.into_any(),
    }
}

#[component]
fn CreatorLoader(handle: String) -> impl IntoView {
    let backend = use_backend();
    let key = format!("/@{}", handle.to_lowercase());
    let restored = use_page_memory().and_then(|m| m.take::<Snapshot>(&key));
    let scroll = kept_scroll(&key);
    let view = match restored {
        Some(snapshot) => view! { <Profile snapshot key scroll /> }.into_any(),
        None => {
            let data = LocalResource::new(move || {
                let backend = backend.clone();
                let handle = handle.clone();
                async move { backend.creator(&handle).await }
            });
            awaited(data, move |creator| {
                let snapshot = Snapshot {
                    creator,
                    videos: None,
                    showcase: None,
                };
                view! { <Profile snapshot key=key.clone() scroll=None /> }
            })
            .into_any()
        }
    };
    view! {
        <div class="page creator-page" data-testid="creator-profile">
            <BackButton overlay=true />
            {view}
        </div>
    }
}

#[component]
fn Profile(snapshot: Snapshot, key: String, scroll: Option<f64>) -> impl IntoView {
    let ui = use_ui();
    let backend = use_backend();
    let query = use_query_map();
    let navigate = use_navigate();
    let Snapshot {
        creator,
        videos,
        showcase,
    } = snapshot;
    super::set_page_info(super::PageInfo {
        title: creator.name.get(ui.locale).to_owned(),
        description: creator.bio.get(ui.locale).to_owned(),
        image: creator.avatar.clone(),
    });
    let handle = creator.handle.clone();
    let tab = Memo::new(move |_| query.with(|q| Tab::parse(q.get("tab").as_deref())));
    let sort = Memo::new(move |_| {
        query
            .with(|q| q.get("sort").and_then(|s| ProductSort::parse(&s)))
            .unwrap_or(ProductSort::Popular)
    });
    // Tabs and sort are the URL's: replacing the entry keeps Back one step for the profile.
    let set_query = {
        let handle = handle.clone();
        move |tab: Tab, sort: ProductSort| {
            let mut url = format!("/@{handle}");
            if tab != Tab::Videos {
                url.push_str(&format!("?tab={}", tab.as_str()));
                if tab == Tab::Showcase && sort != ProductSort::Popular {
                    url.push_str(&format!("&sort={}", sort.as_str()));
                }
            }
            navigate(
                &url,
                NavigateOptions {
                    replace: true,
                    scroll: false,
                    ..Default::default()
                },
            );
        }
    };
    let set_query = StoredValue::new(set_query);

    let videos = {
        let (backend, handle) = (backend.clone(), handle.clone());
        PagedList::new(
            Rc::new(move |cursor| {
                let (backend, handle) = (backend.clone(), handle.clone());
                async move { backend.creator_videos(&handle, cursor).await }.boxed_local()
            }),
            videos,
        )
    };
    let showcase_fetch = {
        let (backend, handle) = (backend.clone(), handle.clone());
        move |sort: ProductSort| -> crate::components::paged::FetchPage<ProductSummary> {
            let (backend, handle) = (backend.clone(), handle.clone());
            Rc::new(move |cursor| {
                let (backend, handle) = (backend.clone(), handle.clone());
                async move { backend.showcase(&handle, sort, cursor).await }.boxed_local()
            })
        }
    };
    // A new sort (a tap, or Back to another entry) lists the showcase again in that order.
    let (goods, shown_sort) = PagedList::following(sort, showcase_fetch, showcase);
    let lives = {
        let (backend, handle) = (backend.clone(), handle.clone());
        LocalResource::new(move || {
            let (backend, handle) = (backend.clone(), handle.clone());
            async move {
                let rooms = backend.live_rooms().await?;
                Ok::<_, crate::api::ApiError>(
                    rooms
                        .into_iter()
                        .filter(|r| r.host.handle.eq_ignore_ascii_case(&handle))
                        .collect::<Vec<_>>(),
                )
            }
        })
    };

    let sheet = SheetState::provide();
    let kept = creator.clone();
    if let Some(memory) = use_page_memory() {
        let key = key.clone();
        on_cleanup(move || {
            memory.keep(
                key,
                Snapshot {
                    creator: kept,
                    videos: videos.snapshot(),
                    showcase: goods.snapshot().map(|l| (shown_sort.get_value(), l)),
                },
            );
        });
    }
    keep_scroll(key, scroll);

    // The banner: the creator's latest clip, once the first page of clips is in.
    let cover = move || {
        videos
            .state
            .with(|s| s.items.first().map(|v| v.media.poster.clone()))
    };
    Effect::new(move |_| {
        if videos
            .state
            .with(|s| s.done && s.items.is_empty() || s.error.is_some())
        {
            crate::boot::reveal();
        }
    });
    let source = FeedSource::Creator(handle.clone());
    let source = StoredValue::new(source);
    let t = browse::strings(ui.locale);
    let tab_button = move |which: Tab, label: &'static str| {
        view! {
            <button role="tab" id=format!("tab-{}", which.as_str()) aria-controls=format!("panel-{}", which.as_str())
                aria-selected=move || (tab.get() == which).to_string() data-testid=format!("profile-tab-{}", which.as_str())
                on:click=move |_| set_query.with_value(|f| f(which, sort.get_untracked()))>
                {label}
            </button>
        }
    };
    view! {
        <div class="profile-cover-box">
            {move || cover().map(|src| view! {
                <img class="profile-cover" src=src alt="" width="540" height="960"
                    on:load=|_| crate::boot::reveal() on:error=|_| crate::boot::reveal() />
            })}
        </div>
        <Header creator />
        <div class="profile-tabs" role="tablist">
            {tab_button(Tab::Videos, t.tab_videos)}
            {tab_button(Tab::Showcase, t.tab_showcase)}
            {ui.offers.live.then(|| tab_button(Tab::Live, t.tab_live))}
        </div>
        <section id="panel-videos" role="tabpanel" aria-labelledby="tab-videos" hidden=move || tab.get() != Tab::Videos>
            <div class="video-grid" data-testid="creator-videos">
                <For each=move || videos.state.with(|s| s.items.clone()) key=|v| v.id.clone() let:item>
                    <VideoTile item source=source.get_value() testid="creator-video" />
                </For>
            </div>
            {move || videos.is_empty().then(|| view! { <p class="empty">{t.no_videos}</p> })}
            <MoreOnScroll list=videos />
        </section>
        <section id="panel-showcase" role="tabpanel" aria-labelledby="tab-showcase" hidden=move || tab.get() != Tab::Showcase>
            <div class="sort-chips" role="group" aria-label=t.sort>
                {[ProductSort::Popular, ProductSort::New, ProductSort::PriceAsc, ProductSort::PriceDesc].into_iter().map(|s| view! {
                    <button class="chip" aria-pressed=move || (sort.get() == s).to_string() data-testid=format!("sort-{}", s.as_str())
                        on:click=move |_| set_query.with_value(|f| f(Tab::Showcase, s))>
                        {sort_label(ui.locale, s)}
                    </button>
                }).collect_view()}
            </div>
            <div class="product-grid" data-testid="creator-showcase">
                <For each=move || goods.state.with(|s| s.items.clone()) key=|p| p.id.clone() let:product>
                    <ProductCard product testid="showcase-item" on_buy=Callback::new(move |id: String| sheet.open(&id)) />
                </For>
            </div>
            {move || goods.is_empty().then(|| view! { <p class="empty">{t.no_products}</p> })}
            <MoreOnScroll list=goods end=t.end />
        </section>
        {ui.offers.live.then(|| view! {
            <section id="panel-live" role="tabpanel" aria-labelledby="tab-live" hidden=move || tab.get() != Tab::Live data-testid="creator-lives">
                {awaited(lives, move |rooms: Vec<crate::model::LiveRoom>| {
                    if rooms.is_empty() {
                        return view! { <p class="empty">{t.no_lives}</p> }.into_any();
                    }
                    let (now, soon, ended) = by_status(rooms);
                    view! {
                        <LiveCards rooms=now testid="profile-live-now" title=Some(t.on_air) />
                        <LiveCards rooms=soon testid="profile-upcoming" title=Some(t.upcoming) />
                        <LiveCards rooms=ended testid="profile-replays" title=Some(t.past) />
                    }.into_any()
                })}
            </section>
        })}
        <ProductSheet />
    }
}

/// Avatar (ringed when live), name and badges, handle, counts, bio, and the actions.
#[component]
fn Header(creator: Creator) -> impl IntoView {
    let ui = use_ui();
    let t = browse::strings(ui.locale);
    let social = use_social();
    let Creator {
        handle,
        name,
        avatar,
        bio,
        followers,
        following,
        likes,
        verified,
        brand,
        live_now,
        ..
    } = creator;
    let handle = StoredValue::new(handle);
    let followed = move || handle.with_value(|h| social.is_following(h));
    // The backend's count does not include a follow it has not heard of yet (the demo's never do).
    let follower_count = move || followers + u64::from(followed());
    let messaging = RwSignal::new(false);
    let toast = crate::components::toast::use_toast();
    let share = move |_| {
        let url = format!(
            "{}/@{}",
            window().location().origin().unwrap_or_default(),
            handle.get_value()
        );
        leptos::task::spawn_local(async move {
            match crate::components::toast::share_or_copy(&url).await {
                Ok(true) => {}
                Ok(false) => toast.show(ui.t().link_copied),
                Err(()) => toast.show(ui.t().share_failed),
            }
        });
    };
    let display = name.get(ui.locale).to_owned();
    let avatar_alt = display.clone();
    view! {
        <header class="profile-head">
            {match live_now.clone() {
                Some(room) => view! {
                    <a class="profile-avatar is-live" href=format!("/live/{room}") data-testid="profile-live-ring">
                        <img src=avatar alt=avatar_alt width="88" height="88" />
                        <span class="live-tag" aria-hidden="true">"LIVE"</span>
                    </a>
                }.into_any(),
                None => view! {
                    <div class="profile-avatar"><img src=avatar alt=avatar_alt width="88" height="88" /></div>
                }.into_any(),
            }}
            <h1 data-testid="creator-name">
                {display}
                {verified.then(|| view! { <span class="verified" title=t.verified><span aria-hidden="true">"✓"</span><span class="visually-hidden">{t.verified}</span></span> })}
                {brand.then(|| view! { <span class="brand-badge" data-testid="brand-badge">{t.brand}</span> })}
            </h1>
            <p class="handle">{format!("@{}", handle.get_value())}</p>
            <ul class="stats" data-testid="profile-stats">
                <li><b>{ui.count(following)}</b>" "{t.following}</li>
                <li><b data-testid="follower-count">{move || ui.count(follower_count())}</b>" "{ui.t().followers}</li>
                <li><b>{ui.count(likes)}</b>" "{ui.t().likes}</li>
            </ul>
            <p class="bio">{bio.get(ui.locale).to_owned()}</p>
            <div class="profile-actions">
                {ui.offers.follows.then(|| view! {
                    <button class="btn follow-main" class:is-on=followed data-testid="profile-follow" aria-pressed=move || followed().to_string()
                        on:click=move |_| handle.with_value(|h| social.set_follow(h, !social.is_following(h)))>
                        {move || if followed() { ui.t().followed } else { ui.t().follow }}
                    </button>
                })}
                <button class="btn btn-ghost" data-testid="profile-message" on:click=move |_| messaging.set(true)>{t.message}</button>
                <button class="btn btn-ghost btn-icon" data-testid="profile-share" aria-label=t.share_profile on:click=share>
                    <Icon path=icons::SHARE size=20 />
                </button>
            </div>
            {live_now.map(|room| view! {
                <a class="btn live-btn" href=format!("/live/{room}") data-testid="watch-live">{t.watch_live}</a>
            })}
        </header>
        <Show when=move || messaging.get()>
            <Sheet on_close=move |()| messaging.set(false) label=t.messages_soon testid="message-sheet"
                close_testid="message-close" backdrop_testid="message-backdrop">
                <h2 class="sheet-title">{t.messages_soon}</h2>
                <p class="sheet-text">{t.messages_soon_body}</p>
            </Sheet>
        </Show>
    }
}
