//! Orders: exactly once per Idempotency-Key, priced by the world, refusals with their codes.

use crate::common::*;
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use haowu::api::demo::DemoWorld;
use haowu::model::Cart;
use serde_json::{json, Value};

/// An order line for the first in-stock variant of `product`, at its current price.
pub fn line(product: &str, qty: u32) -> Value {
    let w = DemoWorld::new(world());
    let p = w.product(product).unwrap();
    let v = p.variants.iter().find(|v| v.stock > 0).unwrap();
    json!({"product_id": p.id, "variant_id": v.id, "qty": qty, "expected_unit_price": v.price})
}

pub fn request(lines: Vec<Value>) -> Value {
    json!({
        "lines": lines,
        "address": {"name": "王小明", "phone": "13800138000", "region": "浙江省 杭州市 西湖区", "street": "文三路 1 号"},
        "delivery": "standard",
    })
}

pub async fn place(
    s: &Server,
    token: Option<&str>,
    key: &str,
    body: &Value,
) -> (StatusCode, Value) {
    let mut req = Request::post("/api/orders")
        .header(header::CONTENT_TYPE, "application/json")
        .header("idempotency-key", key);
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let (st, _, bytes) = s
        .send(req.body(Body::from(body.to_string())).unwrap())
        .await;
    (st, decode(&bytes))
}

fn order_rows(s: &Server) -> i64 {
    let conn = rusqlite::Connection::open(s.dir.join("db").join("haowu.db")).unwrap();
    conn.query_row("SELECT COUNT(*) FROM orders", [], |r| r.get(0))
        .unwrap()
}

#[tokio::test]
async fn an_order_is_placed_once_per_key() {
    let s = Server::new();
    let token = s.sign_in(PHONE).await;
    // The cart holds the ordered variant and another one.
    let mut cart = crate::api::sample_cart(1);
    let mut kept = cart.lines[0].clone();
    kept.variant_id = "hf-mamian-m-moon".into();
    cart.lines.push(kept.clone());
    s.call(
        Method::PUT,
        "/api/cart",
        Some(&token),
        Some(serde_json::to_value(&cart).unwrap()),
    )
    .await;

    let body = request(vec![line("hf-mamian", 1), line("sn-beef", 2)]);
    let (st, err) = place(&s, None, "k1", &body).await;
    assert_error(st, &err, StatusCode::UNAUTHORIZED, "unauthorized");
    let (st, err) = place(&s, Some(&token), "", &body).await;
    assert_error(
        st,
        &err,
        StatusCode::UNPROCESSABLE_ENTITY,
        "missing_idempotency_key",
    );
    let (st, err) = place(&s, Some(&token), &"k".repeat(201), &body).await;
    assert_error(
        st,
        &err,
        StatusCode::UNPROCESSABLE_ENTITY,
        "missing_idempotency_key",
    );

    let (st, order) = place(&s, Some(&token), "k1", &body).await;
    assert_eq!(st, StatusCode::CREATED, "{order}");
    assert_eq!(order["status"], "paid");
    assert_eq!(order["lines"].as_array().unwrap().len(), 2);
    assert_eq!(order["history"][0]["status"], "paid");
    let total = order["total"]["amount"].as_i64().unwrap();
    assert_eq!(
        total,
        order["subtotal"]["amount"].as_i64().unwrap()
            - order["discount"]["amount"].as_i64().unwrap()
            + order["shipping"]["amount"].as_i64().unwrap()
    );

    // The retry (same key, same body, spelled differently) gets the same order.
    let respelled: Value = serde_json::from_str(&format!(" {} ", body)).unwrap();
    let (st, again) = place(&s, Some(&token), "k1", &respelled).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(again["id"], order["id"]);
    let (st, err) = place(&s, Some(&token), "k1", &request(vec![line("hf-mamian", 2)])).await;
    assert_error(
        st,
        &err,
        StatusCode::UNPROCESSABLE_ENTITY,
        "idempotency_key_reused",
    );
    assert_eq!(order_rows(&s), 1);

    // What was ordered left the cart; the rest stayed.
    let (_, got) = s.call(Method::GET, "/api/cart", Some(&token), None).await;
    let got: Cart = serde_json::from_value(got).unwrap();
    assert_eq!(got.lines, vec![kept]);

    let (st, list) = s.call(Method::GET, "/api/orders", Some(&token), None).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(list.as_array().unwrap().len(), 1);
    let (_, second) = place(&s, Some(&token), "k2", &request(vec![line("sn-beef", 1)])).await;
    let (_, list) = s.call(Method::GET, "/api/orders", Some(&token), None).await;
    assert_eq!(list[0]["id"], second["id"], "newest first");
    let path = format!("/api/orders/{}", order["id"].as_str().unwrap());
    let (st, one) = s.call(Method::GET, &path, Some(&token), None).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(one["id"], order["id"]);
    let other = s.sign_in(OTHER_PHONE).await;
    let (st, err) = s.call(Method::GET, &path, Some(&other), None).await;
    assert_error(st, &err, StatusCode::NOT_FOUND, "not_found");
    let (st, err) = s.call(Method::GET, &path, None, None).await;
    assert_error(st, &err, StatusCode::NOT_FOUND, "not_found");
    let (st, err) = s.call(Method::GET, "/api/orders", None, None).await;
    assert_error(st, &err, StatusCode::UNAUTHORIZED, "unauthorized");
    // Keys belong to an account: another account's "k1" is its own order.
    let (st, _) = place(&s, Some(&other), "k1", &body).await;
    assert_eq!(st, StatusCode::CREATED);
}

#[tokio::test]
async fn concurrent_duplicates_make_one_order() {
    let s = Server::new();
    let token = s.sign_in(PHONE).await;
    let body = request(vec![line("hf-mamian", 1)]);
    let tries = (0..8).map(|_| place(&s, Some(&token), "same-key", &body));
    let answers = futures_util::future::join_all(tries).await;
    let created = answers
        .iter()
        .filter(|(st, _)| *st == StatusCode::CREATED)
        .count();
    let replayed = answers
        .iter()
        .filter(|(st, _)| *st == StatusCode::OK)
        .count();
    assert_eq!((created, replayed), (1, 7), "{answers:?}");
    assert!(answers.iter().all(|(_, o)| o["id"] == answers[0].1["id"]));
    assert_eq!(order_rows(&s), 1);
}

#[tokio::test]
async fn refusals_carry_their_codes() {
    let s = Server::new();
    let token = s.sign_in(PHONE).await;
    let mut stale = line("hf-mamian", 1);
    stale["expected_unit_price"]["amount"] = json!(100);
    let cases = [
        (request(vec![stale]), "price_changed"),
        (request(vec![]), "empty_order"),
        (
            {
                let mut r = request(vec![line("hf-mamian", 1)]);
                r["delivery"] = json!("teleport");
                r
            },
            "unknown_delivery",
        ),
        (
            request(vec![
                json!({"product_id": "hf-mamian", "variant_id": "hf-mamian-m-rouge", "qty": 1,
                "expected_unit_price": {"amount": 32900, "currency": "CNY"}}),
            ]),
            "sold_out",
        ),
        (request(vec![line("hf-mamian", 0)]), "over_limit"),
        (
            {
                let mut r = request(vec![line("hf-mamian", 1)]);
                r["coupons"] = json!(["no-such-coupon"]);
                r
            },
            "unknown_coupon",
        ),
    ];
    for (i, (body, code)) in cases.iter().enumerate() {
        let (st, err) = place(&s, Some(&token), &format!("refused-{i}"), body).await;
        assert_error(st, &err, StatusCode::UNPROCESSABLE_ENTITY, code);
    }
    let (st, err) = place(
        &s,
        Some(&token),
        "gone",
        &request(vec![
            json!({"product_id": "nope", "variant_id": "x", "qty": 1,
            "expected_unit_price": {"amount": 1, "currency": "CNY"}}),
        ]),
    )
    .await;
    assert_error(st, &err, StatusCode::NOT_FOUND, "not_found");
    assert_eq!(order_rows(&s), 0);
    // A refused request leaves its key free: fixed, it goes through.
    let (st, _) = place(
        &s,
        Some(&token),
        "refused-1",
        &request(vec![line("hf-mamian", 1)]),
    )
    .await;
    assert_eq!(st, StatusCode::CREATED);
}

#[tokio::test]
async fn guests_order_when_the_server_allows_it() {
    let s = Server::with(gated(&[]), fast_world());
    let (st, order) = place(&s, None, "guest-1", &request(vec![line("hf-mamian", 1)])).await;
    assert_eq!(st, StatusCode::CREATED);
    let (st, list) = s.get("/api/orders").await;
    assert_eq!((st, list), (StatusCode::OK, json!([])));
    let (st, one) = s
        .get(&format!("/api/orders/{}", order["id"].as_str().unwrap()))
        .await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(one["id"], order["id"]);
}
