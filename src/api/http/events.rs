//! A live room's events over Server-Sent Events. The browser's `EventSource` reconnects by
//! itself after a dropped connection, sending `Last-Event-ID`; when it gives up (the server
//! answered with an error, or went away for good) this reconnects with backoff from the last
//! event seen (`?after=`). Events are delivered once each, in id order: a replayed event
//! (id at or below the last one seen) is dropped. One the app cannot read is dropped with a
//! warning and counted (`window.__haowuLive.malformed`).

use super::endpoint::with_query;
use crate::api::LiveSubscription;
use crate::model::{LiveEvent, LiveEventKind};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

struct State {
    url: String,
    last_id: u64,
    failures: u32,
    stopped: bool,
    source: Option<web_sys::EventSource>,
    on_event: Rc<dyn Fn(LiveEvent)>,
    // Kept alive as long as the source that calls them.
    handlers: Vec<Closure<dyn FnMut(web_sys::Event)>>,
}

/// Subscribes to `url` (the room's event stream) for events after `after_id`.
pub fn subscribe(url: String, after_id: u64, on_event: Rc<dyn Fn(LiveEvent)>) -> LiveSubscription {
    let state = Rc::new(RefCell::new(State {
        url,
        last_id: after_id,
        failures: 0,
        stopped: false,
        source: None,
        on_event,
        handlers: Vec::new(),
    }));
    connect(&state);
    LiveSubscription::new(move || {
        let mut s = state.borrow_mut();
        s.stopped = true;
        if let Some(source) = s.source.take() {
            source.close();
        }
        s.handlers.clear();
    })
}

fn connect(state: &Rc<RefCell<State>>) {
    let url = {
        let s = state.borrow();
        if s.stopped {
            return;
        }
        with_query(&s.url, &[("after", s.last_id.to_string())])
    };
    let Ok(source) = web_sys::EventSource::new(&url) else {
        retry_later(state);
        return;
    };
    let weak = Rc::downgrade(state);
    let on_message = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
        let Some(state) = weak.upgrade() else { return };
        let Some(data) = e
            .dyn_ref::<web_sys::MessageEvent>()
            .and_then(|m| m.data().as_string())
        else {
            return;
        };
        // A line the app does not understand (a newer server's event type) is skipped, not
        // fatal: the snapshot on the next visit carries its effect.
        let Ok(event) = serde_json::from_str::<LiveEvent>(&data) else {
            web_sys::console::warn_1(&format!("live: event not understood: {data}").into());
            crate::browser::tally("malformed", 1);
            return;
        };
        let deliver = {
            let mut s = state.borrow_mut();
            s.failures = 0;
            // A reset: the server's ids began again; take the next ones whatever they are.
            let reset = matches!(event.kind, LiveEventKind::Reset);
            (reset || event.id > s.last_id)
                .then_some(())
                .filter(|()| !s.stopped)
                .map(|()| {
                    s.last_id = if reset { 0 } else { event.id };
                    s.on_event.clone()
                })
        };
        if let Some(deliver) = deliver {
            deliver(event);
        }
    });
    let weak = Rc::downgrade(state);
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
        let Some(state) = weak.upgrade() else { return };
        let closed = state
            .borrow()
            .source
            .as_ref()
            .is_some_and(|s| s.ready_state() == web_sys::EventSource::CLOSED);
        if closed {
            retry_later(&state);
        }
    });
    source.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let mut s = state.borrow_mut();
    if let Some(old) = s.source.replace(source) {
        old.close();
    }
    s.handlers = vec![on_message, on_error];
}

/// Reconnects after 1 s, 2 s, 4 s … (at most 30 s), with jitter.
fn retry_later(state: &Rc<RefCell<State>>) {
    let wait = {
        let mut s = state.borrow_mut();
        if s.stopped {
            return;
        }
        if let Some(old) = s.source.take() {
            old.close();
        }
        s.failures += 1;
        let ceiling = (1000.0 * 2f64.powi(s.failures.min(5) as i32 - 1)).min(30_000.0);
        ceiling * (0.5 + 0.5 * js_sys::Math::random())
    };
    let weak = Rc::downgrade(state);
    gloo_timers::callback::Timeout::new(wait as u32, move || {
        if let Some(state) = weak.upgrade() {
            connect(&state);
        }
    })
    .forget();
}
