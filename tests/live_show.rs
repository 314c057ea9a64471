//! The live shows as both backends play them (`LiveShow`), on the real scripts of
//! `public/demo/live.json`: event ids, snapshots, link drops, flash sales, per-shopper limits,
//! coupons' requirements, scheduled and ended rooms.
#![cfg(not(target_arch = "wasm32"))]

use haowu::api::demo::show::{may_claim, Clock, LiveShow};
use haowu::api::demo::{DemoWorld, WorldData};
use haowu::model::*;

fn world() -> DemoWorld {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/public/demo/world.json");
    DemoWorld::new(WorldData::load(std::path::Path::new(path)).expect("world.json and live.json"))
}

const CLOCK: Clock = Clock {
    origin: 1_800_000_000_000,
    speed: 1.0,
};

fn snack(w: &DemoWorld) -> (LiveScenario, LiveShow) {
    let s = w.scenario("live_snack").unwrap().clone();
    let show = LiveShow::new(w, &s).unwrap();
    (s, show)
}

/// Plays `show` to `t` and returns what it sent.
fn play(show: &mut LiveShow, s: &LiveScenario, t: u64) -> Vec<LiveEvent> {
    show.advance(s, t, &CLOCK);
    show.take_sent()
}

/// The script's time of its first event of `kind` ("link_drop", "flash_sale").
fn at(s: &LiveScenario, kind: &str) -> u64 {
    s.script
        .iter()
        .find(|e| serde_json::to_value(&e.kind).unwrap()["type"] == kind)
        .map(|e| u64::from(e.at_ms))
        .unwrap()
}

#[test]
fn ids_are_gapless_over_laps_and_posts_and_do_not_depend_on_how_time_is_cut() {
    let w = world();
    let (s, mut whole) = snack(&w);
    let two_laps = u64::from(s.loop_ms) * 2;
    let all = play(&mut whole, &s, two_laps);
    assert!(all.len() >= s.script.len() * 2);
    let ids: Vec<u64> = all.iter().map(|e| e.id).collect();
    assert_eq!(ids, (1..=ids.len() as u64).collect::<Vec<_>>());

    let (_, mut tiled) = snack(&w);
    let mut pieces = Vec::new();
    for t in (0..=two_laps).step_by(250) {
        pieces.extend(play(&mut tiled, &s, t));
    }
    assert_eq!(
        pieces, all,
        "quarter-second ticks send what one big step sends"
    );

    // A shopper's comment takes the next id; the script goes on after it.
    let (_, mut show) = snack(&w);
    play(&mut show, &s, 5_000);
    let last = show.last_id();
    let posted = show.post(LiveEventKind::Comment {
        user: "me".into(),
        text: "hi".into(),
    });
    assert_eq!(posted.id, last + 1);
    let next = play(&mut show, &s, 10_000);
    assert_eq!(next[1].id, last + 2, "{next:?}");
}

#[test]
fn a_snapshot_is_the_base_room_with_every_sent_event_folded_in() {
    let w = world();
    let (s, mut show) = snack(&w);
    let base = show.snapshot(&s, 0, &CLOCK);
    for t in [1_000, 13_000, 31_000, 59_999, 75_000] {
        let sent = play(&mut show, &s, t);
        let snap = show.snapshot(&s, t, &CLOCK);
        assert_eq!(snap.last_event_id, show.last_id());
        assert_eq!(snap.now, CLOCK.wall(t));
        let _ = sent;
    }
    // Folding the whole story into the first snapshot gives the last one (bar the clock).
    let (_, mut again) = snack(&w);
    let mut folded = base.clone();
    for e in play(&mut again, &s, 75_000) {
        folded.apply(&e);
    }
    let last = again.snapshot(&s, 75_000, &CLOCK);
    folded.now = last.now;
    assert_eq!(folded, last);
    // Replaying the same events changes nothing (stale ids are ignored).
    let (_, mut third) = snack(&w);
    let events = play(&mut third, &s, 75_000);
    let mut twice = folded.clone();
    for e in &events {
        twice.apply(e);
    }
    assert_eq!(twice, folded);
}

#[test]
fn a_link_drop_refuses_orders_from_the_room_until_its_countdown_ends() {
    let w = world();
    let (s, mut show) = snack(&w);
    let drop_at = at(&s, "link_drop");
    let sent = play(&mut show, &s, drop_at);
    let (product, countdown, opens_at) = sent
        .iter()
        .find_map(|e| match &e.kind {
            LiveEventKind::LinkDrop {
                product_id,
                countdown_s,
                opens_at,
            } => Some((product_id.clone(), *countdown_s, *opens_at)),
            _ => None,
        })
        .unwrap();
    let opens = drop_at + u64::from(countdown) * 1000;
    assert_eq!(
        opens_at,
        CLOCK.wall(opens),
        "the event says when, on the server's clock"
    );
    let snap = show.snapshot(&s, drop_at, &CLOCK);
    assert_eq!(snap.pinned.as_deref(), Some(product.as_str()));
    assert_eq!(snap.link_drop.as_ref().unwrap().opens_at, opens_at);

    let early = show.terms(&product, 1, "a", opens - 1).unwrap_err();
    assert_eq!(early.code.as_deref(), Some("link_not_open"));
    assert!(early.detail.unwrap().contains("1 s"));
    play(&mut show, &s, opens);
    assert_eq!(
        show.terms(&product, 1, "a", opens).unwrap(),
        None,
        "then at the regular price"
    );
    // Another product of the bag was never locked.
    let other = &s.bag[0];
    assert_ne!(other, &product);
}

#[test]
fn a_flash_sale_is_announced_starts_and_ends_with_its_price_and_holds_stock_and_limits() {
    let w = world();
    let (s, mut show) = snack(&w);
    let announced = at(&s, "flash_sale");
    let sent = play(&mut show, &s, announced);
    let sale = sent
        .iter()
        .find_map(|e| match &e.kind {
            LiveEventKind::FlashSale(f) => Some(f.clone()),
            _ => None,
        })
        .unwrap();
    assert_eq!(sale.phase, SalePhase::Scheduled);
    assert!(sale.starts_at > CLOCK.wall(announced), "starts later");
    assert!(sale.ends_at > sale.starts_at);
    assert_eq!(sale.limit, 2);
    let product = sale.product_id.clone();
    // Before the start: the regular price.
    assert_eq!(show.terms(&product, 1, "a", announced).unwrap(), None);

    let start = announced + (sale.starts_at - CLOCK.wall(announced)) as u64;
    let sent = play(&mut show, &s, start);
    assert!(sent
        .iter()
        .any(|e| matches!(&e.kind, LiveEventKind::FlashSale(f) if f.phase == SalePhase::Started)));
    assert!(sent
        .iter()
        .any(|e| matches!(&e.kind, LiveEventKind::Price { price, .. } if *price == sale.price)));
    let snap = show.snapshot(&s, start, &CLOCK);
    assert_eq!(
        snap.bag.iter().find(|p| p.id == product).unwrap().price,
        sale.price
    );

    // The sale price, within the per-shopper limit across orders.
    assert_eq!(
        show.terms(&product, 2, "a", start).unwrap(),
        Some(sale.price)
    );
    let stock = show.sold(&product, 2, "a").unwrap();
    assert!(
        matches!(stock.kind, LiveEventKind::Stock { remaining, .. } if remaining == sale.total - 2)
    );
    let over = show.terms(&product, 1, "a", start).unwrap_err();
    assert_eq!(over.code.as_deref(), Some("over_limit"));
    assert!(over.detail.unwrap().contains("at most 2 per shopper"));
    assert_eq!(
        show.terms(&product, 2, "b", start).unwrap(),
        Some(sale.price),
        "another shopper has their own"
    );
    assert_eq!(
        show.terms(&product, 3, "b", start)
            .unwrap_err()
            .code
            .as_deref(),
        Some("over_limit")
    );

    // The script's stock figures are net of what shoppers bought, and only go down.
    let mut remaining = Vec::new();
    let mut t = start;
    while t < start + 20_000 {
        t += 250;
        for e in play(&mut show, &s, t) {
            if let LiveEventKind::Stock {
                product_id,
                remaining: r,
                ..
            } = &e.kind
            {
                if *product_id == product {
                    remaining.push(*r);
                }
            }
        }
        if show.snapshot(&s, t, &CLOCK).flash_sale.unwrap().remaining == 0 {
            break;
        }
    }
    assert!(remaining.windows(2).all(|p| p[1] <= p[0]), "{remaining:?}");
    let first_scripted = s
        .script
        .iter()
        .find_map(|e| match &e.kind {
            LiveEventKind::Stock {
                product_id,
                remaining,
                ..
            } if *product_id == product && u64::from(e.at_ms) > start => Some(*remaining),
            _ => None,
        })
        .unwrap();
    assert_eq!(
        remaining[0],
        sale.total - 2,
        "the room hears of the purchase at once"
    );
    assert_eq!(
        remaining[1],
        first_scripted - 2,
        "and the script's next figure is net of it"
    );
    // Sold out: nobody can buy at the sale price.
    assert_eq!(
        show.terms(&product, 1, "c", t).unwrap_err().code.as_deref(),
        Some("sold_out")
    );

    // At its end: the regular price again, and orders pay it.
    let end = announced + (sale.ends_at - CLOCK.wall(announced)) as u64;
    let sent = play(&mut show, &s, end);
    assert!(sent
        .iter()
        .any(|e| matches!(&e.kind, LiveEventKind::FlashSale(f) if f.phase == SalePhase::Ended)));
    let regular = w.product(&product).unwrap().summary().price;
    assert!(sent
        .iter()
        .any(|e| matches!(&e.kind, LiveEventKind::Price { price, .. } if *price == regular)));
    assert_eq!(show.terms(&product, 1, "c", end).unwrap(), None);
}

#[test]
fn stale_or_repeated_events_never_move_stock_up() {
    let w = world();
    let (s, show) = snack(&w);
    let mut room = show.snapshot(&s, 0, &CLOCK);
    let sale = |remaining| LiveEvent {
        id: 0,
        kind: LiveEventKind::FlashSale(FlashSale {
            product_id: "p".into(),
            price: Money::cny(100),
            total: 10,
            remaining,
            phase: SalePhase::Started,
            starts_at: 5,
            ends_at: 9,
            limit: 0,
        }),
    };
    room.apply(&LiveEvent { id: 1, ..sale(10) });
    let stock = |id, remaining| LiveEvent {
        id,
        kind: LiveEventKind::Stock {
            product_id: "p".into(),
            variant_id: None,
            remaining,
        },
    };
    room.apply(&stock(2, 6));
    room.apply(&stock(2, 9)); // a repeat
    room.apply(&stock(1, 9)); // stale
    room.apply(&stock(3, 8)); // a newer but higher figure within the same sale
    room.apply(&LiveEvent { id: 4, ..sale(10) }); // the same sale announced again
    assert_eq!(room.flash_sale.unwrap().remaining, 6);
}

#[test]
fn scheduled_and_ended_rooms() {
    let w = world();
    let soon = w.data.live.iter().find(|l| l.starts_after_ms > 0).unwrap();
    let mut show = LiveShow::new(&w, soon).unwrap();
    assert!(play(&mut show, soon, 1_000).is_empty());
    let snap = show.snapshot(soon, 1_000, &CLOCK);
    assert_eq!(snap.status, LiveStatus::Scheduled);
    assert_eq!(snap.starts_at, Some(CLOCK.wall(soon.starts_after_ms)));
    let open = show.snapshot(soon, soon.starts_after_ms, &CLOCK);
    assert_eq!(open.status, LiveStatus::Live);

    let over = w.data.live.iter().find(|l| l.replay.is_some()).unwrap();
    let mut show = LiveShow::new(&w, over).unwrap();
    assert!(play(&mut show, over, 600_000).is_empty());
    let snap = show.snapshot(over, 600_000, &CLOCK);
    assert_eq!(snap.status, LiveStatus::Ended);
    assert_eq!(snap.replay, over.replay);
    assert_eq!(show.terms(&over.bag[0], 1, "a", 600_000).unwrap(), None);
}

#[test]
fn coupons_that_need_a_follow_or_watching_say_so_until_then() {
    let w = world();
    let all = w.coupons();
    let follow = all
        .iter()
        .find(|c| {
            matches!(
                c.claim.and_then(|c| c.requires),
                Some(CouponRequirement::Follow)
            )
        })
        .unwrap();
    assert_eq!(
        may_claim(follow, false, 0).unwrap_err().code.as_deref(),
        Some("follow_required")
    );
    assert!(may_claim(follow, true, 0).is_ok());
    let watch = all
        .iter()
        .find(|c| {
            matches!(
                c.claim.and_then(|c| c.requires),
                Some(CouponRequirement::Watch { .. })
            )
        })
        .unwrap();
    assert_eq!(
        may_claim(watch, true, 59_999).unwrap_err().code.as_deref(),
        Some("watch_required")
    );
    assert!(may_claim(watch, false, 60_000).is_ok());
    // The wallet holds what needs no claiming, plus what was claimed.
    assert!(w.wallet(&[]).iter().all(|c| c.claim.is_none()));
    assert!(w.wallet(std::slice::from_ref(&follow.id)).contains(follow));
}

#[test]
fn an_order_with_a_live_coupon_not_claimed_is_refused() {
    let w = world();
    let claimable = w.coupons().into_iter().find(|c| c.claim.is_some()).unwrap();
    let shop = claimable.shop_id.clone().unwrap();
    let p = w
        .data
        .products
        .iter()
        .find(|p| p.shop_id == shop && p.variants.iter().any(|v| v.stock > 10))
        .unwrap();
    let v = p.variants.iter().find(|v| v.stock > 10).unwrap();
    let qty = (claimable.min_spend.amount / v.price.amount + 1).min(i64::from(p.max_qty(v))) as u32;
    let request = OrderRequest {
        lines: vec![OrderRequestLine {
            product_id: p.id.clone(),
            variant_id: v.id.clone(),
            qty,
            expected_unit_price: v.price,
            live: None,
        }],
        address: Address {
            name: "a".into(),
            phone: "13800138000".into(),
            region: "r".into(),
            street: "s".into(),
            postal_code: String::new(),
        },
        delivery: "standard".into(),
        coupons: vec![claimable.id.clone()],
    };
    let refused = w
        .price_order(&request, 0, &haowu::api::demo::Buyer::anonymous())
        .unwrap_err();
    assert_eq!(refused.code.as_deref(), Some("coupon_not_claimed"));
}
