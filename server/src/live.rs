//! Live rooms on the server's clock: each room's show (`LiveShow`, the same the demo backend
//! plays in the browser) runs from the moment the server started, and every event goes to
//! every subscriber of the room through one broadcast channel, so all phones watching a room
//! see the same show.
//!
//! Event ids are the show's: one gapless sequence per room for scripted and posted events.
//!
//! Consistency with snapshots. The script is played by whoever first needs time to have
//! moved: the ticker, a snapshot, a subscription, a post or an order, always under the room's
//! lock. A snapshot is the show's state after it, with the last id sent; a client that
//! resumes after it misses nothing and sees nothing twice.

use crate::errors::{Answer, Failure};
use haowu::api::demo::show::{Clock, LiveShow};
use haowu::api::demo::DemoWorld;
use haowu::api::ApiResult;
use haowu::model::{LiveEvent, LiveEventKind, LiveRoom, LiveScenario, Money, OrderRequest};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tokio::sync::broadcast;

/// One event as sent: its id and its JSON, encoded once for every subscriber.
#[derive(Debug)]
pub struct Wire {
    pub id: u64,
    pub json: String,
}

/// The events to replay, then the live ones.
pub type Subscription = (Vec<Arc<Wire>>, broadcast::Receiver<Arc<Wire>>);

pub struct LiveHub {
    world: Arc<DemoWorld>,
    started: Instant,
    /// Where the shows' clock starts.
    live_at: Duration,
    clock: Clock,
    backlog: usize,
    rooms: Vec<Room>,
}

struct Room {
    /// Index of the room's scenario in `world.data.live`.
    scenario: usize,
    state: Mutex<RoomState>,
    tx: broadcast::Sender<Arc<Wire>>,
}

struct RoomState {
    show: LiveShow,
    /// The most recent events, for clients that reconnect.
    backlog: VecDeque<Arc<Wire>>,
}

/// Subscribers that fall this far behind are cut off; they reconnect and catch up from the
/// backlog.
const CHANNEL_CAPACITY: usize = 1024;

impl LiveHub {
    /// Fails when a show names a host or product the world does not have.
    pub fn new(world: Arc<DemoWorld>, backlog: usize, live_at: Duration) -> ApiResult<Self> {
        let rooms = world
            .data
            .live
            .iter()
            .enumerate()
            .map(|(scenario, s)| {
                Ok(Room {
                    scenario,
                    state: Mutex::new(RoomState {
                        show: LiveShow::new(&world, s)?,
                        backlog: VecDeque::new(),
                    }),
                    tx: broadcast::channel(CHANNEL_CAPACITY).0,
                })
            })
            .collect::<ApiResult<_>>()?;
        Ok(LiveHub {
            world,
            started: Instant::now(),
            live_at,
            clock: Clock {
                origin: crate::db::now_ms() - live_at.as_millis() as i64,
                speed: 1.0,
            },
            backlog: backlog.max(1),
            rooms,
        })
    }

    /// Milliseconds since the server started (plus `live_at`): the rooms' clock.
    pub fn elapsed_ms(&self) -> u64 {
        (self.started.elapsed() + self.live_at).as_millis() as u64
    }

    fn scenario(&self, room: &Room) -> &LiveScenario {
        &self.world.data.live[room.scenario]
    }

    fn room(&self, id: &str) -> Answer<&Room> {
        self.rooms
            .iter()
            .find(|r| self.scenario(r).id == id)
            .ok_or_else(Failure::not_found)
    }

    /// `Ok` when the room exists.
    pub fn exists(&self, id: &str) -> Answer<()> {
        self.room(id).map(drop)
    }

    /// The room's state, with its script played up to now.
    fn advanced<'r>(&self, room: &'r Room, now: u64) -> MutexGuard<'r, RoomState> {
        // A panic while holding the lock (there is no code that can) would leave consistent
        // state behind: every push completes before the next starts.
        let mut state = room.state.lock().unwrap_or_else(|e| e.into_inner());
        state.show.advance(self.scenario(room), now, &self.clock);
        self.flush(room, &mut state);
        state
    }

    /// Sends what the show sent (played or posted) to the room's subscribers.
    fn flush(&self, room: &Room, state: &mut RoomState) {
        for event in state.show.take_sent() {
            // The model's own types always encode.
            let json = serde_json::to_string(&event).unwrap_or_default();
            let wire = Arc::new(Wire { id: event.id, json });
            state.backlog.push_back(wire.clone());
            while state.backlog.len() > self.backlog {
                state.backlog.pop_front();
            }
            // No subscriber is not an error: the event stays in the backlog.
            let _ = room.tx.send(wire);
        }
    }

    /// Emits every room's script up to now (the ticker calls this).
    pub fn tick(&self) {
        let now = self.elapsed_ms();
        for room in &self.rooms {
            drop(self.advanced(room, now));
        }
    }

    /// `GET /live/{id}`: the room now, with `last_event_id` the last event sent.
    pub fn snapshot(&self, id: &str) -> Answer<LiveRoom> {
        let room = self.room(id)?;
        let now = self.elapsed_ms();
        let state = self.advanced(room, now);
        Ok(state.show.snapshot(self.scenario(room), now, &self.clock))
    }

    pub fn rooms(&self) -> Answer<Vec<LiveRoom>> {
        self.rooms
            .iter()
            .map(|r| self.snapshot(&self.scenario(r).id))
            .collect()
    }

    /// The events after `after` still in the backlog, and a receiver for every later one,
    /// taken together under the room's lock so that nothing falls between them. Without a
    /// resume point only new events come. A resume point the room cannot resume from — ahead
    /// of it (a client from before a restart, when ids began again) or older than the backlog
    /// — gets a `reset` event first: the client fetches a new snapshot.
    pub fn subscribe(&self, id: &str, after: Option<u64>) -> Answer<Subscription> {
        let room = self.room(id)?;
        let state = self.advanced(room, self.elapsed_ms());
        let last = state.show.last_id();
        let oldest = state.backlog.front().map_or(last + 1, |w| w.id);
        let replay = match after {
            Some(after) if after <= last && after + 1 >= oldest => state
                .backlog
                .iter()
                .filter(|w| w.id > after)
                .cloned()
                .collect(),
            Some(_) => {
                let reset = LiveEvent {
                    id: 0,
                    kind: LiveEventKind::Reset,
                };
                let json = serde_json::to_string(&reset).unwrap_or_default();
                vec![Arc::new(Wire { id: 0, json })]
            }
            None => Vec::new(),
        };
        Ok((replay, room.tx.subscribe()))
    }

    /// Sends a shopper's event (comment, hearts) to everyone in the room.
    pub fn post(&self, id: &str, kind: LiveEventKind) -> Answer<LiveEvent> {
        let room = self.room(id)?;
        let mut state = self.advanced(room, self.elapsed_ms());
        let event = state.show.post(kind);
        self.flush(room, &mut state);
        Ok(event)
    }

    /// What `qty` of `product` costs `buyer` in room `id` now (see `LiveShow::terms`).
    pub fn terms(
        &self,
        id: &str,
        product: &str,
        qty: u32,
        buyer: &str,
    ) -> ApiResult<Option<Money>> {
        let room = self
            .room(id)
            .map_err(|_| haowu::api::ApiError::new(haowu::api::ErrorKind::NotFound))?;
        let now = self.elapsed_ms();
        let state = self.advanced(room, now);
        state.show.terms(product, qty, buyer, now)
    }

    /// Records an order's sale-priced lines; the rooms see their stock drop.
    pub fn sold(&self, order: &OrderRequest, buyer: &str) {
        for line in &order.lines {
            let Some(room) = line.live.as_deref().and_then(|id| self.room(id).ok()) else {
                continue;
            };
            let mut state = self.advanced(room, self.elapsed_ms());
            state.show.sold(&line.product_id, line.qty, buyer);
            self.flush(room, &mut state);
        }
    }

    /// The room as it stands (for claims: its coupons and host).
    pub fn room_now(&self, id: &str) -> Answer<LiveRoom> {
        self.snapshot(id)
    }
}

/// Advances every room every `every`, so events go out on time even when no request comes.
/// Stops when the hub is dropped.
pub fn spawn_ticker(hub: &Arc<LiveHub>, every: Duration) {
    let hub = Arc::downgrade(hub);
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(every);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            interval.tick().await;
            match hub.upgrade() {
                Some(hub) => hub.tick(),
                None => break,
            }
        }
    });
}
