use super::{CreatorSummary, Media, Money, ProductSummary, Text};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LiveStatus {
    Scheduled,
    #[default]
    Live,
    Ended,
}

/// A time-boxed sale of a limited number of units at a special price.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlashSale {
    pub product_id: String,
    pub price: Money,
    pub total: u32,
    pub remaining: u32,
    /// Unix milliseconds.
    pub ends_at: i64,
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
}

/// `GET /live/{id}`: the state of a room at one moment; events then carry the changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveRoom {
    pub id: String,
    pub title: Text,
    pub host: CreatorSummary,
    pub stream: Media,
    pub status: LiveStatus,
    pub viewers: u64,
    pub likes: u64,
    /// The product the host is presenting now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pinned: Option<String>,
    /// Everything on sale in the room ("the bag").
    pub bag: Vec<ProductSummary>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flash_sale: Option<FlashSale>,
    #[serde(default)]
    pub coupons: Vec<Coupon>,
    /// Id of the last event folded into this snapshot; the stream resumes after it.
    #[serde(default)]
    pub last_event_id: u64,
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
    /// "5, 4, 3, 2, 1 — link is up!": the product becomes buyable when the countdown ends.
    LinkDrop {
        product_id: String,
        countdown_s: u32,
    },
    FlashSale(FlashSale),
    Stock {
        product_id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        variant_id: Option<String>,
        remaining: u32,
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
            },
        };
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(
            json,
            r#"{"id":7,"type":"link_drop","product_id":"p1","countdown_s":5}"#
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
                ends_at: 1_700_000_000_000,
            }),
        };
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(serde_json::from_str::<LiveEvent>(&json).unwrap(), e);
    }
}
