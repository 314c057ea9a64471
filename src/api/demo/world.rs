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
}

impl WorldData {
    /// `world.json` and, beside it, `live.json`: what the reference server and native tests
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
        }
    }
}

/// `public/demo/live.json`: the live shows' scenario timelines, a file of their own that
/// designers edit (see `scripts/gen-demo`), decoded only when a live room or coupon is asked for.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct LiveScripts {
    pub live: Vec<LiveScenario>,
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

/// A search hit: products and creators share one result list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SearchHit {
    Product(ProductSummary),
    Creator(CreatorSummary),
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
        Ok(ProductDetail {
            product,
            shop,
            creator,
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

    /// A creator's showcase: their shop's goods, then goods featured in their clips.
    pub fn showcase(
        &self,
        handle: &str,
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
        let products: Vec<ProductSummary> = ids
            .into_iter()
            .filter_map(|id| self.product(id).ok().map(Product::summary))
            .collect();
        page_of(&products, cursor, limit)
    }

    /// Case-insensitive search over product titles, categories and creators' names and handles.
    pub fn search(
        &self,
        query: &str,
        cursor: Option<&str>,
        limit: usize,
    ) -> ApiResult<Page<SearchHit>> {
        let q = query.trim().to_lowercase();
        if q.is_empty() {
            return Ok(Page {
                items: vec![],
                next_cursor: None,
            });
        }
        let category_hits: Vec<&str> = self
            .data
            .categories
            .iter()
            .filter(|c| c.name.contains_ci(&q))
            .map(|c| c.id.as_str())
            .collect();
        let mut hits: Vec<SearchHit> = self
            .data
            .creators
            .iter()
            .filter(|c| c.name.contains_ci(&q) || c.handle.contains(&q))
            .map(|c| SearchHit::Creator(c.summary()))
            .collect();
        hits.extend(
            self.data
                .products
                .iter()
                .filter(|p| p.title.contains_ci(&q) || category_hits.contains(&p.category.as_str()))
                .map(|p| SearchHit::Product(p.summary())),
        );
        page_of(&hits, cursor, limit)
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
