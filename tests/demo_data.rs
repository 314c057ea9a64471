#![cfg(not(target_arch = "wasm32"))]
//! Checks the generated demo world (`public/demo/world.json`, made by `scripts/gen-demo`):
//! it deserializes into the model types, every reference resolves, variants are complete,
//! the reviews (`reviews.json`) add up to the summaries kept with products and shops, and
//! every media file it points at exists and is within its size budget.

use haowu::api::demo::WorldData as World;
use haowu::model::{
    Coupon, Creator, LiveEventKind, LiveScenario, Product, Review, ReviewSummary, Text,
};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

const CLIP_MAX: u64 = 400 * 1024;
const MEDIA_MAX: u64 = 15 * 1024 * 1024;

fn public() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("public")
}

fn world() -> World {
    World::load(&public().join("demo/world.json"))
        .unwrap_or_else(|e| panic!("{e} (run scripts/gen-demo)"))
}

fn unique<'a>(what: &str, ids: impl IntoIterator<Item = &'a str>) -> HashSet<&'a str> {
    let mut seen = HashSet::new();
    for id in ids {
        assert!(!id.is_empty(), "empty {what} id");
        assert!(seen.insert(id), "duplicate {what} id {id:?}");
    }
    seen
}

fn text_ok(what: &str, t: &Text) {
    assert!(
        !t.zh.trim().is_empty() && !t.en.trim().is_empty(),
        "{what} needs both zh and en, got {t:?}"
    );
}

fn url_file(url: &str) -> PathBuf {
    assert!(
        url.starts_with("/media/"),
        "media URL {url:?} should be absolute under /media/"
    );
    public().join(url.trim_start_matches('/'))
}

fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|e| {
            let e = e.unwrap();
            let meta = e.metadata().unwrap();
            if meta.is_dir() {
                dir_size(&e.path())
            } else {
                meta.len()
            }
        })
        .sum()
}

#[test]
fn world_has_enough_of_everything() {
    let w = world();
    assert!(
        w.creators.len() >= 8,
        "want >= 8 creators, have {}",
        w.creators.len()
    );
    assert!(
        w.products.len() >= 40,
        "want >= 40 products, have {}",
        w.products.len()
    );
    assert!(
        w.categories.len() >= 6,
        "want >= 6 categories, have {}",
        w.categories.len()
    );
    assert!(
        w.videos.len() >= 60,
        "want >= 60 videos, have {}",
        w.videos.len()
    );
    assert!(
        w.live.len() >= 3,
        "want >= 3 live rooms, have {}",
        w.live.len()
    );
    for c in &w.categories {
        let n = w.products.iter().filter(|p| p.category == c.id).count();
        assert!(n >= 3, "category {} has only {n} products", c.id);
    }
    let clips: BTreeSet<&str> = w.videos.iter().map(|v| v.media.src.as_str()).collect();
    assert!(
        clips.len() >= 12,
        "videos use only {} distinct clips: {clips:?}",
        clips.len()
    );
    let live_creators = w.creators.iter().filter(|c| c.live_now.is_some()).count();
    assert!(
        live_creators >= 2,
        "want >= 2 creators live now, have {live_creators}"
    );
}

#[test]
fn ids_are_unique_and_texts_bilingual() {
    let w = world();
    unique("category", w.categories.iter().map(|c| c.id.as_str()));
    unique("shop", w.shops.iter().map(|s| s.id.as_str()));
    unique(
        "creator handle",
        w.creators.iter().map(|c| c.handle.as_str()),
    );
    unique("product", w.products.iter().map(|p| p.id.as_str()));
    unique(
        "variant",
        w.products
            .iter()
            .flat_map(|p| p.variants.iter().map(|v| v.id.as_str())),
    );
    unique("video", w.videos.iter().map(|v| v.id.as_str()));
    unique("live room", w.live.iter().map(|l| l.id.as_str()));

    for c in &w.categories {
        text_ok(&format!("category {}", c.id), &c.name);
    }
    for s in &w.shops {
        text_ok(&format!("shop {}", s.id), &s.name);
        assert!(
            (0.0..=5.0).contains(&s.rating),
            "shop {} rating {}",
            s.id,
            s.rating
        );
    }
    for c in &w.creators {
        assert!(
            c.handle
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_'),
            "handle {:?} must be [a-z0-9_]",
            c.handle
        );
        text_ok(&format!("creator {} name", c.handle), &c.name);
        text_ok(&format!("creator {} bio", c.handle), &c.bio);
    }
    for p in &w.products {
        text_ok(&format!("product {} title", p.id), &p.title);
        text_ok(&format!("product {} description", p.id), &p.description);
        for o in &p.options {
            text_ok(&format!("product {} option {}", p.id, o.id), &o.name);
            for v in &o.values {
                text_ok(
                    &format!("product {} option {} value {}", p.id, o.id, v.id),
                    &v.label,
                );
            }
        }
    }
    for v in &w.videos {
        text_ok(&format!("video {} caption", v.id), &v.caption);
        assert!(
            v.caption.zh.contains('#') && v.caption.en.contains('#'),
            "video {} caption lacks #tags",
            v.id
        );
    }
    for l in &w.live {
        text_ok(&format!("live {} title", l.id), &l.title);
        let mut coupons: Vec<&Coupon> = l.coupons.iter().collect();
        coupons.extend(l.script.iter().filter_map(|e| match &e.kind {
            LiveEventKind::Coupon(c) => Some(c),
            _ => None,
        }));
        for c in coupons {
            text_ok(&format!("coupon {}", c.id), &c.title);
        }
    }
}

#[test]
fn references_resolve() {
    let w = world();
    let shops: HashSet<&str> = w.shops.iter().map(|s| s.id.as_str()).collect();
    let cats: HashSet<&str> = w.categories.iter().map(|c| c.id.as_str()).collect();
    let products: HashMap<&str, &Product> = w.products.iter().map(|p| (p.id.as_str(), p)).collect();
    let creators: HashMap<&str, &Creator> =
        w.creators.iter().map(|c| (c.handle.as_str(), c)).collect();
    let rooms: HashMap<&str, &LiveScenario> = w.live.iter().map(|l| (l.id.as_str(), l)).collect();

    for p in &w.products {
        assert!(
            shops.contains(p.shop_id.as_str()),
            "product {} has unknown shop {}",
            p.id,
            p.shop_id
        );
        assert!(
            cats.contains(p.category.as_str()),
            "product {} has unknown category {}",
            p.id,
            p.category
        );
    }
    for c in &w.creators {
        if let Some(shop) = &c.shop_id {
            assert!(
                shops.contains(shop.as_str()),
                "creator {} has unknown shop {shop}",
                c.handle
            );
        }
        if let Some(room) = &c.live_now {
            let l = rooms
                .get(room.as_str())
                .unwrap_or_else(|| panic!("creator {} live in unknown room {room}", c.handle));
            assert_eq!(
                l.host, c.handle,
                "room {room} is hosted by {}, not {}",
                l.host, c.handle
            );
        }
    }
    for v in &w.videos {
        assert!(
            creators.contains_key(v.creator.as_str()),
            "video {} by unknown creator {}",
            v.id,
            v.creator
        );
        assert!(
            (1..=3).contains(&v.products.len()),
            "video {} sells {} products",
            v.id,
            v.products.len()
        );
        for p in &v.products {
            assert!(
                products.contains_key(p.as_str()),
                "video {} sells unknown product {p}",
                v.id
            );
        }
        assert_eq!(
            (v.media.width, v.media.height),
            (540, 960),
            "video {} is not 540x960",
            v.id
        );
        assert!(
            (3000..=8000).contains(&v.media.duration_ms),
            "video {} lasts {} ms",
            v.id,
            v.media.duration_ms
        );
        // 2026-01-01 .. 2027-01-01
        assert!(
            (1_767_225_600_000..1_798_761_600_000).contains(&v.posted_at),
            "video {} posted_at",
            v.id
        );
    }
    for l in &w.live {
        let host = creators
            .get(l.host.as_str())
            .unwrap_or_else(|| panic!("room {} has unknown host {}", l.id, l.host));
        // A room that opens later or is over has no studio stream and does not make its host
        // live (a host may have such rooms beside the one they are live in).
        let on_air = l.starts_after_ms == 0 && l.replay.is_none();
        assert_eq!(
            host.live_now.as_deref() == Some(l.id.as_str()),
            on_air,
            "host of {} is marked live (or not) wrongly",
            l.id
        );
        if !on_air {
            assert!(
                l.script.is_empty(),
                "room {} is not on air but has a script",
                l.id
            );
            continue;
        }
        assert!(
            (4..=8).contains(&l.bag.len()),
            "room {} bag has {} products",
            l.id,
            l.bag.len()
        );
        for p in &l.bag {
            assert!(
                products.contains_key(p.as_str()),
                "room {} bag has unknown product {p}",
                l.id
            );
        }
        for c in &l.coupons {
            if let Some(s) = &c.shop_id {
                assert!(
                    shops.contains(s.as_str()),
                    "coupon {} for unknown shop {s}",
                    c.id
                );
            }
            assert!(
                c.discount.amount > 0 && c.discount.amount < c.min_spend.amount,
                "coupon {} amounts",
                c.id
            );
        }
        assert!(
            (40..=60).contains(&l.script.len()),
            "room {} has {} scripted events",
            l.id,
            l.script.len()
        );
        let mut last = 0;
        for e in &l.script {
            assert!(
                e.at_ms >= last && e.at_ms < l.loop_ms,
                "room {} event at {} out of order",
                l.id,
                e.at_ms
            );
            last = e.at_ms;
            let (pid, vid) = match &e.kind {
                LiveEventKind::Pin { product_id }
                | LiveEventKind::LinkDrop { product_id, .. }
                | LiveEventKind::Purchase { product_id, .. } => (Some(product_id), None),
                LiveEventKind::FlashSale(f) => (Some(&f.product_id), None),
                LiveEventKind::Stock {
                    product_id,
                    variant_id,
                    ..
                } => (Some(product_id), variant_id.as_ref()),
                _ => (None, None),
            };
            if let Some(pid) = pid {
                let p = products
                    .get(pid.as_str())
                    .unwrap_or_else(|| panic!("room {} event names unknown product {pid}", l.id));
                assert!(
                    l.bag.contains(pid),
                    "room {} event names {pid}, which is not in the bag",
                    l.id
                );
                if let Some(vid) = vid {
                    assert!(
                        p.variant(vid).is_some(),
                        "room {} stock event names unknown variant {vid}",
                        l.id
                    );
                }
            }
        }
    }
}

#[test]
fn reviews_add_up_to_the_summaries() {
    let w = world();
    assert!(!w.reviews.is_empty(), "reviews.json has reviews");
    unique("review", w.reviews.iter().map(|r| r.id.as_str()));
    let products: HashMap<&str, &Product> = w.products.iter().map(|p| (p.id.as_str(), p)).collect();
    let mut by_product: HashMap<&str, Vec<&Review>> = HashMap::new();
    for r in &w.reviews {
        let p = products
            .get(r.product_id.as_str())
            .unwrap_or_else(|| panic!("review {} is of unknown product {}", r.id, r.product_id));
        assert!(
            (1..=5).contains(&r.rating),
            "review {} rating {}",
            r.id,
            r.rating
        );
        assert!(!r.author.trim().is_empty(), "review {} has no author", r.id);
        text_ok(&format!("review {}", r.id), &r.text);
        for photo in &r.photos {
            assert!(
                p.images.contains(photo),
                "review {} photo {photo} is not one of {}'s images",
                r.id,
                p.id
            );
        }
        by_product.entry(p.id.as_str()).or_default().push(r);
    }
    // By product, then newest first.
    let mut order: Vec<&str> = w.reviews.iter().map(|r| r.product_id.as_str()).collect();
    order.dedup();
    unique("product run of reviews", order.iter().copied());
    for (id, reviews) in &by_product {
        assert!(
            reviews.windows(2).all(|p| p[0].posted_at >= p[1].posted_at),
            "{id}'s reviews are newest first"
        );
    }
    for p in &w.products {
        let mine = by_product.get(p.id.as_str()).cloned().unwrap_or_default();
        assert_eq!(
            p.reviews,
            ReviewSummary::of(mine.iter().copied()),
            "product {}'s review summary",
            p.id
        );
    }
    for s in &w.shops {
        let reviews: Vec<&Review> = w
            .products
            .iter()
            .filter(|p| p.shop_id == s.id)
            .flat_map(|p| by_product.get(p.id.as_str()).cloned().unwrap_or_default())
            .collect();
        assert_eq!(
            s.reviews as usize,
            reviews.len(),
            "shop {}'s review count is its products' reviews",
            s.id
        );
        if !reviews.is_empty() {
            let mean =
                reviews.iter().map(|r| f32::from(r.rating)).sum::<f32>() / reviews.len() as f32;
            assert!(
                (s.rating - mean).abs() <= 0.05 + f32::EPSILON,
                "shop {} rating {} is not the mean of its reviews, {mean:.3}",
                s.id,
                s.rating
            );
        }
    }
}

#[test]
fn variants_are_the_full_cartesian_product() {
    let w = world();
    for p in &w.products {
        assert!(
            p.images.len() >= 2,
            "product {} has {} images",
            p.id,
            p.images.len()
        );
        let expected: usize = p.options.iter().map(|o| o.values.len()).product();
        assert_eq!(
            p.variants.len(),
            expected,
            "product {} has {} variants, want {expected}",
            p.id,
            p.variants.len()
        );
        let mut combos = HashSet::new();
        for v in &p.variants {
            assert_eq!(
                v.values.len(),
                p.options.len(),
                "variant {} has wrong arity",
                v.id
            );
            for (o, val) in p.options.iter().zip(&v.values) {
                assert!(
                    o.values.iter().any(|ov| &ov.id == val),
                    "variant {} value {val} is not in option {}",
                    v.id,
                    o.id
                );
            }
            assert!(
                combos.insert(v.values.clone()),
                "product {} repeats combination {:?}",
                p.id,
                v.values
            );
            assert!(
                v.price.amount > 0 && v.price.currency.code() == "CNY",
                "variant {} price",
                v.id
            );
            if let Some(orig) = v.original_price {
                assert!(
                    orig.amount > v.price.amount,
                    "variant {} original price not higher",
                    v.id
                );
            }
        }
        for o in &p.options {
            unique(
                &format!("{} option {} value", p.id, o.id),
                o.values.iter().map(|v| v.id.as_str()),
            );
        }
        assert!(
            p.total_stock() > 0,
            "product {} is entirely out of stock",
            p.id
        );
        if p.category == "apparel" {
            assert!(
                p.variants.iter().any(|v| v.stock == 0),
                "apparel product {} needs an out-of-stock variant",
                p.id
            );
        }
    }
}

#[test]
fn media_files_exist_and_fit_the_budget() {
    let w = world();
    let mut urls: Vec<&str> = Vec::new();
    urls.extend(w.shops.iter().map(|s| s.logo.as_str()));
    urls.extend(w.creators.iter().map(|c| c.avatar.as_str()));
    for p in &w.products {
        urls.extend(p.images.iter().map(String::as_str));
        urls.extend(p.variants.iter().filter_map(|v| v.image.as_deref()));
    }
    for v in &w.videos {
        urls.push(&v.media.src);
        urls.push(&v.media.poster);
    }
    for l in &w.live {
        urls.push(&l.stream.src);
        urls.push(&l.stream.poster);
        let on_air = l.starts_after_ms == 0 && l.replay.is_none();
        assert!(
            !on_air || l.stream.is_hls(),
            "room {} stream is not HLS",
            l.id
        );
    }
    for url in &urls {
        let f = url_file(url);
        assert!(
            f.is_file(),
            "{url} points at a missing file {}",
            f.display()
        );
    }
    // HLS playlists: every segment they list must exist.
    for l in w.live.iter().filter(|l| l.stream.is_hls()) {
        let playlist = url_file(&l.stream.src);
        let body = std::fs::read_to_string(&playlist).unwrap();
        let segments: Vec<&str> = body
            .lines()
            .filter(|s| !s.is_empty() && !s.starts_with('#'))
            .collect();
        assert!(
            !segments.is_empty(),
            "{} lists no segments",
            playlist.display()
        );
        for s in segments {
            let f = playlist.parent().unwrap().join(s);
            assert!(
                f.is_file(),
                "{} lists missing segment {s}",
                playlist.display()
            );
        }
    }
    let clips = public().join("media/clips");
    for e in std::fs::read_dir(&clips).unwrap() {
        let e = e.unwrap();
        if e.path().extension().is_some_and(|x| x == "mp4") {
            let len = e.metadata().unwrap().len();
            assert!(
                len <= CLIP_MAX,
                "{} is {len} bytes, over 400 KB",
                e.path().display()
            );
        }
    }
    let total = dir_size(&public().join("media"));
    assert!(
        total <= MEDIA_MAX,
        "public/media is {total} bytes, over 15 MB"
    );
}
