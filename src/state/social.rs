//! Likes and follows: shown at once (optimistic), kept in local storage so they survive a
//! reload, and sent to the backend in the order they were made. A send that fails stays
//! pending and is retried with backoff, and when the browser comes back online.

use super::session::SessionStore;
use crate::api::{Backend, ErrorKind};
use crate::browser::persisted;
use crate::config::Gated;
use crate::storage::Store;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SocialKind {
    Like,
    Follow,
}

/// One change not yet confirmed by the backend.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingSocial {
    pub kind: SocialKind,
    pub id: String,
    pub on: bool,
}

#[derive(Clone, Copy)]
pub struct Social {
    likes: RwSignal<Vec<String>>,
    follows: RwSignal<Vec<String>>,
    pending: RwSignal<Vec<PendingSocial>>,
    flushing: RwSignal<bool>,
    backoff_ms: RwSignal<u32>,
    backend: StoredValue<Backend, LocalStorage>,
    session: SessionStore,
}

fn set_member(list: &mut Vec<String>, id: &str, on: bool) {
    list.retain(|x| x != id);
    if on {
        list.push(id.to_owned());
    }
}

impl Social {
    pub fn is_liked(&self, video_id: &str) -> bool {
        self.likes.with(|l| l.iter().any(|x| x == video_id))
    }

    pub fn is_following(&self, handle: &str) -> bool {
        self.follows.with(|l| l.iter().any(|x| x == handle))
    }

    pub fn following(&self) -> Vec<String> {
        self.follows.get()
    }

    pub fn pending_count(&self) -> usize {
        self.pending.with(Vec::len)
    }

    /// Resolves once the follows made so far have reached the backend (or failed and wait for
    /// a retry), so a "Following" feed asked for right after a follow includes it.
    pub async fn follows_sent(&self) {
        for _ in 0..200 {
            let waiting = self.flushing.get_untracked()
                && self
                    .pending
                    .with_untracked(|p| p.iter().any(|a| a.kind == SocialKind::Follow));
            if !waiting {
                return;
            }
            gloo_timers::future::TimeoutFuture::new(50).await;
        }
    }

    /// Likes or unlikes at once (after sign-in, if the backend requires it for likes).
    pub fn set_like(&self, video_id: &str, on: bool) {
        let (this, id) = (*self, video_id.to_owned());
        self.session.require(Gated::Like, move || {
            this.likes.update(|l| set_member(l, &id, on));
            this.enqueue(SocialKind::Like, &id, on);
        });
    }

    /// Follows or unfollows at once (after sign-in, if the backend requires it for follows).
    pub fn set_follow(&self, handle: &str, on: bool) {
        let (this, handle) = (*self, handle.to_owned());
        self.session.require(Gated::Follow, move || {
            this.follows.update(|l| set_member(l, &handle, on));
            this.enqueue(SocialKind::Follow, &handle, on);
        });
    }

    fn enqueue(&self, kind: SocialKind, id: &str, on: bool) {
        // Only the latest wish per item matters: like-unlike-like sends one "like".
        self.pending.update(|p| {
            p.retain(|a| !(a.kind == kind && a.id == id));
            p.push(PendingSocial {
                kind,
                id: id.to_owned(),
                on,
            });
        });
        self.flush();
    }

    /// Sends pending changes in order; stops at the first failure and retries later.
    pub fn flush(&self) {
        if self.flushing.get_untracked() || self.pending.with_untracked(Vec::is_empty) {
            return;
        }
        self.flushing.set(true);
        let this = *self;
        leptos::task::spawn_local(async move {
            let backend = this.backend.get_value();
            while let Some(action) = this.pending.with_untracked(|p| p.first().cloned()) {
                let token = this.session.token();
                let result = match action.kind {
                    SocialKind::Like => backend.set_like(&action.id, action.on).await,
                    SocialKind::Follow => backend.set_follow(&action.id, action.on).await,
                };
                if let Err(e) = result {
                    this.flushing.set(false);
                    if e.kind == ErrorKind::Unauthorized {
                        // The session ended: ask again, and send the queue once signed in.
                        let gate = match action.kind {
                            SocialKind::Like => Gated::Like,
                            SocialKind::Follow => Gated::Follow,
                        };
                        this.session.expired(token, gate, move || this.flush());
                    } else {
                        this.retry_later();
                    }
                    return;
                }
                this.backoff_ms.set(0);
                // Remove it unless a newer wish for the same item replaced it meanwhile.
                this.pending.update(|p| {
                    if p.first() == Some(&action) {
                        p.remove(0);
                    }
                });
            }
            this.flushing.set(false);
        });
    }

    fn retry_later(&self) {
        let wait = self.backoff_ms.get_untracked().clamp(1_000, 30_000);
        self.backoff_ms.set((wait * 2).min(30_000));
        let this = *self;
        leptos::task::spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(wait).await;
            this.flush();
        });
    }
}

pub fn provide_social(session: SessionStore) {
    let likes = persisted::<Vec<String>>(Store::Local, "haowu.likes.v1");
    let follows = persisted::<Vec<String>>(Store::Local, "haowu.follows.v1");
    let pending = persisted::<Vec<PendingSocial>>(Store::Local, "haowu.pending_social.v1");
    let social = Social {
        likes,
        follows,
        pending,
        flushing: RwSignal::new(false),
        backoff_ms: RwSignal::new(0),
        backend: expect_context::<StoredValue<Backend, LocalStorage>>(),
        session,
    };
    provide_context(social);
    // What was pending when the page closed is sent now; and again when the network returns.
    social.flush();
    super::network::on_reconnect(move || social.flush());
}

pub fn use_social() -> Social {
    expect_context::<Social>()
}
