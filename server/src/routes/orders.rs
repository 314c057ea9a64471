//! Orders: placed exactly once per Idempotency-Key, priced by the world
//! (`DemoWorld::price_order`, the demo's server-side pricing), progressing with time
//! (`order_at`).

use crate::auth::Caller;
use crate::db;
use crate::errors::{Answer, Failure, JsonBody, PathOf};
use crate::AppState;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use haowu::api::demo::Buyer;
use haowu::config::Gated;
use haowu::model::{Order, OrderRequest};

fn idempotency_key(headers: &HeaderMap) -> Answer<String> {
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .unwrap_or("");
    if key.is_empty() || key.chars().count() > 200 {
        return Err(Failure::refused(
            "missing_idempotency_key",
            "Send an Idempotency-Key header of 1 to 200 characters, the same for every retry of this order.",
        ));
    }
    Ok(key.to_owned())
}

/// `POST /orders`: 201 with a new order, 200 with the order an earlier request with the same
/// key and body made.
pub async fn place(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    body: Result<JsonBody<OrderRequest>, Failure>,
) -> Answer<(StatusCode, Json<Order>)> {
    let owner = caller.member_for(&state, Gated::Order)?.map(|a| a.id);
    let key = idempotency_key(&headers)?;
    let JsonBody(request) = body?;
    let (world, live) = (state.world.clone(), state.live.clone());
    // One buyer key per account; guests share one (the server cannot tell them apart).
    let buyer = owner.map_or_else(|| "guest".to_owned(), |id| id.to_string());
    let (order, created) = state
        .db
        .call(move |c| {
            let now = db::now_ms();
            let price = |conn: &rusqlite::Connection, id: String| {
                let claimed = match owner {
                    Some(account) => db::claimed_coupons(conn, account)?,
                    None => Vec::new(),
                };
                let terms =
                    |room: &str, product: &str, qty: u32| live.terms(room, product, qty, &buyer);
                let who = Buyer {
                    claimed: &claimed,
                    live: &terms,
                };
                Ok(world.new_order(id, &request, now, &who)?)
            };
            let placed = || live.sold(&request, &buyer);
            db::place_order(c, owner, &key, &request, now, price, placed)
        })
        .await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(order)))
}

/// `GET /orders`: the account's orders, newest first. A guest (when ordering needs no
/// account) gets none: the server cannot tell one guest's orders from another's.
pub async fn list(State(state): State<AppState>, caller: Caller) -> Answer<Json<Vec<Order>>> {
    let Some(account) = caller.member_for(&state, Gated::Order)? else {
        return Ok(Json(Vec::new()));
    };
    let id = account.id;
    let orders = state
        .db
        .call(move |c| db::orders(c, id, db::now_ms()))
        .await?;
    Ok(Json(orders))
}

/// `GET /orders/{id}`: 404 unless it is the caller's. A guest's order is reachable by its id
/// alone (the only thing a guest holds).
pub async fn one(
    State(state): State<AppState>,
    caller: Caller,
    PathOf(id): PathOf<String>,
) -> Answer<Json<Order>> {
    let found = state
        .db
        .call(move |c| db::order(c, &id, db::now_ms()))
        .await?;
    match found {
        Some((None, order)) => Ok(Json(order)),
        Some((Some(owner), order)) if caller.account.as_ref().is_some_and(|a| a.id == owner) => {
            Ok(Json(order))
        }
        _ => Err(Failure::not_found()),
    }
}
