//! The demo server's live rooms, in their own chunk: the shows (`public/demo/live.json`) are
//! decoded the first time a room (or a coupon, which live rooms hand out) is asked for, and
//! played on the demo server's clock by the same [`LiveShow`] the reference server runs.

use super::show::{may_claim, room_coupon, Clock, LiveShow};
use super::{load_social, once, ApiResult, DemoBackend, DemoWorld, LiveScripts};
use crate::api::ApiError;
use crate::config::Gated;
use crate::model::*;
use crate::storage::{self, Store};
use futures::future::{FutureExt, LocalBoxFuture};
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;

type Answer<T> = LocalBoxFuture<'static, ApiResult<T>>;

const LIVE_URL: &str = "/demo/live.json";
const CLAIMS_KEY: &str = "haowu.demo.claims.v1";

/// Events kept for subscribers that join late (a reconnect).
const BACKLOG: usize = 256;

/// Every room's stage, by room id.
type Stages = RefCell<HashMap<String, Stage>>;

/// A room's show and who is watching it.
pub(super) struct Stage {
    show: LiveShow,
    backlog: VecDeque<LiveEvent>,
    watchers: Vec<Rc<Watcher>>,
}

struct Watcher {
    on_event: Rc<dyn Fn(LiveEvent)>,
    /// The last event delivered.
    seen: Cell<u64>,
}

/// Coupons claimed on this device: (buyer, coupon id).
fn load_claims() -> Vec<(String, String)> {
    storage::read(Store::Local, CLAIMS_KEY).unwrap_or_default()
}

crate::split! { chunk = demo_more;
    pub fn coupons(b: DemoBackend) -> Answer<Vec<Coupon>> {
        Box::pin(async move {
            let claimed = b.claimed();
            b.call_live("coupons", |w| Ok(w.wallet(&claimed))).await
        })
    }
}

crate::split! { chunk = demo_more;
    pub fn rooms(b: DemoBackend) -> Answer<Vec<LiveRoom>> {
        Box::pin(async move {
            b.call_live("live", |w| {
                w.data
                    .live
                    .iter()
                    .map(|s| b.on_stage(w, &s.id, |_, _| Ok(())).map(|(room, ())| room))
                    .collect()
            })
            .await
        })
    }
}

crate::split! { chunk = demo_more;
    pub fn room(b: DemoBackend, id: String) -> Answer<LiveRoom> {
        Box::pin(async move {
            b.call_live("live", |w| b.on_stage(w, &id, |_, _| Ok(())).map(|(room, ())| room))
                .await
        })
    }
}

crate::split! { chunk = demo_more;
    pub fn comment(b: DemoBackend, id: String, text: String) -> Answer<LiveEvent> {
        Box::pin(async move {
            b.call_live("comment", |w| {
                let member = b.member_for(Gated::Comment)?;
                let text = text.trim();
                if text.is_empty() || text.chars().count() > MAX_COMMENT {
                    return Err(ApiError::refused(
                        "invalid_comment",
                        format!("a comment is 1 to {MAX_COMMENT} characters"),
                    ));
                }
                let user = member.map_or_else(|| "游客".to_owned(), |a| a.phone_masked);
                let kind = LiveEventKind::Comment { user, text: text.to_owned() };
                b.on_stage(w, &id, |show, _| Ok(show.post(kind))).map(|(_, e)| e)
            })
            .await
        })
    }
}

/// Longest comment accepted, in characters (the reference server's limit).
const MAX_COMMENT: usize = 200;

crate::split! { chunk = demo_more;
    pub fn hearts(b: DemoBackend, id: String, count: u32) -> Answer<()> {
        Box::pin(async move {
            b.call_live("hearts", |w| {
                if !(1..=100).contains(&count) {
                    return Err(ApiError::refused("invalid_count", "count must be from 1 to 100"));
                }
                b.on_stage(w, &id, |show, _| {
                    show.post(LiveEventKind::Heart { count });
                    Ok(())
                })
                .map(drop)
            })
            .await
        })
    }
}

crate::split! { chunk = demo_more;
    /// Puts a room's coupon in the buyer's wallet, once its requirement is met.
    pub fn claim(b: DemoBackend, id: String, coupon_id: String, watched_ms: u64) -> Answer<Coupon> {
        Box::pin(async move {
            b.call_live("claim", |w| {
                let buyer = b.buyer()?;
                let (room, ()) = b.on_stage(w, &id, |_, _| Ok(()))?;
                let coupon = room_coupon(&room, &coupon_id)?;
                let follows = load_social().follows.contains(&room.host.handle);
                may_claim(&coupon, follows, watched_ms)?;
                let mut claims = load_claims();
                if !claims.iter().any(|(who, c)| *who == buyer && *c == coupon.id) {
                    claims.push((buyer, coupon.id.clone()));
                    storage::write(Store::Local, CLAIMS_KEY, Some(&claims));
                }
                Ok(coupon)
            })
            .await
        })
    }
}

crate::split! { chunk = demo_more;
    /// Sends the room's events after `after_id` to `on_event` as the show plays them, until
    /// `stopped`.
    pub fn events(
        b: DemoBackend,
        id: String,
        after_id: u64,
        on_event: Rc<dyn Fn(LiveEvent)>,
        stopped: Rc<Cell<bool>>,
    ) -> LocalBoxFuture<'static, ()> {
        Box::pin(async move {
            let Ok(world) = b.full_world().await else {
                return;
            };
            let watcher = Rc::new(Watcher { on_event, seen: Cell::new(after_id) });
            if b.on_stage(&world, &id, |_, _| Ok(())).is_err() {
                return;
            }
            let missed = b.watch(&id, watcher.clone());
            deliver(std::slice::from_ref(&watcher), missed);
            while !stopped.get() {
                // In real milliseconds: the room's clock may run faster (`live_speed`).
                gloo_timers::future::TimeoutFuture::new(250).await;
                if stopped.get() {
                    break;
                }
                let _ = b.on_stage(&world, &id, |_, _| Ok(()));
            }
            if let Some(stage) = b.stages().borrow_mut().get_mut(&id) {
                stage.watchers.retain(|w| !Rc::ptr_eq(w, &watcher));
            }
        })
    }
}

/// Hands `events` to each watcher that has not seen them.
fn deliver(watchers: &[Rc<Watcher>], events: Vec<LiveEvent>) {
    for event in events {
        for w in watchers {
            if event.id == 0 || event.id > w.seen.get() {
                w.seen.set(w.seen.get().max(event.id));
                (w.on_event)(event.clone());
            }
        }
    }
}

impl DemoBackend {
    fn stages(&self) -> Rc<Stages> {
        let mut slot = self.inner.stages.borrow_mut();
        let any = slot.get_or_insert_with(|| Rc::new(Stages::default()) as Rc<dyn std::any::Any>);
        // Only this module puts anything there, and always a `Stages`.
        any.clone().downcast::<Stages>().unwrap_or_default()
    }

    fn clock(&self) -> Clock {
        let options = &self.inner.options;
        // Room time `live_at_s` is when the demo started.
        let ahead = f64::from(options.live_at_s) * 1000.0 / options.live_speed;
        Clock {
            origin: (self.inner.started_at - ahead) as i64,
            speed: options.live_speed,
        }
    }

    /// Who is buying: the account, or this device's guest.
    fn buyer(&self) -> ApiResult<String> {
        Ok(self
            .member_for(Gated::Order)?
            .map_or_else(|| "guest".to_owned(), |a| a.id))
    }

    /// The coupons the buyer claimed.
    pub(super) fn claimed(&self) -> Vec<String> {
        let Ok(buyer) = self.buyer() else {
            return Vec::new();
        };
        load_claims()
            .into_iter()
            .filter(|(who, _)| *who == buyer)
            .map(|(_, c)| c)
            .collect()
    }

    /// Plays room `id` up to now, runs `act` on its show, sends every event this made to the
    /// room's watchers, and answers the room as it then stands with what `act` answered.
    pub(super) fn on_stage<T>(
        &self,
        world: &DemoWorld,
        id: &str,
        act: impl FnOnce(&mut LiveShow, u64) -> ApiResult<T>,
    ) -> ApiResult<(LiveRoom, T)> {
        let scenario = world.scenario(id)?;
        let (t, clock) = (self.elapsed_ms(), self.clock());
        let stages = self.stages();
        let (room, answer, events, watchers) = {
            let mut stages = stages.borrow_mut();
            let stage = match stages.entry(id.to_owned()) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(e) => e.insert(Stage {
                    show: LiveShow::new(world, scenario)?,
                    backlog: VecDeque::new(),
                    watchers: Vec::new(),
                }),
            };
            stage.show.advance(scenario, t, &clock);
            let answer = act(&mut stage.show, t);
            // The script's events and what `act` posted (a comment, a sale's stock).
            let events = stage.show.take_sent();
            for e in &events {
                stage.backlog.push_back(e.clone());
            }
            while stage.backlog.len() > BACKLOG {
                stage.backlog.pop_front();
            }
            let room = stage.show.snapshot(scenario, t, &clock);
            (room, answer, events, stage.watchers.clone())
        };
        // No borrow is held: a watcher may call back into the backend.
        deliver(&watchers, events);
        Ok((room, answer?))
    }

    /// Adds a watcher to a room; returns the events it missed (or a reset when too many).
    fn watch(&self, id: &str, watcher: Rc<Watcher>) -> Vec<LiveEvent> {
        let stages = self.stages();
        let mut stages = stages.borrow_mut();
        let Some(stage) = stages.get_mut(id) else {
            return Vec::new();
        };
        let after = watcher.seen.get();
        stage.watchers.push(watcher);
        let oldest = stage
            .backlog
            .front()
            .map_or(stage.show.last_id() + 1, |e| e.id);
        if after > stage.show.last_id() || after + 1 < oldest {
            // From another run of the demo server (a reload) or too far behind.
            return vec![LiveEvent {
                id: 0,
                kind: LiveEventKind::Reset,
            }];
        }
        stage
            .backlog
            .iter()
            .filter(|e| e.id > after)
            .cloned()
            .collect()
    }

    /// The terms of buying from room `id` (see [`LiveShow::terms`]).
    pub(super) fn live_terms(
        &self,
        world: &DemoWorld,
        id: &str,
        product_id: &str,
        qty: u32,
        buyer: &str,
    ) -> ApiResult<Option<Money>> {
        self.on_stage(world, id, |show, t| show.terms(product_id, qty, buyer, t))
            .map(|(_, terms)| terms)
    }

    /// Records what an order bought at a room's sale price; the room sees the stock drop.
    pub(super) fn live_sold(&self, world: &DemoWorld, order: &OrderRequest, buyer: &str) {
        for line in &order.lines {
            if let Some(room) = &line.live {
                let _ = self.on_stage(world, room, |show, _| {
                    show.sold(&line.product_id, line.qty, buyer);
                    Ok(())
                });
            }
        }
    }

    /// The catalogue with the live shows decoded into it.
    pub(super) async fn full_world(&self) -> ApiResult<Rc<DemoWorld>> {
        let this = self.clone();
        once(&self.inner.full, move || {
            async move {
                let world = this.world().await?;
                let text = super::super::fetch::get_text_ok(LIVE_URL).await?;
                let scripts: LiveScripts = crate::api::decode(&text)?;
                let mut data = world.data.clone();
                data.live = scripts.live;
                Ok(Rc::new(DemoWorld::new(data)))
            }
            .boxed_local()
        })
        .await
    }

    /// A request answered from the world with its live shows.
    async fn call_live<T>(
        &self,
        endpoint: &str,
        query: impl FnOnce(&DemoWorld) -> ApiResult<T>,
    ) -> ApiResult<T> {
        self.call_on(endpoint, self.full_world(), query).await
    }
}
