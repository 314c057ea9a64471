//! The in-browser demo backend: serves the seeded demo world from `public/demo/world.json`
//! with network-like behaviour (async, cursor pages, latency, injected failures, no answers
//! while the browser is offline). Orders, carts, sessions, likes and follows it receives are
//! kept in local storage, like a server's database.
//!
//! Chunks of code, loaded as they are needed: this module (the catalogue: the feed, clips,
//! products, creators, likes and follows — what the first screen needs), [`browse`] (search,
//! suggestions, showcases, shops, reviews: the pages beyond the feed),
//! [`commerce`] (orders priced like a server would, sign-in, the account's cart) and [`live`]
//! (live rooms and their scripted timelines, and the coupons they hand out).

mod browse;
mod commerce;
mod faults;
mod live;
pub mod show;
pub mod world;

use super::{Answer, Api, ApiError, ApiResult, ErrorKind, LiveSubscription, Token};
use crate::config::{AppConfig, DemoOptions, FailHow, Gated};
use crate::model::*;
use crate::storage::{self, Store};
pub use commerce::order_at;
use faults::Faults;
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
pub use world::{Buyer, Catalogue, DemoWorld, LiveScripts, Reviews, WorldData};

const WORLD_URL: &str = "/demo/world.json";
const SOCIAL_KEY: &str = "haowu.demo.social.v1";
const SESSIONS_KEY: &str = "haowu.demo.sessions.v1";

type Loading<T> = Shared<LocalBoxFuture<'static, ApiResult<T>>>;

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
    /// `world.json` as downloaded; the live scripts are decoded from it when first needed.
    text: RefCell<Option<Loading<Rc<String>>>>,
    /// The catalogue (no live scripts).
    world: RefCell<Option<Loading<Rc<DemoWorld>>>>,
    /// The catalogue with the live scripts (see [`live`]).
    full: RefCell<Option<Loading<Rc<DemoWorld>>>>,
    /// Every product's reviews (`reviews.json`), loaded when first asked for.
    reviews: RefCell<Option<Loading<Rc<Vec<Review>>>>>,
    /// When the demo "server" started; live rooms run on this clock.
    started_at: f64,
    /// The live shows playing (see [`live`]). Typed there: a concrete type here would put the
    /// shows' code (their drop, at least) in this chunk, loaded on the first screen.
    stages: RefCell<Option<Rc<dyn std::any::Any>>>,
}

/// Likes and follows the demo server has received.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
struct Social {
    #[serde(default)]
    follows: Vec<String>,
    #[serde(default)]
    likes: Vec<String>,
}

fn load_social() -> Social {
    storage::read(Store::Local, SOCIAL_KEY).unwrap_or_default()
}

/// Signed-in sessions: token → account.
fn load_sessions() -> Vec<(String, Account)> {
    storage::read(Store::Local, SESSIONS_KEY).unwrap_or_default()
}

fn save_sessions(sessions: &Vec<(String, Account)>) {
    storage::write(Store::Local, SESSIONS_KEY, Some(sessions));
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

fn is_offline() -> bool {
    web_sys::window().is_some_and(|w| !w.navigator().on_line())
}

/// Loads once and shares: concurrent callers wait for the same work; a failure is forgotten,
/// so that "retry" really retries.
async fn once<T: Clone + 'static>(
    cell: &RefCell<Option<Loading<T>>>,
    make: impl FnOnce() -> LocalBoxFuture<'static, ApiResult<T>>,
) -> ApiResult<T> {
    let fut = cell
        .borrow_mut()
        .get_or_insert_with(|| make().shared())
        .clone();
    let result = fut.await;
    if result.is_err() {
        cell.borrow_mut().take();
    }
    result
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
                text: RefCell::new(None),
                world: RefCell::new(None),
                full: RefCell::new(None),
                reviews: RefCell::new(None),
                started_at: now_ms(),
                stages: RefCell::default(),
            }),
        }
    }

    /// The account behind the presented token, if the token is one this server issued.
    fn account(&self) -> Option<Account> {
        let token = self.inner.token.borrow();
        let token = token.as_deref()?;
        load_sessions()
            .into_iter()
            .find(|(t, _)| t == token)
            .map(|(_, a)| a)
    }

    /// The signed-in account, required when the backend reserves `action` for members.
    fn member_for(&self, action: Gated) -> ApiResult<Option<Account>> {
        let account = self.account();
        if account.is_none() && self.inner.sign_in_for.contains(&action) {
            return Err(ApiError::new(ErrorKind::Unauthorized));
        }
        Ok(account)
    }

    async fn text(&self) -> ApiResult<Rc<String>> {
        once(&self.inner.text, || {
            async { super::fetch::get_text_ok(WORLD_URL).await.map(Rc::new) }.boxed_local()
        })
        .await
    }

    /// The catalogue, repriced by the demo's price changes.
    async fn world(&self) -> ApiResult<Rc<DemoWorld>> {
        let this = self.clone();
        once(&self.inner.world, move || {
            async move {
                let text = this.text().await?;
                let catalogue: Catalogue = super::decode(&text)?;
                let mut world = DemoWorld::new(catalogue.into_world(Vec::new()));
                world.reprice(&this.inner.options.price_changes);
                // Decoding is the long part: answering (and the page built from the answer)
                // comes in a task of its own.
                crate::chunks::yield_now().await;
                Ok(Rc::new(world))
            }
            .boxed_local()
        })
        .await
    }

    /// Runs one "request": the network (offline, latency), injected faults, then the query
    /// against the world `world` gives. A timeout or a garbled answer comes after the query
    /// ran, as when a server did the work but the answer was lost: retries must not do it
    /// twice.
    async fn call_on<T, W>(
        &self,
        endpoint: &str,
        world: W,
        query: impl FnOnce(&DemoWorld) -> ApiResult<T>,
    ) -> ApiResult<T>
    where
        W: Future<Output = ApiResult<Rc<DemoWorld>>>,
    {
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
        let world = world.await?;
        let answer = query(&world);
        match fault {
            Some(FailHow::Timeout) => {
                gloo_timers::future::TimeoutFuture::new(self.inner.timeout_ms).await;
                Err(ApiError::new(ErrorKind::Timeout))
            }
            // The decoder a real body goes through, fed a cut-off body (it fails on the
            // syntax before any type is involved, so any target type gives the same error).
            Some(FailHow::Malformed) => Err(super::decode::<serde::de::IgnoredAny>(
                r#"{"items":[{"id":"#,
            )
            .err()
            .unwrap_or_else(|| ApiError::new(ErrorKind::Invalid))),
            _ => answer,
        }
    }

    /// A request answered from the catalogue.
    async fn call<T>(
        &self,
        endpoint: &str,
        query: impl FnOnce(&DemoWorld) -> ApiResult<T>,
    ) -> ApiResult<T> {
        self.call_on(endpoint, self.world(), query).await
    }

    /// Time on the live rooms' clock: real time since the demo started, times `live_speed`,
    /// from `live_at_s` on.
    fn elapsed_ms(&self) -> u64 {
        let options = &self.inner.options;
        let run = (now_ms() - self.inner.started_at).max(0.0) * options.live_speed;
        run as u64 + u64::from(options.live_at_s) * 1000
    }

    pub async fn feed(
        &self,
        tab: FeedTab,
        cursor: Option<String>,
        limit: u32,
    ) -> ApiResult<Page<FeedItem>> {
        let follows = if tab == FeedTab::Following {
            load_social().follows
        } else {
            Vec::new()
        };
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

    pub async fn set_like(&self, video_id: &str, liked: bool) -> ApiResult<()> {
        self.call("like", |_| {
            self.member_for(Gated::Like)?;
            let mut social = load_social();
            toggle(&mut social.likes, video_id, liked);
            storage::write(Store::Local, SOCIAL_KEY, Some(&social));
            Ok(())
        })
        .await
    }

    pub async fn set_follow(&self, handle: &str, follow: bool) -> ApiResult<()> {
        self.call("follow", |w| {
            let handle = &w.creator(handle)?.handle;
            self.member_for(Gated::Follow)?;
            let mut social = load_social();
            toggle(&mut social.follows, handle, follow);
            storage::write(Store::Local, SOCIAL_KEY, Some(&social));
            Ok(())
        })
        .await
    }
}

/// Dispatch: the catalogue is answered here; orders and accounts, and live rooms, by code in
/// their own chunks (a failure to load one is a network error like any other).
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
        sort: ProductSort,
        cursor: Option<String>,
        limit: u32,
    ) -> Answer<'a, Page<ProductSummary>> {
        let (this, handle) = (self.clone(), handle.to_owned());
        Box::pin(async move {
            browse::showcase(this, handle, sort, cursor, limit)
                .await?
                .await
        })
    }
    fn search<'a>(
        &'a self,
        ask: &'a SearchRequest,
        cursor: Option<String>,
        limit: u32,
    ) -> Answer<'a, Page<SearchHit>> {
        let (this, ask) = (self.clone(), ask.clone());
        Box::pin(async move { browse::search(this, ask, cursor, limit).await?.await })
    }
    fn suggest<'a>(&'a self, typed: &'a str) -> Answer<'a, Vec<Text>> {
        let (this, typed) = (self.clone(), typed.to_owned());
        Box::pin(async move { browse::suggest(this, typed).await?.await })
    }
    fn categories(&self) -> Answer<'_, Vec<Category>> {
        let this = self.clone();
        Box::pin(async move { browse::categories(this).await?.await })
    }
    fn shop<'a>(&'a self, id: &'a str) -> Answer<'a, ShopDetail> {
        let (this, id) = (self.clone(), id.to_owned());
        Box::pin(async move { browse::shop(this, id).await?.await })
    }
    fn reviews<'a>(
        &'a self,
        product: &'a str,
        photos_only: bool,
        cursor: Option<String>,
        limit: u32,
    ) -> Answer<'a, Page<Review>> {
        let (this, product) = (self.clone(), product.to_owned());
        Box::pin(async move {
            browse::reviews(this, product, photos_only, cursor, limit)
                .await?
                .await
        })
    }
    fn product_videos<'a>(
        &'a self,
        product: &'a str,
        cursor: Option<String>,
        limit: u32,
    ) -> Answer<'a, Page<FeedItem>> {
        let (this, product) = (self.clone(), product.to_owned());
        Box::pin(async move {
            browse::product_videos(this, product, cursor, limit)
                .await?
                .await
        })
    }
    fn suggested_creators(&self) -> Answer<'_, Vec<CreatorSummary>> {
        Box::pin(DemoBackend::suggested_creators(self))
    }
    fn set_like<'a>(&'a self, video_id: &'a str, liked: bool) -> Answer<'a, ()> {
        Box::pin(DemoBackend::set_like(self, video_id, liked))
    }
    fn set_follow<'a>(&'a self, handle: &'a str, follow: bool) -> Answer<'a, ()> {
        Box::pin(DemoBackend::set_follow(self, handle, follow))
    }

    fn coupons(&self) -> Answer<'_, Vec<Coupon>> {
        let this = self.clone();
        Box::pin(async move { live::coupons(this).await?.await })
    }
    fn live_rooms(&self) -> Answer<'_, Vec<LiveRoom>> {
        let this = self.clone();
        Box::pin(async move { live::rooms(this).await?.await })
    }
    fn live_room<'a>(&'a self, id: &'a str) -> Answer<'a, LiveRoom> {
        let (this, id) = (self.clone(), id.to_owned());
        Box::pin(async move { live::room(this, id).await?.await })
    }
    fn live_events(
        &self,
        id: &str,
        after_id: u64,
        on_event: Rc<dyn Fn(LiveEvent)>,
    ) -> LiveSubscription {
        let stopped = Rc::new(std::cell::Cell::new(false));
        let (this, id, flag) = (self.clone(), id.to_owned(), stopped.clone());
        wasm_bindgen_futures::spawn_local(async move {
            if let Ok(run) = live::events(this, id, after_id, on_event, flag).await {
                run.await;
            }
        });
        LiveSubscription::new(move || stopped.set(true))
    }

    fn post_comment<'a>(&'a self, room: &'a str, text: &'a str) -> Answer<'a, LiveEvent> {
        let (this, room, text) = (self.clone(), room.to_owned(), text.to_owned());
        Box::pin(async move { live::comment(this, room, text).await?.await })
    }
    fn send_hearts<'a>(&'a self, room: &'a str, count: u32) -> Answer<'a, ()> {
        let (this, room) = (self.clone(), room.to_owned());
        Box::pin(async move { live::hearts(this, room, count).await?.await })
    }
    fn claim_coupon<'a>(
        &'a self,
        room: &'a str,
        coupon: &'a str,
        watched_ms: u64,
    ) -> Answer<'a, Coupon> {
        let (this, room, coupon) = (self.clone(), room.to_owned(), coupon.to_owned());
        Box::pin(async move { live::claim(this, room, coupon, watched_ms).await?.await })
    }

    fn place_order<'a>(
        &'a self,
        idempotency_key: &'a str,
        request: &'a OrderRequest,
    ) -> Answer<'a, Order> {
        let (this, key, request) = (self.clone(), idempotency_key.to_owned(), request.clone());
        Box::pin(async move { commerce::place_order(this, key, request).await?.await })
    }
    fn orders(&self) -> Answer<'_, Vec<Order>> {
        let this = self.clone();
        Box::pin(async move { commerce::orders(this).await?.await })
    }
    fn order<'a>(&'a self, id: &'a str) -> Answer<'a, Order> {
        let (this, id) = (self.clone(), id.to_owned());
        Box::pin(async move { commerce::order(this, id).await?.await })
    }
    fn send_code<'a>(&'a self, phone: &'a str) -> Answer<'a, ()> {
        let (this, phone) = (self.clone(), phone.to_owned());
        Box::pin(async move { commerce::send_code(this, phone).await?.await })
    }
    fn login<'a>(&'a self, request: &'a LoginRequest) -> Answer<'a, Session> {
        let (this, request) = (self.clone(), request.clone());
        Box::pin(async move { commerce::login(this, request).await?.await })
    }
    fn logout<'a>(&'a self, token: &'a str) -> Answer<'a, ()> {
        let mut sessions = load_sessions();
        sessions.retain(|(t, _)| t != token);
        save_sessions(&sessions);
        Box::pin(async { Ok(()) })
    }
    fn cart(&self) -> Answer<'_, Cart> {
        let this = self.clone();
        Box::pin(async move { commerce::cart(this).await?.await })
    }
    fn put_cart<'a>(&'a self, cart: &'a Cart) -> Answer<'a, ()> {
        let (this, cart) = (self.clone(), cart.clone());
        Box::pin(async move { commerce::put_cart(this, cart).await?.await })
    }
}

fn toggle(list: &mut Vec<String>, id: &str, on: bool) {
    list.retain(|x| x != id);
    if on {
        list.push(id.to_owned());
    }
}
