//! The catalogue, sign-in and the cart, likes and follows, and what survives a restart.

use crate::common::*;
use axum::http::{Method, StatusCode};
use haowu::api::demo::DemoWorld;
use haowu::config::Gated;
use haowu::model::*;
use serde_json::{json, Value};

/// The answer is the world's value as JSON text (through text, as f32 ratings print there).
fn same<T: serde::Serialize>(got: &Value, want: &T) {
    let want: Value = serde_json::from_str(&serde_json::to_string(want).unwrap()).unwrap();
    assert_eq!(got, &want);
}

#[tokio::test]
async fn catalogue_answers_as_the_demo_world_does() {
    let s = Server::new();
    let w = DemoWorld::new(fast_world());

    let (st, page) = s.get("/api/feed").await;
    assert_eq!(st, StatusCode::OK);
    same(&page, &w.feed(FeedTab::ForYou, &[], None, 10).unwrap());
    let (_, first) = s.get("/api/feed?tab=for_you&limit=2").await;
    assert_eq!(first["items"].as_array().unwrap().len(), 2);
    let cursor = first["next_cursor"].as_str().unwrap();
    let (_, second) = s.get(&format!("/api/feed?limit=2&cursor={cursor}")).await;
    same(
        &second,
        &w.feed(FeedTab::ForYou, &[], Some(cursor), 2).unwrap(),
    );
    // A guest follows nobody on the server.
    let (st, following) = s.get("/api/feed?tab=following").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(following["items"], json!([]));

    let (st, v) = s.get("/api/videos/v001").await;
    assert_eq!(st, StatusCode::OK);
    same(&v, &w.video("v001").unwrap());

    let (st, p) = s.get("/api/products/hf-mamian").await;
    assert_eq!(st, StatusCode::OK);
    same(&p, &w.product_detail("hf-mamian").unwrap());

    let (st, creators) = s.get("/api/creators").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(creators.as_array().unwrap().len(), 6);

    let (st, c) = s.get("/api/creators/YUEBAI_Hanfu").await;
    assert_eq!(st, StatusCode::OK, "handles match case-insensitively");
    assert_eq!(c["handle"], "yuebai_hanfu");

    let (_, videos) = s.get("/api/creators/yuebai_hanfu/videos?limit=3").await;
    same(&videos, &w.creator_videos("yuebai_hanfu", None, 3).unwrap());
    let (_, showcase) = s.get("/api/creators/yuebai_hanfu/showcase").await;
    same(
        &showcase,
        &w.showcase("yuebai_hanfu", ProductSort::Relevance, None, 10)
            .unwrap(),
    );

    let (st, hits) = s.get("/api/search?q=%E6%B1%89%E6%9C%8D&limit=5").await;
    assert_eq!(st, StatusCode::OK);
    let hanfu = SearchRequest {
        q: "汉服".into(),
        ..SearchRequest::default()
    };
    same(&hits, &w.search(&hanfu, None, 5).unwrap());
    assert_eq!(hits["items"][0]["kind"], "product");
    let (_, none) = s.get("/api/search").await;
    assert_eq!(none["items"], json!([]));

    let (st, coupons) = s.get("/api/coupons").await;
    assert_eq!(st, StatusCode::OK);
    same(&coupons, &w.wallet(&[]));

    let (st, rooms) = s.get("/api/live").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(rooms.as_array().unwrap().len(), w.data.live.len());
    let (st, room) = s.get("/api/live/live_snack").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(room["id"], "live_snack");
    assert!(room["last_event_id"].as_u64().is_some());

    for missing in [
        "/api/videos/nope",
        "/api/products/nope",
        "/api/creators/nope",
        "/api/creators/nope/videos",
        "/api/creators/nope/showcase",
        "/api/live/nope",
    ] {
        let (st, body) = s.get(missing).await;
        assert_error(st, &body, StatusCode::NOT_FOUND, "not_found");
    }
}

#[tokio::test]
async fn sign_in_then_the_cart_is_kept_on_the_account() {
    let s = Server::new();
    let (st, _) = s
        .call(
            Method::POST,
            "/api/auth/code",
            None,
            Some(json!({"phone": "+86 138 0013 8000"})),
        )
        .await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    let (st, body) = s
        .call(
            Method::POST,
            "/api/auth/code",
            None,
            Some(json!({"phone": "12345"})),
        )
        .await;
    assert_error(st, &body, StatusCode::UNPROCESSABLE_ENTITY, "invalid_phone");
    let (st, body) = s
        .call(
            Method::POST,
            "/api/auth/login",
            None,
            Some(json!({"phone": PHONE, "code": "000000"})),
        )
        .await;
    assert_error(st, &body, StatusCode::UNPROCESSABLE_ENTITY, "wrong_code");

    let (st, session) = s
        .call(
            Method::POST,
            "/api/auth/login",
            None,
            Some(json!({"phone": PHONE, "code": "654321"})),
        )
        .await;
    assert_eq!(st, StatusCode::OK);
    let session: Session = serde_json::from_value(session).unwrap();
    assert_eq!(session.user.phone_masked, "138****8000");
    let token = session.token;

    let (st, body) = s.get("/api/cart").await;
    assert_error(st, &body, StatusCode::UNAUTHORIZED, "unauthorized");
    let (st, cart) = s.call(Method::GET, "/api/cart", Some(&token), None).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(cart, json!({"lines": []}));

    let cart = sample_cart(2);
    let (st, _) = s
        .call(
            Method::PUT,
            "/api/cart",
            Some(&token),
            Some(serde_json::to_value(&cart).unwrap()),
        )
        .await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    let (_, got) = s.call(Method::GET, "/api/cart", Some(&token), None).await;
    assert_eq!(serde_json::from_value::<Cart>(got).unwrap(), cart);

    // The same phone signs in to the same account (and its cart) from another device.
    let second = s.sign_in(PHONE).await;
    let (_, got) = s.call(Method::GET, "/api/cart", Some(&second), None).await;
    assert_eq!(serde_json::from_value::<Cart>(got).unwrap(), cart);
    // Another account has its own.
    let other = s.sign_in(OTHER_PHONE).await;
    let (_, got) = s.call(Method::GET, "/api/cart", Some(&other), None).await;
    assert_eq!(got, json!({"lines": []}));

    let (st, _) = s
        .call(Method::POST, "/api/auth/logout", Some(&token), None)
        .await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    let (st, body) = s.call(Method::GET, "/api/cart", Some(&token), None).await;
    assert_error(st, &body, StatusCode::UNAUTHORIZED, "unauthorized");
    let (st, _) = s.call(Method::GET, "/api/cart", Some(&second), None).await;
    assert_eq!(st, StatusCode::OK, "only the presented token is revoked");
}

pub fn sample_cart(qty: u32) -> Cart {
    let w = DemoWorld::new(world());
    let p = w.product("hf-mamian").unwrap();
    let v = &p.variants[0];
    Cart {
        lines: vec![CartLine {
            product_id: p.id.clone(),
            variant_id: v.id.clone(),
            shop_id: p.shop_id.clone(),
            shop_name: Text::same("月白"),
            title: p.title.clone(),
            variant_label: p.variant_label(v),
            image: p.images[0].clone(),
            unit_price: v.price,
            qty,
            max_qty: 5,
            selected: true,
            unavailable: false,
            live: None,
        }],
    }
}

#[tokio::test]
async fn follows_make_the_following_feed_and_likes_are_kept() {
    let s = Server::new();
    let token = s.sign_in(PHONE).await;
    let (st, _) = s
        .call(
            Method::PUT,
            "/api/creators/YUEBAI_HANFU/follow",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    let (_, page) = s
        .call(
            Method::GET,
            "/api/feed?tab=following&limit=50",
            Some(&token),
            None,
        )
        .await;
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 9);
    assert!(items
        .iter()
        .all(|i| i["creator"]["handle"] == "yuebai_hanfu"));
    let (st, _) = s
        .call(
            Method::DELETE,
            "/api/creators/yuebai_hanfu/follow",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    let (_, page) = s
        .call(Method::GET, "/api/feed?tab=following", Some(&token), None)
        .await;
    assert_eq!(page["items"], json!([]));

    // A guest's follow is accepted, not stored.
    let (st, _) = s
        .call(Method::PUT, "/api/creators/maomao_cat/follow", None, None)
        .await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    let (st, body) = s
        .call(Method::PUT, "/api/creators/nobody/follow", None, None)
        .await;
    assert_error(st, &body, StatusCode::NOT_FOUND, "not_found");

    for method in [Method::PUT, Method::DELETE, Method::PUT] {
        let (st, _) = s
            .call(method, "/api/videos/v001/like", Some(&token), None)
            .await;
        assert_eq!(st, StatusCode::NO_CONTENT);
    }
    let (st, body) = s
        .call(Method::PUT, "/api/videos/nope/like", Some(&token), None)
        .await;
    assert_error(st, &body, StatusCode::NOT_FOUND, "not_found");
    let id = s
        .state
        .db
        .call({
            let t = token.clone();
            move |c| haowu_server::db::account_for_token(c, &t)
        })
        .await
        .unwrap()
        .unwrap()
        .id;
    let likes = s
        .state
        .db
        .call(move |c| haowu_server::db::likes(c, id))
        .await
        .unwrap();
    assert_eq!(likes, ["v001"]);

    // When the server keeps likes and follows for members, a guest gets 401.
    let strict = Server::with(gated(&[Gated::Like, Gated::Follow]), fast_world());
    let (st, body) = strict
        .call(Method::PUT, "/api/videos/v001/like", None, None)
        .await;
    assert_error(st, &body, StatusCode::UNAUTHORIZED, "unauthorized");
    let (st, body) = strict
        .call(Method::PUT, "/api/creators/maomao_cat/follow", None, None)
        .await;
    assert_error(st, &body, StatusCode::UNAUTHORIZED, "unauthorized");
}

#[tokio::test]
async fn data_survives_a_restart() {
    let tmp = tempfile::tempdir().unwrap();
    let (token, order_id) = {
        let s = Server::at(tmp.path(), |_| {}, fast_world());
        let token = s.sign_in(PHONE).await;
        let (st, _) = s
            .call(
                Method::PUT,
                "/api/cart",
                Some(&token),
                Some(serde_json::to_value(sample_cart(1)).unwrap()),
            )
            .await;
        assert_eq!(st, StatusCode::NO_CONTENT);
        s.call(
            Method::PUT,
            "/api/creators/lulu_makeup/follow",
            Some(&token),
            None,
        )
        .await;
        let req = crate::orders::request(vec![crate::orders::line("hf-beizi", 1)]);
        let (st, order) = crate::orders::place(&s, Some(&token), "restart-key", &req).await;
        assert_eq!(st, StatusCode::CREATED, "{order}");
        (token, order["id"].as_str().unwrap().to_owned())
    };
    // A new server on the same database file.
    let s = Server::at(tmp.path(), |_| {}, fast_world());
    let (st, cart) = s.call(Method::GET, "/api/cart", Some(&token), None).await;
    assert_eq!(st, StatusCode::OK, "the session survives");
    assert_eq!(
        serde_json::from_value::<Cart>(cart).unwrap(),
        sample_cart(1)
    );
    let (_, orders) = s.call(Method::GET, "/api/orders", Some(&token), None).await;
    assert_eq!(orders[0]["id"], order_id.as_str());
    let (_, feed) = s
        .call(Method::GET, "/api/feed?tab=following", Some(&token), None)
        .await;
    assert!(feed["items"][0]["creator"]["handle"] == "lulu_makeup");
    // And the idempotency key still finds its order.
    let req = crate::orders::request(vec![crate::orders::line("hf-beizi", 1)]);
    let (st, again) = crate::orders::place(&s, Some(&token), "restart-key", &req).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(again["id"], order_id.as_str());
}
