//! What the host sells right now: the pinned product's card, the link-drop countdown
//! ("5, 4, 3, 2, 1 — link is up!") that gates its Buy button, and the flash sale with its
//! countdown, sale price, live stock bar and per-shopper limit.

use super::stage::Stage;
use super::words;
use crate::components::product_sheet::SheetState;
use crate::components::{LiveOffer, Price};
use crate::i18n::live::{clock, left, sale_note};
use crate::model::{FlashSale, SalePhase};
use crate::state::use_ui;
use leptos::prelude::*;

/// Milliseconds until the room's link for `product_id` opens; 0 when it can be bought.
pub fn link_wait(stage: &Stage, product_id: &str) -> i64 {
    let opens = stage.room.with(|r| {
        r.link_drop
            .as_ref()
            .filter(|d| d.product_id == product_id)
            .map(|d| d.opens_at)
    });
    opens.map_or(0, |at| stage.until(at).max(0))
}

/// Opens the product sheet on the room's terms (its flash-sale price while the sale runs).
pub fn buy(stage: &Stage, sheet: &SheetState, product_id: &str) {
    let offer = stage.room.with_untracked(|r| {
        let sale = r.sale_of(product_id).filter(|s| s.is_on());
        LiveOffer {
            room: r.id.clone(),
            sale_price: sale.map(|s| s.price),
            limit: sale.map_or(0, |s| s.limit),
        }
    });
    sheet.open_live(product_id, offer);
}

/// The big countdown over the stream while a link drop runs, then "Link is up!".
#[component]
pub fn LinkCountdown() -> impl IntoView {
    let stage = expect_context::<Stage>();
    let t = words();
    let wait = move || {
        stage
            .room
            .with(|r| r.link_drop.as_ref().map(|d| d.opens_at))
            .map(|at| stage.until(at))
    };
    move || {
        wait().and_then(|ms| {
            if ms > 0 {
                Some(view! {
                    <div class="link-countdown" role="timer" aria-live="off" data-testid="link-countdown">
                        <span class="link-countdown-n">{(ms + 999) / 1000}</span>
                        <span>{t.link_soon}</span>
                    </div>
                }.into_any())
            } else if ms > -2_000 {
                Some(view! { <div class="link-countdown is-up" role="status" data-testid="link-up">{t.link_up}</div> }.into_any())
            } else {
                None
            }
        })
    }
}

/// The pinned product: image, title, price (the sale price in a sale), units left, Buy.
#[component]
pub fn PinnedCard() -> impl IntoView {
    let ui = use_ui();
    let stage = expect_context::<Stage>();
    let sheet = expect_context::<SheetState>();
    let t = words();
    let pinned = Memo::new(move |_| {
        stage.room.with(|r| {
            let id = r.pinned.as_ref()?;
            let (n, p) = r.bag_item(id)?;
            Some((n, p.clone()))
        })
    });
    move || {
        pinned.get().map(|(n, p)| {
            let id = StoredValue::new(p.id.clone());
            let wait = move || id.with_value(|id| link_wait(&stage, id));
            let sale = move || id.with_value(|id| stage.room.with(|r| r.sale_of(id).cloned()));
            let left_now = move || {
                id.with_value(|id| {
                    stage.room.with(|r| match r.sale_of(id) {
                        Some(s) if s.phase == SalePhase::Started => Some(s.remaining),
                        _ => r.stock.get(id).copied(),
                    })
                })
            };
            let sold_out = move || sale().is_some_and(|s| s.phase == SalePhase::Started && s.remaining == 0);
            view! {
                <div class="pinned-card" data-testid="live-pinned" data-product=p.id.clone()>
                    <img src=p.image.clone() alt="" width="64" height="64" />
                    <div class="pinned-body">
                        <span class="pinned-label"><b>{format!("#{n}")}</b>" "{t.explaining}</span>
                        <span class="pinned-title">{p.title.get(ui.locale).to_owned()}</span>
                        <span class="pinned-price">
                            {move || match sale().filter(FlashSale::is_on) {
                                Some(s) => view! { <Price money=s.price original=Some(p.price) /> }.into_any(),
                                None => view! { <Price money=p.price /> }.into_any(),
                            }}
                        </span>
                        <span class="pinned-left" data-testid="pinned-left">{move || left_now().map(|n| left(ui.locale, n))}</span>
                    </div>
                    <button class="btn pinned-buy" data-testid="pinned-buy"
                        disabled={move || wait() > 0 || sold_out()}
                        on:click=move |_| id.with_value(|id| buy(&stage, &sheet, id))>
                        {move || if wait() > 0 {
                            format!("{}s", (wait() + 999) / 1000)
                        } else if sold_out() {
                            t.sold_out.to_owned()
                        } else {
                            t.buy.to_owned()
                        }}
                    </button>
                </div>
            }
        })
    }
}

/// The flash sale: counting down to its start, then price, stock bar, time left and limit.
#[component]
pub fn FlashSalePanel() -> impl IntoView {
    let ui = use_ui();
    let stage = expect_context::<Stage>();
    let sheet = expect_context::<SheetState>();
    let t = words();
    // The panel is built once per sale and phase; the stock, which changes many times a
    // second in a busy sale, only updates its texts and bar.
    let sale = Memo::new(move |_| {
        stage.room.with(|r| {
            r.flash_sale
                .clone()
                .filter(|s| s.phase != SalePhase::Ended)
                .map(|s| FlashSale { remaining: 0, ..s })
        })
    });
    let remaining = move || {
        stage
            .room
            .with(|r| r.flash_sale.as_ref().map_or(0, |s| s.remaining))
    };
    move || {
        sale.get().map(|s| {
            let phase = s.phase;
            let product = StoredValue::new(s.product_id.clone());
            let total = s.total;
            let share = move || if total == 0 { 0.0 } else { f64::from(remaining()) / f64::from(total) };
            let sold_out = move || remaining() == 0;
            let (number, title) = stage
                .room
                .with_untracked(|r| {
                    r.bag_item(&s.product_id)
                        .map(|(n, p)| (format!("#{n}"), p.title.get(ui.locale).to_owned()))
                })
                .unwrap_or_default();
            let timer = move || match phase {
                SalePhase::Scheduled => {
                    let ms = stage.until(s.starts_at);
                    if ms > 0 { format!("{} {}", t.starts_in, clock(ms)) } else { t.starting.to_owned() }
                }
                _ => format!("{} {}", t.ends_in, clock(stage.until(s.ends_at))),
            };
            view! {
                <section class="flash-sale" data-testid="flash-sale"
                    data-phase=format!("{phase:?}").to_lowercase() data-remaining=move || remaining().to_string()
                    aria-label=t.flash_sale>
                    <header>
                        <b>{t.flash_sale}</b>
                        <span class="flash-timer" data-testid="flash-timer">{timer}</span>
                    </header>
                    <p class="flash-price">{number}" "<Price money=s.price /></p>
                    {match phase {
                        SalePhase::Started => view! {
                            <div class="stock-bar" role="meter" aria-valuemin="0" aria-valuemax=s.total.to_string()
                                aria-valuenow=move || remaining().to_string() aria-label=t.flash_sale>
                                // Set through CSSOM (a closure): a literal would be an inline style
                                // attribute, which the content security policy refuses.
                                <span style:transform=move || format!("scaleX({:.4})", share())></span>
                            </div>
                            <p class="flash-left" data-testid="flash-left">
                                {move || if sold_out() { t.sold_out.to_owned() } else { sale_note(ui.locale, remaining(), s.limit) }}
                            </p>
                            <button class="btn flash-buy" data-testid="flash-buy" disabled=sold_out
                                on:click=move |_| product.with_value(|id| buy(&stage, &sheet, id))>
                                {move || if sold_out() { t.sold_out } else { t.buy }}
                            </button>
                        }.into_any(),
                        _ => view! { <p class="flash-title">{title}</p> }.into_any(),
                    }}
                </section>
            }
        })
    }
}
