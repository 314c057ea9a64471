//! Who is signed in, and what waits for it. Guests browse and fill a cart; actions the backend
//! reserves for members (`sign_in_required` in the config) ask for sign-in where the shopper
//! is, and run once the shopper has signed in. The session lives in session storage: it ends
//! with the tab, and the token is never written where another site could read it.

use crate::api::Backend;
use crate::config::Gated;
use crate::model::{Account, Session};
use crate::storage::{self, Store};
use leptos::prelude::*;
use std::rc::Rc;

const SESSION_KEY: &str = "haowu.session.v1";

type Continuation = Rc<dyn Fn()>;

#[derive(Clone, Copy)]
pub struct SessionStore {
    session: RwSignal<Option<Session>>,
    /// Whether the sign-in sheet is open, and for which action (`Some(None)`: the shopper
    /// asked to sign in).
    prompt: RwSignal<Option<Option<Gated>>>,
    /// What to do once signed in, in the order it was asked for.
    then: StoredValue<Vec<Continuation>, LocalStorage>,
    sign_in_for: StoredValue<Vec<Gated>>,
    backend: StoredValue<Backend, LocalStorage>,
    /// Where the session is kept (per API origin: see `Backend::session_scope`).
    key: StoredValue<String>,
}

impl SessionStore {
    pub fn account(&self) -> Option<Account> {
        self.session.with(|s| s.as_ref().map(|s| s.user.clone()))
    }

    pub fn is_signed_in(&self) -> bool {
        self.session.with(Option::is_some)
    }

    pub fn is_signed_in_untracked(&self) -> bool {
        self.session.with_untracked(Option::is_some)
    }

    pub fn prompt(&self) -> Option<Option<Gated>> {
        self.prompt.get()
    }

    /// Opens the sign-in sheet; `then` runs after a successful sign-in.
    pub fn sign_in(&self, then: impl Fn() + 'static) {
        self.then.update_value(|t| t.push(Rc::new(then)));
        self.prompt.set(Some(None));
    }

    /// Runs `action` now when the shopper may do `gate`; otherwise opens the sign-in sheet
    /// and runs it after a successful sign-in (dropped if the shopper closes the sheet).
    pub fn require(&self, gate: Gated, action: impl Fn() + 'static) {
        let needed = self.sign_in_for.with_value(|g| g.contains(&gate));
        if !needed || self.is_signed_in_untracked() {
            action();
        } else {
            self.ask(gate, Rc::new(action));
        }
    }

    /// The token requests are sent with now (compare it with the one a refused request
    /// carried: a late refusal must not end a newer session).
    pub fn token(&self) -> Option<String> {
        self.session
            .with_untracked(|s| s.as_ref().map(|s| s.token.clone()))
    }

    /// The backend refused a request sent with `token` for want of a (valid) session: forget
    /// that session and ask again, then `retry`.
    pub fn expired(&self, token: Option<String>, gate: Gated, retry: impl Fn() + 'static) {
        self.lapsed(token);
        self.ask(gate, Rc::new(retry));
    }

    /// The session behind `token` is no longer valid (ended elsewhere, expired): forget it
    /// without asking to sign in again, unless a newer session replaced it meanwhile.
    pub fn lapsed(&self, token: Option<String>) {
        if token.is_some() && token == self.token() {
            self.forget();
        }
    }

    fn ask(&self, gate: Gated, action: Continuation) {
        self.then.update_value(|t| t.push(action));
        self.prompt.set(Some(Some(gate)));
    }

    /// Closes the sheet without signing in; what waited for it is not done.
    pub fn cancel(&self) {
        self.then.set_value(Vec::new());
        self.prompt.set(None);
    }

    /// Signed in: keep the session, present the token, then do what was waiting.
    pub fn signed_in(&self, session: Session) {
        storage::write(Store::Session, &self.key.get_value(), Some(&session));
        self.backend
            .with_value(|b| b.set_token(Some(session.token.clone())));
        self.session.set(Some(session));
        self.prompt.set(None);
        let waiting = self
            .then
            .try_update_value(std::mem::take)
            .unwrap_or_default();
        for action in waiting {
            action();
        }
    }

    /// Ends the session here and on the backend (best effort: the token is forgotten either way).
    pub fn sign_out(&self) {
        if let Some(token) = self.token() {
            let backend = self.backend.get_value();
            leptos::task::spawn_local(async move {
                let _ = backend.logout(&token).await;
            });
        }
        self.forget();
    }

    /// The signed-in account's id, for noticing a change of account.
    pub fn account_id(&self) -> Option<String> {
        self.session.with(|s| s.as_ref().map(|s| s.user.id.clone()))
    }

    fn forget(&self) {
        storage::write::<Session>(Store::Session, &self.key.get_value(), None);
        self.backend.with_value(|b| b.set_token(None));
        self.session.set(None);
    }
}

pub fn provide_session(sign_in_for: Vec<Gated>) {
    let backend = expect_context::<StoredValue<Backend, LocalStorage>>();
    // A token belongs to the API that issued it: pointed at another API (another origin), the
    // app starts signed out there and never sends it the first one's token.
    let key = match backend.with_value(Backend::session_scope).as_str() {
        "demo" => SESSION_KEY.to_owned(),
        origin => format!("{SESSION_KEY}@{origin}"),
    };
    let restored = storage::read::<Session>(Store::Session, &key);
    if let Some(s) = &restored {
        backend.with_value(|b| b.set_token(Some(s.token.clone())));
    }
    provide_context(SessionStore {
        session: RwSignal::new(restored),
        prompt: RwSignal::new(None),
        then: StoredValue::new_local(Vec::new()),
        sign_in_for: StoredValue::new(sign_in_for),
        backend,
        key: StoredValue::new(key),
    });
}

pub fn use_session() -> SessionStore {
    expect_context::<SessionStore>()
}
