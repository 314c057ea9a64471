//! `/shop/:id`: a shop's front: logo, name, rating (or "new shop"), followers and sales; its
//! goods by category and order (in the URL: `?category=tea&sort=new`); its creators and lives.

use crate::components::live_cards::{by_status, LiveCards};
use crate::components::paged::{
    keep_scroll, kept_scroll, search_pages, Loaded, MoreOnScroll, PagedList,
};
use crate::components::product_sheet::{ProductSheet, SheetState};
use crate::components::{awaited, BackButton, ProductCard};
use crate::i18n::browse::{self, sort_label};
use crate::model::{LiveRoom, ProductSort, SearchHit, SearchKind, SearchRequest, ShopDetail};
use crate::pages::product::ShopRating;
use crate::state::memory::use_page_memory;
use crate::state::{use_backend, use_ui};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use leptos_router::NavigateOptions;

#[derive(Clone)]
struct Snapshot {
    detail: ShopDetail,
    /// Its creators' lives: asked for with the shop, so the page is laid out once (lives that
    /// came later would push the goods down).
    lives: Vec<LiveRoom>,
    goods: Option<(SearchRequest, Loaded<SearchHit>)>,
}

#[component]
pub fn ShopPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    move || view! { <ShopLoader id=id() /> }
}

#[component]
fn ShopLoader(id: String) -> impl IntoView {
    let ui = use_ui();
    let backend = use_backend();
    let key = format!("/shop/{id}");
    let restored = use_page_memory().and_then(|m| m.take::<Snapshot>(&key));
    let scroll = kept_scroll(&key);
    let body = match restored {
        Some(snapshot) => view! { <Front snapshot key scroll /> }.into_any(),
        None => {
            let live = ui.offers.live;
            let shop = LocalResource::new(move || {
                let backend = backend.clone();
                let id = id.clone();
                async move {
                    let lives = async {
                        // A shop without its lives is still a shop.
                        if live {
                            backend.live_rooms().await.unwrap_or_default()
                        } else {
                            Vec::new()
                        }
                    };
                    let (detail, rooms) = futures::join!(backend.shop(&id), lives);
                    detail.map(|detail| {
                        let hosts: Vec<&String> =
                            detail.creators.iter().map(|c| &c.handle).collect();
                        let lives = rooms
                            .into_iter()
                            .filter(|r| hosts.contains(&&r.host.handle))
                            .collect();
                        (detail, lives)
                    })
                }
            });
            awaited(shop, move |(detail, lives)| {
                let snapshot = Snapshot {
                    detail,
                    lives,
                    goods: None,
                };
                view! { <Front snapshot key=key.clone() scroll=None /> }
            })
            .into_any()
        }
    };
    view! {
        <div class="page shop-page" data-testid="shop-page">
            <BackButton />
            {body}
        </div>
    }
}

#[component]
fn Front(snapshot: Snapshot, key: String, scroll: Option<f64>) -> impl IntoView {
    let ui = use_ui();
    let t = browse::strings(ui.locale);
    let backend = use_backend();
    let query = use_query_map();
    let navigate = use_navigate();
    let Snapshot {
        detail,
        lives,
        goods,
    } = snapshot;
    let kept_lives = lives.clone();
    let kept = detail.clone();
    let ShopDetail {
        shop,
        categories,
        creators,
    } = detail;
    super::set_page_info(super::PageInfo {
        title: shop.name.get(ui.locale).to_owned(),
        description: shop.description.get(ui.locale).to_owned(),
        image: shop.logo.clone(),
    });
    let shop_id = shop.id.clone();
    let ask = {
        let shop_id = shop_id.clone();
        Memo::new(move |_| {
            query.with(|q| SearchRequest {
                kind: SearchKind::Products,
                shop: Some(shop_id.clone()),
                category: q.get("category").filter(|c| !c.is_empty()),
                sort: q
                    .get("sort")
                    .and_then(|s| ProductSort::parse(&s))
                    .unwrap_or(ProductSort::Popular),
                ..Default::default()
            })
        })
    };
    let fetch = move |ask: SearchRequest| search_pages(backend.clone(), ask);
    let (list, shown) = PagedList::following(ask, fetch, goods);
    if let Some(memory) = use_page_memory() {
        let key = key.clone();
        on_cleanup(move || {
            let goods = list.snapshot().map(|l| (shown.get_value(), l));
            memory.keep(
                key,
                Snapshot {
                    detail: kept,
                    lives: kept_lives,
                    goods,
                },
            );
        });
    }
    keep_scroll(key, scroll);
    let go = {
        let shop_id = shop_id.clone();
        move |category: Option<String>, sort: ProductSort| {
            let mut parts = Vec::new();
            if let Some(c) = category {
                parts.push(format!("category={c}"));
            }
            if sort != ProductSort::Popular {
                parts.push(format!("sort={}", sort.as_str()));
            }
            let q = if parts.is_empty() {
                String::new()
            } else {
                format!("?{}", parts.join("&"))
            };
            navigate(
                &format!("/shop/{shop_id}{q}"),
                NavigateOptions {
                    replace: true,
                    scroll: false,
                    ..Default::default()
                },
            );
        }
    };
    let go = StoredValue::new(go);
    let sheet = SheetState::provide();
    let description = shop.description.get(ui.locale).to_owned();
    let name = shop.name.get(ui.locale).to_owned();
    view! {
        <header class="storefront-head">
            <img class="shop-logo" src=shop.logo.clone() alt="" width="64" height="64" />
            <div class="storefront-body">
                <h1 data-testid="shop-name">{name}</h1>
                <ShopRating shop=shop.clone() />
                <p class="shop-stats">
                    <span>{format!("{} {}", ui.count(shop.followers), ui.t().followers)}</span>
                    <span data-testid="shop-sales">{format!("{} {}", t.sales, ui.count(shop.sales))}</span>
                </p>
            </div>
        </header>
        {(!description.is_empty()).then(|| view! { <p class="shop-desc">{description}</p> })}
        {(!creators.is_empty()).then(|| view! {
            <section class="product-section">
                <h2>{t.shop_creators}</h2>
                <ul class="creator-row" data-testid="shop-creators">
                    {creators.into_iter().map(|c| {
                        let name = c.name.get(ui.locale).to_owned();
                        view! {
                            <li><a href=format!("/@{}", c.handle) class="creator-chip">
                                <img src=c.avatar.clone() alt="" width="56" height="56" loading="lazy" />
                                <span>{name}</span>
                            </a></li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        })}
        {(!lives.is_empty()).then(|| {
            let (now, soon, ended) = by_status(lives);
            let mut all = now;
            all.extend(soon);
            all.extend(ended);
            view! { <LiveCards rooms=all testid="shop-lives" title=Some(t.shop_lives) /> }
        })}
        <div class="sort-chips" role="group" aria-label=t.category data-testid="shop-categories">
            <button class="chip" aria-pressed=move || ask.with(|a| a.category.is_none()).to_string()
                on:click=move |_| go.with_value(|g| g(None, ask.get_untracked().sort))>{t.all}</button>
            {categories.into_iter().map(|c| {
                let id = StoredValue::new(c.id.clone());
                view! {
                    <button class="chip" data-testid="shop-category" aria-pressed=move || ask.with(|a| a.category.as_deref() == Some(id.get_value().as_str())).to_string()
                        on:click=move |_| go.with_value(|g| g(Some(id.get_value()), ask.get_untracked().sort))>
                        {c.name.get(ui.locale).to_owned()}
                    </button>
                }
            }).collect_view()}
        </div>
        <div class="sort-chips" role="group" aria-label=t.sort>
            {[ProductSort::Popular, ProductSort::New, ProductSort::PriceAsc, ProductSort::PriceDesc].into_iter().map(|s| view! {
                <button class="chip" aria-pressed=move || (ask.with(|a| a.sort) == s).to_string() data-testid=format!("sort-{}", s.as_str())
                    on:click=move |_| go.with_value(|g| g(ask.get_untracked().category, s))>
                    {sort_label(ui.locale, s)}
                </button>
            }).collect_view()}
        </div>
        <div class="product-grid" data-testid="shop-products">
            <For each=move || list.state.with(|s| s.items.iter().filter_map(|h| match h { SearchHit::Product(p) => Some(p.clone()), _ => None }).collect::<Vec<_>>())
                key=|p| p.id.clone() let:product>
                <ProductCard product testid="shop-product" on_buy=Callback::new(move |id: String| sheet.open(&id)) />
            </For>
        </div>
        {move || list.is_empty().then(|| view! { <p class="empty">{t.no_products}</p> })}
        <MoreOnScroll list end=t.end />
        <ProductSheet />
    }
}
