//! A room before and after its show: the countdown to a scheduled start with "remind me", and
//! "Live ended" with the replay and the host's profile.

use super::stage::Stage;
use super::words;
use super::LiveVideo;
use crate::browser::persisted;
use crate::components::BackButton;
use crate::i18n::live::{clock, starts_at};
use crate::model::LiveRoom;
use crate::state::use_ui;
use crate::storage::Store;
use leptos::prelude::*;

/// Rooms the shopper asked to be reminded of (kept on the device).
const REMINDERS_KEY: &str = "haowu.reminders.v1";

/// "HH:MM" of a Unix-ms time, in the phone's time zone.
fn time_of_day(ms: i64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    format!("{:02}:{:02}", d.get_hours(), d.get_minutes())
}

#[component]
pub fn Scheduled(room: LiveRoom, #[prop(into)] on_start: Callback<()>) -> impl IntoView {
    let ui = use_ui();
    let t = words();
    super::super::set_title(room.title.get(ui.locale));
    let reminders = persisted::<Vec<String>>(Store::Local, REMINDERS_KEY);
    let id = StoredValue::new(room.id.clone());
    let reminded = move || id.with_value(|id| reminders.with(|r| r.contains(id)));
    let start = room.starts_at.unwrap_or_default();
    // The phone's clock against the backend's (`now` in the snapshot).
    let offset = if room.now > 0 {
        room.now - js_sys::Date::now() as i64
    } else {
        0
    };
    let now = RwSignal::new(js_sys::Date::now() as i64);
    let started = StoredValue::new(false);
    let timer = set_interval_with_handle(
        move || {
            now.set(js_sys::Date::now() as i64);
            if now.get_untracked() + offset >= start && !started.get_value() {
                started.set_value(true);
                on_start.run(());
            }
        },
        std::time::Duration::from_millis(500),
    )
    .ok();
    on_cleanup(move || {
        if let Some(t) = timer {
            t.clear();
        }
    });
    crate::boot::reveal_after_paint();
    view! {
        <div class="live-stage live-over" data-testid="live-scheduled">
            <img class="live-video" src=room.stream.poster.clone() alt="" />
            <header class="live-top">
                <BackButton parent="/live".to_owned() />
            </header>
            <div class="over-panel">
                <img class="over-avatar" src=room.host.avatar.clone() alt="" width="72" height="72" />
                <h1>{room.title.get(ui.locale).to_owned()}</h1>
                <p>{starts_at(ui.locale, &time_of_day(start))}</p>
                <p class="over-countdown" role="timer" data-testid="live-starts-in">
                    {t.starts_in}" "<b>{move || clock(start - now.get() - offset)}</b>
                </p>
                <button class="btn" class:btn-secondary=reminded data-testid="remind-me" aria-pressed=move || reminded().to_string()
                    on:click=move |_| {
                        let id = id.get_value();
                        reminders.update(|r| if r.contains(&id) { r.retain(|x| *x != id) } else { r.push(id) });
                    }>
                    {move || if reminded() { t.reminded } else { t.remind_me }}
                </button>
                <a class="btn btn-secondary" href=format!("/@{}", room.host.handle)>{t.host_profile}</a>
            </div>
        </div>
    }
}

/// The show is over: its replay (when there is one) under "Live ended".
#[component]
pub fn Ended() -> impl IntoView {
    let ui = use_ui();
    let stage = expect_context::<Stage>();
    let t = words();
    let (replay, host, title) = stage
        .room
        .with_untracked(|r| (r.replay.clone(), r.host.clone(), r.title.clone()));
    let watching = RwSignal::new(false);
    view! {
        <div class="live-stage live-over" data-testid="live-ended">
            {match replay.clone() {
                Some(stream) => view! { <LiveVideo stream /> }.into_any(),
                None => view! { <div class="live-video"></div> }.into_any(),
            }}
            <header class="live-top">
                <BackButton parent="/live".to_owned() />
                <span class="live-badge is-ended">{if replay.is_some() { t.replay } else { t.ended }}</span>
            </header>
            <Show when=move || !watching.get()>
                <div class="over-panel">
                    <img class="over-avatar" src=host.avatar.clone() alt="" width="72" height="72" />
                    <h1>{t.ended}</h1>
                    <p>{title.get(ui.locale).to_owned()}</p>
                    {replay.is_some().then(|| view! {
                        <button class="btn" data-testid="watch-replay" on:click=move |_| watching.set(true)>{t.replay}</button>
                    })}
                    <a class="btn btn-secondary" data-testid="host-profile" href=format!("/@{}", host.handle)>{t.host_profile}</a>
                </div>
            </Show>
        </div>
    }
}
