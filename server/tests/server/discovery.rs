//! Finding goods: search with its filters and orders, suggestions, shop pages, reviews and the
//! clips that show a product, answered as the demo world answers them.

use crate::common::*;
use axum::http::StatusCode;
use haowu::api::demo::world::reviews_page;
use haowu::api::demo::DemoWorld;
use haowu::model::*;
use serde_json::{json, Value};

/// The answer is the world's value as JSON text (through text, as f32 ratings print there).
fn same<T: serde::Serialize>(got: &Value, want: &T) {
    let want: Value = serde_json::from_str(&serde_json::to_string(want).unwrap()).unwrap();
    assert_eq!(got, &want);
}

fn ask(q: &str, kind: SearchKind) -> SearchRequest {
    SearchRequest {
        q: q.into(),
        kind,
        ..SearchRequest::default()
    }
}

#[tokio::test]
async fn search_answers_as_the_demo_world_does() {
    let s = Server::new();
    let w = DemoWorld::new(fast_world());
    let cases: Vec<(&str, SearchRequest)> = vec![
        (
            "/api/search?q=%E6%B1%89%E6%9C%8D%20%E9%A9%AC%E9%9D%A2%E8%A3%99",
            ask("汉服 马面裙", SearchKind::Products),
        ),
        (
            "/api/search?q=%E6%B1%89%E6%9C%8D+%E8%80%B3%E6%9C%BA&kind=products",
            ask("汉服 耳机", SearchKind::Products),
        ),
        (
            "/api/search?q=%23%E6%B1%89%E6%9C%8D&kind=videos&limit=50",
            ask("#汉服", SearchKind::Videos),
        ),
        (
            "/api/search?q=%E6%B1%89%E6%9C%8D&kind=creators",
            ask("汉服", SearchKind::Creators),
        ),
        (
            "/api/search?q=%E6%B1%89%E6%9C%8D&kind=live",
            ask("汉服", SearchKind::Live),
        ),
        (
            "/api/search?q=&kind=products&category=apparel&price_min=10000&price_max=40000&sort=price_desc&shop=",
            SearchRequest {
                category: Some("apparel".into()),
                price_min: Some(10_000),
                price_max: Some(40_000),
                sort: ProductSort::PriceDesc,
                ..ask("", SearchKind::Products)
            },
        ),
        (
            "/api/search?kind=products&shop=yuebai&sort=new&limit=50",
            SearchRequest {
                shop: Some("yuebai".into()),
                sort: ProductSort::New,
                ..ask("", SearchKind::Products)
            },
        ),
        (
            // Empty values are "not set".
            "/api/search?q=tea&kind=&category=&price_min=&price_max=&sort=&shop=",
            ask("tea", SearchKind::Products),
        ),
    ];
    for (url, request) in &cases {
        let (st, got) = s.get(url).await;
        assert_eq!(st, StatusCode::OK, "{url}: {got}");
        let limit = if url.contains("limit=50") { 50 } else { 10 };
        same(&got, &w.search(request, None, limit).unwrap());
    }
    // The words, the kind and the filters each matter.
    let (_, both) = s.get(cases[0].0).await;
    assert_eq!(both["items"][0]["id"], "hf-mamian");
    let (_, none) = s.get(cases[1].0).await;
    assert_eq!(none["items"], json!([]));
    let (_, clips) = s.get(cases[2].0).await;
    let clips = clips["items"].as_array().unwrap();
    assert!(!clips.is_empty());
    assert!(clips
        .iter()
        .all(|c| c["kind"] == "video" && c["caption"]["zh"].as_str().unwrap().contains("#汉服")));

    // Paging with the filters kept.
    let shop = &cases[6].1;
    let (_, first) = s
        .get("/api/search?kind=products&shop=yuebai&sort=new&limit=2")
        .await;
    same(&first, &w.search(shop, None, 2).unwrap());
    let cursor = first["next_cursor"].as_str().unwrap();
    let (_, second) = s
        .get(&format!(
            "/api/search?kind=products&shop=yuebai&sort=new&limit=2&cursor={cursor}"
        ))
        .await;
    same(&second, &w.search(shop, Some(cursor), 2).unwrap());

    for sort in ProductSort::ALL {
        let url = format!(
            "/api/creators/yuebai_hanfu/showcase?sort={}&limit=50",
            sort.as_str()
        );
        let (st, got) = s.get(&url).await;
        assert_eq!(st, StatusCode::OK, "{url}");
        same(&got, &w.showcase("yuebai_hanfu", sort, None, 50).unwrap());
    }
    let (_, plain) = s.get("/api/creators/yuebai_hanfu/showcase?sort=").await;
    same(
        &plain,
        &w.showcase("yuebai_hanfu", ProductSort::Relevance, None, 10)
            .unwrap(),
    );
}

#[tokio::test]
async fn suggestions_shops_reviews_and_product_clips() {
    let s = Server::new();
    let w = DemoWorld::new(fast_world());

    let (st, got) = s.get("/api/search/suggest?q=%E6%B1%89").await;
    assert_eq!(st, StatusCode::OK);
    same(&got, &w.suggest("汉", SUGGESTIONS));
    assert!(!got.as_array().unwrap().is_empty());
    let (_, got) = s.get("/api/search/suggest?q=cat").await;
    same(&got, &w.suggest("cat", SUGGESTIONS));
    assert!(got.as_array().unwrap().len() <= SUGGESTIONS);
    for empty in [
        "/api/search/suggest",
        "/api/search/suggest?q=",
        "/api/search/suggest?q=%20",
    ] {
        let (st, got) = s.get(empty).await;
        assert_eq!((st, got), (StatusCode::OK, json!([])), "{empty}");
    }

    let (st, got) = s.get("/api/categories").await;
    assert_eq!(st, StatusCode::OK);
    same(&got, &w.data.categories);

    for shop in &w.data.shops {
        let (st, got) = s.get(&format!("/api/shops/{}", shop.id)).await;
        assert_eq!(st, StatusCode::OK);
        same(&got, &w.shop_detail(&shop.id).unwrap());
    }

    let reviews = &w.data.reviews;
    let (st, got) = s.get("/api/products/hf-mamian/reviews").await;
    assert_eq!(st, StatusCode::OK);
    same(
        &got,
        &reviews_page(reviews, "hf-mamian", false, None, 10).unwrap(),
    );
    // Every review once, over the pages.
    let mut seen: Vec<Value> = Vec::new();
    let mut url = "/api/products/hf-mamian/reviews?limit=4&photos=".to_owned();
    loop {
        let (st, page) = s.get(&url).await;
        assert_eq!(st, StatusCode::OK, "{url}");
        seen.extend(page["items"].as_array().unwrap().iter().cloned());
        match page["next_cursor"].as_str() {
            Some(c) => url = format!("/api/products/hf-mamian/reviews?limit=4&photos=&cursor={c}"),
            None => break,
        }
    }
    let all: Vec<&Review> = reviews
        .iter()
        .filter(|r| r.product_id == "hf-mamian")
        .collect();
    same(&Value::Array(seen), &all);
    for photos in ["true", "false"] {
        let (st, got) = s
            .get(&format!(
                "/api/products/hf-mamian/reviews?photos={photos}&limit=3"
            ))
            .await;
        assert_eq!(st, StatusCode::OK);
        same(
            &got,
            &reviews_page(reviews, "hf-mamian", photos == "true", None, 3).unwrap(),
        );
    }

    let (st, got) = s.get("/api/products/hf-mamian/videos?limit=2").await;
    assert_eq!(st, StatusCode::OK);
    same(&got, &w.product_videos("hf-mamian", None, 2).unwrap());
    let cursor = got["next_cursor"].as_str().unwrap();
    let (_, next) = s
        .get(&format!(
            "/api/products/hf-mamian/videos?limit=2&cursor={cursor}"
        ))
        .await;
    same(
        &next,
        &w.product_videos("hf-mamian", Some(cursor), 2).unwrap(),
    );

    for missing in [
        "/api/shops/nope",
        "/api/products/nope/reviews",
        "/api/products/nope/videos",
    ] {
        let (st, body) = s.get(missing).await;
        assert_error(st, &body, StatusCode::NOT_FOUND, "not_found");
    }
}

#[tokio::test]
async fn bad_search_values_are_bad_requests() {
    let s = Server::new();
    for (url, names) in [
        ("/api/search?q=x&kind=shops", "kind"),
        ("/api/search?q=x&kind=Products", "kind"),
        ("/api/search?q=x&sort=cheapest", "sort"),
        ("/api/search?q=x&price_min=12.5", "price_min"),
        ("/api/search?q=x&price_max=lots", "price_max"),
        ("/api/search?q=x&limit=0", "limit"),
        ("/api/search?q=x&cursor=zzz", "cursor"),
        ("/api/creators/yuebai_hanfu/showcase?sort=cheap", "sort"),
        ("/api/products/hf-mamian/reviews?photos=yes", "photos"),
        ("/api/products/hf-mamian/reviews?limit=51", "limit"),
        ("/api/products/hf-mamian/videos?limit=x", "limit"),
    ] {
        let (st, body) = s.get(url).await;
        assert_error(st, &body, StatusCode::BAD_REQUEST, "bad_request");
        let message = body["error"]["message"].as_str().unwrap();
        if names != "cursor" {
            assert!(message.contains(names), "{url}: {message}");
        }
    }
    let (_, body) = s.get("/api/search?q=x&kind=shops").await;
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("products, creators, videos, live") && message.contains("\"shops\""),
        "the message lists the kinds: {message}"
    );
    let (_, body) = s.get("/api/search?q=x&sort=cheapest").await;
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("price_asc"));
}
