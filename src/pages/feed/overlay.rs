//! What sits on top of a clip: who posted it (with follow), the caption with #tags, the
//! product chip (opens the product sheet), and the rail of reactions.

use crate::components::icons::{self, Icon};
use crate::components::product_sheet::SheetState;
use crate::components::toast::use_toast;
use crate::components::ProductChip;
use crate::model::{caption_parts, CreatorSummary, FeedItem};
use crate::state::social::use_social;
use crate::state::{use_backend, use_sound, use_ui};
use leptos::prelude::*;

#[component]
pub fn Overlay(item: FeedItem, active: Memo<bool>) -> impl IntoView {
    let ui = use_ui();
    let sound = use_sound();
    let social = use_social();
    let sheet = expect_context::<SheetState>();
    let toast = use_toast();
    let FeedItem {
        id,
        caption,
        creator,
        products,
        likes,
        comments,
        shares,
        ..
    } = item;
    let id = StoredValue::new(id);
    let handle = StoredValue::new(creator.handle.clone());
    let profile = format!("/@{}", creator.handle);
    let liked = move || id.with_value(|id| social.is_liked(id));
    // The clip's own count already includes the shopper's like if the server knew of it;
    // the demo's counts never do, so a like adds one.
    let like_count = move || likes + u64::from(liked());
    let share_url = move || {
        format!(
            "{}/v/{}",
            window().location().origin().unwrap_or_default(),
            id.get_value()
        )
    };
    let share = move |_| {
        let url = share_url();
        leptos::task::spawn_local(async move {
            match crate::components::toast::share_or_copy(&url).await {
                Ok(true) => {}
                Ok(false) => toast.show(ui.t().link_copied),
                Err(()) => toast.show(ui.t().share_failed),
            }
        });
    };
    let chip = products.first().cloned().map(|p| {
        let pid = p.id.clone();
        view! {
            <div on:click=move |ev| {
                // The chip is a real link (open in a new tab works); a plain tap opens the sheet.
                ev.prevent_default();
                sheet.open(&pid);
            }>
                <ProductChip product=p />
            </div>
        }
    });

    view! {
        <div class="slide-overlay">
            <div class="slide-info">
                <div class="slide-who">
                    <a class="slide-creator" href=profile.clone() data-testid="slide-creator">{format!("@{}", creator.name.get(ui.locale))}</a>
                    <FollowButton handle=handle.get_value() />
                </div>
                <p class="slide-caption" data-testid="slide-caption">
                    {caption_parts(caption.get(ui.locale)).into_iter().map(|(tag, text)| {
                        let text = text.to_owned();
                        if tag {
                            let href = format!("/search?q={}", js_sys::encode_uri_component(&text[1..]));
                            view! { <a class="tag" href=href>{text}</a> }.into_any()
                        } else {
                            text.into_any()
                        }
                    }).collect_view()}
                </p>
                {chip}
            </div>
            <div class="slide-rail">
                // A creator who is live now: the ring and the badge say so, and a tap goes to the
                // room (their profile is a tap on their name).
                {match creator.live_now.clone() {
                    Some(room) => view! {
                        <a class="rail-avatar is-live" href=format!("/live/{room}") data-testid="live-ring"
                            aria-label=format!("{} {}", creator.name.get(ui.locale), ui.t().live_now)>
                            <img src=creator.avatar.clone() alt="" width="48" height="48" />
                            <span class="live-badge" aria-hidden="true">{ui.t().live_now}</span>
                        </a>
                    }.into_any(),
                    None => view! {
                        <a class="rail-avatar" href=profile aria-label=creator.name.get(ui.locale).to_owned()>
                            <img src=creator.avatar.clone() alt="" width="48" height="48" />
                        </a>
                    }.into_any(),
                }}
                {if ui.offers.likes {
                    view! {
                        <button class="rail-item" class:is-on=liked data-testid="like" aria-pressed=move || liked().to_string()
                            aria-label=move || format!("{} {}", ui.t().like, like_count())
                            on:click=move |_| id.with_value(|id| social.set_like(id, !social.is_liked(id)))>
                            <Icon path=icons::HEART size=32 />
                            <span data-testid="like-count">{move || ui.count(like_count())}</span>
                        </button>
                    }.into_any()
                } else {
                    // A backend without likes: the count, nothing to press.
                    view! {
                        <span class="rail-item" aria-label=move || format!("{} {}", ui.t().like, like_count())>
                            <Icon path=icons::HEART size=32 />
                            <span data-testid="like-count">{move || ui.count(like_count())}</span>
                        </span>
                    }.into_any()
                }}
                <span class="rail-item" aria-label=format!("{} {}", ui.t().comments, comments)>
                    <Icon path=icons::COMMENT size=30 />
                    <span>{ui.count(comments)}</span>
                </span>
                <button class="rail-item" data-testid="share" aria-label=format!("{} {}", ui.t().share, shares) on:click=share>
                    <Icon path=icons::SHARE size=30 />
                    <span>{ui.count(shares)}</span>
                </button>
                <button class="rail-item sound" on:click=move |_| sound.update(|s| *s = !*s)
                    aria-label=move || if sound.get() { ui.t().sound_off } else { ui.t().sound_on }
                    aria-pressed=move || sound.get().to_string() data-testid="sound-toggle" tabindex=move || if active.get() { "0" } else { "-1" }>
                    {move || view! { <Icon path=if sound.get() { icons::SOUND_ON } else { icons::SOUND_OFF } size=28 /> }}
                </button>
            </div>
        </div>
    }
}

/// Follow / Following, optimistic and persisted.
#[component]
pub fn FollowButton(handle: String) -> impl IntoView {
    let ui = use_ui();
    let social = use_social();
    let handle = StoredValue::new(handle);
    let following = move || handle.with_value(|h| social.is_following(h));
    // A backend without follows: no button (there would be nothing behind it).
    ui.offers.follows.then(|| view! {
        <button class="follow-btn" class:is-on=following data-testid="follow" aria-pressed=move || following().to_string()
            on:click=move |_| handle.with_value(|h| social.set_follow(h, !social.is_following(h)))>
            {move || if following() { ui.t().followed } else { ui.t().follow }}
        </button>
    })
}

/// The "Following" tab with nobody followed yet: creators worth following.
#[component]
pub fn FollowSuggestions() -> impl IntoView {
    let ui = use_ui();
    let backend = use_backend();
    let creators = LocalResource::new(move || {
        let backend = backend.clone();
        async move { backend.suggested_creators().await }
    });
    view! {
        <div class="follow-empty" data-testid="following-empty">
            <p>{ui.t().following_empty}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    creators.await.map(|list| view! {
                        <ul class="suggestions">
                            {list.into_iter().map(|c: CreatorSummary| view! {
                                <li>
                                    <a href=format!("/@{}", c.handle)><img src=c.avatar.clone() alt="" width="48" height="48" /></a>
                                    <span>{c.name.get(ui.locale).to_owned()}</span>
                                    <FollowButton handle=c.handle.clone() />
                                </li>
                            }).collect_view()}
                        </ul>
                    }).ok()
                })}
            </Suspense>
        </div>
    }
}
