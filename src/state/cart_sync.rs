//! A signed-in shopper's cart also lives on the account (`GET/PUT /cart`), so it follows them
//! to other devices. After sign-in the account's cart and this browser's become one (see
//! `Cart::merge`); every later change is pushed. A push that fails (offline, server error)
//! stays owed, survives a reload, and is sent when the network returns.

use super::cart::CartStore;
use super::network::on_reconnect;
use super::session::SessionStore;
use crate::api::{Backend, ErrorKind};
use crate::storage::{self, Store};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

const SYNC_KEY: &str = "haowu.cart_sync.v1";

/// What this browser still owes the account.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Owed {
    /// The account's cart has not been folded in since sign-in.
    merge: bool,
    /// Local changes not pushed yet.
    push: bool,
}

#[derive(Clone, Copy)]
pub struct CartSync {
    owed: RwSignal<Owed>,
    /// Bumped on every local change, so a push that raced a change is followed by another.
    version: RwSignal<u64>,
    busy: RwSignal<bool>,
    backoff_ms: RwSignal<u32>,
    cart: CartStore,
    session: SessionStore,
    backend: StoredValue<Backend, LocalStorage>,
}

impl CartSync {
    /// Whether a change is waiting to reach the account.
    pub fn is_owed(&self) -> bool {
        self.session.is_signed_in() && self.owed.with(|o| o.merge || o.push)
    }

    /// Signs out once the cart is safely on the account: then this browser's copy is cleared
    /// (it belongs to that account, not to the next shopper who signs in here). If it could
    /// not be pushed (offline), it stays here rather than be lost.
    pub fn sign_out(&self) {
        let this = *self;
        leptos::task::spawn_local(async move {
            this.flush();
            for _ in 0..100 {
                if !this.busy.get_untracked() {
                    break;
                }
                gloo_timers::future::TimeoutFuture::new(50).await;
            }
            let pushed = !this.owed.with_untracked(|o| o.merge || o.push);
            this.set_owed(Owed::default());
            this.session.sign_out();
            if pushed {
                this.cart.clear();
            }
        });
    }

    fn set_owed(&self, owed: Owed) {
        // Written at once: a reload right after a change must still know it is owed.
        storage::write(Store::Local, SYNC_KEY, Some(&owed));
        self.owed.set(owed);
    }

    fn flush(&self) {
        if self.busy.get_untracked()
            || !self.session.is_signed_in_untracked()
            || !self.owed.with_untracked(|o| o.merge || o.push)
        {
            return;
        }
        self.busy.set(true);
        let this = *self;
        let token = self.session.token();
        leptos::task::spawn_local(async move {
            let backend = this.backend.get_value();
            loop {
                if this.owed.get_untracked().merge {
                    match backend.cart().await {
                        Ok(account) => {
                            this.cart.merge(account);
                            this.set_owed(Owed {
                                merge: false,
                                push: true,
                            });
                        }
                        Err(e) => return this.failed(e.kind, token),
                    }
                }
                let version = this.version.get_untracked();
                let cart = this.cart.cart().get_untracked();
                if let Err(e) = backend.put_cart(&cart).await {
                    return this.failed(e.kind, token);
                }
                if this.version.get_untracked() == version {
                    this.set_owed(Owed::default());
                    break;
                }
            }
            this.backoff_ms.set(0);
            this.busy.set(false);
        });
    }

    fn failed(&self, kind: ErrorKind, token: Option<String>) {
        self.busy.set(false);
        if kind == ErrorKind::Unauthorized {
            // The session ended elsewhere: this tab is signed out, the cart stays here and
            // merges into the account at the next sign-in.
            self.session.lapsed(token);
            return;
        }
        // Offline: `on_reconnect` sends it. Otherwise try again later, backing off.
        if window().navigator().on_line() {
            let wait = self.backoff_ms.get_untracked().clamp(2_000, 60_000);
            self.backoff_ms.set((wait * 2).min(60_000));
            let this = *self;
            leptos::task::spawn_local(async move {
                gloo_timers::future::TimeoutFuture::new(wait).await;
                this.flush();
            });
        }
    }
}

pub fn provide_cart_sync(cart: CartStore, session: SessionStore) {
    let owed = storage::read::<Owed>(Store::Local, SYNC_KEY).unwrap_or_default();
    let sync = CartSync {
        owed: RwSignal::new(owed),
        version: RwSignal::new(0),
        busy: RwSignal::new(false),
        backoff_ms: RwSignal::new(0),
        cart,
        session,
        backend: expect_context::<StoredValue<Backend, LocalStorage>>(),
    };
    provide_context(sync);

    // Signing in (to a new account) folds the account's cart in. A session restored by a reload does not: this
    // tab's cart has been the account's since that sign-in, and the account's copy may be
    // behind it (lines just ordered would come back).
    Effect::new(move |was: Option<Option<String>>| {
        let account = session.account_id();
        if account.is_some() && was.is_some_and(|was| was != account) {
            sync.set_owed(Owed {
                merge: true,
                push: true,
            });
        }
        sync.flush();
        account
    });
    // Every later change (this tab or another) is pushed.
    Effect::new(move |first: Option<()>| {
        cart.cart().track();
        if first.is_some() && session.is_signed_in_untracked() {
            sync.version.update(|v| *v += 1);
            sync.set_owed(Owed {
                push: true,
                ..sync.owed.get_untracked()
            });
            sync.flush();
        }
    });
    on_reconnect(move || sync.flush());
}

pub fn use_cart_sync() -> CartSync {
    expect_context::<CartSync>()
}
