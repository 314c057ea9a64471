//! `/@:handle`: a creator's profile with their clips and their showcase of goods.

use crate::components::{BackButton, ErrorView, Loading, ProductCard};
use crate::model::{Creator, FeedItem, Page, ProductSummary};
use crate::state::{use_backend, use_ui};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

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
    let data = LocalResource::new(move || {
        let backend = backend.clone();
        let handle = handle.clone();
        async move {
            let (creator, videos, showcase) = futures::join!(
                backend.creator(&handle),
                backend.creator_videos(&handle, None),
                backend.showcase(&handle, None)
            );
            Ok::<_, crate::api::ApiError>((creator?, videos?, showcase?))
        }
    });
    view! {
        <div class="page creator-page" data-testid="creator-profile">
            <BackButton overlay=true />
            <Transition fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok((creator, videos, showcase)) => view! { <Profile creator videos showcase /> }.into_any(),
                        Err(error) => view! { <ErrorView error on_retry=move |_| data.refetch() /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn Profile(
    creator: Creator,
    videos: Page<FeedItem>,
    showcase: Page<ProductSummary>,
) -> impl IntoView {
    let ui = use_ui();
    super::set_title(creator.name.get(ui.locale));
    let Creator {
        handle,
        name,
        avatar,
        bio,
        followers,
        likes,
        verified,
        live_now,
        ..
    } = creator;
    let tab = RwSignal::new(0u8);
    // The cover: the creator's latest clip, as their profile's banner.
    let cover = videos.items.first().map(|v| v.media.poster.clone());
    if cover.is_none() {
        crate::boot::reveal();
    }
    view! {
        {cover.map(|src| view! {
            <img class="profile-cover" src=src alt="" width="540" height="960"
                on:load=|_| crate::boot::reveal() on:error=|_| crate::boot::reveal() />
        })}
        <header class="profile-head">
            <div class="profile-avatar" class:is-live=live_now.is_some()>
                <img src=avatar alt="" width="88" height="88" />
            </div>
            <h1 data-testid="creator-name">
                {name.get(ui.locale).to_owned()}
                {verified.then(|| view! { <span class="verified" aria-label="verified">"✓"</span> })}
            </h1>
            <p class="handle">{format!("@{handle}")}</p>
            <p class="stats">
                <span><b>{ui.count(followers)}</b>" "{ui.t().followers}</span>
                <span><b>{ui.count(likes)}</b>" "{ui.t().likes}</span>
            </p>
            <p class="bio">{bio.get(ui.locale).to_owned()}</p>
            {live_now.map(|room| view! {
                <a class="btn live-btn" href=format!("/live/{room}")>{ui.t().live_now}</a>
            })}
        </header>
        <div class="profile-tabs" role="tablist">
            <button role="tab" aria-selected=move || (tab.get() == 0).to_string() on:click=move |_| tab.set(0)>
                {ui.t().videos}
            </button>
            <button role="tab" aria-selected=move || (tab.get() == 1).to_string() on:click=move |_| tab.set(1)>
                {ui.t().showcase}
            </button>
        </div>
        <div class="video-grid" data-testid="creator-videos" hidden=move || tab.get() != 0>
            {videos.items.into_iter().map(|v| view! {
                <a class="video-tile" href=format!("/v/{}", v.id) data-testid="creator-video">
                    <img src=v.media.poster alt="" width="180" height="320" loading="lazy" />
                    <span class="tile-likes">{ui.count(v.likes)}</span>
                </a>
            }).collect_view()}
        </div>
        <div class="product-grid" data-testid="creator-showcase" hidden=move || tab.get() != 1>
            {showcase.items.into_iter().map(|p| view! { <ProductCard product=p testid="showcase-item" /> }).collect_view()}
        </div>
    }
}
