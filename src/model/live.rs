use super::{CreatorSummary, Media, Money, ProductSummary, Text};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LiveStatus {
    Scheduled,
    #[default]
    Live,
    Ended,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SalePhase {
    /// Announced: counts down to `starts_at`.
    Scheduled,
    #[default]
    Started,
    Ended,
}

/// A time-boxed sale of a limited number of units at a special price, at most `limit` per
/// shopper.
///
/// Times are Unix milliseconds on the backend's clock (a snapshot's `now` says how far it is
/// from the shopper's). In a demo script they are milliseconds after the scripted event
/// instead, and the show makes them absolute when it plays it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlashSale {
    pub product_id: String,
    pub price: Money,
    pub total: u32,
    pub remaining: u32,
    #[serde(default)]
    pub phase: SalePhase,
    #[serde(default)]
    pub starts_at: i64,
    pub ends_at: i64,
    /// Units one shopper may buy in the sale; 0 for no limit.
    #[serde(default)]
    pub limit: u32,
}

impl FlashSale {
    /// Buyable now at the sale price: started, not over, units left.
    pub fn is_on(&self) -> bool {
        self.phase == SalePhase::Started && self.remaining > 0
    }
}

/// "5, 4, 3, 2, 1 — link is up!": the product the host announced, buyable from `opens_at`
/// (Unix ms on the backend's clock).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkDrop {
    pub product_id: String,
    pub opens_at: i64,
}

/// What a shopper must do before a coupon can be claimed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CouponRequirement {
    /// Follow the room's host.
    Follow,
    /// Watch the room this long.
    Watch {
        #[serde(default, skip_serializing_if = "is_zero_u32")]
        minutes: u32,
    },
}

/// A discount a shopper claims and applies at checkout. `shop_id` absent means platform-wide.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coupon {
    pub id: String,
    pub title: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shop_id: Option<String>,
    /// The subtotal (of the shop, or of the order when platform-wide) needed to use it.
    pub min_spend: Money,
    pub discount: Money,
    /// Unix milliseconds.
    pub expires_at: i64,
    /// Absent: in every shopper's wallet. Present: handed out in a live room, and the shopper
    /// claims it there (`POST /live/{id}/coupons/{coupon}/claim`), after meeting `requires`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim: Option<Claim>,
}

/// How a live coupon is claimed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requires: Option<CouponRequirement>,
}

/// `GET /live/{id}`: the state of a room at one moment; events then carry the changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveRoom {
    pub id: String,
    pub title: Text,
    pub host: CreatorSummary,
    pub stream: Media,
    pub status: LiveStatus,
    /// When a scheduled room starts (Unix ms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts_at: Option<i64>,
    /// The recording of an ended show.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replay: Option<Media>,
    pub viewers: u64,
    pub likes: u64,
    /// The product the host is presenting now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pinned: Option<String>,
    /// A product announced with a countdown; it cannot be bought from the room before then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link_drop: Option<LinkDrop>,
    /// Everything on sale in the room ("the bag"), in the order the host numbers it (#1 first).
    pub bag: Vec<ProductSummary>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flash_sale: Option<FlashSale>,
    #[serde(default)]
    pub coupons: Vec<Coupon>,
    /// Units left of bag products, as last announced (product id → units).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub stock: BTreeMap<String, u32>,
    /// Id of the last event folded into this snapshot; the stream resumes after it.
    #[serde(default)]
    pub last_event_id: u64,
    /// The backend's clock when it made this snapshot (Unix ms; 0 when it does not say).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub now: i64,
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

fn is_zero_u32(n: &u32) -> bool {
    *n == 0
}

impl LiveRoom {
    /// Folds one event into the snapshot. An event at or before `last_event_id` is stale and
    /// ignored; stock only goes down within a sale; so replays after a reconnect converge.
    pub fn apply(&mut self, event: &LiveEvent) {
        if event.id != 0 && event.id <= self.last_event_id {
            return;
        }
        match &event.kind {
            LiveEventKind::Pin { product_id } => self.pinned = Some(product_id.clone()),
            LiveEventKind::LinkDrop {
                product_id,
                opens_at,
                ..
            } => {
                self.pinned = Some(product_id.clone());
                self.link_drop = Some(LinkDrop {
                    product_id: product_id.clone(),
                    opens_at: *opens_at,
                });
            }
            LiveEventKind::Unpin => self.pinned = None,
            LiveEventKind::FlashSale(sale) => match &mut self.flash_sale {
                // The same sale moving on: its stock never goes back up.
                Some(now)
                    if now.product_id == sale.product_id && now.starts_at == sale.starts_at =>
                {
                    let remaining = now.remaining.min(sale.remaining);
                    *now = FlashSale {
                        remaining,
                        ..sale.clone()
                    };
                }
                slot => *slot = Some(sale.clone()),
            },
            LiveEventKind::Stock {
                product_id,
                remaining,
                ..
            } => {
                match self
                    .flash_sale
                    .as_mut()
                    .filter(|s| &s.product_id == product_id)
                {
                    Some(sale) => sale.remaining = sale.remaining.min(*remaining),
                    None => {
                        self.stock.insert(product_id.clone(), *remaining);
                    }
                }
            }
            LiveEventKind::Price { product_id, price } => {
                if let Some(p) = self.bag.iter_mut().find(|p| &p.id == product_id) {
                    p.price = *price;
                }
            }
            LiveEventKind::Viewers { count } => self.viewers = *count,
            LiveEventKind::Heart { count } => self.likes += u64::from(*count),
            LiveEventKind::Coupon(c) => {
                if !self.coupons.iter().any(|x| x.id == c.id) {
                    self.coupons.push(c.clone());
                }
            }
            LiveEventKind::Ended => self.status = LiveStatus::Ended,
            LiveEventKind::Comment { .. }
            | LiveEventKind::Purchase { .. }
            | LiveEventKind::Reset => {}
        }
        self.last_event_id = self.last_event_id.max(event.id);
    }

    /// The bag product `id` and its number as the host says it (#1 first).
    pub fn bag_item(&self, id: &str) -> Option<(usize, &ProductSummary)> {
        self.bag
            .iter()
            .enumerate()
            .find(|(_, p)| p.id == id)
            .map(|(i, p)| (i + 1, p))
    }

    /// The running or coming flash sale of product `id`.
    pub fn sale_of(&self, id: &str) -> Option<&FlashSale> {
        self.flash_sale
            .as_ref()
            .filter(|s| s.product_id == id && s.phase != SalePhase::Ended)
    }
}

/// One change in a live room, in the order the server emitted it. On the wire
/// `{"id", "type", ...the variant's fields}`, except that a coupon is nested under `coupon`:
/// flattened, its own `id` would collide with the event's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "wire::Event", into = "wire::Event")]
pub struct LiveEvent {
    pub id: u64,
    pub kind: LiveEventKind,
}

mod wire {
    use super::{Coupon, LiveEvent, LiveEventKind};
    use serde::{Deserialize, Serialize};

    #[derive(Serialize, Deserialize)]
    pub struct Event {
        id: u64,
        #[serde(flatten)]
        kind: Kind,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(tag = "type", rename_all = "snake_case")]
    enum Kind {
        Coupon {
            coupon: Coupon,
        },
        #[serde(untagged)]
        Other(LiveEventKind),
    }

    impl From<Event> for LiveEvent {
        fn from(e: Event) -> Self {
            let kind = match e.kind {
                Kind::Coupon { coupon } => LiveEventKind::Coupon(coupon),
                Kind::Other(kind) => kind,
            };
            LiveEvent { id: e.id, kind }
        }
    }

    impl From<LiveEvent> for Event {
        fn from(e: LiveEvent) -> Self {
            let kind = match e.kind {
                LiveEventKind::Coupon(coupon) => Kind::Coupon { coupon },
                kind => Kind::Other(kind),
            };
            Event { id: e.id, kind }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LiveEventKind {
    Comment {
        user: String,
        text: String,
    },
    Heart {
        count: u32,
    },
    Pin {
        product_id: String,
    },
    Unpin,
    /// "5, 4, 3, 2, 1 — link is up!": the product becomes buyable when the countdown ends,
    /// at `opens_at` (Unix ms; in a demo script absent, and set by the show).
    LinkDrop {
        product_id: String,
        countdown_s: u32,
        #[serde(default)]
        opens_at: i64,
    },
    FlashSale(FlashSale),
    Stock {
        product_id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        variant_id: Option<String>,
        remaining: u32,
    },
    /// A bag product's price in the room changed.
    Price {
        product_id: String,
        price: Money,
    },
    Viewers {
        count: u64,
    },
    Purchase {
        user: String,
        product_id: String,
    },
    Coupon(Coupon),
    Ended,
    /// The backend's event ids started again (a restart) or events were lost: drop the room's
    /// state and fetch a new snapshot.
    Reset,
}

/// A scripted demo room: the snapshot fields that do not change, plus a timeline of events
/// that the demo backend (and the reference server) play, looping every `loop_ms`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveScenario {
    pub id: String,
    pub title: Text,
    /// Handle of the host creator.
    pub host: String,
    pub stream: Media,
    /// The room opens this long after the backend starts; until then it is scheduled.
    #[serde(default)]
    pub starts_after_ms: u64,
    /// A show that is over: it plays this recording and no script.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replay: Option<Media>,
    /// Ids of the products in the bag.
    pub bag: Vec<String>,
    #[serde(default)]
    pub coupons: Vec<Coupon>,
    pub viewers: u64,
    pub likes: u64,
    pub loop_ms: u32,
    pub script: Vec<ScriptedEvent>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScriptedEvent {
    /// Milliseconds from the start of the loop.
    pub at_ms: u32,
    #[serde(flatten)]
    pub kind: LiveEventKind,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_tagged_by_type() {
        let e = LiveEvent {
            id: 7,
            kind: LiveEventKind::LinkDrop {
                product_id: "p1".into(),
                countdown_s: 5,
                opens_at: 9,
            },
        };
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(
            json,
            r#"{"id":7,"type":"link_drop","product_id":"p1","countdown_s":5,"opens_at":9}"#
        );
        assert_eq!(serde_json::from_str::<LiveEvent>(&json).unwrap(), e);
        let ended: LiveEvent = serde_json::from_str(r#"{"id":9,"type":"ended"}"#).unwrap();
        assert_eq!(ended.kind, LiveEventKind::Ended);
    }

    #[test]
    fn coupon_events_nest_the_coupon() {
        let coupon = Coupon {
            id: "cp".into(),
            title: Text::same("t"),
            shop_id: None,
            min_spend: Money::cny(100),
            discount: Money::cny(10),
            expires_at: 5,
            claim: None,
        };
        let e = LiveEvent {
            id: 20,
            kind: LiveEventKind::Coupon(coupon),
        };
        let json = serde_json::to_string(&e).unwrap();
        assert!(
            json.starts_with(r#"{"id":20,"type":"coupon","coupon":{"id":"cp","#),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<LiveEvent>(&json).unwrap(), e);
    }

    #[test]
    fn newtype_events_round_trip() {
        let e = LiveEvent {
            id: 1,
            kind: LiveEventKind::FlashSale(FlashSale {
                product_id: "p".into(),
                price: Money::cny(990),
                total: 100,
                remaining: 40,
                phase: SalePhase::Scheduled,
                starts_at: 1_699_999_990_000,
                ends_at: 1_700_000_000_000,
                limit: 2,
            }),
        };
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(serde_json::from_str::<LiveEvent>(&json).unwrap(), e);
    }
}
