use super::*;
use crate::api::demo::world::{DemoWorld, WorldData};
use crate::model::*;
use proptest::prelude::*;
use serde_json::json;

const BASE: &str = "http://127.0.0.1:3010";

fn world() -> DemoWorld {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/public/demo/world.json"
    ))
    .expect("public/demo/world.json");
    DemoWorld::new(serde_json::from_str::<WorldData>(&text).expect("world decodes"))
}

/// The native contract written as a mapping: every endpoint at its native URL, cursor pages,
/// records passed through. Decoding a native answer through it must change nothing.
fn identity() -> Mapping {
    let mut endpoints = Map::new();
    for &e in Endpoint::ALL {
        let mut spec = json!({});
        if e.is_paged() {
            spec["data"] = json!("items");
        }
        endpoints.insert(e.name().into(), spec);
    }
    let m = json!({
        "pagination": {"style": "cursor", "next_cursor": "body:next_cursor"},
        "endpoints": endpoints,
    });
    Mapping::parse(&m, BASE).expect("identity mapping is valid")
}

fn no_headers(_: &str) -> Option<String> {
    None
}

fn through<T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(
    m: &Mapping,
    endpoint: Endpoint,
    page: Option<PageAsk<'_>>,
    native: &T,
) {
    let body = serde_json::to_string(native).unwrap();
    let mapped = m.answer(endpoint, page, &no_headers, &body).unwrap();
    let back: T = serde_json::from_value(mapped).unwrap();
    assert_eq!(&back, native, "{}", endpoint.name());
}

#[test]
fn the_identity_mapping_decodes_every_native_answer_unchanged() {
    let w = world();
    let m = identity();
    fn ask(cursor: Option<&str>) -> Option<PageAsk<'_>> {
        Some(PageAsk { cursor, limit: 10 })
    }
    let mut cursor: Option<String> = None;
    loop {
        let page = w.feed(FeedTab::ForYou, &[], cursor.as_deref(), 10).unwrap();
        through(&m, Endpoint::Feed, ask(cursor.as_deref()), &page);
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    for p in &w.data.products {
        through(
            &m,
            Endpoint::Product,
            None,
            &w.product_detail(&p.id).unwrap(),
        );
    }
    for c in &w.data.creators {
        through(&m, Endpoint::Creator, None, c);
        let videos = w.creator_videos(&c.handle, None, 10).unwrap();
        through(&m, Endpoint::CreatorVideos, ask(None), &videos);
        for sort in ProductSort::ALL {
            let showcase = w.showcase(&c.handle, sort, None, 10).unwrap();
            through(&m, Endpoint::Showcase, ask(None), &showcase);
        }
    }
    for v in &w.data.videos {
        through(&m, Endpoint::Video, None, &w.video(&v.id).unwrap());
    }
    for kind in SearchKind::ALL {
        let ask_for = SearchRequest {
            q: "汉服".into(),
            kind,
            ..SearchRequest::default()
        };
        let hits: Page<SearchHit> = w.search(&ask_for, None, 10).unwrap();
        through(&m, Endpoint::Search, ask(None), &hits);
    }
    through(&m, Endpoint::Suggest, None, &w.suggest("汉", 8));
    for s in &w.data.shops {
        through(&m, Endpoint::Shop, None, &w.shop_detail(&s.id).unwrap());
    }
    let clips = w.product_videos("hf-mamian", None, 10).unwrap();
    through(&m, Endpoint::ProductVideos, ask(None), &clips);
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/public/demo/reviews.json"
    ))
    .expect("public/demo/reviews.json");
    let reviews = serde_json::from_str::<crate::api::demo::Reviews>(&text)
        .expect("reviews decode")
        .reviews;
    for photos_only in [false, true] {
        let page =
            crate::api::demo::world::reviews_page(&reviews, "hf-mamian", photos_only, None, 10)
                .unwrap();
        through(&m, Endpoint::Reviews, ask(None), &page);
    }
    through(&m, Endpoint::Coupons, None, &w.coupons());
    let suggested: Vec<CreatorSummary> = w.data.creators.iter().map(Creator::summary).collect();
    through(&m, Endpoint::SuggestedCreators, None, &suggested);
}

/// A FeedItem template that names every field by its own path, as an integrator describing
/// the native contract field by field would write it.
fn field_by_field() -> Mapping {
    let money = json!({"amount": "price.amount", "currency": "price.currency"});
    let m = json!({
        "pagination": {"style": "cursor", "next_cursor": "body:next_cursor"},
        "records": {
            "creator": {"handle": "handle", "name": {"zh": "name.zh", "en": "name.en"}, "avatar": "avatar",
                        "verified": "verified", "live_now": "live_now"},
            "product": {"id": "id", "title": {"$path": "title", "$as": "text"}, "image": "image",
                        "price": money, "original_price": "original_price", "sold": {"$path": "sold", "$as": "integer"},
                        "in_stock": "in_stock", "shop_id": {"$path": "shop_id", "$as": "string"}}
        },
        "endpoints": {"feed": {"data": "items", "record": {
            "id": {"$path": "id", "$as": "string"},
            "media": {"src": "media.src", "poster": "media.poster", "width": "media.width",
                      "height": "media.height", "duration_ms": "media.duration_ms"},
            "caption": {"$path": "caption", "$as": "text"},
            "creator": {"$at": "creator", "$record": "creator"},
            "products": {"$each": "products", "$record": "product"},
            "views": "views", "likes": "likes", "comments": "comments", "shares": "shares",
            "posted_at": {"$path": "posted_at", "$as": "timestamp"}
        }}}
    });
    Mapping::parse(&m, BASE).unwrap()
}

fn text() -> impl Strategy<Value = Text> {
    ("\\PC{0,12}", "\\PC{0,12}").prop_map(|(zh, en)| Text { zh, en })
}

fn money() -> impl Strategy<Value = Money> {
    (0i64..10_000_000).prop_map(Money::cny)
}

prop_compose! {
    fn product()(id in "[a-z0-9-]{1,12}", title in text(), image in "/media/[a-z]{1,8}\\.webp",
                 price in money(), original in proptest::option::of(money()), sold in 0u64..1_000_000,
                 in_stock in any::<bool>(), shop in "[a-z]{1,6}") -> ProductSummary {
        ProductSummary { id, title, image, price, original_price: original, sold, in_stock, shop_id: shop }
    }
}

prop_compose! {
    fn feed_item()(id in "[a-z0-9_]{1,12}", caption in text(), handle in "[a-z_]{1,10}", name in text(),
                   verified in any::<bool>(), live in proptest::option::of("[a-z_]{1,8}"),
                   products in proptest::collection::vec(product(), 0..3),
                   counts in (0u64..u64::from(u32::MAX), 0u64..1000, 0u64..1000), views in 0u64..10_000_000,
                   posted_at in 1_000_000_000_000i64..2_000_000_000_000,
                   size in (1u32..4000, 1u32..4000, 0u32..600_000)) -> FeedItem {
        FeedItem {
            id,
            media: Media { src: format!("/media/{handle}.mp4"), poster: format!("/media/{handle}.jpg"),
                           width: size.0, height: size.1, duration_ms: size.2 },
            caption,
            creator: CreatorSummary { handle: handle.clone(), name, avatar: format!("/media/{handle}.webp"),
                                      verified, live_now: live },
            products,
            views, likes: counts.0, comments: counts.1, shares: counts.2, posted_at,
        }
    }
}

proptest! {
    #[test]
    fn any_native_feed_page_survives_the_field_by_field_mapping(
        items in proptest::collection::vec(feed_item(), 0..6),
        next in proptest::option::of("[a-z0-9]{1,8}"),
    ) {
        let page = Page { items, next_cursor: next };
        let m = field_by_field();
        let body = serde_json::to_string(&page).unwrap();
        let ask = Some(PageAsk { cursor: None, limit: 10 });
        let mapped = m.answer(Endpoint::Feed, ask, &no_headers, &body).unwrap();
        let mut back: Page<FeedItem> = serde_json::from_value(mapped).unwrap();
        // An empty page is the last one, whatever the body says.
        if page.items.is_empty() { back.next_cursor = page.next_cursor.clone(); }
        prop_assert_eq!(back, page);
    }
}

#[test]
fn numbered_pages_from_headers_and_bodies() {
    let m = Mapping::parse(
        &json!({
            "pagination": {"style": "page", "page_param": "_page", "size_param": "_limit", "total": "header:X-Total-Count"},
            "endpoints": {
                "feed": {"url": "/videos?_expand=creator"},
                "showcase": {"url": "/products?creatorId={handle}", "pagination":
                    {"style": "range", "start_param": "_start", "end_param": "_end", "total": "header:Content-Range"}},
                "search": {"url": "/search?kw={q}", "data": "data.list", "pagination":
                    {"style": "offset", "offset_param": "offset", "limit_param": "limit", "total": "body:data.total"}}
            }
        }),
        BASE,
    )
    .unwrap();
    let ask = |cursor| Some(PageAsk { cursor, limit: 10 });
    assert_eq!(
        m.plan(Endpoint::Feed, &[("tab", "for_you")], ask(Some("n20")))
            .unwrap(),
        ("GET", "/videos?_expand=creator&_page=3&_limit=10".into())
    );
    assert_eq!(
        m.plan(Endpoint::Showcase, &[("handle", "a b")], ask(Some("n10")))
            .unwrap()
            .1,
        "/products?creatorId=a%20b&_start=10&_end=20"
    );
    let ten = serde_json::to_string(&vec![json!({}); 10]).unwrap();
    let total = |n: &'static str| move |h: &str| (h == "X-Total-Count").then(|| n.to_owned());
    let next = |v: Value| v.get("next_cursor").cloned();
    assert_eq!(
        next(
            m.answer(Endpoint::Feed, ask(Some("n20")), &total("64"), &ten)
                .unwrap()
        ),
        Some(json!("n30"))
    );
    assert_eq!(
        next(
            m.answer(Endpoint::Feed, ask(Some("n50")), &total("60"), &ten)
                .unwrap()
        ),
        None
    );
    let range = |h: &str| (h == "Content-Range").then(|| "items 10-19/25".to_owned());
    assert_eq!(
        next(
            m.answer(Endpoint::Showcase, ask(Some("n10")), &range, &ten)
                .unwrap()
        ),
        Some(json!("n20"))
    );
    let body = json!({"data": {"list": [{}, {}], "total": 12}}).to_string();
    assert_eq!(
        next(
            m.answer(Endpoint::Search, ask(Some("n10")), &no_headers, &body)
                .unwrap()
        ),
        None
    );
    let body = json!({"data": {"list": [{}, {}], "total": "13"}}).to_string();
    assert_eq!(
        next(
            m.answer(Endpoint::Search, ask(Some("n10")), &no_headers, &body)
                .unwrap()
        ),
        Some(json!("n12"))
    );
}

#[test]
fn an_envelope_with_a_code_and_decimal_prices() {
    let m = Mapping::parse(
        &json!({
            "envelope": {"ok": {"path": "code", "equals": 0}, "error_code": "code", "error_message": "msg"},
            "endpoints": {"product": {"url": "/goods/{id}", "data": "data", "record": {
                "product": {"id": {"$path": "goods_id", "$as": "string"},
                            "price": {"$path": "price", "$as": "money_major", "$discount_percent": "off"},
                            "cover": {"$path": "cover", "$as": "url"},
                            "stock": {"$path": "stock", "$default": 0}},
                "shop": {"$at": "shop", "$record": {"id": "id"}}
            }}}
        }),
        BASE,
    )
    .unwrap();
    let body = json!({"code": 0, "data": {"goods_id": 42, "price": "129.00", "off": 20, "cover": "/m/a.webp", "shop": {"id": "s1"}}});
    let v = m
        .answer(Endpoint::Product, None, &no_headers, &body.to_string())
        .unwrap();
    assert_eq!(
        v,
        json!({"product": {"id": "42", "price": {"amount": 10320, "currency": "CNY"},
               "cover": "http://127.0.0.1:3010/m/a.webp", "stock": 0}, "shop": {"id": "s1"}})
    );
    let refused = json!({"code": 40401, "msg": "goods not found", "data": null});
    let e = m
        .answer(Endpoint::Product, None, &no_headers, &refused.to_string())
        .unwrap_err();
    assert_eq!(e.code.as_deref(), Some("40401"));
    assert_eq!(e.detail.as_deref(), Some("goods not found"));
}

#[test]
fn a_wrong_mapping_names_the_key_and_what_was_expected() {
    let problem = |m: Value| Mapping::parse(&m, BASE).err().expect("refused");
    let p = problem(json!({"pagination": {"style": "pages"}, "endpoints": {}}));
    assert_eq!(p.key, "http.mapping.pagination.style");
    assert!(
        p.expected.contains("cursor, page, offset, range"),
        "{}",
        p.expected
    );
    assert_eq!(problem(json!({})).key, "http.mapping.endpoints");
    assert_eq!(
        problem(json!({"endpoints": {"videos": {}}})).key,
        "http.mapping.endpoints.videos"
    );
    assert_eq!(
        problem(json!({"endpoints": {"product": {"url": "/p/{slug}"}}})).key,
        "http.mapping.endpoints.product.url"
    );
    assert_eq!(
        problem(json!({"endpoints": {"feed": {}}})).key,
        "http.mapping.endpoints.feed.pagination"
    );
    assert_eq!(
        problem(
            json!({"endpoints": {"video": {"record": {"id": {"$path": "id", "$as": "money"}}}}})
        )
        .key,
        "http.mapping.endpoints.video.record.id.$as"
    );
    assert_eq!(
        problem(json!({"endpoints": {"video": {"record": "clip"}}})).key,
        "http.mapping.endpoints.video.record"
    );
    assert_eq!(
        problem(json!({"records": {"a": {"x": {"$at": "y", "$record": "a"}}}, "endpoints": {"video": {"record": "a"}}})).expected,
        "record \"a\" contains itself"
    );
    assert_eq!(
        problem(
            json!({"endpoints": {"feed": {"pagination": {"style": "page", "page_param": "p"}}}})
        )
        .key,
        "http.mapping.endpoints.feed.pagination.size_param"
    );
    assert_eq!(
        problem(json!({"auth": {"key": "k", "scheme": "Bearer"}, "endpoints": {}})).key,
        "http.mapping.auth.key"
    );
}

#[test]
fn the_token_or_a_fixed_key() {
    let token = Mapping::parse(&json!({"endpoints": {}}), BASE).unwrap();
    assert_eq!(
        token.auth(Some("t")),
        Some(("Authorization".into(), "Bearer t".into()))
    );
    assert_eq!(token.auth(None), None);
    let key = Mapping::parse(
        &json!({"auth": {"header": "X-Api-Key", "key": "k1"}, "endpoints": {}}),
        BASE,
    )
    .unwrap();
    assert_eq!(key.auth(None), Some(("X-Api-Key".into(), "k1".into())));
}
