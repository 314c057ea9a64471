//! The bag (小黄车): every product of the room, numbered as the host says them, the pinned one
//! "Explaining", with the room's coupons on top; and the coupon the host just dropped.

use super::offer::{buy, link_wait};
use super::stage::Stage;
use super::words;
use crate::components::icons::{self, Icon};
use crate::components::product_sheet::SheetState;
use crate::components::sheet::Sheet;
use crate::components::Price;
use crate::config::Gated;
use crate::i18n::live::after_watching;
use crate::i18n::min_spend;
use crate::model::{Coupon, CouponRequirement};
use crate::state::session::use_session;
use crate::state::social::use_social;
use crate::state::{use_backend, use_ui};
use leptos::prelude::*;

/// Ids of the coupons in the shopper's wallet, and what a claim said last (coupon, message).
#[derive(Clone, Copy)]
struct Wallet {
    ids: RwSignal<Vec<String>>,
    note: RwSignal<Option<(String, String)>>,
}

fn use_wallet() -> Wallet {
    expect_context()
}

/// Loads the shopper's wallet for the room (which coupons they hold already).
pub fn provide_wallet() {
    let wallet = Wallet {
        ids: RwSignal::new(Vec::new()),
        note: RwSignal::new(None),
    };
    let backend = use_backend();
    leptos::task::spawn_local(async move {
        if let Ok(coupons) = backend.coupons().await {
            let _ = wallet
                .ids
                .try_set(coupons.into_iter().map(|c| c.id).collect());
        }
    });
    provide_context(wallet);
}

#[component]
pub fn BagButton() -> impl IntoView {
    let ui = use_ui();
    let stage = expect_context::<Stage>();
    let open = RwSignal::new(false);
    let t = words();
    let n = move || stage.room.with(|r| r.bag.len());
    view! {
        <button class="bag-btn" data-testid="bag-button" on:click=move |_| open.set(true)
            aria-label=move || format!("{} {} {}", ui.t().bag, n(), t.products)>
            <Icon path=icons::BAG size=20 />
            <b data-testid="bag-count">{n}</b>
        </button>
        <Show when=move || open.get()>
            <Sheet on_close=move |()| open.set(false) label=ui.t().bag testid="bag-sheet"
                close_testid="bag-close" backdrop_testid="bag-backdrop" class="bag-sheet">
                <BagList on_buy=move || open.set(false) />
            </Sheet>
        </Show>
    }
}

#[component]
fn BagList(#[prop(into)] on_buy: Callback<()>) -> impl IntoView {
    let ui = use_ui();
    let stage = expect_context::<Stage>();
    let sheet = expect_context::<SheetState>();
    let t = words();
    let coupons = move || stage.room.with(|r| r.coupons.clone());
    let items = move || {
        stage
            .room
            .with(|r| r.bag.iter().cloned().enumerate().collect::<Vec<_>>())
    };
    view! {
        <h2 class="bag-title">{ui.t().bag}</h2>
        <Show when=move || stage.room.with(|r| !r.coupons.is_empty())>
            <section class="bag-coupons" aria-label=t.live_coupons>
                <For each=coupons key=|c| c.id.clone() let:coupon>
                    <CouponTicket coupon />
                </For>
            </section>
        </Show>
        <ol class="bag-list" data-testid="bag-list">
            <For each=items key=|(_, p)| p.id.clone() let:item>
                {
                    let (i, p) = item;
                    let id = StoredValue::new(p.id.clone());
                    let explaining = move || id.with_value(|id| stage.room.with(|r| r.pinned.as_deref() == Some(id.as_str())));
                    let sale = move || id.with_value(|id| stage.room.with(|r| r.sale_of(id).filter(|s| s.is_on()).map(|s| s.price)));
                    let wait = move || id.with_value(|id| link_wait(&stage, id));
                    view! {
                        <li class="bag-item" data-testid="bag-item" class:is-pinned=explaining>
                            <span class="bag-n">{format!("#{}", i + 1)}</span>
                            <img src=p.image.clone() alt="" width="72" height="72" loading="lazy" />
                            <div class="bag-body">
                                <span class="bag-item-title">{p.title.get(ui.locale).to_owned()}</span>
                                {move || explaining().then(|| view! { <span class="explaining" data-testid="explaining">{t.explaining}</span> })}
                                <span class="bag-price">
                                    {move || match sale() {
                                        Some(s) => view! { <Price money=s original=Some(p.price) /> }.into_any(),
                                        None => view! { <Price money=p.price /> }.into_any(),
                                    }}
                                </span>
                            </div>
                            <button class="btn bag-buy" data-testid="bag-buy" disabled={move || wait() > 0 || !p.in_stock}
                                on:click=move |_| {
                                    on_buy.run(());
                                    id.with_value(|id| buy(&stage, &sheet, id));
                                }>
                                {move || if wait() > 0 { format!("{}s", (wait() + 999) / 1000) } else { t.buy.to_owned() }}
                            </button>
                        </li>
                    }
                }
            </For>
        </ol>
    }
}

/// A coupon of the room: amount, condition, and Claim (after following or watching when it
/// says so); an everyday coupon is in every wallet already.
#[component]
fn CouponTicket(coupon: Coupon) -> impl IntoView {
    let ui = use_ui();
    let stage = expect_context::<Stage>();
    let wallet = use_wallet();
    let session = use_session();
    let backend = use_backend();
    let social = use_social();
    let t = words();
    let id = StoredValue::new(coupon.id.clone());
    let claimable = coupon.claim.is_some() && ui.offers.claims;
    let requires = coupon.claim.and_then(|c| c.requires);
    let held = move || !claimable || id.with_value(|id| wallet.ids.with(|w| w.contains(id)));
    let busy = RwSignal::new(false);
    let host = stage.room.with_untracked(|r| r.host.handle.clone());
    let host = StoredValue::new(host);
    let claim = move || {
        let backend = backend.clone();
        session.require(Gated::Order, move || {
            let backend = backend.clone();
            busy.set(true);
            let room = stage.room.with_untracked(|r| r.id.clone());
            let coupon_id = id.get_value();
            let watched = stage.watched_ms();
            leptos::task::spawn_local(async move {
                let mut answer = backend.claim_coupon(&room, &coupon_id, watched).await;
                // A follow just made may still be on its way to the backend.
                if answer
                    .as_ref()
                    .is_err_and(|e| e.code.as_deref() == Some("follow_required"))
                    && host.with_value(|h| social.is_following(h))
                {
                    gloo_timers::future::TimeoutFuture::new(800).await;
                    answer = backend.claim_coupon(&room, &coupon_id, watched).await;
                }
                let _ = busy.try_set(false);
                match answer {
                    Ok(c) => {
                        wallet.ids.update(|w| w.push(c.id));
                        wallet.note.set(None);
                    }
                    Err(e) => wallet.note.set(Some((coupon_id, e.message(ui.t())))),
                }
            });
        });
    };
    let claim = StoredValue::new_local(claim);
    let condition = match requires {
        Some(CouponRequirement::Follow) => Some(t.after_follow.to_owned()),
        Some(CouponRequirement::Watch { minutes }) => Some(after_watching(ui.locale, minutes)),
        None => None,
    };
    let note = move || {
        wallet.note.with(|n| {
            n.as_ref()
                .filter(|(c, _)| id.with_value(|id| c == id))
                .map(|(_, m)| m.clone())
        })
    };
    view! {
        <div class="coupon-ticket" data-testid="live-coupon" data-coupon=coupon.id.clone()>
            <b class="coupon-amount"><Price money=coupon.discount /></b>
            <div class="coupon-body">
                <span>{coupon.title.get(ui.locale).to_owned()}</span>
                <small>{min_spend(ui.locale, &ui.price(coupon.min_spend))}</small>
                {condition.map(|c| view! { <small class="coupon-condition">{c}</small> })}
                {move || note().map(|m| view! { <small class="coupon-note" role="alert" data-testid="coupon-note">{m}</small> })}
            </div>
            {claimable.then(|| view! {
                <button class="btn coupon-claim" data-testid="coupon-claim" disabled={move || held() || busy.get()}
                    on:click=move |_| claim.with_value(|c| c())>
                    {move || if held() { t.claimed } else { t.claim }}
                </button>
            })}
        </div>
    }
}

/// When the host drops a coupon that must be claimed: a ticket over the stream.
#[component]
pub fn CouponDrop() -> impl IntoView {
    let ui = use_ui();
    let stage = expect_context::<Stage>();
    let wallet = use_wallet();
    let dismissed = RwSignal::new(Vec::<String>::new());
    let shown = move || {
        stage.room.with(|r| {
            r.coupons
                .iter()
                .rev()
                .find(|c| {
                    c.claim.is_some()
                        && c.claim.and_then(|c| c.requires).is_none()
                        && !wallet.ids.with(|w| w.contains(&c.id))
                        && !dismissed.with(|d| d.contains(&c.id))
                })
                .cloned()
        })
    };
    move || {
        shown().map(|coupon| {
            let cid = coupon.id.clone();
            view! {
                <div class="coupon-drop" data-testid="coupon-drop">
                    <CouponTicket coupon />
                    <button class="coupon-drop-close" aria-label=ui.t().close
                        on:click=move |_| dismissed.update(|d| d.push(cid.clone()))>"×"</button>
                </div>
            }
        })
    }
}
