//! `/live/:id`: a live room. A scheduled room counts down to its start (with a reminder), an
//! ended one plays its replay, and a live one plays the stream with the host, the pinned
//! product (link drops, flash sales), the bag, coupons, comments, hearts and the order ticker.
//! The snapshot gives the state; the event stream folds changes into it ([`stage`]).

use crate::components::product_sheet::{ProductSheet, SheetState};
use crate::components::{BackButton, ErrorView, Loading};
use crate::i18n::live::strings;
use crate::model::{LiveRoom, LiveStatus};
use crate::state::{use_backend, use_ui};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use std::rc::Rc;

mod bag;
mod chat;
mod offer;
mod over;
mod stage;
mod video;

use stage::{Pump, Stage};
use video::LiveVideo;

#[component]
pub fn LivePage() -> impl IntoView {
    let params = use_params_map();
    let backend = use_backend();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let room = LocalResource::new(move || {
        let backend = backend.clone();
        let id = id();
        async move { backend.live_room(&id).await }
    });
    view! {
        <div class="live-page" data-testid="live-room">
            <Transition fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match room.await {
                        Ok(r) => match r.status {
                            LiveStatus::Scheduled => view! { <over::Scheduled room=r on_start=move || room.refetch() /> }.into_any(),
                            _ => view! { <Room room=r /> }.into_any(),
                        },
                        Err(error) => view! { <ErrorView error on_retry=move |_| room.refetch() /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

/// A room that is live (or ended while watched, or over: then its replay).
#[component]
fn Room(room: LiveRoom) -> impl IntoView {
    let ui = use_ui();
    let backend = use_backend();
    super::set_title(room.title.get(ui.locale));
    let stage = Stage::new(room);
    provide_context(stage);
    SheetState::provide();
    bag::provide_wallet();

    // Events: queued and folded per frame; everything stops when the shopper leaves.
    let pump = Pump::new(stage, backend.clone());
    let (room_id, after) = stage
        .room
        .with_untracked(|r| (r.id.clone(), r.last_event_id));
    let live = stage.room.with_untracked(|r| r.status == LiveStatus::Live);
    let subscription = live.then(|| {
        let pump = pump.clone();
        let on_event: Rc<dyn Fn(crate::model::LiveEvent)> = Rc::new(move |e| pump.receive(e));
        backend.live_events(&room_id, after, on_event)
    });
    let subscription = StoredValue::new_local(subscription);
    let clock = set_interval_with_handle(
        move || stage.now.set(js_sys::Date::now() as i64),
        std::time::Duration::from_millis(250),
    )
    .ok();
    let pump_alive = StoredValue::new_local(pump);
    on_cleanup(move || {
        pump_alive.with_value(|p| p.alive.set(false));
        // Dropping the subscription stops its timers or connection.
        subscription.update_value(|s| {
            s.take();
        });
        if let Some(c) = clock {
            c.clear();
        }
    });

    let ended = move || stage.room.with(|r| r.status == LiveStatus::Ended);
    // The stream's poster (the boot screen's hero) is in the cache: on screen at the next paint.
    crate::boot::reveal_after_paint();
    view! {
        <Show when=move || !ended() fallback=move || view! { <over::Ended /> }>
            <LiveStage />
        </Show>
        <ProductSheet />
    }
}

#[component]
fn LiveStage() -> impl IntoView {
    let ui = use_ui();
    let stage = expect_context::<Stage>();
    let (stream, host, title) = stage
        .room
        .with_untracked(|r| (r.stream.clone(), r.host.clone(), r.title.clone()));
    let host_name = host.name.get(ui.locale).to_owned();
    view! {
        <div class="live-stage">
            <LiveVideo stream />
            <header class="live-top">
                <BackButton parent="/live".to_owned() />
                <a class="live-host" href=format!("/@{}", host.handle) data-testid="live-host">
                    <img src=host.avatar.clone() alt="" width="36" height="36" />
                    <span>{host_name}</span>
                </a>
                <chat::FollowHost handle=host.handle.clone() />
                <span class="live-badge">{ui.t().live_now}</span>
                <span class="live-viewers" data-testid="live-viewers">
                    {move || format!("{} {}", ui.count(stage.room.with(|r| r.viewers)), ui.t().watching)}
                </span>
            </header>
            <h1 class="live-title" data-testid="live-title">{title.get(ui.locale).to_owned()}</h1>
            <chat::Ticker />
            <offer::LinkCountdown />
            <chat::Comments />
            <chat::Hearts />
            <div class="live-side">
                <offer::FlashSalePanel />
                <offer::PinnedCard />
            </div>
            <div class="live-bar">
                <bag::BagButton />
                <chat::Composer />
                <chat::HeartButton />
            </div>
            <bag::CouponDrop />
        </div>
    }
}

/// The room's words.
fn words() -> &'static crate::i18n::live::LiveStrings {
    strings(use_ui().locale)
}
