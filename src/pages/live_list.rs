//! `/live`: the rooms live now, those coming up (with their start time) and replays.

use crate::components::live_cards::{by_status, LiveCards};
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
                        Ok(rooms) => {
                            let t = crate::i18n::live::strings(ui.locale);
                            let (now, soon, ended) = by_status(rooms);
                            view! {
                                <LiveCards rooms=now testid="live-list" title=None />
                                <LiveCards rooms=soon testid="live-upcoming" title=Some(t.coming_up) />
                                <LiveCards rooms=ended testid="live-replays" title=Some(t.replays) />
                            }.into_any()
                        }
                        Err(error) => view! { <ErrorView error on_retry=move |_| rooms.refetch() /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}
