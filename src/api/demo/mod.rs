//! The in-browser demo backend: serves the seeded demo world from `public/demo/world.json`
//! with network-like behaviour (async, cursor pages, latency, injected failures). Orders,
//! likes and follows it receives are kept in local storage, like a server's database.

mod faults;
pub mod world;

use super::{ApiError, ApiResult, ErrorKind, LiveSubscription};
use crate::config::DemoOptions;
use crate::model::*;
use faults::Faults;
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use std::cell::RefCell;
use std::rc::Rc;
pub use world::{DemoWorld, SearchHit, WorldData};

const WORLD_URL: &str = "/demo/world.json";
const DB_KEY: &str = "haowu.demo.db.v1";

type WorldFuture = Shared<LocalBoxFuture<'static, ApiResult<Rc<DemoWorld>>>>;

#[derive(Clone)]
pub struct DemoBackend {
    inner: Rc<Inner>,
}

struct Inner {
    faults: RefCell<Faults>,
    world: RefCell<Option<WorldFuture>>,
    /// When the demo "server" started; live rooms run on this clock.
    started_at: f64,
}

/// What the demo server remembers between reloads.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
struct Db {
    orders: Vec<Order>,
    /// Idempotency-Key → order id.
    idempotency: Vec<(String, String)>,
    follows: Vec<String>,
    likes: Vec<String>,
}

fn load_db() -> Db {
    local_storage()
        .and_then(|s| s.get_item(DB_KEY).ok().flatten())
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

fn save_db(db: &Db) {
    if let (Some(storage), Ok(text)) = (local_storage(), serde_json::to_string(db)) {
        let _ = storage.set_item(DB_KEY, &text);
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

impl DemoBackend {
    pub fn new(options: DemoOptions) -> Self {
        DemoBackend {
            inner: Rc::new(Inner {
                faults: RefCell::new(Faults::new(options)),
                world: RefCell::new(None),
                started_at: now_ms(),
            }),
        }
    }

    /// Loads the world once; concurrent callers share the same download. A failed load is
    /// forgotten so that "retry" really retries.
    async fn world(&self) -> ApiResult<Rc<DemoWorld>> {
        let fut = self
            .inner
            .world
            .borrow_mut()
            .get_or_insert_with(|| {
                async {
                    let data: WorldData = super::fetch::get_json(WORLD_URL).await?;
                    Ok(Rc::new(DemoWorld::new(data)))
                }
                .boxed_local()
                .shared()
            })
            .clone();
        let result = fut.await;
        if result.is_err() {
            self.inner.world.borrow_mut().take();
        }
        result
    }

    /// Runs one "request": latency, fault injection, then the query against the world.
    async fn call<T>(
        &self,
        endpoint: &str,
        query: impl FnOnce(&DemoWorld) -> ApiResult<T>,
    ) -> ApiResult<T> {
        let latency = self.inner.faults.borrow().latency_ms();
        if latency > 0 {
            gloo_timers::future::TimeoutFuture::new(latency).await;
        }
        self.inner.faults.borrow_mut().check(endpoint)?;
        let world = self.world().await?;
        query(&world)
    }

    fn elapsed_ms(&self) -> u64 {
        (now_ms() - self.inner.started_at).max(0.0) as u64
    }

    pub async fn feed(
        &self,
        tab: FeedTab,
        cursor: Option<String>,
        limit: u32,
    ) -> ApiResult<Page<FeedItem>> {
        let follows = load_db().follows;
        self.call("feed", |w| {
            w.feed(tab, &follows, cursor.as_deref(), limit as usize)
        })
        .await
    }

    pub async fn video(&self, id: &str) -> ApiResult<FeedItem> {
        self.call("video", |w| w.video(id)).await
    }

    pub async fn product(&self, id: &str) -> ApiResult<ProductDetail> {
        self.call("product", |w| w.product_detail(id)).await
    }

    pub async fn creator(&self, handle: &str) -> ApiResult<Creator> {
        self.call("creator", |w| w.creator(handle).cloned()).await
    }

    pub async fn creator_videos(
        &self,
        handle: &str,
        cursor: Option<String>,
        limit: u32,
    ) -> ApiResult<Page<FeedItem>> {
        self.call("creator_videos", |w| {
            w.creator_videos(handle, cursor.as_deref(), limit as usize)
        })
        .await
    }

    pub async fn showcase(
        &self,
        handle: &str,
        cursor: Option<String>,
        limit: u32,
    ) -> ApiResult<Page<ProductSummary>> {
        self.call("showcase", |w| {
            w.showcase(handle, cursor.as_deref(), limit as usize)
        })
        .await
    }

    pub async fn search(
        &self,
        query: &str,
        cursor: Option<String>,
        limit: u32,
    ) -> ApiResult<Page<SearchHit>> {
        self.call("search", |w| {
            w.search(query, cursor.as_deref(), limit as usize)
        })
        .await
    }

    pub async fn suggested_creators(&self) -> ApiResult<Vec<CreatorSummary>> {
        self.call("creator", |w| {
            Ok(w.data
                .creators
                .iter()
                .take(6)
                .map(Creator::summary)
                .collect())
        })
        .await
    }

    pub async fn coupons(&self) -> ApiResult<Vec<Coupon>> {
        self.call("coupons", |w| Ok(w.coupons())).await
    }

    pub async fn live_rooms(&self) -> ApiResult<Vec<LiveRoom>> {
        let elapsed = self.elapsed_ms();
        self.call("live", |w| Ok(w.live_rooms(elapsed))).await
    }

    pub async fn live_room(&self, id: &str) -> ApiResult<LiveRoom> {
        let elapsed = self.elapsed_ms();
        self.call("live", |w| w.live_room(id, elapsed)).await
    }

    /// Plays the room's script from now on, calling `on_event` for each event after
    /// `after_id`. One timer at a time, stopped when the subscription is dropped.
    pub fn live_events(
        &self,
        id: &str,
        after_id: u64,
        on_event: Rc<dyn Fn(LiveEvent)>,
    ) -> LiveSubscription {
        let this = self.clone();
        let id = id.to_owned();
        let stopped = Rc::new(std::cell::Cell::new(false));
        let flag = stopped.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let Ok(world) = this.world().await else {
                return;
            };
            let Ok(scenario) = world.scenario(&id) else {
                return;
            };
            let mut from = this.elapsed_ms();
            while !flag.get() {
                let to = from + 250;
                for (_, event) in DemoWorld::scripted_events(scenario, from, to) {
                    if event.id > after_id && !flag.get() {
                        on_event(event);
                    }
                }
                from = to;
                let wait = from.saturating_sub(this.elapsed_ms());
                gloo_timers::future::TimeoutFuture::new(wait as u32).await;
            }
        });
        LiveSubscription::new(move || stopped.set(true))
    }

    pub async fn set_like(&self, video_id: &str, liked: bool) -> ApiResult<()> {
        self.call("like", |_| {
            let mut db = load_db();
            toggle(&mut db.likes, video_id, liked);
            save_db(&db);
            Ok(())
        })
        .await
    }

    pub async fn set_follow(&self, handle: &str, follow: bool) -> ApiResult<()> {
        self.call("follow", |w| {
            w.creator(handle)?;
            let mut db = load_db();
            toggle(&mut db.follows, handle, follow);
            save_db(&db);
            Ok(())
        })
        .await
    }

    /// Places an order once per idempotency key: a repeat of the same key returns the order
    /// the first request made.
    pub async fn place_order(
        &self,
        idempotency_key: &str,
        request: &OrderRequest,
    ) -> ApiResult<Order> {
        self.call("order", |w| {
            let mut db = load_db();
            if let Some((_, id)) = db.idempotency.iter().find(|(k, _)| k == idempotency_key) {
                return db
                    .orders
                    .iter()
                    .find(|o| &o.id == id)
                    .cloned()
                    .ok_or_else(|| ApiError::new(ErrorKind::Server));
            }
            let (lines, quote) = w.price_order(request, now_ms() as i64)?;
            let order = Order {
                id: format!("HW{}{:03}", now_ms() as i64, db.orders.len() % 1000),
                lines,
                subtotal: quote.subtotal,
                discount: quote.discount,
                shipping: quote.shipping,
                total: quote.total,
                status: OrderStatus::Paid,
                address: request.address.clone(),
                created_at: now_ms() as i64,
            };
            db.idempotency
                .push((idempotency_key.to_owned(), order.id.clone()));
            db.orders.insert(0, order.clone());
            save_db(&db);
            Ok(order)
        })
        .await
    }

    pub async fn orders(&self) -> ApiResult<Vec<Order>> {
        self.call("orders", |_| Ok(load_db().orders)).await
    }
}

fn toggle(list: &mut Vec<String>, id: &str, on: bool) {
    list.retain(|x| x != id);
    if on {
        list.push(id.to_owned());
    }
}
