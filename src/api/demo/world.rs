//! The demo world as data, and every query the demo backend answers, as pure functions of it.
//! Kept free of the browser so native tests can check pagination, joins and pricing.

use crate::api::{ApiError, ApiResult, ErrorKind};
use crate::model::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// `public/demo/world.json`, written by `scripts/gen-demo`. The reference server reads the
/// same file into the same type.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WorldData {
    pub categories: Vec<Category>,
    pub shops: Vec<Shop>,
    pub creators: Vec<Creator>,
    pub products: Vec<Product>,
    pub videos: Vec<Video>,
    /// From `live.json` (see [`LiveScripts`]).
    #[serde(default)]
    pub live: Vec<LiveScenario>,
    /// From `reviews.json` (see [`Reviews`]).
    #[serde(default)]
    pub reviews: Vec<Review>,
}

impl WorldData {
    /// `world.json` and, beside it, `live.json` and `reviews.json`: what the reference server and native tests
    /// load.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn load(world_json: &std::path::Path) -> Result<WorldData, String> {
        let read = |path: &std::path::Path| {
            std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))
        };
        let mut world: WorldData = serde_json::from_str(&read(world_json)?)
            .map_err(|e| format!("cannot decode {}: {e}", world_json.display()))?;
        let live_json = world_json.with_file_name("live.json");
        let scripts: LiveScripts = serde_json::from_str(&read(&live_json)?)
            .map_err(|e| format!("cannot decode {}: {e}", live_json.display()))?;
        world.live = scripts.live;
        let reviews_json = world_json.with_file_name("reviews.json");
        let reviews: Reviews = serde_json::from_str(&read(&reviews_json)?)
            .map_err(|e| format!("cannot decode {}: {e}", reviews_json.display()))?;
        world.reviews = reviews.reviews;
        Ok(world)
    }
}

/// The catalogue part of `world.json`: what the first screen needs (the browser's demo backend
/// decodes it first; the live scripts stay undecoded until a live room or a coupon is asked
/// for, so their decoder is not in the first load).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct Catalogue {
    pub categories: Vec<Category>,
    pub shops: Vec<Shop>,
    pub creators: Vec<Creator>,
    pub products: Vec<Product>,
    pub videos: Vec<Video>,
}

impl Catalogue {
    pub fn into_world(self, live: Vec<LiveScenario>) -> WorldData {
        WorldData {
            categories: self.categories,
            shops: self.shops,
            creators: self.creators,
            products: self.products,
            videos: self.videos,
            live,
            reviews: Vec::new(),
        }
    }
}

/// `public/demo/live.json`: the live shows' scenario timelines, a file of their own that
/// designers edit (see `scripts/gen-demo`), decoded only when a live room or coupon is asked for.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct LiveScripts {
    pub live: Vec<LiveScenario>,
}

/// `public/demo/reviews.json`: every product's reviews, by product then newest first; a file of
/// its own, fetched when a product's reviews are first shown (each product's summary is in
/// `world.json`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct Reviews {
    pub reviews: Vec<Review>,
}

/// A page of `product`'s reviews out of `all` (see [`Reviews`]), only those with photos when
/// `photos_only`.
pub fn reviews_page(
    all: &[Review],
    product: &str,
    photos_only: bool,
    cursor: Option<&str>,
    limit: usize,
) -> ApiResult<Page<Review>> {
    let mine: Vec<&Review> = all
        .iter()
        .filter(|r| r.product_id == product && (!photos_only || !r.photos.is_empty()))
        .collect();
    let page = page_of(&mine, cursor, limit)?;
    Ok(Page {
        items: page.items.into_iter().cloned().collect(),
        next_cursor: page.next_cursor,
    })
}

/// `(room, product, qty)` → the room's price for it (`Some` in a running flash sale), or why
/// the room refuses.
pub type LiveTerms<'a> = &'a dyn Fn(&str, &str, u32) -> ApiResult<Option<Money>>;

/// What pricing an order needs beyond the catalogue: the live coupons the buyer claimed, and
/// the terms of the live rooms its lines come from.
pub struct Buyer<'a> {
    pub claimed: &'a [String],
    /// See `LiveShow::terms`.
    pub live: LiveTerms<'a>,
}

impl Buyer<'_> {
    /// A buyer with no claimed coupons, buying nothing from a live room.
    pub fn anonymous() -> Buyer<'static> {
        Buyer {
            claimed: &[],
            live: &|_, _, _| Ok(None),
        }
    }
}

pub struct DemoWorld {
    pub data: WorldData,
    products: HashMap<String, usize>,
    creators: HashMap<String, usize>,
    shops: HashMap<String, usize>,
}

fn not_found() -> ApiError {
    ApiError::new(ErrorKind::NotFound)
}

/// Cursors are offsets, opaque to the client ("o12").
fn decode_cursor(cursor: Option<&str>) -> ApiResult<usize> {
    match cursor {
        None | Some("") => Ok(0),
        Some(c) => c
            .strip_prefix('o')
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| ApiError::with_detail(ErrorKind::Invalid, format!("bad cursor {c:?}"))),
    }
}

fn page_of<T: Clone>(all: &[T], cursor: Option<&str>, limit: usize) -> ApiResult<Page<T>> {
    let start = decode_cursor(cursor)?.min(all.len());
    let end = (start + limit.max(1)).min(all.len());
    Ok(Page {
        items: all[start..end].to_vec(),
        next_cursor: (end < all.len()).then(|| format!("o{end}")),
    })
}

impl DemoWorld {
    pub fn new(data: WorldData) -> Self {
        let index = |ids: Vec<&String>| {
            ids.into_iter()
                .enumerate()
                .map(|(i, id)| (id.clone(), i))
                .collect()
        };
        let handles: Vec<String> = data
            .creators
            .iter()
            .map(|c| c.handle.to_lowercase())
            .collect();
        DemoWorld {
            products: index(data.products.iter().map(|p| &p.id).collect()),
            // Handles are matched without regard to case: `/@YUEBAI_HANFU` is @yuebai_hanfu.
            creators: index(handles.iter().collect()),
            shops: index(data.shops.iter().map(|s| &s.id).collect()),
            data,
        }
    }

    /// Moves prices after the shopper has seen them (demo option `price_changes`); a price
    /// never drops below one fen.
    pub fn reprice(&mut self, changes: &[(String, i64)]) {
        for (id, delta) in changes {
            let Some(&i) = self.products.get(id) else {
                continue;
            };
            for v in &mut self.data.products[i].variants {
                v.price.amount = (v.price.amount + delta).max(1);
            }
        }
    }

    pub fn product(&self, id: &str) -> ApiResult<&Product> {
        self.products
            .get(id)
            .map(|&i| &self.data.products[i])
            .ok_or_else(not_found)
    }

    pub fn shop(&self, id: &str) -> ApiResult<&Shop> {
        self.shops
            .get(id)
            .map(|&i| &self.data.shops[i])
            .ok_or_else(not_found)
    }

    pub fn creator(&self, handle: &str) -> ApiResult<&Creator> {
        self.creators
            .get(&handle.to_lowercase())
            .map(|&i| &self.data.creators[i])
            .ok_or_else(not_found)
    }

    pub fn product_detail(&self, id: &str) -> ApiResult<ProductDetail> {
        let product = self.product(id)?.clone();
        let shop = self.shop(&product.shop_id)?.clone();
        let creator = self
            .data
            .creators
            .iter()
            .find(|c| c.shop_id.as_ref() == Some(&product.shop_id))
            .map(|c| c.handle.clone());
        let clip = self
            .data
            .videos
            .iter()
            .find(|v| v.products.contains(&product.id))
            .map(|v| ProductClip {
                video_id: v.id.clone(),
                media: v.media.clone(),
            });
        Ok(ProductDetail {
            product,
            shop,
            creator,
            clip,
        })
    }

    pub fn feed_item(&self, video: &Video) -> FeedItem {
        let creator = self
            .creator(&video.creator)
            .map(Creator::summary)
            .unwrap_or_else(|_| CreatorSummary {
                handle: video.creator.clone(),
                name: Text::same(video.creator.clone()),
                avatar: String::new(),
                verified: false,
                live_now: None,
            });
        FeedItem {
            id: video.id.clone(),
            media: video.media.clone(),
            caption: video.caption.clone(),
            creator,
            views: video.views,
            products: video
                .products
                .iter()
                .filter_map(|id| self.product(id).ok().map(Product::summary))
                .collect(),
            likes: video.likes,
            comments: video.comments,
            shares: video.shares,
            posted_at: video.posted_at,
        }
    }

    pub fn video(&self, id: &str) -> ApiResult<FeedItem> {
        self.data
            .videos
            .iter()
            .find(|v| v.id == id)
            .map(|v| self.feed_item(v))
            .ok_or_else(not_found)
    }

    /// The feed: every clip for "for you"; clips of `followed` creators for "following".
    pub fn feed(
        &self,
        tab: FeedTab,
        followed: &[String],
        cursor: Option<&str>,
        limit: usize,
    ) -> ApiResult<Page<FeedItem>> {
        let videos: Vec<&Video> = match tab {
            FeedTab::ForYou => self.data.videos.iter().collect(),
            FeedTab::Following => self
                .data
                .videos
                .iter()
                .filter(|v| followed.contains(&v.creator))
                .collect(),
        };
        let page = page_of(&videos, cursor, limit)?;
        Ok(Page {
            items: page.items.into_iter().map(|v| self.feed_item(v)).collect(),
            next_cursor: page.next_cursor,
        })
    }

    pub fn creator_videos(
        &self,
        handle: &str,
        cursor: Option<&str>,
        limit: usize,
    ) -> ApiResult<Page<FeedItem>> {
        let handle = &self.creator(handle)?.handle;
        let videos: Vec<&Video> = self
            .data
            .videos
            .iter()
            .filter(|v| &v.creator == handle)
            .collect();
        let page = page_of(&videos, cursor, limit)?;
        Ok(Page {
            items: page.items.into_iter().map(|v| self.feed_item(v)).collect(),
            next_cursor: page.next_cursor,
        })
    }

    /// A creator's showcase: their shop's goods, then goods featured in their clips, in
    /// `sort` order.
    pub fn showcase(
        &self,
        handle: &str,
        sort: ProductSort,
        cursor: Option<&str>,
        limit: usize,
    ) -> ApiResult<Page<ProductSummary>> {
        let creator = self.creator(handle)?;
        let handle = &creator.handle;
        let mut ids: Vec<&String> = Vec::new();
        if let Some(shop) = &creator.shop_id {
            ids.extend(
                self.data
                    .products
                    .iter()
                    .filter(|p| &p.shop_id == shop)
                    .map(|p| &p.id),
            );
        }
        for v in self.data.videos.iter().filter(|v| &v.creator == handle) {
            for id in &v.products {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        let mut products: Vec<ProductSummary> = ids
            .into_iter()
            .filter_map(|id| self.product(id).ok().map(Product::summary))
            .collect();
        self.sort(sort, &mut products);
        page_of(&products, cursor, limit)
    }

    fn sort(&self, sort: ProductSort, products: &mut [ProductSummary]) {
        sort.apply(products, |id| self.product(id).map_or(0, |p| p.listed_at));
    }

    fn category_name(&self, id: &str) -> Option<&Text> {
        self.data
            .categories
            .iter()
            .find(|c| c.id == id)
            .map(|c| &c.name)
    }

    /// One tab of search results. Every word of the query must match (see `matches_all`):
    /// products by title, category or shop; creators by name, handle or bio; clips by caption
    /// (so "#汉服" finds the clips tagged with it), creator or the products they show. Products
    /// are filtered and sorted as asked; with no words, a shop's or a category's products are
    /// listed whole (the shop page's grid).
    pub fn search(
        &self,
        ask: &SearchRequest,
        cursor: Option<&str>,
        limit: usize,
    ) -> ApiResult<Page<SearchHit>> {
        let words = query_words(&ask.q);
        // A hashtag names a topic: for goods and people, the word without its "#".
        let plain: Vec<String> = words
            .iter()
            .map(|w| w.trim_start_matches('#').to_owned())
            .filter(|w| !w.is_empty())
            .collect();
        let hits: Vec<SearchHit> = match ask.kind {
            SearchKind::Products => {
                let listing = plain.is_empty() && (ask.shop.is_some() || ask.category.is_some());
                if plain.is_empty() && !listing {
                    Vec::new()
                } else {
                    let none = Text::default();
                    let mut found: Vec<ProductSummary> = self
                        .data
                        .products
                        .iter()
                        .filter(|p| ask.shop.as_ref().is_none_or(|s| &p.shop_id == s))
                        .filter(|p| ask.category.as_ref().is_none_or(|c| &p.category == c))
                        .filter(|p| {
                            let shop = self.shop(&p.shop_id).map_or(&none, |s| &s.name);
                            let category = self.category_name(&p.category).unwrap_or(&none);
                            listing || matches_all(&plain, &[&p.title, category, shop])
                        })
                        .map(Product::summary)
                        .filter(|p| ask.price_fits(p.price))
                        .collect();
                    self.sort(ask.sort, &mut found);
                    found.into_iter().map(SearchHit::Product).collect()
                }
            }
            SearchKind::Creators => self
                .data
                .creators
                .iter()
                .filter(|c| {
                    let handle = Text::same(c.handle.clone());
                    matches_all(&plain, &[&c.name, &handle, &c.bio])
                })
                .map(|c| SearchHit::Creator(c.summary()))
                .collect(),
            SearchKind::Videos => self
                .data
                .videos
                .iter()
                .filter(|v| {
                    let creator = self.creator(&v.creator).map(|c| &c.name);
                    let mut texts: Vec<&Text> = vec![&v.caption];
                    texts.extend(creator);
                    texts.extend(
                        v.products
                            .iter()
                            .filter_map(|id| self.product(id).ok().map(|p| &p.title)),
                    );
                    matches_all(&words, &texts)
                })
                .map(|v| SearchHit::Video(self.feed_item(v)))
                .collect(),
            // Live rooms are searched where they are listed (the page filters `live_rooms`).
            SearchKind::Live => Vec::new(),
        };
        page_of(&hits, cursor, limit)
    }

    /// What a shopper may mean by what they typed so far: categories, hashtags, creators and
    /// products containing it, those starting with it first, at most `limit`.
    pub fn suggest(&self, typed: &str, limit: usize) -> Vec<Text> {
        let q = typed.trim().to_lowercase();
        if q.is_empty() {
            return Vec::new();
        }
        let mut candidates: Vec<Text> = Vec::new();
        let mut add = |t: Text| {
            if !candidates.contains(&t) {
                candidates.push(t);
            }
        };
        for c in &self.data.categories {
            add(c.name.clone());
        }
        for v in &self.data.videos {
            let zh = caption_parts(&v.caption.zh);
            let en = caption_parts(&v.caption.en);
            let tags = |parts: Vec<(bool, &str)>| -> Vec<String> {
                parts
                    .into_iter()
                    .filter(|(tag, _)| *tag)
                    .map(|(_, t)| t.to_owned())
                    .collect()
            };
            for (z, e) in tags(zh).into_iter().zip(tags(en)) {
                add(Text::new(z, e));
            }
        }
        for c in &self.data.creators {
            add(c.name.clone());
        }
        for p in &self.data.products {
            // A title's first phrase, which is what people type ("月白织金马面裙").
            let head = |s: &str| s.split_whitespace().next().unwrap_or("").to_owned();
            add(Text::new(head(&p.title.zh), p.title.en.clone()));
        }
        let starts = |t: &Text| {
            let bare = |s: &str| s.trim_start_matches('#').to_lowercase();
            bare(&t.zh).starts_with(q.trim_start_matches('#'))
                || bare(&t.en).starts_with(q.trim_start_matches('#'))
        };
        let mut found: Vec<Text> = candidates
            .into_iter()
            .filter(|t| t.contains_ci(&q))
            .collect();
        // Stable: within each group, the world's order.
        found.sort_by_key(|t| !starts(t));
        found.truncate(limit);
        found
    }

    /// Clips that show `product`, newest first.
    pub fn product_videos(
        &self,
        product: &str,
        cursor: Option<&str>,
        limit: usize,
    ) -> ApiResult<Page<FeedItem>> {
        self.product(product)?;
        let mut videos: Vec<&Video> = self
            .data
            .videos
            .iter()
            .filter(|v| v.products.iter().any(|p| p == product))
            .collect();
        videos.sort_by_key(|v| std::cmp::Reverse(v.posted_at));
        let page = page_of(&videos, cursor, limit)?;
        Ok(Page {
            items: page.items.into_iter().map(|v| self.feed_item(v)).collect(),
            next_cursor: page.next_cursor,
        })
    }

    /// A shop with the categories of its goods and the creators who sell them.
    pub fn shop_detail(&self, id: &str) -> ApiResult<ShopDetail> {
        let shop = self.shop(id)?.clone();
        let mut categories: Vec<Category> = Vec::new();
        for p in self.data.products.iter().filter(|p| p.shop_id == shop.id) {
            if !categories.iter().any(|c| c.id == p.category) {
                if let Some(c) = self.data.categories.iter().find(|c| c.id == p.category) {
                    categories.push(c.clone());
                }
            }
        }
        let creators = self
            .data
            .creators
            .iter()
            .filter(|c| c.shop_id.as_ref() == Some(&shop.id))
            .map(Creator::summary)
            .collect();
        Ok(ShopDetail {
            shop,
            categories,
            creators,
        })
    }

    pub fn scenario(&self, id: &str) -> ApiResult<&LiveScenario> {
        self.data
            .live
            .iter()
            .find(|s| s.id == id)
            .ok_or_else(not_found)
    }

    /// The scripted events of a scenario that fall in `[from_ms, to_ms)` of its show clock
    /// (0 when the room opens), with their times, in order, over successive laps.
    pub fn scripted_events(
        scenario: &LiveScenario,
        from_ms: u64,
        to_ms: u64,
    ) -> Vec<(u64, LiveEventKind)> {
        let loop_ms = u64::from(scenario.loop_ms.max(1));
        let mut out = Vec::new();
        if scenario.script.is_empty() || to_ms <= from_ms {
            return out;
        }
        for lap in from_ms / loop_ms..=(to_ms - 1) / loop_ms {
            for e in &scenario.script {
                let at = lap * loop_ms + u64::from(e.at_ms);
                if at >= from_ms && at < to_ms {
                    out.push((at, e.kind.clone()));
                }
            }
        }
        // Stable: events scripted for the same moment keep their order.
        out.sort_by_key(|(at, _)| *at);
        out
    }

    /// The coupons in `claimed` plus those every shopper has.
    pub fn wallet(&self, claimed: &[String]) -> Vec<Coupon> {
        self.coupons()
            .into_iter()
            .filter(|c| c.claim.is_none() || claimed.contains(&c.id))
            .collect()
    }

    /// Every coupon on offer: those of the live rooms (shop and platform-wide).
    pub fn coupons(&self) -> Vec<Coupon> {
        let mut all: Vec<Coupon> = Vec::new();
        for c in self.data.live.iter().flat_map(|s| {
            s.coupons
                .iter()
                .chain(s.script.iter().filter_map(|e| match &e.kind {
                    LiveEventKind::Coupon(c) => Some(c),
                    _ => None,
                }))
        }) {
            if !all.iter().any(|x| x.id == c.id) {
                all.push(c.clone());
            }
        }
        all
    }

    /// A new order `id` for `request`: priced now (see [`Self::price_order`]), paid, with its
    /// status timeline as of `now_ms`.
    pub fn new_order(
        &self,
        id: String,
        request: &OrderRequest,
        now_ms: i64,
        buyer: &Buyer,
    ) -> ApiResult<Order> {
        let (lines, quote) = self.price_order(request, now_ms, buyer)?;
        let order = Order {
            id,
            lines,
            subtotal: quote.subtotal,
            discount: quote.discount,
            shipping: quote.shipping,
            total: quote.total,
            status: OrderStatus::Paid,
            address: request.address.clone(),
            created_at: now_ms,
            history: Vec::new(),
        };
        Ok(super::order_at(order, now_ms))
    }

    /// Prices an order the way a server would: current prices and stock, the coupons asked
    /// for (if they are real and usable), never the client's arithmetic. Rejects with a
    /// message the shopper can act on.
    pub fn price_order(
        &self,
        request: &OrderRequest,
        now_ms: i64,
        buyer: &Buyer,
    ) -> ApiResult<(Vec<OrderLine>, Quote)> {
        if request.lines.is_empty() {
            return Err(ApiError::refused("empty_order", "empty order"));
        }
        let delivery = Delivery::parse(&request.delivery).ok_or_else(|| {
            ApiError::refused(
                "unknown_delivery",
                format!("unknown delivery {:?}", request.delivery),
            )
        })?;
        let mut lines = Vec::new();
        let mut priced = Vec::new();
        for l in &request.lines {
            let product = self.product(&l.product_id)?;
            let variant = product.variant(&l.variant_id).ok_or_else(not_found)?;
            let title = product.title.get(Locale::ZhCn);
            if variant.stock == 0 {
                return Err(ApiError::refused("sold_out", format!("{title}: sold out")));
            }
            if l.qty == 0 || l.qty > product.max_qty(variant) {
                return Err(ApiError::refused(
                    "over_limit",
                    format!("{title}: at most {} per order", product.max_qty(variant)),
                ));
            }
            // Bought from a live room: its link must be up, and a running flash sale sets the
            // price (within its stock and per-shopper limit).
            let live_price = match &l.live {
                Some(room) => (buyer.live)(room, &product.id, l.qty)?,
                None => None,
            };
            let price = live_price.unwrap_or(variant.price);
            if price != l.expected_unit_price {
                let why = if l.live.is_some() && live_price.is_none() {
                    "the flash sale is over"
                } else {
                    "price changed"
                };
                return Err(ApiError::refused(
                    "price_changed",
                    format!("{title}: {why}"),
                ));
            }
            priced.push(CartLine {
                product_id: product.id.clone(),
                variant_id: variant.id.clone(),
                shop_id: product.shop_id.clone(),
                shop_name: Text::default(),
                title: product.title.clone(),
                variant_label: product.variant_label(variant),
                image: variant
                    .image
                    .clone()
                    .or_else(|| product.images.first().cloned())
                    .unwrap_or_default(),
                unit_price: price,
                qty: l.qty,
                max_qty: product.max_qty(variant),
                selected: true,
                unavailable: false,
                live: l.live.clone(),
            });
        }
        // The coupons asked for must exist, be valid now, and apply to this order: the
        // shopper agreed to a total with them, and must not get a different one silently.
        let all = self.coupons();
        let mut offered = Vec::new();
        for id in &request.coupons {
            match all.iter().find(|c| &c.id == id) {
                Some(c) if c.claim.is_some() && !buyer.claimed.contains(id) => {
                    return Err(ApiError::refused(
                        "coupon_not_claimed",
                        format!(
                            "{}: claim it in the live room first",
                            c.title.get(Locale::ZhCn)
                        ),
                    ))
                }
                Some(c) if c.expires_at > now_ms => offered.push(c.clone()),
                Some(c) => {
                    return Err(ApiError::refused(
                        "coupon_expired",
                        format!("{}: coupon expired", c.title.get(Locale::ZhCn)),
                    ))
                }
                None => {
                    return Err(ApiError::refused(
                        "unknown_coupon",
                        format!("unknown coupon {id:?}"),
                    ))
                }
            }
        }
        let quote = quote(&priced, &offered, delivery, now_ms)
            .ok_or_else(|| ApiError::refused("bad_amounts", "amounts do not add up"))?;
        if let Some(c) = offered.iter().find(|c| !quote.coupons.contains(&c.id)) {
            return Err(ApiError::refused(
                "coupon_not_applicable",
                format!(
                    "{}: coupon does not apply to this order",
                    c.title.get(Locale::ZhCn)
                ),
            ));
        }
        for l in priced {
            lines.push(OrderLine {
                product_id: l.product_id,
                variant_id: l.variant_id,
                title: l.title,
                variant_label: l.variant_label,
                image: l.image,
                unit_price: l.unit_price,
                qty: l.qty,
            });
        }
        Ok((lines, quote))
    }
}
