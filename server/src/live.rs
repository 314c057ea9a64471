//! Live rooms on the server's clock: each room's script (`DemoWorld::scripted_events`) is
//! played from the moment the server started, and every event goes to every subscriber of
//! the room through one broadcast channel, so all phones watching a room see the same show.
//!
//! Event ids. The script numbers its events 1, 2, 3… over successive loops with no gaps, so
//! an event a shopper posts (a comment, hearts) cannot take "the next scripted id plus one"
//! without colliding with the script's next event. Each room therefore keeps one sequence:
//! every event it sends, scripted or posted, takes `last id + 1`. While nobody posts these
//! are exactly the ids `scripted_events` gives (it numbers events in the order they fall due,
//! and the room emits from the start of its clock); each posted event shifts the later
//! scripted ones by one. Ids are strictly increasing and gapless whatever is posted.
//!
//! Consistency with snapshots. Scripted events are emitted by whoever first needs time to
//! have moved: the ticker, a snapshot or a subscription, always under the room's lock. A
//! snapshot advances the room to "now", then folds exactly the emitted events, and reports
//! the last emitted id; a client that resumes after it misses nothing and sees nothing twice.

use crate::errors::{Answer, Failure};
use haowu::api::demo::DemoWorld;
use haowu::model::{LiveEvent, LiveEventKind, LiveRoom, LiveScenario};
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
    backlog: usize,
    rooms: Vec<Room>,
}

struct Room {
    /// Index of the room's scenario in `world.data.live`.
    scenario: usize,
    state: Mutex<RoomState>,
    tx: broadcast::Sender<Arc<Wire>>,
}

#[derive(Default)]
struct RoomState {
    /// The script has been emitted for every moment before this (ms since start).
    until_ms: u64,
    last_id: u64,
    /// Hearts posted by shoppers: the script's snapshot does not know them.
    posted_likes: u64,
    /// The most recent events, for clients that reconnect.
    backlog: VecDeque<Arc<Wire>>,
}

/// Subscribers that fall this far behind are cut off; they reconnect and catch up from the
/// backlog.
const CHANNEL_CAPACITY: usize = 1024;

impl LiveHub {
    pub fn new(world: Arc<DemoWorld>, backlog: usize) -> Self {
        let rooms = (0..world.data.live.len())
            .map(|scenario| Room {
                scenario,
                state: Mutex::new(RoomState::default()),
                tx: broadcast::channel(CHANNEL_CAPACITY).0,
            })
            .collect();
        LiveHub {
            world,
            started: Instant::now(),
            backlog: backlog.max(1),
            rooms,
        }
    }

    /// Milliseconds since the server started: the rooms' clock.
    pub fn elapsed_ms(&self) -> u64 {
        self.started.elapsed().as_millis() as u64
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

    /// The room's state, with its script emitted up to now.
    fn advanced<'r>(&self, room: &'r Room, now: u64) -> MutexGuard<'r, RoomState> {
        // A panic while holding the lock (there is no code that can) would leave consistent
        // state behind: every push completes before the next starts.
        let mut state = room.state.lock().unwrap_or_else(|e| e.into_inner());
        let to = now + 1;
        if to > state.until_ms {
            let scripted = DemoWorld::scripted_events(self.scenario(room), state.until_ms, to);
            for (_, event) in scripted {
                let id = state.last_id + 1;
                self.push(room, &mut state, LiveEvent { id, ..event });
            }
            state.until_ms = to;
        }
        state
    }

    fn push(&self, room: &Room, state: &mut RoomState, event: LiveEvent) {
        // The model's own types always encode.
        let json = serde_json::to_string(&event).unwrap_or_default();
        let wire = Arc::new(Wire { id: event.id, json });
        state.last_id = event.id;
        state.backlog.push_back(wire.clone());
        while state.backlog.len() > self.backlog {
            state.backlog.pop_front();
        }
        // No subscriber is not an error: the event stays in the backlog.
        let _ = room.tx.send(wire);
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
        let mut snapshot = self.world.live_room(id, now)?;
        snapshot.last_event_id = state.last_id;
        snapshot.likes += state.posted_likes;
        Ok(snapshot)
    }

    pub fn rooms(&self) -> Answer<Vec<LiveRoom>> {
        self.rooms
            .iter()
            .map(|r| self.snapshot(&self.scenario(r).id))
            .collect()
    }

    /// The events after `after` still in the backlog, and a receiver for every later one,
    /// taken together under the room's lock so that nothing falls between them. Without a
    /// resume point only new events come. A resume point ahead of the room (a client from
    /// before a restart, when ids began again) is treated as none.
    pub fn subscribe(&self, id: &str, after: Option<u64>) -> Answer<Subscription> {
        let room = self.room(id)?;
        let state = self.advanced(room, self.elapsed_ms());
        let replay = match after {
            Some(after) if after <= state.last_id => state
                .backlog
                .iter()
                .filter(|w| w.id > after)
                .cloned()
                .collect(),
            _ => Vec::new(),
        };
        Ok((replay, room.tx.subscribe()))
    }

    /// Sends a shopper's event (comment, hearts) to everyone in the room.
    pub fn post(&self, id: &str, kind: LiveEventKind) -> Answer<LiveEvent> {
        let room = self.room(id)?;
        let mut state = self.advanced(room, self.elapsed_ms());
        if let LiveEventKind::Heart { count } = &kind {
            state.posted_likes += u64::from(*count);
        }
        let event = LiveEvent {
            id: state.last_id + 1,
            kind,
        };
        self.push(room, &mut state, event.clone());
        Ok(event)
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
