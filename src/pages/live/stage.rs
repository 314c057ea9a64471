//! The room's state on the phone: the snapshot with every event folded in, the comment lines,
//! the order ticker, floating hearts and a clock for countdowns. Events are queued as they
//! arrive and folded once per animation frame, so a room sending hundreds a second costs one
//! render per frame.
//!
//! Nothing here creates views per event: the comment lines and the hearts are fixed sets of
//! elements whose contents change (a reactive owner made per event would stay allocated in
//! its parent's list of children as long as the room lives: ~200 bytes an event, megabytes a
//! minute in a busy room).
//!
//! Events must follow each other (ids are gapless): a gap, or a `reset` from the backend,
//! means some were lost, and the room fetches a new snapshot and goes on from it.

use crate::api::Backend;
use crate::model::{LiveEvent, LiveEventKind, LiveRoom};
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

/// State-changing events kept to fold again into a snapshot that arrives after them.
const RECENT: usize = 64;

/// Comment lines kept (the newest); older ones leave the DOM.
pub const MAX_LINES: usize = 7;

/// Floating hearts on screen at once (the elements are reused in turn).
pub const HEART_SLOTS: usize = 12;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LineState {
    Shown,
    Sending,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// The event id, or a local key above every id while the shopper's comment is on its way.
    pub key: u64,
    pub user: String,
    pub text: String,
    pub state: LineState,
}

#[derive(Clone, Copy)]
pub struct Stage {
    pub room: RwSignal<LiveRoom>,
    pub lines: RwSignal<Vec<Line>>,
    /// The latest "… is placing an order" (event id, buyer).
    pub ticker: RwSignal<Option<(u64, String)>>,
    /// How many times each heart element has been sent up (a change restarts its animation).
    pub hearts: RwSignal<[u32; HEART_SLOTS]>,
    /// Hearts sent up so far (which element goes next).
    hearts_sent: StoredValue<usize>,
    /// Batches of lines taken in so far (each one makes the list rise once).
    pub batches: RwSignal<u32>,
    /// The shopper's comment that could not be sent, kept above the composer for a retry (a
    /// busy room would scroll it away in the list).
    pub unsent: RwSignal<Option<String>>,
    /// The phone's clock (ms), moved every quarter second for countdowns.
    pub now: RwSignal<i64>,
    /// The backend's clock minus the phone's.
    offset: StoredValue<i64>,
    /// When the shopper joined (phone clock), for "watch N minutes" coupons.
    pub joined_at: StoredValue<i64>,
    next_key: StoredValue<u64>,
}

impl Stage {
    pub fn new(room: LiveRoom) -> Self {
        let now = js_sys::Date::now() as i64;
        let offset = if room.now > 0 { room.now - now } else { 0 };
        Stage {
            room: RwSignal::new(room),
            lines: RwSignal::new(Vec::new()),
            ticker: RwSignal::new(None),
            hearts: RwSignal::new([0; HEART_SLOTS]),
            hearts_sent: StoredValue::new(0),
            batches: RwSignal::new(0),
            unsent: RwSignal::new(None),
            now: RwSignal::new(now),
            offset: StoredValue::new(offset),
            joined_at: StoredValue::new(now),
            next_key: StoredValue::new(u64::MAX / 2),
        }
    }

    /// Milliseconds until `at` on the backend's clock (negative once past).
    pub fn until(&self, at: i64) -> i64 {
        at - (self.now.get() + self.offset.get_value())
    }

    /// A key for something local (a heart, a comment on its way), unlike any event id.
    pub fn key(&self) -> u64 {
        let k = self.next_key.get_value() + 1;
        self.next_key.set_value(k);
        k
    }

    pub fn watched_ms(&self) -> u64 {
        (js_sys::Date::now() as i64 - self.joined_at.get_value()).max(0) as u64
    }

    pub fn float_heart(&self) {
        let slot = self.hearts_sent.get_value() % HEART_SLOTS;
        self.hearts_sent.set_value(slot + 1);
        self.hearts.update(|h| h[slot] += 1);
    }

    /// Adds lines at the bottom, keeping the newest [`MAX_LINES`].
    pub fn push_lines(&self, new: Vec<Line>) {
        if new.is_empty() {
            return;
        }
        self.lines.update(|lines| {
            for line in new {
                if !lines.iter().any(|l| l.key == line.key) {
                    lines.push(line);
                }
            }
            let excess = lines.len().saturating_sub(MAX_LINES);
            lines.drain(..excess);
        });
        self.batches.update(|b| *b += 1);
    }

    /// A new snapshot (after a gap or reset): the room's state is replaced (lines stay), and
    /// the events already taken in that it does not hold yet are folded in again.
    fn resynced(&self, mut room: LiveRoom, recent: &VecDeque<LiveEvent>) {
        let now = js_sys::Date::now() as i64;
        if room.now > 0 {
            self.offset.set_value(room.now - now);
        }
        for e in recent {
            room.apply(e);
        }
        self.room.set(room);
    }

    /// Folds a batch of events into the room, the lines, the ticker and the hearts.
    fn fold(&self, events: Vec<LiveEvent>) {
        let mut lines = Vec::new();
        let mut hearts = 0;
        let mut ticker = None;
        for e in &events {
            match &e.kind {
                LiveEventKind::Comment { user, text } => lines.push(Line {
                    key: e.id,
                    user: user.clone(),
                    text: text.clone(),
                    state: LineState::Shown,
                }),
                LiveEventKind::Purchase { user, .. } => ticker = Some((e.id, user.clone())),
                LiveEventKind::Heart { .. } => hearts += 1,
                _ => {}
            }
        }
        // Only what can be on screen: a busy second sends hundreds of lines.
        let skip = lines.len().saturating_sub(MAX_LINES);
        self.push_lines(lines.split_off(skip));
        if let Some(t) = ticker {
            self.ticker.set(Some(t));
        }
        for _ in 0..hearts.min(3) {
            self.float_heart();
        }
        if events
            .iter()
            .any(|e| !matches!(e.kind, LiveEventKind::Comment { .. }))
        {
            self.room.update(|r| {
                for e in &events {
                    r.apply(e);
                }
            });
        }
    }
}

/// Receives the room's events and folds them into the stage once per frame.
pub struct Pump {
    stage: Stage,
    backend: Backend,
    queue: RefCell<Vec<LiveEvent>>,
    recent: RefCell<VecDeque<LiveEvent>>,
    scheduled: Cell<bool>,
    /// The last event id taken in.
    last: Cell<u64>,
    resyncing: Cell<bool>,
    pub alive: Cell<bool>,
}

impl Pump {
    pub fn new(stage: Stage, backend: Backend) -> Rc<Self> {
        let last = stage.room.with_untracked(|r| r.last_event_id);
        Rc::new(Pump {
            stage,
            backend,
            queue: RefCell::default(),
            recent: RefCell::default(),
            scheduled: Cell::new(false),
            last: Cell::new(last),
            resyncing: Cell::new(false),
            alive: Cell::new(true),
        })
    }

    pub fn receive(self: &Rc<Self>, event: LiveEvent) {
        if !self.alive.get() {
            return;
        }
        if matches!(event.kind, LiveEventKind::Reset) {
            // The backend's ids started again: take the next ones whatever they are.
            self.last.set(0);
            self.recent.borrow_mut().clear();
            self.resync();
            return;
        }
        let last = self.last.get();
        if event.id <= last {
            // Seen already (a replay after reconnecting).
            return;
        }
        if last > 0 && event.id > last + 1 {
            self.resync();
        }
        self.last.set(event.id);
        if !matches!(
            event.kind,
            LiveEventKind::Comment { .. } | LiveEventKind::Heart { .. }
        ) {
            let mut recent = self.recent.borrow_mut();
            recent.push_back(event.clone());
            if recent.len() > RECENT {
                recent.pop_front();
            }
        }
        self.queue.borrow_mut().push(event);
        if !self.scheduled.replace(true) {
            let this = self.clone();
            request_animation_frame(move || this.flush());
        }
    }

    fn flush(&self) {
        self.scheduled.set(false);
        let events = std::mem::take(&mut *self.queue.borrow_mut());
        if !self.alive.get() || events.is_empty() {
            return;
        }
        crate::browser::tally("handled", events.len());
        self.stage.fold(events);
    }

    /// Fetches a new snapshot and goes on from it; events queued meanwhile that it already
    /// holds are ignored by the fold.
    fn resync(self: &Rc<Self>) {
        if self.resyncing.replace(true) {
            return;
        }
        crate::browser::tally("resyncs", 1);
        let this = self.clone();
        let id = self.stage.room.with_untracked(|r| r.id.clone());
        leptos::task::spawn_local(async move {
            let answer = this.backend.live_room(&id).await;
            this.resyncing.set(false);
            if !this.alive.get() {
                return;
            }
            if let Ok(room) = answer {
                this.last.set(this.last.get().max(room.last_event_id));
                this.stage.resynced(room, &this.recent.borrow());
            }
        });
    }
}
