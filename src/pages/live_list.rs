//! `/live`: the rooms that are live now.

use crate::components::{ErrorView, Loading};
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
                        Ok(rooms) => view! {
                            <div class="live-grid" data-testid="live-list">
                                {rooms.into_iter().map(|room| {
                                    let title = room.title.clone();
                                    let host = room.host.name.clone();
                                    view! {
                                        <a class="live-card" href=format!("/live/{}", room.id) data-testid="live-card">
                                            <img src=room.stream.poster.clone() alt="" width="270" height="480" loading="lazy" />
                                            <span class="live-badge">{ui.t().live_now}</span>
                                            <span class="live-viewers">{format!("{} {}", ui.count(room.viewers), ui.t().watching)}</span>
                                            <span class="live-card-title">{title.get(ui.locale).to_owned()}</span>
                                            <span class="live-card-host">{host.get(ui.locale).to_owned()}</span>
                                        </a>
                                    }
                                }).collect_view()}
                            </div>
                        }.into_any(),
                        Err(error) => view! { <ErrorView error on_retry=move |_| rooms.refetch() /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}
