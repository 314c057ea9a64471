//! The backend seen by pages: one handle whose async methods reach the configured
//! implementation. Pages call `Backend` and never know which one serves them.
//!
//! Each implementation lives in its own chunk of code (see `chunks`): the handle loads it on
//! first use (at start-up, in practice) and reaches it through the object-safe [`Api`] trait.
//! A direct call, as an enum's `match` would make, would pull the implementation into the
//! first load, and a build pointed at a real backend would download the demo one too.

pub mod demo;
mod error;
mod fetch;
pub mod http;
pub use fetch::{deployed_build, fetch_config};

pub use error::{ApiError, ApiResult, ErrorKind};

use crate::config::{AppConfig, BackendChoice};
use crate::model::*;
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// Items per page the app asks for.
pub const PAGE_SIZE: u32 = 10;

/// An answer on its way from a backend.
pub type Answer<'a, T> = LocalBoxFuture<'a, ApiResult<T>>;

/// The bearer token the client presents, shared by the handle (which sets it after sign-in)
/// and the implementation (which sends it).
pub type Token = Rc<RefCell<Option<String>>>;

/// What a backend answers. Methods mirror [`Backend`]'s; see there.
pub trait Api {
    fn feed(&self, tab: FeedTab, cursor: Option<String>, limit: u32) -> Answer<'_, Page<FeedItem>>;
    fn video<'a>(&'a self, id: &'a str) -> Answer<'a, FeedItem>;
    fn product<'a>(&'a self, id: &'a str) -> Answer<'a, ProductDetail>;
    fn creator<'a>(&'a self, handle: &'a str) -> Answer<'a, Creator>;
    fn creator_videos<'a>(
        &'a self,
        handle: &'a str,
        cursor: Option<String>,
        limit: u32,
    ) -> Answer<'a, Page<FeedItem>>;
    fn showcase<'a>(
        &'a self,
        handle: &'a str,
        sort: ProductSort,
        cursor: Option<String>,
        limit: u32,
    ) -> Answer<'a, Page<ProductSummary>>;
    fn search<'a>(
        &'a self,
        ask: &'a SearchRequest,
        cursor: Option<String>,
        limit: u32,
    ) -> Answer<'a, Page<SearchHit>>;
    fn suggest<'a>(&'a self, typed: &'a str) -> Answer<'a, Vec<Text>>;
    fn categories(&self) -> Answer<'_, Vec<Category>>;
    fn shop<'a>(&'a self, id: &'a str) -> Answer<'a, ShopDetail>;
    fn reviews<'a>(
        &'a self,
        product: &'a str,
        photos_only: bool,
        cursor: Option<String>,
        limit: u32,
    ) -> Answer<'a, Page<Review>>;
    fn product_videos<'a>(
        &'a self,
        product: &'a str,
        cursor: Option<String>,
        limit: u32,
    ) -> Answer<'a, Page<FeedItem>>;
    fn suggested_creators(&self) -> Answer<'_, Vec<CreatorSummary>>;
    fn coupons(&self) -> Answer<'_, Vec<Coupon>>;
    fn live_rooms(&self) -> Answer<'_, Vec<LiveRoom>>;
    fn live_room<'a>(&'a self, id: &'a str) -> Answer<'a, LiveRoom>;
    fn live_events(
        &self,
        id: &str,
        after_id: u64,
        on_event: Rc<dyn Fn(LiveEvent)>,
    ) -> LiveSubscription;
    fn post_comment<'a>(&'a self, room: &'a str, text: &'a str) -> Answer<'a, LiveEvent>;
    fn send_hearts<'a>(&'a self, room: &'a str, count: u32) -> Answer<'a, ()>;
    fn claim_coupon<'a>(
        &'a self,
        room: &'a str,
        coupon: &'a str,
        watched_ms: u64,
    ) -> Answer<'a, Coupon>;
    fn set_like<'a>(&'a self, video_id: &'a str, liked: bool) -> Answer<'a, ()>;
    fn set_follow<'a>(&'a self, handle: &'a str, follow: bool) -> Answer<'a, ()>;
    fn place_order<'a>(
        &'a self,
        idempotency_key: &'a str,
        request: &'a OrderRequest,
    ) -> Answer<'a, Order>;
    fn orders(&self) -> Answer<'_, Vec<Order>>;
    fn order<'a>(&'a self, id: &'a str) -> Answer<'a, Order>;
    fn send_code<'a>(&'a self, phone: &'a str) -> Answer<'a, ()>;
    fn login<'a>(&'a self, request: &'a LoginRequest) -> Answer<'a, Session>;
    fn logout<'a>(&'a self, token: &'a str) -> Answer<'a, ()>;
    fn cart(&self) -> Answer<'_, Cart>;
    fn put_cart<'a>(&'a self, cart: &'a Cart) -> Answer<'a, ()>;
}

type Loading = Shared<LocalBoxFuture<'static, ApiResult<Rc<dyn Api>>>>;

#[derive(Clone)]
pub struct Backend(Rc<Handle>);

struct Handle {
    config: AppConfig,
    token: Token,
    /// The implementation, loading or loaded. A failed load is forgotten, so that the
    /// request that hit it can be retried.
    api: RefCell<Option<Loading>>,
}

/// A live event subscription; dropping it stops the stream and its timers or connection.
pub struct LiveSubscription {
    stop: Option<Box<dyn FnOnce()>>,
}

impl LiveSubscription {
    pub fn new(stop: impl FnOnce() + 'static) -> Self {
        LiveSubscription {
            stop: Some(Box::new(stop)),
        }
    }
}

impl Drop for LiveSubscription {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            stop();
        }
    }
}

impl Backend {
    /// The handle for the configured backend. Its code is loaded by the first request (and
    /// shared by every later one); boot.js has usually fetched it by then.
    pub fn from_config(config: &AppConfig) -> Self {
        Backend(Rc::new(Handle {
            config: config.clone(),
            token: Rc::default(),
            api: RefCell::new(None),
        }))
    }

    fn loading(&self) -> Loading {
        let handle = &self.0;
        handle
            .api
            .borrow_mut()
            .get_or_insert_with(|| {
                let config = handle.config.clone();
                let token = handle.token.clone();
                async move {
                    match config.backend {
                        BackendChoice::Demo => Ok(demo::connect(config, token).await?),
                        BackendChoice::Http(_) => http::connect(config, token).await?.await,
                    }
                }
                .boxed_local()
                .shared()
            })
            .clone()
    }

    async fn api(&self) -> ApiResult<Rc<dyn Api>> {
        let result = self.loading().await;
        if result.is_err() {
            self.0.api.borrow_mut().take();
        }
        result
    }

    /// The built-in demo backend (it shows demo hints, such as which sign-in code works).
    pub fn is_demo(&self) -> bool {
        matches!(self.0.config.backend, BackendChoice::Demo)
    }

    /// Fetches the rest of the backend's code ahead of need (the product sheet, profiles and
    /// checkout ask it), so that they open at once and work offline.
    pub async fn prefetch(&self) {
        if let BackendChoice::Http(_) = self.0.config.backend {
            http::prefetch_later().await;
        }
    }

    /// Whose sessions this backend keeps: the API's origin, or "demo". A session is kept per
    /// scope, so a token never follows the app to another API.
    pub fn session_scope(&self) -> String {
        match &self.0.config.backend {
            BackendChoice::Demo => "demo".into(),
            BackendChoice::Http(h) => {
                let base = http::absolute(&h.base_url);
                let rest = base.split_once("://").map_or("", |(_, r)| r);
                let host = rest.find('/').map_or(rest, |i| &rest[..i]);
                format!("{}://{host}", base.split("://").next().unwrap_or_default())
            }
        }
    }

    pub async fn feed(&self, tab: FeedTab, cursor: Option<String>) -> ApiResult<Page<FeedItem>> {
        self.api().await?.feed(tab, cursor, PAGE_SIZE).await
    }

    pub async fn video(&self, id: &str) -> ApiResult<FeedItem> {
        self.api().await?.video(id).await
    }

    pub async fn product(&self, id: &str) -> ApiResult<ProductDetail> {
        self.api().await?.product(id).await
    }

    pub async fn creator(&self, handle: &str) -> ApiResult<Creator> {
        self.api().await?.creator(handle).await
    }

    pub async fn creator_videos(
        &self,
        handle: &str,
        cursor: Option<String>,
    ) -> ApiResult<Page<FeedItem>> {
        let api = self.api().await?;
        api.creator_videos(handle, cursor, PAGE_SIZE * 2).await
    }

    pub async fn showcase(
        &self,
        handle: &str,
        sort: ProductSort,
        cursor: Option<String>,
    ) -> ApiResult<Page<ProductSummary>> {
        let api = self.api().await?;
        api.showcase(handle, sort, cursor, PAGE_SIZE * 2).await
    }

    pub async fn search(
        &self,
        ask: &SearchRequest,
        cursor: Option<String>,
    ) -> ApiResult<Page<SearchHit>> {
        let api = self.api().await?;
        api.search(ask, cursor, PAGE_SIZE * 2).await
    }

    /// Completions for what the shopper has typed so far.
    pub async fn suggest(&self, typed: &str) -> ApiResult<Vec<Text>> {
        self.api().await?.suggest(typed).await
    }

    /// The catalogue's categories (search's filter).
    pub async fn categories(&self) -> ApiResult<Vec<Category>> {
        self.api().await?.categories().await
    }

    pub async fn shop(&self, id: &str) -> ApiResult<ShopDetail> {
        self.api().await?.shop(id).await
    }

    pub async fn reviews(
        &self,
        product: &str,
        photos_only: bool,
        cursor: Option<String>,
    ) -> ApiResult<Page<Review>> {
        let api = self.api().await?;
        api.reviews(product, photos_only, cursor, PAGE_SIZE).await
    }

    /// Clips that show a product.
    pub async fn product_videos(
        &self,
        product: &str,
        cursor: Option<String>,
    ) -> ApiResult<Page<FeedItem>> {
        let api = self.api().await?;
        api.product_videos(product, cursor, PAGE_SIZE).await
    }

    /// Creators to suggest to a shopper who follows nobody yet.
    pub async fn suggested_creators(&self) -> ApiResult<Vec<CreatorSummary>> {
        self.api().await?.suggested_creators().await
    }

    /// Coupons the shopper can use (shop and platform-wide): everyone's, plus those they
    /// claimed in live rooms.
    pub async fn coupons(&self) -> ApiResult<Vec<Coupon>> {
        self.api().await?.coupons().await
    }

    pub async fn live_rooms(&self) -> ApiResult<Vec<LiveRoom>> {
        self.api().await?.live_rooms().await
    }

    pub async fn live_room(&self, id: &str) -> ApiResult<LiveRoom> {
        self.api().await?.live_room(id).await
    }

    /// Subscribes to a room's events after `after_id` (the snapshot's `last_event_id`).
    pub fn live_events(
        &self,
        id: &str,
        after_id: u64,
        on_event: Rc<dyn Fn(LiveEvent)>,
    ) -> LiveSubscription {
        let stopped = Rc::new(Cell::new(false));
        let inner = Rc::new(RefCell::new(None::<LiveSubscription>));
        let (this, id) = (self.clone(), id.to_owned());
        let (stop, slot) = (stopped.clone(), inner.clone());
        leptos::task::spawn_local(async move {
            if let Ok(api) = this.api().await {
                if !stop.get() {
                    *slot.borrow_mut() = Some(api.live_events(&id, after_id, on_event));
                }
            }
        });
        LiveSubscription::new(move || {
            stopped.set(true);
            inner.borrow_mut().take();
        })
    }

    /// Posts a comment in a room; answers the event everyone will see.
    pub async fn post_comment(&self, room: &str, text: &str) -> ApiResult<LiveEvent> {
        self.api().await?.post_comment(room, text).await
    }

    /// Sends `count` hearts (1 to 100) tapped in a room.
    pub async fn send_hearts(&self, room: &str, count: u32) -> ApiResult<()> {
        self.api().await?.send_hearts(room, count).await
    }

    /// Claims a room's coupon into the shopper's wallet, having watched for `watched_ms`.
    pub async fn claim_coupon(
        &self,
        room: &str,
        coupon: &str,
        watched_ms: u64,
    ) -> ApiResult<Coupon> {
        let api = self.api().await?;
        api.claim_coupon(room, coupon, watched_ms).await
    }

    pub async fn set_like(&self, video_id: &str, liked: bool) -> ApiResult<()> {
        self.api().await?.set_like(video_id, liked).await
    }

    pub async fn set_follow(&self, handle: &str, follow: bool) -> ApiResult<()> {
        self.api().await?.set_follow(handle, follow).await
    }

    pub async fn place_order(
        &self,
        idempotency_key: &str,
        request: &OrderRequest,
    ) -> ApiResult<Order> {
        let api = self.api().await?;
        api.place_order(idempotency_key, request).await
    }

    pub async fn orders(&self) -> ApiResult<Vec<Order>> {
        self.api().await?.orders().await
    }

    pub async fn order(&self, id: &str) -> ApiResult<Order> {
        self.api().await?.order(id).await
    }

    /// The token to present from now on (`None` after signing out).
    pub fn set_token(&self, token: Option<String>) {
        *self.0.token.borrow_mut() = token;
    }

    /// Asks the backend to text a sign-in code to `phone` (`POST /auth/code`).
    pub async fn send_code(&self, phone: &str) -> ApiResult<()> {
        self.api().await?.send_code(phone).await
    }

    pub async fn login(&self, request: &LoginRequest) -> ApiResult<Session> {
        self.api().await?.login(request).await
    }

    /// Revokes the session of `token` (sent with that token, whatever the current one is).
    pub async fn logout(&self, token: &str) -> ApiResult<()> {
        self.api().await?.logout(token).await
    }

    /// The signed-in shopper's cart as the backend keeps it.
    pub async fn cart(&self) -> ApiResult<Cart> {
        self.api().await?.cart().await
    }

    pub async fn put_cart(&self, cart: &Cart) -> ApiResult<()> {
        self.api().await?.put_cart(cart).await
    }
}

/// Decodes a response body into the model; a body that does not fit is an `Invalid` error
/// naming where it broke, never a panic.
pub fn decode<T: serde::de::DeserializeOwned>(body: &str) -> ApiResult<T> {
    serde_json::from_str(body).map_err(|e| ApiError::with_detail(ErrorKind::Invalid, e.to_string()))
}

/// Whether a request to `url` may carry the shopper's token: only when it goes to the
/// configured API origin (scheme, host and port), never to media hosts or third parties.
pub fn sends_token_to(url: &str, api_base: &str) -> bool {
    fn origin(u: &str) -> Option<&str> {
        let rest = u.split_once("://")?.1;
        let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let scheme_len = u.len() - rest.len();
        Some(&u[..scheme_len + host_end]).filter(|_| host_end > 0)
    }
    matches!((origin(url), origin(api_base)), (Some(a), Some(b)) if a.eq_ignore_ascii_case(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_goes_only_to_the_api_origin() {
        let api = "https://api.haowu.example/v1";
        assert!(sends_token_to("https://api.haowu.example/v1/orders", api));
        assert!(sends_token_to("https://API.haowu.example/cart?x=1", api));
        assert!(!sends_token_to("http://api.haowu.example/v1/orders", api));
        assert!(!sends_token_to("https://api.haowu.example:8443/v1", api));
        assert!(!sends_token_to("https://cdn.haowu.example/v1/a.mp4", api));
        assert!(!sends_token_to(
            "https://api.haowu.example.evil.com/v1",
            api
        ));
        assert!(!sends_token_to("/v1/orders", api));
    }

    #[test]
    fn known_refusals_are_worded_in_the_shoppers_language() {
        use crate::i18n::strings;
        use crate::model::Locale;
        let e = ApiError::refused("price_changed", "T: price changed");
        assert_eq!(e.message(strings(Locale::ZhCn)), "有商品价格发生了变化。");
        assert_eq!(
            e.message(strings(Locale::En)),
            "A price in your order has changed."
        );
        assert!(e.is_final());
        let other = ApiError::refused("shop_closed", "The shop is closed today");
        assert_eq!(
            other.message(strings(Locale::En)),
            "The shop is closed today"
        );
        assert!(!ApiError::new(ErrorKind::Timeout).is_final());
        // A developer's detail is never part of the shopper's sentence.
        let e = ApiError::with_detail(ErrorKind::Server, "demo: HTTP 500 from order");
        assert_eq!(
            e.message(strings(Locale::ZhCn)),
            "服务器开小差了，请稍后重试。"
        );
        assert!(ApiError::new(ErrorKind::NotFound).is_final());
    }

    #[test]
    fn bad_bodies_are_errors_not_panics() {
        let cut: ApiResult<Order> = decode(r#"{"id":"#);
        assert_eq!(cut.unwrap_err().kind, ErrorKind::Invalid);
        let missing: ApiResult<Order> = decode(r#"{"id":"x"}"#);
        let e = missing.unwrap_err();
        assert_eq!(e.kind, ErrorKind::Invalid);
        assert!(e.detail.unwrap().contains("missing field"));
    }
}
