//! `/live`: the rooms live now, those coming up (with their start time) and replays.

use crate::components::{ErrorView, Loading};
use crate::model::{LiveRoom, LiveStatus};
use crate::state::{use_backend, use_ui};
use leptos::prelude::*;

#[component]
pub fn LiveListPage() -> impl IntoView {
    let ui = use_ui();
    let backend = use_backend();
    super::set_title(ui.t().live);
    let rooms = LocalResource::new(move || {
        let backend = backend.clone();
        async move { backend.live_rooms().await }
    });
    view! {
        <div class="page live-list-page">
            <h1 class="page-title">{ui.t().live_rooms}</h1>
            <Transition fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match rooms.await {
                        Ok(rooms) if rooms.is_empty() => view! { <p class="empty">{ui.t().no_live}</p> }.into_any(),
                        Ok(rooms) => {
                            let t = crate::i18n::live::strings(ui.locale);
                            let (now, rest): (Vec<_>, Vec<_>) = rooms.into_iter().partition(|r| r.status == LiveStatus::Live);
                            let (soon, ended): (Vec<_>, Vec<_>) = rest.into_iter().partition(|r| r.status == LiveStatus::Scheduled);
                            view! {
                                <Section rooms=now testid="live-list" title=None />
                                <Section rooms=soon testid="live-upcoming" title=Some(t.coming_up) />
                                <Section rooms=ended testid="live-replays" title=Some(t.replays) />
                            }.into_any()
                        }
                        Err(error) => view! { <ErrorView error on_retry=move |_| rooms.refetch() /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn Section(
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
                        let at = room.starts_at.unwrap_or_default();
                        let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at as f64));
                        let time = format!("{:02}:{:02}", d.get_hours(), d.get_minutes());
                        view! { <span class="live-badge is-soon">{crate::i18n::live::starts_at(ui.locale, &time)}</span> }.into_any()
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
