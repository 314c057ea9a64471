//! A scripted live show as a backend plays it: the demo backend in the browser and the
//! reference server both run one [`LiveShow`] per room, so both send the same events and
//! enforce the same rules (link drops, flash sales, per-shopper limits).
//!
//! Clocks. `t` is the backends' room clock: milliseconds since the backend started (the demo
//! may run it faster, `?speed=`). A room opens `starts_after_ms` into that clock; its script
//! then plays in laps of `loop_ms`, each lap telling the same story again on top of the room
//! as the last one left it (a new flash sale replaces the old one, a new pin the old pin).
//! Events and snapshots carry times as Unix milliseconds ([`Clock::wall`]).
//!
//! Event ids. Every event the room sends, scripted or posted by a shopper, takes the next id:
//! gapless and strictly increasing, so a client can tell a gap (it missed some) from a
//! duplicate.

use super::DemoWorld;
use crate::api::{ApiError, ApiResult, ErrorKind};
use crate::model::*;
use std::collections::HashMap;

/// Maps the room clock to Unix milliseconds.
#[derive(Clone, Copy, Debug)]
pub struct Clock {
    /// Unix ms when the room clock read 0.
    pub origin: i64,
    /// Room milliseconds per real millisecond.
    pub speed: f64,
}

impl Clock {
    pub fn wall(&self, t: u64) -> i64 {
        self.origin + (t as f64 / self.speed.max(0.001)) as i64
    }
}

/// A flash sale as the room runs it: when it starts and ends (room clock), and who bought.
#[derive(Clone, Debug)]
struct SaleBook {
    product_id: String,
    starts_t: u64,
    ends_t: u64,
    /// Units shoppers (not the script) bought.
    sold: u32,
    by_buyer: HashMap<String, u32>,
}

pub struct LiveShow {
    /// The room as it opened (for the regular prices).
    base: LiveRoom,
    /// The room now: every event sent folded in. Laps go on from where the last one ended, so
    /// a client folding the events it receives always holds this same state.
    room: LiveRoom,
    /// The script has been played for every moment before this (room clock).
    until_t: u64,
    last_id: u64,
    /// Hearts posted by shoppers (kept across laps).
    posted_likes: u64,
    sale: Option<SaleBook>,
    /// When the current link drop opens (room clock).
    link_opens_t: Option<u64>,
    /// The script said the show is over: nothing more plays.
    over: bool,
    /// Events sent since [`Self::take_sent`] last collected them.
    sent: Vec<LiveEvent>,
}

impl LiveShow {
    pub fn new(world: &DemoWorld, scenario: &LiveScenario) -> ApiResult<Self> {
        let host = world.creator(&scenario.host)?.summary();
        let base = LiveRoom {
            id: scenario.id.clone(),
            title: scenario.title.clone(),
            host,
            stream: scenario.stream.clone(),
            status: if scenario.replay.is_some() {
                LiveStatus::Ended
            } else {
                LiveStatus::Live
            },
            starts_at: None,
            replay: scenario.replay.clone(),
            viewers: scenario.viewers,
            likes: scenario.likes,
            pinned: None,
            link_drop: None,
            bag: scenario
                .bag
                .iter()
                .filter_map(|id| world.product(id).ok().map(Product::summary))
                .collect(),
            flash_sale: None,
            coupons: scenario.coupons.clone(),
            stock: Default::default(),
            last_event_id: 0,
            now: 0,
        };
        Ok(LiveShow {
            room: base.clone(),
            base,
            until_t: 0,
            last_id: 0,
            posted_likes: 0,
            sale: None,
            link_opens_t: None,
            over: scenario.replay.is_some(),
            sent: Vec::new(),
        })
    }

    /// Every event sent (played or posted) since the last call, in order.
    pub fn take_sent(&mut self) -> Vec<LiveEvent> {
        std::mem::take(&mut self.sent)
    }

    /// Plays the script up to room time `t` (inclusive); the events go to [`Self::take_sent`].
    pub fn advance(&mut self, scenario: &LiveScenario, t: u64, clock: &Clock) {
        let to = t + 1;
        let from = self.until_t.max(scenario.starts_after_ms);
        if self.over || to <= from {
            self.until_t = self.until_t.max(to);
            return;
        }
        let offset = scenario.starts_after_ms;
        for (at, kind) in DemoWorld::scripted_events(scenario, from - offset, to - offset) {
            let at = at + offset;
            self.due(at);
            let kind = self.scripted(kind, at, clock);
            self.send(kind);
            if self.over {
                break;
            }
        }
        if !self.over {
            self.due(t);
        }
        self.until_t = to;
    }

    /// A scripted event as sent: relative times made absolute, stock net of what shoppers
    /// bought.
    fn scripted(&mut self, kind: LiveEventKind, at: u64, clock: &Clock) -> LiveEventKind {
        match kind {
            LiveEventKind::LinkDrop {
                product_id,
                countdown_s,
                ..
            } => {
                let opens = at + u64::from(countdown_s) * 1000;
                self.link_opens_t = Some(opens);
                LiveEventKind::LinkDrop {
                    product_id,
                    countdown_s,
                    opens_at: clock.wall(opens),
                }
            }
            LiveEventKind::FlashSale(mut sale) => {
                let starts_t = at + sale.starts_at.max(0) as u64;
                let ends_t = at + sale.ends_at.max(0) as u64;
                self.sale = Some(SaleBook {
                    product_id: sale.product_id.clone(),
                    starts_t,
                    ends_t,
                    sold: 0,
                    by_buyer: HashMap::new(),
                });
                sale.phase = if starts_t > at {
                    SalePhase::Scheduled
                } else {
                    SalePhase::Started
                };
                sale.starts_at = clock.wall(starts_t);
                sale.ends_at = clock.wall(ends_t);
                sale.remaining = sale.remaining.min(sale.total);
                LiveEventKind::FlashSale(sale)
            }
            LiveEventKind::Stock {
                product_id,
                variant_id,
                remaining,
            } => {
                let sold = self
                    .sale
                    .as_ref()
                    .filter(|s| s.product_id == product_id)
                    .map_or(0, |s| s.sold);
                LiveEventKind::Stock {
                    product_id,
                    variant_id,
                    remaining: remaining.saturating_sub(sold),
                }
            }
            kind => kind,
        }
    }

    /// The sale's own transitions (start, end) that fall at or before `t`.
    fn due(&mut self, t: u64) {
        let Some(book) = self.sale.clone() else {
            return;
        };
        let Some(mut sale) = self.room.flash_sale.clone() else {
            return;
        };
        if sale.phase == SalePhase::Scheduled && book.starts_t <= t {
            sale.phase = SalePhase::Started;
            let price = sale.price;
            self.send(LiveEventKind::FlashSale(sale.clone()));
            self.send(LiveEventKind::Price {
                product_id: book.product_id.clone(),
                price,
            });
        }
        if sale.phase == SalePhase::Started && book.ends_t <= t {
            sale.phase = SalePhase::Ended;
            self.send(LiveEventKind::FlashSale(sale));
            // Back to the regular price.
            if let Some(price) = self.base_price(&book.product_id) {
                self.send(LiveEventKind::Price {
                    product_id: book.product_id.clone(),
                    price,
                });
            }
        }
    }

    fn base_price(&self, product_id: &str) -> Option<Money> {
        self.base
            .bag
            .iter()
            .find(|p| p.id == product_id)
            .map(|p| p.price)
    }

    fn send(&mut self, kind: LiveEventKind) {
        let event = self.post(kind);
        if matches!(event.kind, LiveEventKind::Ended) {
            self.over = true;
        }
    }

    /// Sends a shopper's event (a comment, hearts) to the room: it takes the next id.
    pub fn post(&mut self, kind: LiveEventKind) -> LiveEvent {
        if let LiveEventKind::Heart { count } = &kind {
            self.posted_likes += u64::from(*count);
        }
        self.last_id += 1;
        let event = LiveEvent {
            id: self.last_id,
            kind,
        };
        self.room.apply(&event);
        self.sent.push(event.clone());
        event
    }

    /// The room at room time `t` (after [`Self::advance`] to `t`).
    pub fn snapshot(&self, scenario: &LiveScenario, t: u64, clock: &Clock) -> LiveRoom {
        let mut room = self.room.clone();
        room.last_event_id = self.last_id;
        room.now = clock.wall(t);
        if t < scenario.starts_after_ms && scenario.replay.is_none() {
            room.status = LiveStatus::Scheduled;
            room.starts_at = Some(clock.wall(scenario.starts_after_ms));
        }
        room
    }

    pub fn last_id(&self) -> u64 {
        self.last_id
    }

    /// What a line of `qty` units of `product_id` bought from this room by `buyer` costs at
    /// room time `t`: `Some(price)` in a running flash sale, `None` at the regular price.
    /// Refuses while the product's link has not dropped, over the sale's per-shopper limit,
    /// and beyond the units left.
    pub fn terms(
        &self,
        product_id: &str,
        qty: u32,
        buyer: &str,
        t: u64,
    ) -> ApiResult<Option<Money>> {
        if self.room.status != LiveStatus::Live {
            return Ok(None);
        }
        if let (Some(drop), Some(opens)) = (&self.room.link_drop, self.link_opens_t) {
            if drop.product_id == product_id && t < opens {
                let s = (opens - t).div_ceil(1000);
                return Err(ApiError::refused(
                    "link_not_open",
                    format!("The link opens in {s} s"),
                ));
            }
        }
        let (Some(sale), Some(book)) = (&self.room.flash_sale, &self.sale) else {
            return Ok(None);
        };
        if sale.product_id != product_id || sale.phase != SalePhase::Started || t >= book.ends_t {
            return Ok(None);
        }
        if sale.remaining == 0 {
            return Err(ApiError::refused("sold_out", "Flash sale sold out"));
        }
        if qty > sale.remaining {
            return Err(ApiError::refused(
                "over_limit",
                format!("Only {} left in the flash sale", sale.remaining),
            ));
        }
        let had = book.by_buyer.get(buyer).copied().unwrap_or(0);
        if sale.limit > 0 && had + qty > sale.limit {
            return Err(ApiError::refused(
                "over_limit",
                format!(
                    "Flash sale: at most {} per shopper (you have {had})",
                    sale.limit
                ),
            ));
        }
        Ok(Some(sale.price))
    }

    /// Records a sale-priced purchase (after [`Self::terms`] allowed it and the order was
    /// placed); returns the stock event everyone in the room sees.
    pub fn sold(&mut self, product_id: &str, qty: u32, buyer: &str) -> Option<LiveEvent> {
        let book = self.sale.as_mut().filter(|b| b.product_id == product_id)?;
        book.sold += qty;
        *book.by_buyer.entry(buyer.to_owned()).or_default() += qty;
        let remaining = self.room.flash_sale.as_ref()?.remaining.saturating_sub(qty);
        Some(self.post(LiveEventKind::Stock {
            product_id: product_id.to_owned(),
            variant_id: None,
            remaining,
        }))
    }
}

/// Why a coupon cannot be claimed yet, or `Ok` when it can.
pub fn may_claim(coupon: &Coupon, follows_host: bool, watched_ms: u64) -> ApiResult<()> {
    match coupon.claim.and_then(|c| c.requires) {
        Some(CouponRequirement::Follow) if !follows_host => Err(ApiError::refused(
            "follow_required",
            "Follow the host to claim this coupon",
        )),
        Some(CouponRequirement::Watch { minutes }) if watched_ms < u64::from(minutes) * 60_000 => {
            Err(ApiError::refused(
                "watch_required",
                format!("Watch {minutes} min to claim this coupon"),
            ))
        }
        _ => Ok(()),
    }
}

/// The room's coupon `coupon_id`: one of its own or one it handed out so far.
pub fn room_coupon(room: &LiveRoom, coupon_id: &str) -> ApiResult<Coupon> {
    room.coupons
        .iter()
        .find(|c| c.id == coupon_id)
        .cloned()
        .ok_or_else(|| ApiError::new(ErrorKind::NotFound))
}
