//! `/p/:id`: the gallery (images and the product's clip), title, the buy panel (the product
//! sheet's, with its actions held at the bottom of the screen), delivery, the shop, the
//! description, clips that show it, and its reviews.

use crate::components::paged::{keep_scroll, kept_scroll, Loaded, MoreOnScroll, PagedList};
use crate::components::stars::Stars;
use crate::components::{awaited, BackButton, BuyPanel};
use crate::i18n::browse;
use crate::model::{
    FeedItem, ProductClip, ProductDetail, Review, ReviewSummary, Shop, ShopStanding,
};
use crate::pages::feed::{clip_href, FeedSource};
use crate::state::memory::use_page_memory;
use crate::state::{use_backend, use_ui};
use futures::FutureExt;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use std::rc::Rc;

#[derive(Clone)]
struct Snapshot {
    detail: ProductDetail,
    photos_only: bool,
    reviews: Option<Loaded<Review>>,
}

#[component]
pub fn ProductPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    move || view! { <ProductLoader id=id() /> }
}

#[component]
fn ProductLoader(id: String) -> impl IntoView {
    let backend = use_backend();
    let key = format!("/p/{id}");
    let restored = use_page_memory().and_then(|m| m.take::<Snapshot>(&key));
    let scroll = kept_scroll(&key);
    let parent = RwSignal::new("/".to_owned());
    let body = match restored {
        Some(snapshot) => {
            if let Some(h) = &snapshot.detail.creator {
                parent.set(format!("/@{h}"));
            }
            view! { <ProductView snapshot key scroll /> }.into_any()
        }
        None => {
            let product = LocalResource::new(move || {
                let backend = backend.clone();
                let id = id.clone();
                async move { backend.product(&id).await }
            });
            awaited(product, move |detail: ProductDetail| {
                // Landed here from a shared link: back goes to the creator who sells it.
                if let Some(h) = &detail.creator {
                    parent.set(format!("/@{h}"));
                }
                let snapshot = Snapshot {
                    detail,
                    photos_only: false,
                    reviews: None,
                };
                view! { <ProductView snapshot key=key.clone() scroll=None /> }
            })
            .into_any()
        }
    };
    view! {
        <div class="page product-page" data-testid="product-page">
            <BackButton overlay=true parent=Signal::derive(move || parent.get()) />
            {body}
        </div>
    }
}

#[component]
fn ProductView(snapshot: Snapshot, key: String, scroll: Option<f64>) -> impl IntoView {
    let ui = use_ui();
    let backend = use_backend();
    let Snapshot {
        detail,
        photos_only,
        reviews,
    } = snapshot;
    let kept = detail.clone();
    let ProductDetail {
        product,
        shop,
        clip,
        ..
    } = detail;
    super::set_page_info(super::PageInfo {
        title: product.title.get(ui.locale).to_owned(),
        description: product.description.get(ui.locale).to_owned(),
        image: product.images.first().cloned().unwrap_or_default(),
    });
    let t = browse::strings(ui.locale);
    let pid = product.id.clone();
    let photos = RwSignal::new(photos_only);
    let review_fetch = {
        let (backend, pid) = (backend.clone(), pid.clone());
        move |photos: bool| -> crate::components::paged::FetchPage<Review> {
            let (backend, pid) = (backend.clone(), pid.clone());
            Rc::new(move |cursor| {
                let (backend, pid) = (backend.clone(), pid.clone());
                async move { backend.reviews(&pid, photos, cursor).await }.boxed_local()
            })
        }
    };
    let summary = product.reviews.clone();
    let review_list = (ui.offers.reviews && summary.count > 0)
        .then(|| PagedList::new(review_fetch(photos_only), reviews));
    let review_fetch = StoredValue::new_local(review_fetch);
    let videos = ui.offers.product_videos.then(|| {
        let (backend, pid) = (backend.clone(), pid.clone());
        LocalResource::new(move || {
            let (backend, pid) = (backend.clone(), pid.clone());
            async move { backend.product_videos(&pid, None).await }
        })
    });
    if let Some(memory) = use_page_memory() {
        let key = key.clone();
        on_cleanup(move || {
            memory.keep(
                key,
                Snapshot {
                    detail: kept,
                    photos_only: photos.try_get_untracked().unwrap_or(false),
                    reviews: review_list.and_then(|l| l.snapshot()),
                },
            );
        });
    }
    keep_scroll(key, scroll);
    let set_photos = move |on: bool| {
        if photos.get_untracked() != on {
            photos.set(on);
            if let Some(list) = review_list {
                list.restart(review_fetch.with_value(|f| f(on)));
            }
        }
    };
    let description = product.description.get(ui.locale).to_owned();
    let title = product.title.get(ui.locale).to_owned();
    let images = product.images.clone();
    let shop_name = shop.name.clone();
    view! {
        <Gallery images title=title.clone() clip />
        <h1 class="product-title" data-testid="product-title">{title}</h1>
        <BuyPanel product shop_name />
        <Delivery shop=shop.clone() />
        <ShopCard shop />
        <section class="product-section">
            <h2>{t.description}</h2>
            <p class="product-desc" data-testid="product-description">{description}</p>
        </section>
        {videos.map(|videos| view! {
            <Transition fallback=|| ()>
                {move || {
                    let pid = pid.clone();
                    Suspend::new(async move {
                        match videos.await {
                            Ok(page) if !page.items.is_empty() => view! { <ProductVideos items=page.items product=pid /> }.into_any(),
                            _ => ().into_any(),
                        }
                    })
                }}
            </Transition>
        })}
        <section class="product-section reviews" data-testid="reviews">
            <h2>{browse::reviews_count(ui.locale, &ui.count(u64::from(summary.count)))}</h2>
            {match review_list {
                None => view! { <p class="empty-line">{t.no_reviews}</p> }.into_any(),
                Some(list) => view! {
                    <Breakdown summary=summary.clone() />
                    <div class="sort-chips" role="group" aria-label=t.reviews>
                        <button class="chip" aria-pressed=move || (!photos.get()).to_string() on:click=move |_| set_photos(false)>
                            {format!("{} {}", t.all, summary.count)}
                        </button>
                        <button class="chip" aria-pressed=move || photos.get().to_string() data-testid="reviews-photos" on:click=move |_| set_photos(true)>
                            {format!("{} {}", t.with_photos, summary.with_photos)}
                        </button>
                    </div>
                    <ol class="review-list">
                        <For each=move || list.state.with(|s| s.items.clone()) key=|r| r.id.clone() let:review>
                            <ReviewItem review />
                        </For>
                    </ol>
                    <MoreOnScroll list end=t.end />
                }.into_any(),
            }}
        </section>
    }
}

/// Images and the clip side by side, swiped through; a counter says which is on screen.
#[component]
fn Gallery(images: Vec<String>, title: String, clip: Option<ProductClip>) -> impl IntoView {
    let ui = use_ui();
    let t = browse::strings(ui.locale);
    let total = images.len() + usize::from(clip.is_some());
    let at = RwSignal::new(0usize);
    let track = NodeRef::<leptos::html::Div>::new();
    let on_scroll = move |_| {
        if let Some(el) = track.get_untracked() {
            let w = el.client_width().max(1);
            at.set(((el.scroll_left() + w / 2) / w).max(0) as usize);
        }
    };
    view! {
        <section class="gallery" aria-roledescription="carousel" aria-label=t.gallery data-testid="gallery">
            <div class="gallery-track" node_ref=track on:scroll=on_scroll tabindex="0">
                {images.into_iter().enumerate().map(|(i, src)| {
                    let alt = format!("{title} · {}", browse::slide_of(ui.locale, i + 1, total));
                    view! {
                        <div class="gallery-slide" role="group" aria-roledescription="slide" aria-label=browse::slide_of(ui.locale, i + 1, total)>
                            <img src=src alt=alt width="600" height="600" loading=if i == 0 { "eager" } else { "lazy" }
                                on:load=move |_| if i == 0 { crate::boot::reveal() } on:error=move |_| crate::boot::reveal() />
                        </div>
                    }
                }).collect_view()}
                {clip.map(|clip| view! {
                    <div class="gallery-slide is-clip" role="group" aria-roledescription="slide" aria-label=t.clip data-testid="gallery-clip">
                        <video src=clip.media.src poster=clip.media.poster controls=true muted=true playsinline=true
                            preload="none" width=clip.media.width height=clip.media.height></video>
                    </div>
                })}
            </div>
            <span class="gallery-count" aria-hidden="true" data-testid="gallery-count">{move || format!("{}/{total}", at.get() + 1)}</span>
        </section>
    }
}

/// When an order placed now arrives, and where it ships from.
#[component]
fn Delivery(shop: Shop) -> impl IntoView {
    let ui = use_ui();
    let (early, late) = shop.delivery_days();
    let day = |days: u32| {
        let d = js_sys::Date::new_0();
        d.set_date(d.get_date() + days);
        browse::month_day(ui.locale, d.get_month() + 1, d.get_date())
    };
    let from = shop.ships_from.get(ui.locale).to_owned();
    view! {
        <p class="delivery-line" data-testid="delivery-estimate">
            <b>{browse::arrives(ui.locale, &day(early), &day(late))}</b>
            {(!from.is_empty()).then(|| view! { <span>{browse::ships_from(ui.locale, &from)}</span> })}
        </p>
    }
}

/// The seller: logo, name, rating (or "new shop"), followers, sales; taps through to the shop.
#[component]
pub fn ShopCard(shop: Shop) -> impl IntoView {
    let ui = use_ui();
    let t = browse::strings(ui.locale);
    let name = shop.name.get(ui.locale).to_owned();
    let body = view! {
        <img src=shop.logo.clone() alt="" width="48" height="48" loading="lazy" />
        <span class="shop-card-body">
            <b class="shop-name">{name.clone()}</b>
            <span class="shop-card-meta">
                <ShopRating shop=shop.clone() />
                <span>{format!("{} {}", ui.count(shop.followers), ui.t().followers)}</span>
            </span>
        </span>
    };
    if ui.offers.shops {
        view! {
            <a class="shop-card" href=format!("/shop/{}", shop.id) data-testid="shop-card">
                {body}
                <span class="shop-card-go">{t.enter_shop}" ›"</span>
            </a>
        }
        .into_any()
    } else {
        view! { <div class="shop-card" data-testid="shop-card">{body}</div> }.into_any()
    }
}

/// "★★★★½ 4.6", or "New shop" until enough shoppers rated it.
#[component]
pub fn ShopRating(shop: Shop) -> impl IntoView {
    let ui = use_ui();
    let t = browse::strings(ui.locale);
    match shop.standing() {
        ShopStanding::Rated(score) => {
            let text = crate::format::rating(score);
            let label = format!("{} {text} {}", ui.t().shop_rating, t.out_of_five);
            view! {
                <span class="shop-rating" data-testid="shop-rating">
                    <Stars score label />
                    <b aria-hidden="true">{text}</b>
                </span>
            }
            .into_any()
        }
        ShopStanding::New => {
            view! { <span class="new-shop" data-testid="new-shop">{t.new_shop}</span> }.into_any()
        }
    }
}

/// The average, its stars, and a bar per star count.
#[component]
fn Breakdown(summary: ReviewSummary) -> impl IntoView {
    let ui = use_ui();
    let t = browse::strings(ui.locale);
    let average = crate::format::rating(summary.average);
    view! {
        <div class="review-summary" data-testid="review-summary">
            <div class="review-average">
                <b>{average.clone()}</b>
                <Stars score=summary.average label=format!("{average} {}", t.out_of_five) />
            </div>
            <ul class="review-bars">
                {(1..=5u8).rev().map(|n| {
                    let pct = summary.percent(n);
                    view! {
                        <li>
                            <span>{browse::stars(ui.locale, n)}</span>
                            <span class="bar" aria-hidden="true"><span class="bar-fill" style:width=move || format!("{pct}%")></span></span>
                            <span class="bar-pct">{format!("{pct}%")}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}

#[component]
fn ReviewItem(review: Review) -> impl IntoView {
    let ui = use_ui();
    let t = browse::strings(ui.locale);
    let when = crate::format::datetime(review.posted_at, 0);
    let day = when.split(' ').next().unwrap_or_default().to_owned();
    let label = format!("{} {}", review.rating, t.out_of_five);
    view! {
        <li class="review" data-testid="review">
            <div class="review-head">
                <span class="review-avatar" aria-hidden="true">{review.author.chars().next().map(String::from).unwrap_or_default()}</span>
                <b>{review.author.clone()}</b>
                <Stars score=f32::from(review.rating) label />
                <time class="review-date">{day}</time>
            </div>
            {review.variant.map(|v| view! { <p class="review-variant">{v.get(ui.locale).to_owned()}</p> })}
            <p class="review-text">{review.text.get(ui.locale).to_owned()}</p>
            {(!review.photos.is_empty()).then(|| view! {
                <div class="review-photos">
                    {review.photos.iter().enumerate().map(|(i, src)| view! {
                        <img src=src.clone() alt=format!("{} {}", t.with_photos, i + 1) width="96" height="96" loading="lazy" />
                    }).collect_view()}
                </div>
            })}
        </li>
    }
}

/// Clips that show the product; each opens the feed of them.
#[component]
fn ProductVideos(items: Vec<FeedItem>, product: String) -> impl IntoView {
    let ui = use_ui();
    let t = browse::strings(ui.locale);
    let source = FeedSource::Product(product);
    view! {
        <section class="product-section" data-testid="product-videos">
            <h2>{t.videos_with}</h2>
            <div class="clip-row">
                {items.into_iter().map(|item| {
                    let alt = item.caption.get(ui.locale).to_owned();
                    view! {
                        <a class="clip-card" href=clip_href(&item.id, &source) data-testid="product-video">
                            <img src=item.media.poster.clone() alt=alt width="120" height="213" loading="lazy" />
                            <span class="tile-views">{format!("♥ {}", ui.count(item.likes))}</span>
                        </a>
                    }
                }).collect_view()}
            </div>
        </section>
    }
}
