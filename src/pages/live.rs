//! `/live/:id`: a live room — stream, host, the pinned product, the bag and the comments.
//! The snapshot gives state; the event stream folds changes into it.

use crate::components::{BackButton, ErrorView, Loading, ProductCard, ProductChip};
use crate::model::{LiveEventKind, LiveRoom};
use crate::state::{use_backend, use_ui};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use std::rc::Rc;

mod video;
use video::LiveVideo;

/// Comment lines shown at once; one more is kept while it fades out.
const COMMENT_SLOTS: usize = 6;

/// Comments kept on screen; older ones are dropped so a busy room stays light.
const MAX_COMMENTS: usize = COMMENT_SLOTS + 1;

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
                        Ok(room) => view! { <Room room /> }.into_any(),
                        Err(error) => view! { <ErrorView error on_retry=move |_| room.refetch() /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn Room(room: LiveRoom) -> impl IntoView {
    let ui = use_ui();
    let backend = use_backend();
    super::set_title(room.title.get(ui.locale));
    let stream = room.stream.clone();
    let host = room.host.clone();
    let title = room.title.clone();
    let bag = room.bag.clone();
    let state = RwSignal::new(room);
    let comments = RwSignal::new(Vec::<(u64, String, String)>::new());

    let on_event: Rc<dyn Fn(crate::model::LiveEvent)> = Rc::new(move |event| {
        if let LiveEventKind::Comment { user, text } = &event.kind {
            let entry = (event.id, user.clone(), text.clone());
            comments.update(|c| {
                c.push(entry);
                let excess = c.len().saturating_sub(MAX_COMMENTS);
                c.drain(..excess);
            });
        }
        state.update(|r| r.apply(&event));
    });
    let (room_id, after) = state.with_untracked(|r| (r.id.clone(), r.last_event_id));
    let subscription = StoredValue::new_local(Some(backend.live_events(&room_id, after, on_event)));
    on_cleanup(move || {
        // Dropping the subscription stops its timers.
        subscription.update_value(|s| {
            s.take();
        });
    });

    let pinned = move || {
        state.with(|r| {
            r.pinned
                .clone()
                .and_then(|id| r.bag.iter().find(|p| p.id == id).cloned())
        })
    };
    let host_name = host.name.clone();
    let bag = StoredValue::new(bag);
    let bag_ready = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        crate::chunks::yield_now().await;
        let _ = bag_ready.try_set(true);
    });
    // The stream's poster (the boot screen's hero) is in the cache: on screen at the next paint.
    crate::boot::reveal_after_paint();
    view! {
        <div class="live-stage">
            <LiveVideo stream />
            <header class="live-top">
                <BackButton parent="/live".to_owned() />
                <a class="live-host" href=format!("/@{}", host.handle) data-testid="live-host">
                    <img src=host.avatar.clone() alt="" width="36" height="36" />
                    <span>{host_name.get(ui.locale).to_owned()}</span>
                </a>
                <span class="live-badge">{ui.t().live_now}</span>
                <span class="live-viewers" data-testid="live-viewers">
                    {move || format!("{} {}", ui.count(state.with(|r| r.viewers)), ui.t().watching)}
                </span>
            </header>
            <h1 class="live-title" data-testid="live-title">{title.get(ui.locale).to_owned()}</h1>
            // Every comment sits at the bottom of the list's box and rises by a transform as newer
            // ones arrive: nothing changes its layout position, so a busy room causes no layout
            // shift, and the rise can be animated.
            <ul class="live-comments" aria-live="off" data-testid="live-comments">
                <For each=move || comments.get() key=|c| c.0 let:c>
                    {
                        let id = c.0;
                        let age = move || comments.with(|all| all.iter().rev().position(|x| x.0 == id).unwrap_or(0));
                        view! {
                            <li style:transform=move || format!("translateY(calc(-{} * var(--comment-step)))", age())
                                class:is-old={move || age() >= COMMENT_SLOTS}>
                                <b>{c.1}</b>" "{c.2}
                            </li>
                        }
                    }
                </For>
            </ul>
            <div class="live-pinned">
                {move || pinned().map(|p| view! {
                    <div class="pinned-card" data-testid="live-pinned">
                        <span class="pinned-label">{ui.t().now_showing}</span>
                        <ProductChip product=p />
                    </div>
                })}
            </div>
        </div>
        // Below the stage: built a task later, so the stage is on screen sooner.
        <Show when=move || bag_ready.get()>
            <section class="live-bag" data-testid="live-bag" aria-label=ui.t().bag>
                <h2>{ui.t().bag}</h2>
                <div class="product-grid">
                    {bag.get_value().into_iter().map(|p| view! { <ProductCard product=p testid="live-bag-item" /> }).collect_view()}
                </div>
            </section>
        </Show>
    }
}
