//! The demo backend's queries against the real demo world: cursor pagination without gaps or
//! repeats, joins, search, live timelines and server-side order pricing.
#![cfg(not(target_arch = "wasm32"))]

use haowu::api::demo::{Buyer, DemoWorld, SearchHit, WorldData};
use haowu::api::ErrorKind;
use haowu::model::*;
use std::collections::HashSet;

fn world() -> DemoWorld {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/public/demo/world.json");
    DemoWorld::new(WorldData::load(std::path::Path::new(path)).expect("world.json and live.json"))
}

#[test]
fn world_round_trips_through_the_model() {
    let w = world();
    let json = serde_json::to_string(&w.data).unwrap();
    assert_eq!(serde_json::from_str::<WorldData>(&json).unwrap(), w.data);
}

#[test]
fn feed_pages_cover_every_clip_once_in_order() {
    let w = world();
    for limit in [1, 7, 10, 64, 100] {
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        let mut pages = 0;
        loop {
            let page = w
                .feed(FeedTab::ForYou, &[], cursor.as_deref(), limit)
                .unwrap();
            assert!(page.items.len() <= limit);
            seen.extend(page.items.iter().map(|i| i.id.clone()));
            pages += 1;
            match page.next_cursor {
                Some(c) => cursor = Some(c),
                None => break,
            }
        }
        let expected: Vec<String> = w.data.videos.iter().map(|v| v.id.clone()).collect();
        assert_eq!(seen, expected, "limit {limit}: every clip once, in order");
        assert_eq!(pages, expected.len().div_ceil(limit));
    }
}

#[test]
fn feed_items_join_creator_and_products() {
    let w = world();
    let page = w.feed(FeedTab::ForYou, &[], None, 10).unwrap();
    for item in &page.items {
        let video = w.data.videos.iter().find(|v| v.id == item.id).unwrap();
        assert_eq!(item.creator.handle, video.creator);
        assert_eq!(
            item.products.len(),
            video.products.len(),
            "{}: every product resolves",
            item.id
        );
        assert!(!item.creator.name.zh.is_empty());
    }
}

#[test]
fn following_feed_shows_only_followed_creators() {
    let w = world();
    let handle = w.data.creators[0].handle.clone();
    let page = w
        .feed(FeedTab::Following, std::slice::from_ref(&handle), None, 100)
        .unwrap();
    assert!(!page.items.is_empty());
    assert!(page.items.iter().all(|i| i.creator.handle == handle));
    assert!(w
        .feed(FeedTab::Following, &[], None, 10)
        .unwrap()
        .items
        .is_empty());
}

#[test]
fn bad_cursors_and_unknown_ids_are_errors_not_panics() {
    let w = world();
    assert_eq!(
        w.feed(FeedTab::ForYou, &[], Some("zzz"), 10)
            .unwrap_err()
            .kind,
        ErrorKind::Invalid
    );
    assert_eq!(
        w.product_detail("nope").unwrap_err().kind,
        ErrorKind::NotFound
    );
    assert_eq!(w.creator("nope").unwrap_err().kind, ErrorKind::NotFound);
    assert_eq!(w.scenario("nope").unwrap_err().kind, ErrorKind::NotFound);
    let past_the_end = w.feed(FeedTab::ForYou, &[], Some("o9999"), 10).unwrap();
    assert!(past_the_end.items.is_empty() && past_the_end.next_cursor.is_none());
}

#[test]
fn product_detail_joins_the_shop() {
    let w = world();
    for p in &w.data.products {
        let detail = w.product_detail(&p.id).unwrap();
        assert_eq!(detail.shop.id, p.shop_id);
    }
}

/// A creator who runs a shop.
fn shopkeeper(w: &DemoWorld) -> &Creator {
    w.data
        .creators
        .iter()
        .find(|c| c.shop_id.is_some())
        .expect("a creator with a shop")
}

#[test]
fn showcase_lists_the_creators_shop_first() {
    let w = world();
    let creator = shopkeeper(&w);
    let page = w.showcase(&creator.handle, None, 100).unwrap();
    let shop = creator.shop_id.as_ref().unwrap();
    assert!(!page.items.is_empty());
    assert_eq!(&page.items[0].shop_id, shop);
    let ids: HashSet<_> = page.items.iter().map(|p| &p.id).collect();
    assert_eq!(ids.len(), page.items.len(), "no product twice");
}

#[test]
fn search_finds_products_and_creators_in_both_languages() {
    let w = world();
    let p = &w.data.products[0];
    let word: String = p.title.zh.chars().take(2).collect();
    let hits = w.search(&word, None, 100).unwrap().items;
    assert!(
        hits.iter()
            .any(|h| matches!(h, SearchHit::Product(s) if s.id == p.id)),
        "{word}"
    );
    let en_word = p.title.en.split_whitespace().next().unwrap().to_uppercase();
    let hits = w.search(&en_word, None, 100).unwrap().items;
    assert!(
        hits.iter()
            .any(|h| matches!(h, SearchHit::Product(s) if s.id == p.id)),
        "{en_word}"
    );
    let c = &w.data.creators[0];
    let hits = w.search(&c.name.zh, None, 100).unwrap().items;
    assert!(hits
        .iter()
        .any(|h| matches!(h, SearchHit::Creator(s) if s.handle == c.handle)));
    assert!(w.search("   ", None, 10).unwrap().items.is_empty());
}

/// The first in-stock variant of the world that `ok` accepts, with its product.
fn find_variant(w: &DemoWorld, ok: impl Fn(&Variant) -> bool) -> Option<(Product, Variant)> {
    w.data.products.iter().find_map(|p| {
        p.variants
            .iter()
            .find(|v| v.stock > 0 && ok(v))
            .map(|v| (p.clone(), v.clone()))
    })
}

/// An order of `qty` of one variant at `price`, standard delivery, no coupons.
fn order_of(p: &Product, v: &Variant, qty: u32, price: Money) -> OrderRequest {
    OrderRequest {
        lines: vec![OrderRequestLine {
            product_id: p.id.clone(),
            variant_id: v.id.clone(),
            qty,
            expected_unit_price: price,
            live: None,
        }],
        address: Address::default(),
        delivery: "standard".into(),
        coupons: vec![],
    }
}

/// The refusal code of an order the server must refuse.
fn refusal(w: &DemoWorld, request: &OrderRequest, now: i64) -> String {
    let e = w
        .price_order(request, now, &Buyer::anonymous())
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Rejected, "{e}");
    e.code.unwrap_or_default()
}

#[test]
fn orders_are_priced_by_the_server() {
    let w = world();
    let (product, variant) = find_variant(&w, |v| v.stock >= 2).unwrap();
    let (lines, quote) = w
        .price_order(
            &order_of(&product, &variant, 2, variant.price),
            0,
            &Buyer::anonymous(),
        )
        .unwrap();
    assert_eq!(lines[0].unit_price, variant.price);
    assert_eq!(quote.subtotal, variant.price.checked_mul(2).unwrap());
    assert_eq!(
        quote.total, quote.subtotal,
        "no coupons asked for, standard delivery"
    );
    let stale = Money::new(variant.price.amount - 1, variant.price.currency);
    assert_eq!(
        refusal(&w, &order_of(&product, &variant, 1, stale), 0),
        "price_changed"
    );
    let too_many = order_of(
        &product,
        &variant,
        product.max_qty(&variant) + 1,
        variant.price,
    );
    assert_eq!(refusal(&w, &too_many, 0), "over_limit");

    // A real coupon asked for is applied by the server's own arithmetic; one it cannot
    // honour (made up, expired, not applicable) refuses the order instead of changing the total.
    let coupon = w
        .coupons()
        .into_iter()
        .filter(|c| c.shop_id.is_none())
        .min_by_key(|c| c.min_spend.amount)
        .expect("a platform coupon");
    let (rich, rich_v) = find_variant(&w, |v| v.price.amount >= coupon.min_spend.amount)
        .expect("a product that meets the minimum spend");
    let with = |p: &Product, v: &Variant, coupons: Vec<String>| OrderRequest {
        coupons,
        ..order_of(p, v, 1, v.price)
    };
    let (_, q) = w
        .price_order(
            &with(&rich, &rich_v, vec![coupon.id.clone()]),
            0,
            &Buyer::anonymous(),
        )
        .unwrap();
    assert_eq!(q.coupons, vec![coupon.id.clone()]);
    assert_eq!(
        q.total.amount,
        rich_v.price.amount - coupon.discount.amount.min(rich_v.price.amount)
    );
    let made_up = with(&rich, &rich_v, vec!["made-up".into()]);
    assert_eq!(refusal(&w, &made_up, 0), "unknown_coupon");
    let valid = with(&rich, &rich_v, vec![coupon.id.clone()]);
    assert_eq!(refusal(&w, &valid, coupon.expires_at), "coupon_expired");
    if let Some((small, small_v)) = find_variant(&w, |v| v.price.amount < coupon.min_spend.amount) {
        let below = with(&small, &small_v, vec![coupon.id.clone()]);
        assert_eq!(refusal(&w, &below, 0), "coupon_not_applicable");
    }
}

#[test]
fn repriced_products_refuse_orders_at_the_old_price() {
    let mut w = world();
    let (product, variant) = find_variant(&w, |_| true).unwrap();
    w.reprice(&[(product.id.clone(), -1000), ("no-such".into(), 5)]);
    let now = w
        .product(&product.id)
        .unwrap()
        .variant(&variant.id)
        .unwrap()
        .price;
    assert_eq!(now.amount, (variant.price.amount - 1000).max(1));
    let old = order_of(&product, &variant, 1, variant.price);
    assert_eq!(refusal(&w, &old, 0), "price_changed");
    assert!(w
        .price_order(
            &order_of(&product, &variant, 1, now),
            0,
            &Buyer::anonymous()
        )
        .is_ok());
}

#[test]
fn handles_are_matched_without_regard_to_case() {
    let w = world();
    let handle = w.data.creators[0].handle.clone();
    let upper = handle.to_uppercase();
    assert_eq!(w.creator(&upper).unwrap().handle, handle);
    let videos = w.creator_videos(&upper, None, 50).unwrap();
    assert!(!videos.items.is_empty());
    assert_eq!(
        videos.items.len(),
        w.creator_videos(&handle, None, 50).unwrap().items.len()
    );
    assert!(w.creator("nobody").is_err());
}

#[test]
fn a_product_names_the_creator_who_sells_it() {
    let w = world();
    let creator = shopkeeper(&w);
    let shop = creator.shop_id.clone().unwrap();
    let product = w.data.products.iter().find(|p| p.shop_id == shop).unwrap();
    assert_eq!(
        w.product_detail(&product.id).unwrap().creator.as_deref(),
        Some(creator.handle.as_str())
    );
}
