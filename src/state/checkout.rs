//! What a checkout in progress must not lose: the form, and the order being placed.
//! Kept in session storage, so a reload at any step (even during the request) resumes it.
//! The order is sent from here, not from the page: one that could not go out (offline,
//! timeout, server error) goes out when the network returns, wherever the shopper is, and
//! always with the idempotency key it was given at the first press.

use super::cart::CartStore;
use super::network::on_reconnect;
use super::session::SessionStore;
use crate::api::{ApiError, Backend, ErrorKind};
use crate::browser::persisted;
use crate::config::Gated;
use crate::model::{Address, Delivery, Order, OrderRequest};
use crate::storage::{self, Store};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The checkout form as the shopper left it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CheckoutDraft {
    pub address: Address,
    pub delivery: Delivery,
    /// Coupon groups where the shopper picked (a coupon or none); the others get the best.
    #[serde(default)]
    pub coupon_picks: Vec<CouponPick>,
}

/// The shopper's pick in one coupon group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouponPick {
    /// The shop, or `None` for platform-wide coupons.
    pub group: Option<String>,
    /// The coupon, or `None` for "don't use a coupon".
    pub coupon: Option<String>,
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
    pub draft: RwSignal<CheckoutDraft>,
    /// Written to session storage synchronously (not through a storage signal): the order
    /// must be on disk before the request goes out, and gone the moment it succeeds.
    pending: RwSignal<Option<PendingOrder>>,
    /// Addresses used before, newest first.
    pub saved: RwSignal<Vec<Address>>,
    sending: RwSignal<bool>,
    /// The answer to the last attempt.
    last: RwSignal<Option<Result<Order, ApiError>>>,
    cart: CartStore,
    session: SessionStore,
    backend: StoredValue<Backend, LocalStorage>,
}

impl CheckoutStore {
    pub fn pending(&self) -> Option<PendingOrder> {
        self.pending.get_untracked()
    }

    pub fn has_pending(&self) -> bool {
        self.pending.with(Option::is_some)
    }

    pub fn set_pending(&self, pending: Option<PendingOrder>) {
        storage::write(Store::Session, PENDING_KEY, pending.as_ref());
        self.pending.set(pending);
    }

    pub fn is_sending(&self) -> bool {
        self.sending.get()
    }

    pub fn is_sending_untracked(&self) -> bool {
        self.sending.get_untracked()
    }

    /// The answer to the last attempt: the order placed, or why not.
    pub fn last(&self) -> Option<Result<Order, ApiError>> {
        self.last.get()
    }

    pub fn last_untracked(&self) -> Option<Result<Order, ApiError>> {
        self.last.get_untracked()
    }

    /// Forgets the last answer (a new checkout starts clean).
    pub fn clear_last(&self) {
        self.last.set(None);
    }

    /// Places `order`, after sign-in if the backend requires it for orders. From then on it
    /// is kept (so nothing can lose it) until the backend answers for good.
    pub fn place(&self, order: PendingOrder) {
        let this = *self;
        self.session.require(Gated::Order, move || {
            if this.pending().is_none() {
                this.set_pending(Some(order.clone()));
            }
            this.send();
        });
    }

    /// Sends the pending order, if any and not already on its way.
    pub fn send(&self) {
        let Some(pending) = self.pending() else {
            return;
        };
        if self.sending.get_untracked() {
            return;
        }
        self.sending.set(true);
        let this = *self;
        let token = self.session.token();
        leptos::task::spawn_local(async move {
            let backend = this.backend.get_value();
            let result = backend.place_order(&pending.key, &pending.request).await;
            this.sending.set(false);
            match &result {
                Ok(order) => this.completed(order, &pending),
                // A refusal (or a product gone) is final for that request: never sent again.
                Err(e) if e.is_final() => this.set_pending(None),
                Err(e) if e.kind == ErrorKind::Unauthorized => {
                    this.session
                        .expired(token, Gated::Order, move || this.send())
                }
                // Offline, timeout, server error: kept, and sent again on retry/reconnect.
                Err(_) => {}
            }
            this.last.set(Some(result));
        });
    }

    fn completed(&self, order: &Order, pending: &PendingOrder) {
        if pending.buy_now {
            self.cart.clear_buy_now();
        } else {
            let ids: Vec<String> = order.lines.iter().map(|l| l.variant_id.clone()).collect();
            self.cart.remove_ordered(&ids);
        }
        self.remember_address(&pending.request.address);
        // The next checkout starts from the best coupons again.
        self.draft.update(|d| d.coupon_picks.clear());
        self.set_pending(None);
    }

    pub fn remember_address(&self, address: &Address) {
        self.saved.update(|list| {
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

pub fn provide_checkout(cart: CartStore, session: SessionStore) {
    let draft = persisted(Store::Session, "haowu.checkout.v1");
    let pending = RwSignal::new(storage::read::<PendingOrder>(Store::Session, PENDING_KEY));
    let saved = persisted(Store::Local, "haowu.addresses.v1");
    let store = CheckoutStore {
        draft,
        pending,
        saved,
        sending: RwSignal::new(false),
        last: RwSignal::new(None),
        cart,
        session,
        backend: expect_context::<StoredValue<Backend, LocalStorage>>(),
    };
    provide_context(store);
    // An order the page closed on (a reload during the request) is sent again now, with
    // its key: the backend answers with the order it already made, or makes it once.
    store.send();
    on_reconnect(move || store.send());
}

pub fn use_checkout() -> CheckoutStore {
    expect_context::<CheckoutStore>()
}
