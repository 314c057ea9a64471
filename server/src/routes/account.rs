//! Sign-in with a texted code (the demo's rules: any six digits but 000000), sign-out, and
//! the account's cart.

use crate::auth::Caller;
use crate::db;
use crate::errors::{Answer, Failure, JsonBody};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use haowu::model::{normalize_phone, Cart, LoginRequest, Session};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct CodeRequest {
    pub phone: String,
}

fn phone(input: &str) -> Answer<String> {
    normalize_phone(input)
        .ok_or_else(|| Failure::refused("invalid_phone", "That is not a mainland mobile number."))
}

/// `POST /auth/code`: "texts" a code. Nothing is sent (any six digits will do), but the number
/// is checked as a real backend would.
pub async fn send_code(JsonBody(request): JsonBody<CodeRequest>) -> Answer<StatusCode> {
    phone(&request.phone)?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn login(
    State(state): State<AppState>,
    JsonBody(request): JsonBody<LoginRequest>,
) -> Answer<Json<Session>> {
    let phone = phone(&request.phone)?;
    let code_ok = request.code.len() == 6
        && request.code.chars().all(|c| c.is_ascii_digit())
        && request.code != "000000";
    if !code_ok {
        return Err(Failure::refused("wrong_code", "That code is not right."));
    }
    let token = format!("hw_{}", db::hex(&db::random_bytes::<32>()?));
    let issued = token.clone();
    let account = state
        .db
        .call(move |c| db::sign_in(c, &phone, &issued, db::now_ms()))
        .await?;
    Ok(Json(Session {
        token,
        user: account.wire(),
    }))
}

/// `POST /auth/logout`: revokes the presented token. Signing out twice, or without a token,
/// is not an error: the result is the same.
pub async fn logout(State(state): State<AppState>, caller: Caller) -> Answer<StatusCode> {
    if let Some(token) = caller.token {
        state
            .db
            .call(move |c| db::revoke(c, &token, db::now_ms()))
            .await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

pub async fn cart(State(state): State<AppState>, caller: Caller) -> Answer<Json<Cart>> {
    let id = caller.required()?.id;
    Ok(Json(state.db.call(move |c| db::cart(c, id)).await?))
}

pub async fn put_cart(
    State(state): State<AppState>,
    caller: Caller,
    body: Result<JsonBody<Cart>, Failure>,
) -> Answer<StatusCode> {
    let id = caller.required()?.id;
    let JsonBody(cart) = body?;
    state
        .db
        .call(move |c| db::put_cart(c, id, &cart, db::now_ms()))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
