//! One of the feed's three slots: a reused `<video>`, the tap layer (tap pauses, double tap
//! likes with a heart where the finger was), the progress bar, and the clip's overlay.

use super::overlay::Overlay;
use super::FeedCtx;
use crate::browser::prefers_reduced_motion;
use crate::components::icons::{self, Icon};
use crate::state::social::use_social;
use crate::state::{use_sound, use_ui};
use gloo_timers::callback::Timeout;
use leptos::html::Video;
use leptos::prelude::*;

/// Two taps closer than this are a double tap.
const DOUBLE_TAP_MS: f64 = 300.0;

fn play(video: &web_sys::HtmlVideoElement, sound: RwSignal<bool>) {
    // Refused with sound: fall back to muted, which the effect then plays.
    crate::browser::play_or(video, move || {
        if sound.get_untracked() {
            sound.set(false);
        }
    });
}

#[component]
pub fn Slot(k: usize) -> impl IntoView {
    let ui = use_ui();
    let ctx = expect_context::<FeedCtx>();
    let sound = use_sound();
    let social = use_social();

    let index = Memo::new(move |_| {
        let a = ctx.active.get();
        let n = ctx.state.with(|s| s.items.len());
        [a.checked_sub(1), Some(a), Some(a + 1)]
            .into_iter()
            .flatten()
            .find(|i| i % 3 == k && *i < n)
    });
    let item = Memo::new(move |_| {
        index
            .get()
            .and_then(|i| ctx.state.with(|s| s.items.get(i).cloned()))
    });
    let item_id = Memo::new(move |_| item.with(|i| i.as_ref().map(|i| i.id.clone())));
    let is_active =
        Memo::new(move |_| index.get().is_some() && index.get() == Some(ctx.active.get()));
    let is_next = Memo::new(move |_| index.get() == Some(ctx.active.get() + 1));

    let video_ref = NodeRef::<Video>::new();
    let failed = RwSignal::new(false);
    // Per mille of the clip played (an integer: the range input shows it without float
    // formatting code).
    let progress = RwSignal::new(0u32);
    let hearts = RwSignal::new(Vec::<(u32, i32, i32)>::new());

    // A new clip in this slot starts clean.
    Effect::new(move |_| {
        item_id.track();
        failed.set(false);
        progress.set(0);
        hearts.set(vec![]);
    });

    // Exactly the current clip plays, and only while the page is visible and not paused.
    Effect::new(move |_| {
        let Some(video) = video_ref.get() else { return };
        // The source is set here, not as a reactive attribute, so it is in place before play():
        // setting it after would abort the pending play.
        let src = item.with(|i| i.as_ref().map(|i| i.media.src.clone()));
        if video.get_attribute("src") != src {
            match &src {
                Some(src) => video.set_src(src),
                None => {
                    let _ = video.remove_attribute("src");
                }
            }
        }
        let has_clip = src.is_some();
        video.set_muted(!sound.get());
        if has_clip && is_active.get() && ctx.visible.get() && !ctx.paused.get() && !failed.get() {
            play(&video, sound);
        } else {
            let _ = video.pause();
            if !is_active.get() && has_clip {
                // Back at the start for when the shopper returns to it.
                video.set_current_time(0.0);
            }
        }
    });

    let last_tap = StoredValue::new(0.0f64);
    let single_tap = StoredValue::new_local(None::<Timeout>);
    let heart_seq = StoredValue::new(0u32);
    let on_tap = move |ev: web_sys::MouseEvent| {
        let now = js_sys::Date::now();
        let double = now - last_tap.get_value() < DOUBLE_TAP_MS;
        last_tap.set_value(now);
        if double {
            // Cancel the pause the first tap scheduled; a double tap only ever likes.
            single_tap.update_value(|t| {
                t.take().map(Timeout::cancel);
            });
            last_tap.set_value(0.0);
            if let Some(id) = item_id.get_untracked() {
                if !social.is_liked(&id) {
                    social.set_like(&id, true);
                }
            }
            if !prefers_reduced_motion() {
                heart_seq.update_value(|n| *n += 1);
                let n = heart_seq.get_value();
                hearts.update(|h| h.push((n, ev.offset_x(), ev.offset_y())));
            }
        } else {
            let timer = Timeout::new(DOUBLE_TAP_MS as u32, move || {
                ctx.paused.update(|p| *p = !*p)
            });
            single_tap.set_value(Some(timer));
        }
    };

    let on_time = move |_| {
        if let Some(v) = video_ref.get_untracked() {
            let d = v.duration();
            if d.is_finite() && d > 0.0 {
                progress.set((v.current_time() / d * 1000.0) as u32);
            }
        }
    };
    let on_scrub = move |ev: web_sys::Event| {
        let value: u32 = event_target_value(&ev).parse().unwrap_or(0);
        if let Some(v) = video_ref.get_untracked() {
            let d = v.duration();
            if d.is_finite() {
                v.set_current_time(d * f64::from(value) / 1000.0);
                progress.set(value);
            }
        }
    };
    let retry = move || {
        failed.set(false);
        if let Some(v) = video_ref.get_untracked() {
            v.load();
        }
    };
    // A clip that failed while the network was down loads again when it comes back.
    crate::state::network::on_reconnect(move || {
        if failed.get_untracked() {
            retry();
        }
    });

    let overlay_ready = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        crate::chunks::yield_now().await;
        let _ = overlay_ready.try_set(true);
    });
    let media = move || item.with(|i| i.as_ref().map(|i| i.media.clone()));
    let label = move || {
        item.with(|i| {
            i.as_ref().map(|i| {
                let product = i
                    .products
                    .first()
                    .map(|p| format!("; {} {}", p.title.get(ui.locale), ui.price(p.price)))
                    .unwrap_or_default();
                format!(
                    "{}: {}{product}",
                    i.creator.name.get(ui.locale),
                    i.caption.get(ui.locale)
                )
            })
        })
    };

    view! {
        <article class="feed-slide" data-testid="feed-slide" data-id=move || item_id.get() data-slot=k
            hidden=move || item_id.with(Option::is_none)
            style:top=move || format!("calc(var(--slide-h) * {})", index.get().unwrap_or(0))
            aria-label=label aria-hidden=move || (!is_active.get()).to_string() inert=move || !is_active.get()
            class:is-active=is_active>
            // The boot screen (showing this same poster) gives way once it is painted here.
            <img class="slide-poster" alt="" src=move || media().map(|m| m.poster) width="540" height="960"
                fetchpriority=move || if is_active.get() { "high" } else { "low" }
                on:load=move |_| if is_active.get_untracked() { crate::boot::reveal() }
                on:error=move |_| crate::boot::reveal() />
            <video node_ref=video_ref class="slide-video"
                poster=move || media().map(|m| m.poster) playsinline=true loop=true muted=true
                preload=move || if is_active.get() || is_next.get() { "auto" } else { "metadata" }
                width="540" height="960" on:timeupdate=on_time on:error=move |_| failed.set(true)
                on:playing=move |_| crate::chunks::prefetch_likely_next()></video>
            <div class="tap-layer" on:click=on_tap data-testid="tap-layer"></div>
            <For each=move || hearts.get() key=|h| h.0 let:h>
                <span class="heart-burst" style:left=format!("{}px", h.1) style:top=format!("{}px", h.2) aria-hidden="true"
                    on:animationend=move |_| hearts.update(|v| v.retain(|x| x.0 != h.0))>
                    <Icon path=icons::HEART size=96 />
                </span>
            </For>
            <Show when=move || ctx.paused.get() && is_active.get()>
                <span class="paused-indicator" data-testid="paused-indicator" role="status" aria-label=ui.t().play>
                    <Icon path=icons::PLAY size=72 />
                </span>
            </Show>
            <Show when=move || failed.get()>
                <div class="clip-failed" role="alert" data-testid="clip-failed">
                    <p>{ui.t().clip_failed}</p>
                    <button class="btn" data-testid="clip-retry" on:click=move |_| retry()>{ui.t().retry}</button>
                </div>
            </Show>
            // The clip's overlay comes a task after its video and poster (see Feed's neighbours).
            {move || overlay_ready.get().then(|| item.get().map(|item| view! { <Overlay item active=is_active /> }))}
            <input class="progress" type="range" min="0" max="1000" step="1" aria-label=ui.t().progress
                data-testid="progress" prop:value=move || progress.get().to_string()
                on:input=on_scrub />
        </article>
    }
}
