//! Likes and follows, kept per signed-in account. A guest's are accepted (unless the server
//! keeps the action for members) and not stored: the client keeps its own.

use crate::auth::Caller;
use crate::db;
use crate::errors::{Answer, PathOf};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use haowu::config::Gated;

async fn set_like(state: AppState, caller: Caller, video: String, on: bool) -> Answer<StatusCode> {
    state.world.video(&video)?;
    if let Some(account) = caller.member_for(&state, Gated::Like)? {
        let (id, now) = (account.id, db::now_ms());
        state
            .db
            .call(move |c| db::set_like(c, id, &video, on, now))
            .await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

pub async fn like(
    State(state): State<AppState>,
    caller: Caller,
    PathOf(id): PathOf<String>,
) -> Answer<StatusCode> {
    set_like(state, caller, id, true).await
}

pub async fn unlike(
    State(state): State<AppState>,
    caller: Caller,
    PathOf(id): PathOf<String>,
) -> Answer<StatusCode> {
    set_like(state, caller, id, false).await
}

async fn set_follow(
    state: AppState,
    caller: Caller,
    handle: String,
    on: bool,
) -> Answer<StatusCode> {
    // Stored as the world spells the handle, so the Following feed matches it.
    let handle = state.world.creator(&handle)?.handle.clone();
    if let Some(account) = caller.member_for(&state, Gated::Follow)? {
        let (id, now) = (account.id, db::now_ms());
        state
            .db
            .call(move |c| db::set_follow(c, id, &handle, on, now))
            .await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

pub async fn follow(
    State(state): State<AppState>,
    caller: Caller,
    PathOf(handle): PathOf<String>,
) -> Answer<StatusCode> {
    set_follow(state, caller, handle, true).await
}

pub async fn unfollow(
    State(state): State<AppState>,
    caller: Caller,
    PathOf(handle): PathOf<String>,
) -> Answer<StatusCode> {
    set_follow(state, caller, handle, false).await
}
