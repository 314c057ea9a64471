//! Synchronous JSON in web storage, for what must be on disk before the next line runs (an
//! order about to be sent, a session, a push that is owed) — unlike leptos-use's storage
//! signals, which write later. Missing storage (private mode) or a corrupt value reads as
//! absent rather than failing.

use serde::{de::DeserializeOwned, Serialize};

#[derive(Clone, Copy)]
pub enum Store {
    /// Survives the tab: shared by every tab of the origin.
    Local,
    /// This tab only: ends when it closes.
    Session,
}

fn storage(store: Store) -> Option<web_sys::Storage> {
    let window = web_sys::window()?;
    match store {
        Store::Local => window.local_storage(),
        Store::Session => window.session_storage(),
    }
    .ok()
    .flatten()
}

pub fn read<T: DeserializeOwned>(store: Store, key: &str) -> Option<T> {
    let text = storage(store)?.get_item(key).ok()??;
    serde_json::from_str(&text).ok()
}

/// Writes `value`, or removes the key when it is `None`.
pub fn write<T: Serialize>(store: Store, key: &str, value: Option<&T>) {
    let Some(s) = storage(store) else { return };
    let _ = match value.and_then(|v| serde_json::to_string(v).ok()) {
        Some(json) => s.set_item(key, &json),
        None => s.remove_item(key),
    };
}
