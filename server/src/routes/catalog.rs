//! The catalogue: answered by the demo world's own queries, exactly as the in-browser demo
//! backend answers them.

use super::PageQuery;
use crate::auth::Caller;
use crate::db;
use crate::errors::{Answer, Failure, PathOf, QueryOf};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use haowu::api::demo::SearchHit;
use haowu::model::*;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct FeedQuery {
    pub tab: Option<String>,
    #[serde(flatten)]
    pub page: PageQuery,
}

pub async fn feed(
    State(state): State<AppState>,
    caller: Caller,
    QueryOf(q): QueryOf<FeedQuery>,
) -> Answer<Json<Page<FeedItem>>> {
    let tab = match q.tab.as_deref().unwrap_or("") {
        "" | "for_you" => FeedTab::ForYou,
        "following" => FeedTab::Following,
        other => {
            return Err(Failure::bad_request(format!(
                "tab must be for_you or following, not {other:?}"
            )))
        }
    };
    let limit = q.page.limit()?;
    // A guest follows nobody here: their follows are not kept on the server.
    let followed = match (&caller.account, tab) {
        (Some(account), FeedTab::Following) => {
            let id = account.id;
            state.db.call(move |c| db::follows(c, id)).await?
        }
        _ => Vec::new(),
    };
    Ok(Json(state.world.feed(
        tab,
        &followed,
        q.page.cursor(),
        limit,
    )?))
}

pub async fn video(
    State(state): State<AppState>,
    PathOf(id): PathOf<String>,
) -> Answer<Json<FeedItem>> {
    Ok(Json(state.world.video(&id)?))
}

pub async fn product(
    State(state): State<AppState>,
    PathOf(id): PathOf<String>,
) -> Answer<Json<ProductDetail>> {
    Ok(Json(state.world.product_detail(&id)?))
}

/// Creators to suggest to a shopper who follows nobody yet (the demo's choice: the first six).
pub async fn suggested_creators(State(state): State<AppState>) -> Json<Vec<CreatorSummary>> {
    Json(
        state
            .world
            .data
            .creators
            .iter()
            .take(6)
            .map(Creator::summary)
            .collect(),
    )
}

pub async fn creator(
    State(state): State<AppState>,
    PathOf(handle): PathOf<String>,
) -> Answer<Json<Creator>> {
    Ok(Json(state.world.creator(&handle)?.clone()))
}

pub async fn creator_videos(
    State(state): State<AppState>,
    PathOf(handle): PathOf<String>,
    QueryOf(q): QueryOf<PageQuery>,
) -> Answer<Json<Page<FeedItem>>> {
    let limit = q.limit()?;
    Ok(Json(state.world.creator_videos(
        &handle,
        q.cursor(),
        limit,
    )?))
}

pub async fn showcase(
    State(state): State<AppState>,
    PathOf(handle): PathOf<String>,
    QueryOf(q): QueryOf<PageQuery>,
) -> Answer<Json<Page<ProductSummary>>> {
    let limit = q.limit()?;
    Ok(Json(state.world.showcase(&handle, q.cursor(), limit)?))
}

#[derive(Debug, Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    pub q: String,
    #[serde(flatten)]
    pub page: PageQuery,
}

pub async fn search(
    State(state): State<AppState>,
    QueryOf(q): QueryOf<SearchQuery>,
) -> Answer<Json<Page<SearchHit>>> {
    let limit = q.page.limit()?;
    Ok(Json(state.world.search(&q.q, q.page.cursor(), limit)?))
}

/// `GET /coupons`: every shopper's coupons and those the caller claimed in live rooms.
pub async fn coupons(State(state): State<AppState>, caller: Caller) -> Answer<Json<Vec<Coupon>>> {
    let claimed = match caller.account.as_ref().map(|a| a.id) {
        Some(account) => {
            state
                .db
                .call(move |c| db::claimed_coupons(c, account))
                .await?
        }
        None => Vec::new(),
    };
    Ok(Json(state.world.wallet(&claimed)))
}
