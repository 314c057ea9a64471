//! Whether the browser is online, as a signal (the `online`/`offline` events), so queued
//! work can be replayed and the interface can say what is waiting.

use crate::browser::on_window;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Network {
    pub online: RwSignal<bool>,
}

pub fn provide_network() {
    let online = RwSignal::new(window().navigator().on_line());
    on_window(leptos::ev::online, move |_| online.set(true));
    on_window(leptos::ev::offline, move |_| online.set(false));
    provide_context(Network { online });
}

pub fn use_network() -> Network {
    expect_context::<Network>()
}

/// Calls `f` each time the connection comes back.
pub fn on_reconnect(f: impl Fn() + 'static) {
    let online = use_network().online;
    Effect::new(move |was: Option<bool>| {
        let now = online.get();
        if was == Some(false) && now {
            f();
        }
        now
    });
}
