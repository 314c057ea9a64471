//! Live rooms: snapshots, the event stream (SSE), and what shoppers send into a room.

use crate::auth::Caller;
use crate::db;
use crate::errors::{Answer, Failure, JsonBody, PathOf, QueryOf};
use crate::AppState;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::Json;
use futures_util::stream::{self, Stream, StreamExt};
use haowu::api::demo::show::{may_claim, room_coupon};
use haowu::config::Gated;
use haowu::model::{Coupon, LiveEvent, LiveEventKind, LiveRoom};
use serde::Deserialize;
use std::convert::Infallible;
use tokio::sync::broadcast::error::RecvError;

pub async fn rooms(State(state): State<AppState>) -> Answer<Json<Vec<LiveRoom>>> {
    Ok(Json(state.live.rooms()?))
}

pub async fn room(
    State(state): State<AppState>,
    PathOf(id): PathOf<String>,
) -> Answer<Json<LiveRoom>> {
    Ok(Json(state.live.snapshot(&id)?))
}

#[derive(Debug, Deserialize)]
pub struct EventsQuery {
    pub after: Option<String>,
}

fn event_id(text: &str, what: &str) -> Answer<Option<u64>> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse().map(Some).map_err(|_| {
        Failure::bad_request(format!(
            "{what} must be an event id (a whole number), not {text:?}"
        ))
    })
}

/// `GET /live/{id}/events`. The resume point is `Last-Event-ID` (an EventSource sends it on
/// its own when it reconnects, and it is newer than the URL's) or else `?after=`.
pub async fn events(
    State(state): State<AppState>,
    PathOf(id): PathOf<String>,
    QueryOf(q): QueryOf<EventsQuery>,
    headers: HeaderMap,
) -> Answer<Sse<impl Stream<Item = Result<Event, Infallible>>>> {
    let from_header = match headers.get("last-event-id") {
        Some(v) => event_id(
            v.to_str()
                .map_err(|_| Failure::bad_request("Last-Event-ID is not text"))?,
            "Last-Event-ID",
        )?,
        None => None,
    };
    let after = match from_header {
        Some(n) => Some(n),
        None => q
            .after
            .as_deref()
            .map(|a| event_id(a, "after"))
            .transpose()?
            .flatten(),
    };
    let (replay, rx) = state.live.subscribe(&id, after)?;
    let live = stream::unfold(rx, |mut rx| async move {
        match rx.recv().await {
            Ok(wire) => Some((wire, rx)),
            // Too far behind to catch up from the channel: end the stream; the client
            // reconnects with Last-Event-ID and catches up from the room's backlog.
            Err(RecvError::Lagged(_)) | Err(RecvError::Closed) => None,
        }
    });
    let events = stream::iter(replay)
        .chain(live)
        .map(|wire| Ok(Event::default().id(wire.id.to_string()).data(&wire.json)))
        .take_until(state.closed());
    Ok(Sse::new(events).keep_alive(
        KeepAlive::new()
            .interval(state.options.keep_alive)
            .text("keep-alive"),
    ))
}

#[derive(Debug, Deserialize)]
pub struct CommentRequest {
    pub text: String,
}

/// Longest comment accepted, in characters.
const MAX_COMMENT: usize = 200;

pub async fn comment(
    State(state): State<AppState>,
    caller: Caller,
    PathOf(id): PathOf<String>,
    body: Result<JsonBody<CommentRequest>, Failure>,
) -> Answer<(StatusCode, Json<LiveEvent>)> {
    state.live.exists(&id)?;
    let member = caller.member_for(&state, Gated::Comment)?;
    let JsonBody(request) = body?;
    let text = request.text.trim();
    let chars = text.chars().count();
    if chars == 0 || chars > MAX_COMMENT {
        return Err(Failure::bad_request(format!(
            "text must be 1 to {MAX_COMMENT} characters"
        )));
    }
    // Shown beside the comment: the masked number, as the app shows the account.
    let user = member.map_or_else(|| "游客".to_owned(), |a| a.wire().phone_masked);
    let event = state.live.post(
        &id,
        LiveEventKind::Comment {
            user,
            text: text.to_owned(),
        },
    )?;
    Ok((StatusCode::CREATED, Json(event)))
}

#[derive(Debug, Deserialize)]
pub struct HeartsRequest {
    pub count: u32,
}

pub async fn hearts(
    State(state): State<AppState>,
    PathOf(id): PathOf<String>,
    JsonBody(request): JsonBody<HeartsRequest>,
) -> Answer<StatusCode> {
    if !(1..=100).contains(&request.count) {
        return Err(Failure::bad_request("count must be from 1 to 100"));
    }
    state.live.post(
        &id,
        LiveEventKind::Heart {
            count: request.count,
        },
    )?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize)]
pub struct ClaimRequest {
    /// How long the shopper has watched the room (for "watch N minutes" coupons).
    #[serde(default)]
    pub watched_ms: u64,
}

/// `POST /live/{id}/coupons/{coupon}/claim`: puts the room's coupon in the account's wallet.
pub async fn claim(
    State(state): State<AppState>,
    caller: Caller,
    PathOf((id, coupon_id)): PathOf<(String, String)>,
    body: Result<JsonBody<ClaimRequest>, Failure>,
) -> Answer<Json<Coupon>> {
    let account = caller.required()?.id;
    let JsonBody(request) = body?;
    let room = state.live.room_now(&id)?;
    let coupon = room_coupon(&room, &coupon_id)?;
    let host = room.host.handle.clone();
    let follows = state
        .db
        .call(move |c| db::follows(c, account))
        .await?
        .contains(&host);
    may_claim(&coupon, follows, request.watched_ms)?;
    let (cid, rid) = (coupon.id.clone(), id.clone());
    state
        .db
        .call(move |c| db::claim_coupon(c, account, &cid, &rid, db::now_ms()))
        .await?;
    Ok(Json(coupon))
}
