//! Clips as a grid of posters (a profile's videos, search results): tapping one opens the feed
//! at it, within the same list of clips.

use crate::model::FeedItem;
use crate::pages::feed::{clip_href, FeedSource};
use crate::state::use_ui;
use leptos::prelude::*;

#[component]
pub fn VideoTile(item: FeedItem, source: FeedSource, testid: &'static str) -> impl IntoView {
    let ui = use_ui();
    let count = ui.count(item.views.max(item.likes));
    let views = crate::i18n::browse::views(ui.locale, &count);
    let caption = item.caption.get(ui.locale).to_owned();
    view! {
        <a class="video-tile" href=clip_href(&item.id, &source) data-testid=testid>
            <img src=item.media.poster.clone() alt=caption width="180" height="320" loading="lazy" />
            <span class="tile-views"><span aria-hidden="true">"▷ "{count}</span><span class="visually-hidden">{views}</span></span>
        </a>
    }
}
