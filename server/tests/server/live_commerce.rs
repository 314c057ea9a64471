//! Buying in a live room on the server: a link drop refuses orders until its countdown ends, a
//! flash sale's price, units and per-shopper limit hold across orders, and coupons are claimed
//! (after a follow or enough watching) before checkout takes them.

use crate::common::*;
use crate::orders::{line, place, request};
use axum::http::{Method, StatusCode};
use haowu::api::demo::DemoWorld;
use serde_json::{json, Value};
use std::time::Duration;

const ROOM: &str = "live_snack";

/// The script's time (ms) of its first event of type `kind`, and that event.
fn scripted(kind: &str) -> (u64, Value) {
    let w = DemoWorld::new(world());
    let s = w.scenario(ROOM).unwrap();
    s.script
        .iter()
        .map(|e| (u64::from(e.at_ms), serde_json::to_value(e).unwrap()))
        .find(|(_, e)| e["type"] == kind)
        .unwrap()
}

/// A server whose shows start `at_ms` into their scripts.
fn at(at_ms: u64) -> Server {
    Server::with(|o| o.live_at = Duration::from_millis(at_ms), world())
}

/// `POST /api/live/{room}/coupons/{coupon}/claim` with `body`, as the holder of `token`.
async fn claim(
    s: &Server,
    token: Option<&str>,
    room: &str,
    coupon: &str,
    body: Value,
) -> (StatusCode, Value) {
    let path = format!("/api/live/{room}/coupons/{coupon}/claim");
    s.call(Method::POST, &path, token, Some(body)).await
}

/// A line bought from the room at `price` (minor units).
fn live_line(product: &str, qty: u32, price: i64) -> Value {
    let mut l = line(product, qty);
    l["expected_unit_price"]["amount"] = json!(price);
    l["live"] = json!(ROOM);
    l
}

#[tokio::test]
async fn an_order_from_the_room_before_the_link_drops_is_refused_and_after_it_taken() {
    let (drop_at, drop) = scripted("link_drop");
    let product = drop["product_id"].as_str().unwrap();
    let countdown = drop["countdown_s"].as_u64().unwrap() * 1000;
    let s = at(drop_at + 500);
    let token = s.sign_in(PHONE).await;
    let regular = line(product, 1)["expected_unit_price"]["amount"]
        .as_i64()
        .unwrap();
    let (st, body) = place(
        &s,
        Some(&token),
        "k1",
        &request(vec![live_line(product, 1, regular)]),
    )
    .await;
    assert_error(st, &body, StatusCode::UNPROCESSABLE_ENTITY, "link_not_open");
    // The same product bought outside the room is not held back.
    let (st, _) = place(&s, Some(&token), "k2", &request(vec![line(product, 1)])).await;
    assert_eq!(st, StatusCode::CREATED);
    // The snapshot says when the link opens.
    let (_, room) = s.get(&format!("/api/live/{ROOM}")).await;
    assert_eq!(room["link_drop"]["product_id"], product);
    assert!(room["link_drop"]["opens_at"].as_i64().unwrap() > room["now"].as_i64().unwrap());

    let s = at(drop_at + countdown + 100);
    let token = s.sign_in(PHONE).await;
    let (st, body) = place(
        &s,
        Some(&token),
        "k3",
        &request(vec![live_line(product, 1, regular)]),
    )
    .await;
    assert_eq!(st, StatusCode::CREATED, "{body}");
}

#[tokio::test]
async fn a_flash_sale_sells_at_its_price_within_its_limit_and_the_room_sees_the_stock_drop() {
    let (announced, sale) = scripted("flash_sale");
    let product = sale["product_id"].as_str().unwrap();
    let price = sale["price"]["amount"].as_i64().unwrap();
    let start = announced + sale["starts_at"].as_u64().unwrap();
    let s = at(start + 200);
    let (_, room) = s.get(&format!("/api/live/{ROOM}")).await;
    assert_eq!(room["flash_sale"]["phase"], "started");
    let before = room["flash_sale"]["remaining"].as_u64().unwrap();

    let token = s.sign_in(PHONE).await;
    let (st, order) = place(
        &s,
        Some(&token),
        "s1",
        &request(vec![live_line(product, 2, price)]),
    )
    .await;
    assert_eq!(st, StatusCode::CREATED, "{order}");
    assert_eq!(order["lines"][0]["unit_price"]["amount"], price);
    let (_, room) = s.get(&format!("/api/live/{ROOM}")).await;
    assert!(room["flash_sale"]["remaining"].as_u64().unwrap() <= before - 2);

    // A third unit for the same shopper: over the per-shopper limit.
    let (st, body) = place(
        &s,
        Some(&token),
        "s2",
        &request(vec![live_line(product, 1, price)]),
    )
    .await;
    assert_error(st, &body, StatusCode::UNPROCESSABLE_ENTITY, "over_limit");
    // Another shopper has their own two.
    let other = s.sign_in(OTHER_PHONE).await;
    let (st, _) = place(
        &s,
        Some(&other),
        "s3",
        &request(vec![live_line(product, 2, price)]),
    )
    .await;
    assert_eq!(st, StatusCode::CREATED);
    // The regular price is not the sale's while it runs.
    let third = s.sign_in("13700137000").await;
    let regular = line(product, 1)["expected_unit_price"]["amount"]
        .as_i64()
        .unwrap();
    let (st, body) = place(
        &s,
        Some(&third),
        "s4",
        &request(vec![live_line(product, 1, regular)]),
    )
    .await;
    assert_error(st, &body, StatusCode::UNPROCESSABLE_ENTITY, "price_changed");
}

#[tokio::test]
async fn coupons_are_claimed_in_the_room_after_their_requirement_then_used_at_checkout() {
    let s = at(0);
    let token = s.sign_in(PHONE).await;
    let me = Some(token.as_str());
    let in_wallet = |wallet: &Value| {
        wallet
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == "cp_xiaozui_fans3")
    };
    // Not in the wallet before the claim.
    let (_, wallet) = s.call(Method::GET, "/api/coupons", me, None).await;
    assert!(!in_wallet(&wallet));

    let (st, body) = claim(&s, None, ROOM, "cp_xiaozui_fans3", json!({})).await;
    assert_error(st, &body, StatusCode::UNAUTHORIZED, "unauthorized");
    let (st, body) = claim(&s, me, ROOM, "cp_xiaozui_fans3", json!({})).await;
    assert_error(
        st,
        &body,
        StatusCode::UNPROCESSABLE_ENTITY,
        "follow_required",
    );
    let (st, _) = s
        .call(Method::PUT, "/api/creators/xiaozui_snacks/follow", me, None)
        .await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    let (st, coupon) = claim(&s, me, ROOM, "cp_xiaozui_fans3", json!({})).await;
    assert_eq!(st, StatusCode::OK, "{coupon}");
    assert_eq!(coupon["id"], "cp_xiaozui_fans3");
    let (_, wallet) = s.call(Method::GET, "/api/coupons", me, None).await;
    assert!(in_wallet(&wallet));

    // A watch-time coupon: refused until the shopper has watched long enough.
    let watched = |ms: u64| json!({ "watched_ms": ms });
    let (st, body) = claim(&s, me, "live_orange", "cp_laochen_watch4", watched(5_000)).await;
    assert_error(
        st,
        &body,
        StatusCode::UNPROCESSABLE_ENTITY,
        "watch_required",
    );
    let (st, _) = claim(&s, me, "live_orange", "cp_laochen_watch4", watched(61_000)).await;
    assert_eq!(st, StatusCode::OK);
    // A coupon the room does not have.
    let (st, body) = claim(&s, me, ROOM, "cp_laochen_watch4", json!({})).await;
    assert_error(st, &body, StatusCode::NOT_FOUND, "not_found");

    // Checkout takes the claimed coupon (¥3 off ¥29 at this shop).
    let mut order = request(vec![line("sn-beef", 1)]);
    order["coupons"] = json!(["cp_xiaozui_fans3"]);
    let (st, placed) = place(&s, Some(&token), "c1", &order).await;
    assert_eq!(st, StatusCode::CREATED, "{placed}");
    assert_eq!(placed["discount"]["amount"], 300);
    // Another account has not claimed it.
    let other = s.sign_in(OTHER_PHONE).await;
    let (st, body) = place(&s, Some(&other), "c2", &order).await;
    assert_error(
        st,
        &body,
        StatusCode::UNPROCESSABLE_ENTITY,
        "coupon_not_claimed",
    );
}
