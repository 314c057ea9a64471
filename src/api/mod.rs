//! The backend seen by pages: one enum whose async methods dispatch to an implementation.
//! Pages call `Backend` and never know which one serves them. (An enum rather than a trait
//! object: async methods are not object-safe, and a match needs no boxing.)

pub mod demo;
mod error;
mod fetch;
pub use fetch::fetch_config;

pub use demo::SearchHit;
pub use error::{ApiError, ApiResult, ErrorKind};

use crate::config::{AppConfig, BackendChoice};
use crate::model::*;
use std::rc::Rc;

/// Items per page the app asks for.
pub const PAGE_SIZE: u32 = 10;

#[derive(Clone)]
pub enum Backend {
    Demo(demo::DemoBackend),
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
    pub fn from_config(config: &AppConfig) -> Self {
        match config.backend {
            BackendChoice::Demo => Backend::Demo(demo::DemoBackend::new(config)),
        }
    }

    /// The built-in demo backend (it shows demo hints, such as which sign-in code works).
    pub fn is_demo(&self) -> bool {
        matches!(self, Backend::Demo(_))
    }

    pub async fn feed(&self, tab: FeedTab, cursor: Option<String>) -> ApiResult<Page<FeedItem>> {
        match self {
            Backend::Demo(b) => b.feed(tab, cursor, PAGE_SIZE).await,
        }
    }

    pub async fn video(&self, id: &str) -> ApiResult<FeedItem> {
        match self {
            Backend::Demo(b) => b.video(id).await,
        }
    }

    pub async fn product(&self, id: &str) -> ApiResult<ProductDetail> {
        match self {
            Backend::Demo(b) => b.product(id).await,
        }
    }

    pub async fn creator(&self, handle: &str) -> ApiResult<Creator> {
        match self {
            Backend::Demo(b) => b.creator(handle).await,
        }
    }

    pub async fn creator_videos(
        &self,
        handle: &str,
        cursor: Option<String>,
    ) -> ApiResult<Page<FeedItem>> {
        match self {
            Backend::Demo(b) => b.creator_videos(handle, cursor, PAGE_SIZE * 2).await,
        }
    }

    pub async fn showcase(
        &self,
        handle: &str,
        cursor: Option<String>,
    ) -> ApiResult<Page<ProductSummary>> {
        match self {
            Backend::Demo(b) => b.showcase(handle, cursor, PAGE_SIZE * 2).await,
        }
    }

    pub async fn search(&self, query: &str, cursor: Option<String>) -> ApiResult<Page<SearchHit>> {
        match self {
            Backend::Demo(b) => b.search(query, cursor, PAGE_SIZE * 2).await,
        }
    }

    /// Creators to suggest to a shopper who follows nobody yet.
    pub async fn suggested_creators(&self) -> ApiResult<Vec<CreatorSummary>> {
        match self {
            Backend::Demo(b) => b.suggested_creators().await,
        }
    }

    /// Coupons the shopper can use (shop and platform-wide).
    pub async fn coupons(&self) -> ApiResult<Vec<Coupon>> {
        match self {
            Backend::Demo(b) => b.coupons().await,
        }
    }

    pub async fn live_rooms(&self) -> ApiResult<Vec<LiveRoom>> {
        match self {
            Backend::Demo(b) => b.live_rooms().await,
        }
    }

    pub async fn live_room(&self, id: &str) -> ApiResult<LiveRoom> {
        match self {
            Backend::Demo(b) => b.live_room(id).await,
        }
    }

    /// Subscribes to a room's events after `after_id` (the snapshot's `last_event_id`).
    pub fn live_events(
        &self,
        id: &str,
        after_id: u64,
        on_event: Rc<dyn Fn(LiveEvent)>,
    ) -> LiveSubscription {
        match self {
            Backend::Demo(b) => b.live_events(id, after_id, on_event),
        }
    }

    pub async fn set_like(&self, video_id: &str, liked: bool) -> ApiResult<()> {
        match self {
            Backend::Demo(b) => b.set_like(video_id, liked).await,
        }
    }

    pub async fn set_follow(&self, handle: &str, follow: bool) -> ApiResult<()> {
        match self {
            Backend::Demo(b) => b.set_follow(handle, follow).await,
        }
    }

    pub async fn place_order(
        &self,
        idempotency_key: &str,
        request: &OrderRequest,
    ) -> ApiResult<Order> {
        match self {
            Backend::Demo(b) => b.place_order(idempotency_key, request).await,
        }
    }

    pub async fn orders(&self) -> ApiResult<Vec<Order>> {
        match self {
            Backend::Demo(b) => b.orders().await,
        }
    }

    pub async fn order(&self, id: &str) -> ApiResult<Order> {
        match self {
            Backend::Demo(b) => b.order(id).await,
        }
    }

    /// The token to present from now on (`None` after signing out).
    pub fn set_token(&self, token: Option<String>) {
        match self {
            Backend::Demo(b) => b.set_token(token),
        }
    }

    /// Asks the backend to text a sign-in code to `phone` (`POST /auth/code`).
    pub async fn send_code(&self, phone: &str) -> ApiResult<()> {
        match self {
            Backend::Demo(b) => b.send_code(phone).await,
        }
    }

    pub async fn login(&self, request: &LoginRequest) -> ApiResult<Session> {
        match self {
            Backend::Demo(b) => b.login(request).await,
        }
    }

    /// Revokes the session of `token` (sent with that token, whatever the current one is).
    pub async fn logout(&self, token: &str) -> ApiResult<()> {
        match self {
            Backend::Demo(b) => b.logout(token).await,
        }
    }

    /// The signed-in shopper's cart as the backend keeps it.
    pub async fn cart(&self) -> ApiResult<Cart> {
        match self {
            Backend::Demo(b) => b.cart().await,
        }
    }

    pub async fn put_cart(&self, cart: &Cart) -> ApiResult<()> {
        match self {
            Backend::Demo(b) => b.put_cart(cart).await,
        }
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
