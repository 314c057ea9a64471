//! The demo backend's queries against the real demo world: cursor pagination without gaps or
//! repeats, joins, search, live timelines and server-side order pricing.
#![cfg(not(target_arch = "wasm32"))]

use haowu::api::demo::{world::reviews_page, Buyer, DemoWorld, WorldData};
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
    let page = w
        .showcase(&creator.handle, ProductSort::Relevance, None, 100)
        .unwrap();
    let shop = creator.shop_id.as_ref().unwrap();
    assert!(!page.items.is_empty());
    assert_eq!(&page.items[0].shop_id, shop);
    let ids: HashSet<_> = page.items.iter().map(|p| &p.id).collect();
    assert_eq!(ids.len(), page.items.len(), "no product twice");
}

fn ask(q: &str, kind: SearchKind) -> SearchRequest {
    SearchRequest {
        q: q.into(),
        kind,
        ..SearchRequest::default()
    }
}

/// Every hit of a search, over all its pages (small pages, to exercise the cursors).
fn all_hits(w: &DemoWorld, ask: &SearchRequest) -> Vec<SearchHit> {
    let mut hits = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = w.search(ask, cursor.as_deref(), 7).unwrap();
        assert!(page.items.len() <= 7);
        hits.extend(page.items);
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => break hits,
        }
    }
}

fn products(hits: &[SearchHit]) -> Vec<ProductSummary> {
    hits.iter()
        .map(|h| match h {
            SearchHit::Product(p) => p.clone(),
            other => panic!("a product search gave {other:?}"),
        })
        .collect()
}

fn product_ids(w: &DemoWorld, ask: &SearchRequest) -> Vec<String> {
    products(&all_hits(w, ask))
        .into_iter()
        .map(|p| p.id)
        .collect()
}

#[test]
fn search_finds_products_and_creators_in_both_languages() {
    let w = world();
    let p = &w.data.products[0];
    let word: String = p.title.zh.chars().take(2).collect();
    assert!(
        product_ids(&w, &ask(&word, SearchKind::Products)).contains(&p.id),
        "{word}"
    );
    let en_word = p.title.en.split_whitespace().next().unwrap().to_uppercase();
    assert!(
        product_ids(&w, &ask(&en_word, SearchKind::Products)).contains(&p.id),
        "{en_word}"
    );
    let c = &w.data.creators[0];
    let hits = all_hits(&w, &ask(&c.name.zh, SearchKind::Creators));
    assert!(hits
        .iter()
        .any(|h| matches!(h, SearchHit::Creator(s) if s.handle == c.handle)));
    assert!(hits.iter().all(|h| matches!(h, SearchHit::Creator(_))));
    for kind in SearchKind::ALL {
        assert!(w
            .search(&ask("   ", kind), None, 10)
            .unwrap()
            .items
            .is_empty());
    }
    assert!(
        w.search(&ask("汉服", SearchKind::Live), None, 10)
            .unwrap()
            .items
            .is_empty(),
        "live rooms are filtered where they are listed"
    );
}

#[test]
fn every_word_of_a_search_must_match() {
    let w = world();
    let both = product_ids(&w, &ask("汉服 马面裙", SearchKind::Products));
    assert!(both.contains(&"hf-mamian".to_owned()), "{both:?}");
    assert_eq!(
        both,
        product_ids(&w, &ask("马面裙   汉服", SearchKind::Products)),
        "in any order"
    );
    let one = product_ids(&w, &ask("汉服", SearchKind::Products));
    assert!(both.len() < one.len(), "a second word narrows");
    assert!(both.iter().all(|id| one.contains(id)));
    assert!(product_ids(&w, &ask("汉服 耳机", SearchKind::Products)).is_empty());
    assert!(all_hits(&w, &ask("汉服 耳机", SearchKind::Videos)).is_empty());
}

#[test]
fn a_hashtag_finds_the_clips_tagged_with_it() {
    let w = world();
    let hits = all_hits(&w, &ask("#汉服", SearchKind::Videos));
    let found: Vec<&str> = hits
        .iter()
        .map(|h| match h {
            SearchHit::Video(v) => v.id.as_str(),
            other => panic!("a clip search gave {other:?}"),
        })
        .collect();
    let tagged: Vec<&str> = w
        .data
        .videos
        .iter()
        .filter(|v| v.caption.contains_ci("#汉服"))
        .map(|v| v.id.as_str())
        .collect();
    assert!(!tagged.is_empty());
    assert_eq!(found, tagged, "the tagged clips, and only those");
    for h in &hits {
        let SearchHit::Video(item) = h else {
            unreachable!()
        };
        assert_eq!(item, &w.video(&item.id).unwrap(), "a whole feed item");
    }
}

#[test]
fn category_and_price_filter_products() {
    let w = world();
    let (min, max) = (10_000, 40_000);
    let filtered = SearchRequest {
        category: Some("apparel".into()),
        price_min: Some(min),
        price_max: Some(max),
        ..ask("", SearchKind::Products)
    };
    let got = products(&all_hits(&w, &filtered));
    let want: Vec<String> = w
        .data
        .products
        .iter()
        .filter(|p| p.category == "apparel")
        .map(Product::summary)
        .filter(|s| (min..=max).contains(&s.price.amount))
        .map(|s| s.id)
        .collect();
    assert!(!want.is_empty());
    assert_eq!(got.iter().map(|p| p.id.clone()).collect::<Vec<_>>(), want);
    let all_apparel = product_ids(
        &w,
        &SearchRequest {
            category: Some("apparel".into()),
            ..ask("", SearchKind::Products)
        },
    );
    assert!(want.len() < all_apparel.len(), "the price range filters");
    // With words, the filters narrow the matches.
    let worded = product_ids(
        &w,
        &SearchRequest {
            q: "汉服".into(),
            ..filtered.clone()
        },
    );
    assert!(!worded.is_empty());
    assert!(worded.iter().all(|id| want.contains(id)));
    let nothing = SearchRequest {
        price_min: Some(max),
        price_max: Some(min),
        ..filtered
    };
    assert!(product_ids(&w, &nothing).is_empty());
}

/// Whether `products` are in `sort`'s order.
fn is_sorted(w: &DemoWorld, sort: ProductSort, products: &[ProductSummary]) -> bool {
    let listed = |p: &ProductSummary| w.product(&p.id).unwrap().listed_at;
    products.windows(2).all(|pair| {
        let (a, b) = (&pair[0], &pair[1]);
        match sort {
            ProductSort::Relevance => true,
            ProductSort::Popular => a.sold >= b.sold,
            ProductSort::New => listed(a) >= listed(b),
            ProductSort::PriceAsc => a.price.amount <= b.price.amount,
            ProductSort::PriceDesc => a.price.amount >= b.price.amount,
        }
    })
}

#[test]
fn every_sort_order_sorts() {
    let w = world();
    let listings = [
        ask("汉服", SearchKind::Products),
        SearchRequest {
            category: Some("snacks".into()),
            ..ask("", SearchKind::Products)
        },
    ];
    for listing in listings {
        let relevance = products(&all_hits(&w, &listing));
        assert!(relevance.len() > 2, "{listing:?}");
        let mut ids: Vec<&str> = relevance.iter().map(|p| p.id.as_str()).collect();
        ids.sort_unstable();
        for sort in ProductSort::ALL {
            let sorted = products(&all_hits(
                &w,
                &SearchRequest {
                    sort,
                    ..listing.clone()
                },
            ));
            assert!(is_sorted(&w, sort, &sorted), "{sort:?}: {sorted:?}");
            let mut same: Vec<&str> = sorted.iter().map(|p| p.id.as_str()).collect();
            same.sort_unstable();
            assert_eq!(same, ids, "{sort:?} reorders, never drops");
            if sort != ProductSort::Relevance {
                assert_ne!(sorted, relevance, "{sort:?} changes this list's order");
            }
        }
    }
    let creator = shopkeeper(&w);
    for sort in ProductSort::ALL {
        let page = w.showcase(&creator.handle, sort, None, 100).unwrap();
        assert!(is_sorted(&w, sort, &page.items), "showcase {sort:?}");
    }
}

#[test]
fn a_shop_lists_all_its_goods_and_nothing_else() {
    let w = world();
    let listing = SearchRequest {
        shop: Some("yuebai".into()),
        ..ask("", SearchKind::Products)
    };
    let want: Vec<String> = w
        .data
        .products
        .iter()
        .filter(|p| p.shop_id == "yuebai")
        .map(|p| p.id.clone())
        .collect();
    assert!(want.len() > 1);
    assert_eq!(product_ids(&w, &listing), want);
    // Words search within the shop.
    let inside = product_ids(
        &w,
        &SearchRequest {
            q: "马面裙".into(),
            ..listing
        },
    );
    assert!(inside.contains(&"hf-mamian".to_owned()));
    assert!(inside.iter().all(|id| want.contains(id)));
    assert!(product_ids(&w, &ask("", SearchKind::Products)).is_empty());
}

#[test]
fn suggestions_put_what_starts_with_the_input_first() {
    let w = world();
    for typed in ["汉", "马面", "#汉服", "cat", "茶"] {
        let got = w.suggest(typed, 8);
        assert!(!got.is_empty(), "{typed}");
        assert!(got.len() <= 8);
        let bare = typed.trim_start_matches('#').to_lowercase();
        let starts = |t: &Text| {
            [&t.zh, &t.en]
                .iter()
                .any(|s| s.trim_start_matches('#').to_lowercase().starts_with(&bare))
        };
        assert!(got.iter().all(|t| t.contains_ci(&typed.to_lowercase())));
        let first_other = got.iter().position(|t| !starts(t)).unwrap_or(got.len());
        assert!(
            got[first_other..].iter().all(|t| !starts(t)),
            "{typed}: prefixes first: {got:?}"
        );
        let unique: HashSet<&Text> = got.iter().collect();
        assert_eq!(unique.len(), got.len(), "no suggestion twice");
    }
    assert!(w.suggest("汉", 8)[0].zh.starts_with('汉'));
    assert_eq!(w.suggest("a", 3).len(), 3, "at most the limit");
    assert!(w.suggest("", 8).is_empty());
    assert!(w.suggest("   ", 8).is_empty());
    assert!(w.suggest("绝对没有这种东西", 8).is_empty());
}

fn all_reviews(w: &DemoWorld, product: &str, photos_only: bool, limit: usize) -> Vec<Review> {
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = reviews_page(
            &w.data.reviews,
            product,
            photos_only,
            cursor.as_deref(),
            limit,
        )
        .unwrap();
        assert!(page.items.len() <= limit);
        seen.extend(page.items);
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => break seen,
        }
    }
}

#[test]
fn reviews_page_through_cursors() {
    let w = world();
    let product = w.product("hf-mamian").unwrap();
    let mine: Vec<&Review> = w
        .data
        .reviews
        .iter()
        .filter(|r| r.product_id == "hf-mamian")
        .collect();
    assert!(mine.len() > 10, "enough reviews for several pages");
    for limit in [1, 3, 10, 100] {
        let all = all_reviews(&w, "hf-mamian", false, limit);
        let ids: HashSet<&str> = all.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids.len(), all.len(), "limit {limit}: no review twice");
        assert_eq!(
            all.iter().collect::<Vec<_>>(),
            mine,
            "limit {limit}: all, in order"
        );
        assert_eq!(all.len(), product.reviews.count as usize);
        let photos = all_reviews(&w, "hf-mamian", true, limit);
        assert!(!photos.is_empty());
        assert!(photos.iter().all(|r| !r.photos.is_empty()));
        assert_eq!(photos.len(), product.reviews.with_photos as usize);
    }
    let first = reviews_page(&w.data.reviews, "hf-mamian", false, None, 3).unwrap();
    let next = first.next_cursor.unwrap();
    let second = reviews_page(&w.data.reviews, "hf-mamian", false, Some(&next), 3).unwrap();
    assert_eq!(second.items[0], *mine[3]);
    assert_eq!(
        reviews_page(&w.data.reviews, "hf-mamian", false, Some("zzz"), 3)
            .unwrap_err()
            .kind,
        ErrorKind::Invalid
    );
    let none = reviews_page(&w.data.reviews, "nope", false, None, 3).unwrap();
    assert!(none.items.is_empty() && none.next_cursor.is_none());
}

#[test]
fn product_videos_are_the_clips_that_show_it_newest_first() {
    let w = world();
    let mut seen: Vec<FeedItem> = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = w.product_videos("hf-mamian", cursor.as_deref(), 2).unwrap();
        seen.extend(page.items);
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    let mut want: Vec<&Video> = w
        .data
        .videos
        .iter()
        .filter(|v| v.products.iter().any(|p| p == "hf-mamian"))
        .collect();
    want.sort_by_key(|v| std::cmp::Reverse(v.posted_at));
    assert!(want.len() > 2);
    assert_eq!(
        seen.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
        want.iter().map(|v| v.id.as_str()).collect::<Vec<_>>()
    );
    assert!(seen
        .iter()
        .all(|i| i.products.iter().any(|p| p.id == "hf-mamian")));
    assert_eq!(
        w.product_videos("nope", None, 10).unwrap_err().kind,
        ErrorKind::NotFound
    );
    // The product page's clip is one of them.
    let clip = w.product_detail("hf-mamian").unwrap().clip.unwrap();
    let video = w
        .data
        .videos
        .iter()
        .find(|v| v.id == clip.video_id)
        .unwrap();
    assert!(want.iter().any(|v| v.id == video.id));
    assert_eq!(clip.media, video.media);
}

#[test]
fn shop_detail_lists_its_categories_and_creators() {
    let w = world();
    for shop in &w.data.shops {
        let detail = w.shop_detail(&shop.id).unwrap();
        assert_eq!(&detail.shop, shop);
        let used: HashSet<&str> = w
            .data
            .products
            .iter()
            .filter(|p| p.shop_id == shop.id)
            .map(|p| p.category.as_str())
            .collect();
        let listed: Vec<&str> = detail.categories.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(listed.len(), used.len(), "{}: each category once", shop.id);
        assert_eq!(listed.iter().copied().collect::<HashSet<_>>(), used);
        let sellers: Vec<&str> = w
            .data
            .creators
            .iter()
            .filter(|c| c.shop_id.as_deref() == Some(shop.id.as_str()))
            .map(|c| c.handle.as_str())
            .collect();
        let got: Vec<&str> = detail.creators.iter().map(|c| c.handle.as_str()).collect();
        assert_eq!(got, sellers, "{}", shop.id);
    }
    let yuebai = w.shop_detail("yuebai").unwrap();
    assert!(yuebai.creators.iter().any(|c| c.handle == "yuebai_hanfu"));
    assert_eq!(w.shop_detail("nope").unwrap_err().kind, ErrorKind::NotFound);
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
