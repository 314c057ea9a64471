//! The room's social layer: comments (the shopper's own shown at once, with retry when they
//! fail), floating hearts sent in batches, the order ticker and following the host.

use super::stage::{Line, LineState, Stage, HEART_SLOTS, MAX_LINES};
use super::words;
use crate::api::Backend;
use crate::api::ErrorKind;
use crate::components::icons::{self, Icon};
use crate::config::Gated;
use crate::i18n::live::placing_order;
use crate::state::session::{use_session, SessionStore};
use crate::state::social::use_social;
use crate::state::{use_backend, use_ui};
use leptos::either::Either;
use leptos::prelude::*;

/// Hearts tapped are sent together, this long after the first of a batch.
const HEART_BATCH_MS: u32 = 1_000;

/// The backend takes at most this many hearts per request.
const MAX_HEARTS_PER_BATCH: u32 = 100;

/// A fixed set of line slots, the newest at the bottom: a batch of new lines shifts the texts up
/// one slot per line and the list rises into place (one transform on the compositor, with no
/// layout: nothing moves any other content, and a busy room creates no elements).
#[component]
pub fn Comments() -> impl IntoView {
    let stage = expect_context::<Stage>();
    let t = words();
    // Slot `age` (0 the newest): the lines are read in place, cloned only to be shown.
    let has = move |age: usize| stage.lines.with(|all| newest(all, age).is_some());
    let mine = move |age: usize| {
        stage
            .lines
            .with(|all| newest(all, age).is_some_and(|l| l.state == LineState::Sending))
    };
    view! {
        <ul class="live-comments" aria-live="off" data-testid="live-comments"
            class:rise-a={move || stage.batches.get() % 2 == 1}
            class:rise-b={move || stage.batches.get().is_multiple_of(2) && stage.batches.get() > 0}>
            {(0..MAX_LINES).rev().map(|age| {
                // A slot's new line is new nodes, not the old ones changed: changed text would
                // move where the user's name ends, and that counts as a layout shift.
                let shown = std::cell::Cell::new((u64::MAX, false));
                let content = move || {
                    let l = stage.lines.with(|all| newest(all, age).map(|l| (l.key, l.user.clone(), l.text.clone())));
                    let key = l.as_ref().map_or(0, |l| l.0);
                    let (was, flip) = shown.get();
                    let flip = if was == key { flip } else { !flip };
                    shown.set((key, flip));
                    let view = match l {
                        Some((_, user, text)) => view! { <b>{user}</b>" "{text} }.into_any(),
                        None => view! { <span class="live-welcome">{t.no_comments_yet}</span> }.into_any(),
                    };
                    if flip { Either::Left(view) } else { Either::Right(view) }
                };
                view! {
                    <li style:transform=move || format!("translateY(calc(-{age} * var(--comment-step)))")
                        // A slot shows a line, or, while there are none, the newest shows the welcome.
                        hidden={move || !(has(age) || (age == 0 && stage.lines.with(Vec::is_empty)))}
                        class:is-mine=move || mine(age)
                        data-testid=move || if has(age) { "live-comment" } else { "live-welcome" }>
                        {content}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// The line `age` places above the newest (0: the newest itself).
fn newest(all: &[Line], age: usize) -> Option<&Line> {
    all.len().checked_sub(age + 1).map(|i| &all[i])
}

/// Posts the shopper's comment: shown at once as theirs, replaced by the room's event when
/// the backend takes it; when it fails it leaves the list for the retry above the composer.
fn send_comment(stage: Stage, backend: Backend, session: SessionStore, text: String) {
    let key = stage.key();
    let me = session
        .account()
        .map_or_else(|| "我".to_owned(), |a| a.phone_masked);
    stage.push_lines(vec![Line {
        key,
        user: me,
        text: text.clone(),
        state: LineState::Sending,
    }]);
    let room = stage.room.with_untracked(|r| r.id.clone());
    let token = session.token();
    leptos::task::spawn_local(async move {
        let answer = backend.post_comment(&room, &text).await;
        stage.lines.update(|lines| match answer {
            Ok(event) => {
                let echoed = lines.iter().any(|l| l.key == event.id);
                if let Some(l) = lines.iter_mut().find(|l| l.key == key) {
                    if echoed {
                        l.key = 0;
                    } else {
                        l.key = event.id;
                        l.state = LineState::Shown;
                    }
                }
                lines.retain(|l| l.key != 0);
            }
            Err(ref e) => {
                lines.retain(|l| l.key != key);
                stage.unsent.set(Some(text.clone()));
                if e.kind == ErrorKind::Unauthorized {
                    session.lapsed(token.clone());
                }
            }
        });
    });
}

#[component]
pub fn Composer() -> impl IntoView {
    let stage = expect_context::<Stage>();
    let session = use_session();
    let backend = StoredValue::new_local(use_backend());
    let t = words();
    let text = RwSignal::new(String::new());
    let submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        let value = text.get_untracked().trim().to_owned();
        if value.is_empty() {
            return;
        }
        // Signing in first, when the backend keeps comments for members; the text waits.
        session.require(Gated::Comment, move || {
            text.set(String::new());
            send_comment(stage, backend.get_value(), session, value.clone());
        });
    };
    // A backend that takes no comments: the bar keeps its place, with nothing to type in.
    let offered = use_ui().offers.comments;
    let retry = move |_| {
        if let Some(text) = stage.unsent.get_untracked() {
            stage.unsent.set(None);
            send_comment(stage, backend.get_value(), session, text);
        }
    };
    view! {
        {move || stage.unsent.get().map(|text| view! {
            <button class="comment-retry" data-testid="comment-retry" on:click=retry>
                <b>{t.send_failed}</b>" "{text}
            </button>
        })}
        <form class="live-composer" on:submit=submit data-testid="comment-form" class:is-off=!offered
            aria-hidden=(!offered).then_some("true")>
            <input type="text" maxlength="200" enterkeyhint="send" placeholder=t.say_something
                aria-label=t.say_something data-testid="comment-input"
                prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev)) />
            <button type="submit" class="visually-hidden" data-testid="comment-send">{t.send}</button>
        </form>
    }
}

/// Tapped hearts rise from the button; they are sent in batches.
#[component]
pub fn HeartButton() -> impl IntoView {
    let ui = use_ui();
    let stage = expect_context::<Stage>();
    let backend = use_backend();
    let t = words();
    let offered = ui.offers.hearts;
    let pending = StoredValue::new(0u32);
    let timer = StoredValue::new_local(None::<gloo_timers::callback::Timeout>);
    on_cleanup(move || timer.update_value(|t| drop(t.take())));
    let send = move || {
        let count = pending.get_value().min(MAX_HEARTS_PER_BATCH);
        pending.set_value(pending.get_value() - count);
        if count == 0 || !offered {
            return;
        }
        let backend = backend.clone();
        let room = stage.room.with_untracked(|r| r.id.clone());
        // A batch that fails is dropped: hearts are a gesture, not something to keep.
        leptos::task::spawn_local(async move {
            let _ = backend.send_hearts(&room, count).await;
        });
    };
    let send = StoredValue::new_local(send);
    let tap = move |_| {
        // The count moves when the room's heart event comes back (with everyone else's).
        stage.float_heart();
        pending.set_value(pending.get_value() + 1);
        if timer.with_value(Option::is_none) {
            timer.set_value(Some(gloo_timers::callback::Timeout::new(
                HEART_BATCH_MS,
                move || {
                    timer.set_value(None);
                    send.with_value(|s| s());
                },
            )));
        }
    };
    view! {
        <button class="heart-btn" data-testid="heart-button" aria-label=t.heart on:click=tap
            data-likes=move || stage.room.with(|r| r.likes.to_string())>
            <Icon path=icons::HEART size=22 />
            <small data-testid="live-likes">{move || ui.count(stage.room.with(|r| r.likes))}</small>
        </button>
    }
}

/// Floating hearts: a fixed set of elements sent up in turn; transform and opacity only (the
/// compositor animates them). A new count restarts the element's animation (two names, so the
/// change is a new animation).
#[component]
pub fn Hearts() -> impl IntoView {
    let stage = expect_context::<Stage>();
    view! {
        <div class="live-hearts" aria-hidden="true">
            {(0..HEART_SLOTS).map(|k| {
                let sent = move || stage.hearts.with(|h| h[k]);
                view! {
                    <span class="float-heart" style:--drift=move || format!("{}px", (k % 7) as i32 * 6 - 18)
                        style:--hue=move || ((k % 5) * 24).to_string()
                        class:up-a={move || sent() % 2 == 1} class:up-b={move || sent() > 0 && sent().is_multiple_of(2)}>"❤"</span>
                }
            }).collect_view()}
        </div>
    }
}

/// "小王 is placing an order", for a few seconds after each purchase.
#[component]
pub fn Ticker() -> impl IntoView {
    let ui = use_ui();
    let stage = expect_context::<Stage>();
    move || {
        stage.ticker.get().map(|(id, user)| {
            let timer = gloo_timers::callback::Timeout::new(3_000, move || {
                if stage.ticker.with_untracked(|t| t.as_ref().is_some_and(|t| t.0 == id)) {
                    stage.ticker.set(None);
                }
            });
            let timer = StoredValue::new_local(Some(timer));
            on_cleanup(move || timer.update_value(|t| drop(t.take())));
            view! { <p class="live-ticker" role="status" data-testid="live-ticker">{placing_order(ui.locale, &user)}</p> }
        })
    }
}

/// Follow the host: the same follow state as the feed and the profile.
#[component]
pub fn FollowHost(handle: String) -> impl IntoView {
    let ui = use_ui();
    let social = use_social();
    let handle = StoredValue::new(handle);
    let following = move || handle.with_value(|h| social.is_following(h));
    ui.offers.follows.then(|| view! {
        <button class="live-follow" class:is-on=following data-testid="live-follow" aria-pressed=move || following().to_string()
            on:click=move |_| handle.with_value(|h| social.set_follow(h, !social.is_following(h)))>
            {move || if following() { ui.t().followed } else { ui.t().follow }}
        </button>
    })
}
