//! What a checkout in progress must not lose: the form, and the order being placed.
//! Kept in session storage, so a reload at any step (even during the request) resumes it.

use crate::model::{Address, Delivery, OrderRequest};
use codee::string::JsonSerdeCodec;
use leptos::prelude::*;
use leptos_use::storage::{use_local_storage, use_session_storage};
use serde::{Deserialize, Serialize};

/// The checkout form as the shopper left it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CheckoutDraft {
    pub address: Address,
    pub delivery: Delivery,
}

/// An order sent (or about to be) with its idempotency key: sending it again, after a timeout
/// or a reload, can only ever make this one order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PendingOrder {
    pub key: String,
    pub request: OrderRequest,
    /// Whether this checkout came from "Buy now" (the cart is left alone then).
    pub buy_now: bool,
}

const PENDING_KEY: &str = "haowu.pending_order.v1";

#[derive(Clone, Copy)]
pub struct CheckoutStore {
    pub draft: Signal<CheckoutDraft>,
    pub set_draft: WriteSignal<CheckoutDraft>,
    /// Written to session storage synchronously (not through a storage signal): the order
    /// must be on disk before the request goes out, and gone the moment it succeeds.
    pending: RwSignal<Option<PendingOrder>>,
    /// Addresses used before, newest first.
    pub saved: Signal<Vec<Address>>,
    pub set_saved: WriteSignal<Vec<Address>>,
}

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

impl CheckoutStore {
    pub fn pending(&self) -> Option<PendingOrder> {
        self.pending.get_untracked()
    }

    pub fn has_pending(&self) -> bool {
        self.pending.with(Option::is_some)
    }

    pub fn set_pending(&self, pending: Option<PendingOrder>) {
        if let Some(storage) = session() {
            let _ = match pending.as_ref().and_then(|p| serde_json::to_string(p).ok()) {
                Some(json) => storage.set_item(PENDING_KEY, &json),
                None => storage.remove_item(PENDING_KEY),
            };
        }
        self.pending.set(pending);
    }

    pub fn remember_address(&self, address: &Address) {
        self.set_saved.update(|list| {
            list.retain(|a| a != address);
            list.insert(0, address.clone());
            list.truncate(5);
        });
    }
}

pub fn new_idempotency_key() -> String {
    format!(
        "hw-{:x}-{:x}",
        js_sys::Date::now() as u64,
        (js_sys::Math::random() * 1e12) as u64
    )
}

pub fn provide_checkout() {
    let (draft, set_draft, _) =
        use_session_storage::<CheckoutDraft, JsonSerdeCodec>("haowu.checkout.v1");
    let pending = session()
        .and_then(|s| s.get_item(PENDING_KEY).ok().flatten())
        .and_then(|json| serde_json::from_str::<PendingOrder>(&json).ok());
    let pending = RwSignal::new(pending);
    let (saved, set_saved, _) =
        use_local_storage::<Vec<Address>, JsonSerdeCodec>("haowu.addresses.v1");
    provide_context(CheckoutStore {
        draft,
        set_draft,
        pending,
        saved,
        set_saved,
    });
}

pub fn use_checkout() -> CheckoutStore {
    expect_context::<CheckoutStore>()
}
