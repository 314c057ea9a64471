//! Live rooms as cards (the Live tab, a profile's and a shop's lives, search): poster, live,
//! coming-up or replay badge, viewers, title, host.

use crate::model::{LiveRoom, LiveStatus};
use crate::state::use_ui;
use leptos::prelude::*;

/// A titled grid of rooms; nothing when there are none.
#[component]
pub fn LiveCards(
    rooms: Vec<LiveRoom>,
    testid: &'static str,
    title: Option<&'static str>,
) -> impl IntoView {
    let ui = use_ui();
    let t = crate::i18n::live::strings(ui.locale);
    (!rooms.is_empty()).then(|| view! {
        {title.map(|title| view! { <h2 class="live-section-title">{title}</h2> })}
        <div class="live-grid" data-testid=testid>
            {rooms.into_iter().map(|room| {
                let title = room.title.clone();
                let host = room.host.name.clone();
                let badge = match room.status {
                    LiveStatus::Live => view! { <span class="live-badge">{ui.t().live_now}</span> }.into_any(),
                    LiveStatus::Scheduled => {
                        let at = starts_label(ui.locale, room.starts_at.unwrap_or_default());
                        view! { <span class="live-badge is-soon">{crate::i18n::live::starts_at(ui.locale, &at)}</span> }.into_any()
                    }
                    LiveStatus::Ended => view! { <span class="live-badge is-ended">{t.replay}</span> }.into_any(),
                };
                view! {
                    <a class="live-card" href=format!("/live/{}", room.id) data-testid="live-card">
                        <img src=room.stream.poster.clone() alt="" width="270" height="480" loading="lazy" />
                        {badge}
                        {(room.status != LiveStatus::Scheduled).then(|| view! {
                            <span class="live-viewers">{format!("{} {}", ui.count(room.viewers), ui.t().watching)}</span>
                        })}
                        <span class="live-card-title">{title.get(ui.locale).to_owned()}</span>
                        <span class="live-card-host">{host.get(ui.locale).to_owned()}</span>
                    </a>
                }
            }).collect_view()}
        </div>
    })
}

/// "20:00" today, "12月7日 20:00" / "Dec 7 20:00" another day.
fn starts_label(locale: crate::model::Locale, at_ms: i64) -> String {
    use wasm_bindgen::JsValue;
    let d = js_sys::Date::new(&JsValue::from_f64(at_ms as f64));
    let today = js_sys::Date::new_0();
    let time = format!("{:02}:{:02}", d.get_hours(), d.get_minutes());
    if d.to_date_string() == today.to_date_string() {
        time
    } else {
        let day = crate::i18n::browse::month_day(locale, d.get_month() + 1, d.get_date());
        format!("{day} {time}")
    }
}

/// Splits rooms into live now, coming up (soonest first) and replays.
pub fn by_status(rooms: Vec<LiveRoom>) -> (Vec<LiveRoom>, Vec<LiveRoom>, Vec<LiveRoom>) {
    let (now, rest): (Vec<_>, Vec<_>) = rooms
        .into_iter()
        .partition(|r| r.status == LiveStatus::Live);
    let (mut soon, ended): (Vec<_>, Vec<_>) = rest
        .into_iter()
        .partition(|r| r.status == LiveStatus::Scheduled);
    soon.sort_by_key(|r| r.starts_at.unwrap_or_default());
    (now, soon, ended)
}
