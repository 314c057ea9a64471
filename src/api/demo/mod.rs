//! The in-browser demo backend: serves the seeded demo world from `public/demo/world.json`
//! with network-like behaviour (async, cursor pages, latency, injected failures, no answers
//! while the browser is offline). Orders, carts, sessions, likes and follows it receives are
//! kept in local storage, like a server's database.

mod faults;
pub mod world;

use super::{Answer, Api, ApiError, ApiResult, ErrorKind, LiveSubscription, Token};
use crate::config::{AppConfig, DemoOptions, FailHow, Gated};
use crate::model::*;
use crate::storage::{self, Store};
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
    options: DemoOptions,
    sign_in_for: Vec<Gated>,
    timeout_ms: u32,
    /// The bearer token the client presents (what a REST client puts in `Authorization`).
    token: Token,
    world: RefCell<Option<WorldFuture>>,
    /// When the demo "server" started; live rooms run on this clock.
    started_at: f64,
}

/// What the demo server remembers between reloads.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
struct Db {
    orders: Vec<StoredOrder>,
    /// Idempotency-Key → order id.
    idempotency: Vec<(String, String)>,
    follows: Vec<String>,
    likes: Vec<String>,
    #[serde(default)]
    sessions: Vec<(String, Account)>,
    /// Account id → that account's cart.
    #[serde(default)]
    carts: Vec<(String, Cart)>,
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
struct StoredOrder {
    /// Account id; `None` for a guest order.
    #[serde(default)]
    owner: Option<String>,
    #[serde(flatten)]
    order: Order,
}

/// How a demo order moves on after it is paid, so designers see every status.
const SHIPS_AFTER_MS: i64 = 60_000;
const DELIVERED_AFTER_MS: i64 = 300_000;

/// The order as it stands at `now`: status and history follow the time since it was paid.
pub fn order_at(mut order: Order, now: i64) -> Order {
    let steps = [
        (OrderStatus::Paid, 0),
        (OrderStatus::Shipped, SHIPS_AFTER_MS),
        (OrderStatus::Delivered, DELIVERED_AFTER_MS),
    ];
    order.history = steps
        .iter()
        .filter(|(_, after)| now >= order.created_at + after)
        .map(|&(status, after)| StatusStep {
            status,
            at: order.created_at + after,
        })
        .collect();
    if let Some(last) = order.history.last() {
        order.status = last.status;
    }
    order
}

fn load_db() -> Db {
    storage::read(Store::Local, DB_KEY).unwrap_or_default()
}

fn save_db(db: &Db) {
    storage::write(Store::Local, DB_KEY, Some(db));
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

fn is_offline() -> bool {
    web_sys::window().is_some_and(|w| !w.navigator().on_line())
}

crate::split! { chunk = demo_backend, preload = preload;
    /// The demo backend, built inside its own chunk: the world decoder, server-side pricing,
    /// fault injection and live timelines load only when the configuration chooses it.
    pub fn connect(config: AppConfig, token: Token) -> Rc<dyn Api> {
        Rc::new(DemoBackend::new(&config, token))
    }
}

impl DemoBackend {
    pub fn new(config: &AppConfig, token: Token) -> Self {
        DemoBackend {
            inner: Rc::new(Inner {
                faults: RefCell::new(Faults::new(config.demo.clone())),
                options: config.demo.clone(),
                sign_in_for: config.sign_in_for.clone(),
                timeout_ms: config.timeout_ms,
                token,
                world: RefCell::new(None),
                started_at: now_ms(),
            }),
        }
    }

    /// The account behind the presented token, if the token is one this server issued.
    fn account(&self, db: &Db) -> Option<Account> {
        let token = self.inner.token.borrow();
        let token = token.as_deref()?;
        db.sessions
            .iter()
            .find(|(t, _)| t == token)
            .map(|(_, a)| a.clone())
    }

    /// The signed-in account, required when the backend reserves `action` for members.
    fn member_for(&self, db: &Db, action: Gated) -> ApiResult<Option<Account>> {
        let account = self.account(db);
        if account.is_none() && self.inner.sign_in_for.contains(&action) {
            return Err(ApiError::new(ErrorKind::Unauthorized));
        }
        Ok(account)
    }

    /// Loads the world once; concurrent callers share the same download. A failed load is
    /// forgotten so that "retry" really retries.
    async fn world(&self) -> ApiResult<Rc<DemoWorld>> {
        let fut = self
            .inner
            .world
            .borrow_mut()
            .get_or_insert_with(|| {
                let price_changes = self.inner.options.price_changes.clone();
                async move {
                    let data: WorldData = super::fetch::get_json(WORLD_URL).await?;
                    let mut world = DemoWorld::new(data);
                    world.reprice(&price_changes);
                    Ok(Rc::new(world))
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

    /// Runs one "request": the network (offline, latency), injected faults, then the query
    /// against the world. A timeout or a garbled answer comes after the query ran, as when a
    /// server did the work but the answer was lost: retries must not do it twice.
    async fn call<T: serde::de::DeserializeOwned>(
        &self,
        endpoint: &str,
        query: impl FnOnce(&DemoWorld) -> ApiResult<T>,
    ) -> ApiResult<T> {
        if is_offline() {
            return Err(ApiError::with_detail(ErrorKind::Network, "offline"));
        }
        let latency = self.inner.faults.borrow().latency_ms();
        if latency > 0 {
            gloo_timers::future::TimeoutFuture::new(latency).await;
        }
        let fault = self.inner.faults.borrow_mut().check(endpoint);
        match fault {
            Some(FailHow::Offline) => {
                return Err(ApiError::with_detail(
                    ErrorKind::Network,
                    "demo: no network",
                ))
            }
            Some(FailHow::Server) => {
                return Err(ApiError::with_detail(
                    ErrorKind::Server,
                    format!("demo: HTTP 500 from {endpoint}"),
                ))
            }
            _ => {}
        }
        let world = self.world().await?;
        let answer = query(&world);
        match fault {
            Some(FailHow::Timeout) => {
                gloo_timers::future::TimeoutFuture::new(self.inner.timeout_ms).await;
                Err(ApiError::new(ErrorKind::Timeout))
            }
            // The same decoder a real body goes through, fed a cut-off body.
            Some(FailHow::Malformed) => Err(super::decode::<T>(r#"{"items":[{"id":"#)
                .err()
                .unwrap_or_else(|| ApiError::new(ErrorKind::Invalid))),
            _ => answer,
        }
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
            self.member_for(&db, Gated::Like)?;
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
            self.member_for(&db, Gated::Follow)?;
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
            let owner = self.member_for(&db, Gated::Order)?.map(|a| a.id);
            if let Some((_, id)) = db.idempotency.iter().find(|(k, _)| k == idempotency_key) {
                return db
                    .orders
                    .iter()
                    .find(|o| &o.order.id == id)
                    .map(|o| order_at(o.order.clone(), now_ms() as i64))
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
                history: Vec::new(),
            };
            let order = order_at(order, now_ms() as i64);
            db.idempotency
                .push((idempotency_key.to_owned(), order.id.clone()));
            // What was ordered leaves the account's cart too, as on a real shop backend.
            if let Some((_, cart)) = db
                .carts
                .iter_mut()
                .find(|(id, _)| Some(id) == owner.as_ref())
            {
                cart.lines
                    .retain(|l| !order.lines.iter().any(|o| o.variant_id == l.variant_id));
            }
            db.orders.insert(
                0,
                StoredOrder {
                    owner,
                    order: order.clone(),
                },
            );
            save_db(&db);
            Ok(order)
        })
        .await
    }

    /// The orders of the signed-in shopper (a guest sees the guest orders of this browser).
    fn own_orders(&self, db: &Db) -> ApiResult<Vec<Order>> {
        let owner = self.member_for(db, Gated::Order)?.map(|a| a.id);
        let now = now_ms() as i64;
        Ok(db
            .orders
            .iter()
            .filter(|o| o.owner == owner)
            .map(|o| order_at(o.order.clone(), now))
            .collect())
    }

    pub async fn orders(&self) -> ApiResult<Vec<Order>> {
        self.call("orders", |_| self.own_orders(&load_db())).await
    }

    pub async fn order(&self, id: &str) -> ApiResult<Order> {
        self.call("orders", |_| {
            self.own_orders(&load_db())?
                .into_iter()
                .find(|o| o.id == id)
                .ok_or_else(|| ApiError::new(ErrorKind::NotFound))
        })
        .await
    }

    /// "Texts" a code: the demo sends nothing (any six digits will do), but checks the number
    /// like a real backend would.
    pub async fn send_code(&self, phone: &str) -> ApiResult<()> {
        self.call("auth", |_| {
            if phone_ok(phone) {
                Ok(())
            } else {
                Err(ApiError::refused("invalid_phone", "invalid phone number"))
            }
        })
        .await
    }

    /// Signs in with a phone number and the code texted to it. The demo texts nothing:
    /// any six digits but "000000" pass, so designers can also show a wrong code.
    pub async fn login(&self, request: &LoginRequest) -> ApiResult<Session> {
        self.call("auth", |_| {
            if !phone_ok(&request.phone) {
                return Err(ApiError::refused("invalid_phone", "invalid phone number"));
            }
            let code_ok = request.code.len() == 6
                && request.code.chars().all(|c| c.is_ascii_digit())
                && request.code != "000000";
            if !code_ok {
                return Err(ApiError::refused("wrong_code", "wrong code"));
            }
            let mut db = load_db();
            let session = Session {
                token: format!(
                    "demo-{:x}{:x}",
                    now_ms() as u64,
                    (js_sys::Math::random() * 1e12) as u64
                ),
                user: Account {
                    id: format!("u{}", request.phone),
                    phone_masked: mask_phone(&request.phone),
                },
            };
            db.sessions
                .push((session.token.clone(), session.user.clone()));
            save_db(&db);
            Ok(session)
        })
        .await
    }

    pub async fn logout(&self, token: &str) -> ApiResult<()> {
        let mut db = load_db();
        db.sessions.retain(|(t, _)| t != token);
        save_db(&db);
        Ok(())
    }

    /// `GET /cart`: the signed-in shopper's cart.
    pub async fn cart(&self) -> ApiResult<Cart> {
        self.call("cart", |_| {
            let db = load_db();
            let account = self
                .account(&db)
                .ok_or_else(|| ApiError::new(ErrorKind::Unauthorized))?;
            Ok(db
                .carts
                .iter()
                .find(|(id, _)| *id == account.id)
                .map(|(_, c)| c.clone())
                .unwrap_or_default())
        })
        .await
    }

    /// `PUT /cart`: replaces the signed-in shopper's cart.
    pub async fn put_cart(&self, cart: &Cart) -> ApiResult<()> {
        self.call("cart", |_| {
            let mut db = load_db();
            let account = self
                .account(&db)
                .ok_or_else(|| ApiError::new(ErrorKind::Unauthorized))?;
            db.carts.retain(|(id, _)| *id != account.id);
            db.carts.push((account.id, cart.clone()));
            save_db(&db);
            Ok(())
        })
        .await
    }
}

impl Api for DemoBackend {
    fn feed(&self, tab: FeedTab, cursor: Option<String>, limit: u32) -> Answer<'_, Page<FeedItem>> {
        Box::pin(DemoBackend::feed(self, tab, cursor, limit))
    }
    fn video<'a>(&'a self, id: &'a str) -> Answer<'a, FeedItem> {
        Box::pin(DemoBackend::video(self, id))
    }
    fn product<'a>(&'a self, id: &'a str) -> Answer<'a, ProductDetail> {
        Box::pin(DemoBackend::product(self, id))
    }
    fn creator<'a>(&'a self, handle: &'a str) -> Answer<'a, Creator> {
        Box::pin(DemoBackend::creator(self, handle))
    }
    fn creator_videos<'a>(
        &'a self,
        handle: &'a str,
        cursor: Option<String>,
        limit: u32,
    ) -> Answer<'a, Page<FeedItem>> {
        Box::pin(DemoBackend::creator_videos(self, handle, cursor, limit))
    }
    fn showcase<'a>(
        &'a self,
        handle: &'a str,
        cursor: Option<String>,
        limit: u32,
    ) -> Answer<'a, Page<ProductSummary>> {
        Box::pin(DemoBackend::showcase(self, handle, cursor, limit))
    }
    fn search<'a>(
        &'a self,
        query: &'a str,
        cursor: Option<String>,
        limit: u32,
    ) -> Answer<'a, Page<SearchHit>> {
        Box::pin(DemoBackend::search(self, query, cursor, limit))
    }
    fn suggested_creators(&self) -> Answer<'_, Vec<CreatorSummary>> {
        Box::pin(DemoBackend::suggested_creators(self))
    }
    fn coupons(&self) -> Answer<'_, Vec<Coupon>> {
        Box::pin(DemoBackend::coupons(self))
    }
    fn live_rooms(&self) -> Answer<'_, Vec<LiveRoom>> {
        Box::pin(DemoBackend::live_rooms(self))
    }
    fn live_room<'a>(&'a self, id: &'a str) -> Answer<'a, LiveRoom> {
        Box::pin(DemoBackend::live_room(self, id))
    }
    fn live_events(
        &self,
        id: &str,
        after_id: u64,
        on_event: Rc<dyn Fn(LiveEvent)>,
    ) -> LiveSubscription {
        DemoBackend::live_events(self, id, after_id, on_event)
    }
    fn set_like<'a>(&'a self, video_id: &'a str, liked: bool) -> Answer<'a, ()> {
        Box::pin(DemoBackend::set_like(self, video_id, liked))
    }
    fn set_follow<'a>(&'a self, handle: &'a str, follow: bool) -> Answer<'a, ()> {
        Box::pin(DemoBackend::set_follow(self, handle, follow))
    }
    fn place_order<'a>(
        &'a self,
        idempotency_key: &'a str,
        request: &'a OrderRequest,
    ) -> Answer<'a, Order> {
        Box::pin(DemoBackend::place_order(self, idempotency_key, request))
    }
    fn orders(&self) -> Answer<'_, Vec<Order>> {
        Box::pin(DemoBackend::orders(self))
    }
    fn order<'a>(&'a self, id: &'a str) -> Answer<'a, Order> {
        Box::pin(DemoBackend::order(self, id))
    }
    fn send_code<'a>(&'a self, phone: &'a str) -> Answer<'a, ()> {
        Box::pin(DemoBackend::send_code(self, phone))
    }
    fn login<'a>(&'a self, request: &'a LoginRequest) -> Answer<'a, Session> {
        Box::pin(DemoBackend::login(self, request))
    }
    fn logout<'a>(&'a self, token: &'a str) -> Answer<'a, ()> {
        Box::pin(DemoBackend::logout(self, token))
    }
    fn cart(&self) -> Answer<'_, Cart> {
        Box::pin(DemoBackend::cart(self))
    }
    fn put_cart<'a>(&'a self, cart: &'a Cart) -> Answer<'a, ()> {
        Box::pin(DemoBackend::put_cart(self, cart))
    }
}

fn toggle(list: &mut Vec<String>, id: &str, on: bool) {
    list.retain(|x| x != id);
    if on {
        list.push(id.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(created_at: i64) -> Order {
        Order {
            id: "o".into(),
            lines: vec![],
            subtotal: Money::cny(0),
            discount: Money::cny(0),
            shipping: Money::cny(0),
            total: Money::cny(0),
            status: OrderStatus::Pending,
            address: Address::default(),
            created_at,
            history: vec![],
        }
    }

    #[test]
    fn demo_orders_move_from_paid_to_shipped_to_delivered() {
        let at = |now| order_at(order(1_000), now);
        assert_eq!(at(1_000).status, OrderStatus::Paid);
        assert_eq!(at(1_000).history.len(), 1);
        let shipped = at(1_000 + SHIPS_AFTER_MS);
        assert_eq!(shipped.status, OrderStatus::Shipped);
        assert_eq!(shipped.history[1].at, 1_000 + SHIPS_AFTER_MS);
        let delivered = at(1_000 + DELIVERED_AFTER_MS + 5);
        assert_eq!(delivered.status, OrderStatus::Delivered);
        let steps: Vec<OrderStatus> = delivered.history.iter().map(|s| s.status).collect();
        assert_eq!(steps, OrderStatus::PATH);
    }

    #[test]
    fn stored_orders_read_the_same_with_or_without_an_owner() {
        // Orders saved before accounts existed have no owner: they stay guest orders.
        let json = serde_json::to_string(&order(5)).unwrap();
        let stored: StoredOrder = serde_json::from_str(&json).unwrap();
        assert_eq!(stored.owner, None);
        assert_eq!(stored.order, order(5));
    }
}
