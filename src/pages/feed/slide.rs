use crate::components::icons::{self, Icon};
use crate::components::ProductChip;
use crate::model::{caption_parts, FeedItem};
use crate::state::{use_sound, use_ui};
use leptos::html::Video;
use leptos::prelude::*;

/// One full-screen clip with who posted it, what it sells and the reaction rail.
#[component]
pub fn Slide(item: FeedItem, active: Signal<bool>, near: Signal<bool>) -> impl IntoView {
    let ui = use_ui();
    let sound = use_sound();
    let video_ref = NodeRef::<Video>::new();

    // Exactly the active clip plays; the rest pause.
    Effect::new(move |_| {
        let Some(video) = video_ref.get() else { return };
        video.set_muted(!sound.get());
        if active.get() {
            if let Ok(promise) = video.play() {
                // Autoplay may be refused (e.g. unmuted without a gesture): stay paused, poster shows.
                leptos::task::spawn_local(async move {
                    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
                });
            }
        } else {
            let _ = video.pause();
        }
    });

    let creator = item.creator.clone();
    let creator_href = format!("/@{}", creator.handle);
    let name = creator.name.clone();
    let name_for_label = creator.name.clone();
    let caption = item.caption.clone();
    let chip = item.products.first().cloned();
    let media = item.media.clone();
    let poster = media.poster.clone();
    let likes = item.likes;
    let comments = item.comments;
    let shares = item.shares;

    view! {
        <article class="feed-slide" data-testid="feed-slide" data-id=item.id.clone()
            aria-hidden=move || (!active.get()).to_string() inert=move || !active.get()>
            <img class="slide-poster" src=poster alt="" width=media.width height=media.height
                fetchpriority=move || if active.get() { "high" } else { "auto" } />
            <Show when=move || near.get()>
                <video node_ref=video_ref class="slide-video" src=media.src.clone() poster=media.poster.clone()
                    muted=true playsinline=true loop=true preload=move || if active.get() { "auto" } else { "metadata" }
                    width=media.width height=media.height></video>
            </Show>
            <div class="slide-overlay">
                <div class="slide-info">
                    <a class="slide-creator" href=creator_href.clone() data-testid="slide-creator">
                        {format!("@{}", name.get(ui.locale))}
                    </a>
                    <p class="slide-caption" data-testid="slide-caption">
                        {move || {
                            caption_parts(caption.get(ui.locale))
                                .into_iter()
                                .map(|(tag, text)| {
                                    let text = text.to_owned();
                                    if tag {
                                        let href = format!("/search?q={}", js_sys::encode_uri_component(&text[1..]));
                                        view! { <a class="tag" href=href>{text}</a> }.into_any()
                                    } else {
                                        text.into_any()
                                    }
                                })
                                .collect_view()
                        }}
                    </p>
                    {chip.map(|p| view! { <ProductChip product=p /> })}
                </div>
                <div class="slide-rail">
                    <a class="rail-avatar" href=creator_href aria-label=name_for_label.get(ui.locale).to_owned()>
                        <img src=creator.avatar.clone() alt="" width="48" height="48" />
                    </a>
                    <span class="rail-item" aria-label=format!("{} {}", ui.t().likes, likes)>
                        <Icon path=icons::HEART size=32 />
                        <span>{ui.count(likes)}</span>
                    </span>
                    <span class="rail-item" aria-label=format!("{} {}", ui.t().comments, comments)>
                        <Icon path=icons::COMMENT size=30 />
                        <span>{ui.count(comments)}</span>
                    </span>
                    <span class="rail-item" aria-label=format!("{} {}", ui.t().share, shares)>
                        <Icon path=icons::SHARE size=30 />
                        <span>{ui.count(shares)}</span>
                    </span>
                    <button class="rail-item sound" on:click=move |_| sound.update(|s| *s = !*s)
                        aria-label=move || if sound.get() { ui.t().sound_off } else { ui.t().sound_on }
                        aria-pressed=move || sound.get().to_string() data-testid="sound-toggle">
                        {move || view! { <Icon path=if sound.get() { icons::SOUND_ON } else { icons::SOUND_OFF } size=28 /> }}
                    </button>
                </div>
            </div>
        </article>
    }
}
