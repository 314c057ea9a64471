//! The shopper's cart, persisted in local storage. leptos-use's storage signal also listens to
//! `storage` events, so two open tabs show the same cart.

use crate::api::ErrorKind;
use crate::browser::persisted;
use crate::model::{Cart, CartLine, LineChange, Product};
use crate::storage::Store;
use leptos::prelude::*;

pub const STORAGE_KEY: &str = "haowu.cart.v1";

pub const BUY_NOW_KEY: &str = "haowu.buy_now.v1";

#[derive(Clone, Copy)]
pub struct CartStore {
    cart: RwSignal<Cart>,
    /// The one line "Buy now" checks out, apart from the cart; kept for the session so a
    /// reload during checkout keeps it.
    buy_now: RwSignal<Option<CartLine>>,
}

impl CartStore {
    pub fn cart(&self) -> Signal<Cart> {
        self.cart.into()
    }

    /// Units in the cart, for the tab-bar badge.
    pub fn count(&self) -> u32 {
        self.cart.with(Cart::count)
    }

    pub fn buy_now(&self) -> Signal<Option<CartLine>> {
        self.buy_now.into()
    }

    pub fn set_buy_now(&self, line: CartLine) {
        self.buy_now.set(Some(line));
    }

    pub fn clear_buy_now(&self) {
        self.buy_now.set(None);
    }

    pub fn add(&self, line: CartLine) {
        self.cart.update(|c| c.add(line));
    }

    pub fn set_qty(&self, variant_id: &str, qty: u32) {
        self.cart.update(|c| c.set_qty(variant_id, qty));
    }

    /// Removes a line; returns it and its place, for undo.
    pub fn remove(&self, variant_id: &str) -> Option<(usize, CartLine)> {
        let mut removed = None;
        self.cart.update(|c| removed = c.remove(variant_id));
        removed
    }

    pub fn restore(&self, index: usize, line: CartLine) {
        self.cart.update(|c| c.restore(index, line));
    }

    /// Applies current product data (prices, stock, products gone); returns what changed.
    pub fn reconcile(&self, current: &Current) -> Vec<LineChange> {
        // Written only when something changed: every write is pushed to the account.
        let mut cart = self.cart.get_untracked();
        let changes = cart.reconcile(&current.products, &current.gone);
        if self.cart.with_untracked(|c| *c != cart) {
            self.cart.set(cart);
        }
        changes
    }

    /// Applies current product data to the "Buy now" line; returns what changed.
    pub fn reconcile_buy_now(&self, current: &Current) -> Vec<LineChange> {
        let Some(line) = self.buy_now.get_untracked() else {
            return vec![];
        };
        let mut one = Cart { lines: vec![line] };
        let changes = one.reconcile(&current.products, &current.gone);
        self.buy_now.set(one.lines.pop());
        changes
    }

    pub fn set_selected(&self, variant_id: &str, selected: bool) {
        self.cart.update(|c| {
            if let Some(l) = c.lines.iter_mut().find(|l| l.variant_id == variant_id) {
                l.selected = selected;
            }
        });
    }

    /// Folds in the cart kept on the shopper's account.
    pub fn merge(&self, account: Cart) {
        self.cart.update(|c| c.merge(account));
    }

    /// Empties the cart (after signing out: it is kept on the account).
    pub fn clear(&self) {
        self.cart.set(Cart::default());
    }

    /// Drops the lines that were just ordered.
    pub fn remove_ordered(&self, variant_ids: &[String]) {
        self.cart
            .update(|c| c.lines.retain(|l| !variant_ids.contains(&l.variant_id)));
    }
}

/// What the backend says now about the products behind some lines.
#[derive(Clone, Debug, Default)]
pub struct Current {
    pub products: Vec<Product>,
    /// Ids of products the backend no longer has.
    pub gone: Vec<String>,
}

/// Loads the current data of the products behind `lines`. A product that fails to load for
/// another reason (offline, server error) is in neither list, and its lines are left alone.
pub async fn current_products(backend: &crate::api::Backend, lines: &[CartLine]) -> Current {
    let mut ids: Vec<&str> = lines.iter().map(|l| l.product_id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    let answers = futures::future::join_all(ids.iter().map(|id| backend.product(id))).await;
    let mut current = Current::default();
    for (id, answer) in ids.into_iter().zip(answers) {
        match answer {
            Ok(detail) => current.products.push(detail.product),
            Err(e) if e.kind == ErrorKind::NotFound => current.gone.push(id.to_owned()),
            Err(_) => {}
        }
    }
    current
}

pub fn provide_cart() {
    provide_context(CartStore {
        cart: persisted(Store::Local, STORAGE_KEY),
        buy_now: persisted(Store::Session, BUY_NOW_KEY),
    });
}

pub fn use_cart() -> CartStore {
    expect_context::<CartStore>()
}
