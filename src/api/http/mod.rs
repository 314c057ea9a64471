//! The HTTP backend: any REST API, speaking the native contract (`docs/openapi.yaml`) or
//! described by a mapping in the configuration (`mapping`). Its code is a chunk of its own,
//! and the mapping code another, loaded only when the configuration has a mapping.

mod endpoint;
mod events;
mod later;
pub mod mapping;
mod shape;
mod transport;

pub use endpoint::Endpoint;

use super::{Answer, Api, ApiError, ApiResult, ErrorKind, LiveSubscription, Token};
use crate::config::{AppConfig, BackendChoice, ConfigError};
use crate::model::*;
use futures::future::{LocalBoxFuture, Shared};
use futures::FutureExt;
use serde::de::DeserializeOwned;
use shape::{Native, PageAsk, Shape};
use std::cell::RefCell;
use std::rc::Rc;
use transport::{Reply, Req};

crate::split! { chunk = http_backend, preload = preload;
    /// The HTTP backend, built inside its own chunk.
    pub fn connect(config: AppConfig, token: Token) -> Answer<'static, Rc<dyn Api>> {
        async move {
            let BackendChoice::Http(options) = &config.backend else {
                return Err(ApiError::with_detail(ErrorKind::Invalid, "not an http backend"));
            };
            let base = absolute(&options.base_url);
            let shape: Rc<dyn Shape> = match &options.mapping {
                None => Rc::new(Native),
                Some(mapping) => mapping::load(mapping.clone(), base.clone())
                    .await?
                    .map_err(|e| ApiError::with_detail(ErrorKind::Invalid, e.to_string()))?,
            };
            Ok(Rc::new(HttpBackend {
                client: Rc::new(Client {
                    base,
                    timeout_ms: config.timeout_ms,
                    token,
                    shape,
                }),
                later: Rc::default(),
            }) as Rc<dyn Api>)
        }
        .boxed_local()
    }
}

/// Fetches the code for the answers the first screen does not need (when the browser is idle).
pub async fn prefetch_later() {
    let _ = later::preload().await;
}

/// Checks the configuration's mapping (at start, so that a wrong one is a full-page message
/// naming the key, not errors on every page).
pub async fn check(config: &AppConfig) -> Result<(), ConfigError> {
    let BackendChoice::Http(options) = &config.backend else {
        return Ok(());
    };
    let Some(mapping) = &options.mapping else {
        return Ok(());
    };
    match mapping::load(mapping.clone(), absolute(&options.base_url)).await {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(e)) => Err(e),
        // The mapping code did not load (offline): the first request will say so and retry.
        Err(_) => Ok(()),
    }
}

/// The API base as an absolute URL ("/api" is on this site).
pub fn absolute(base: &str) -> String {
    let page = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    web_sys::Url::new_with_base(if base.is_empty() { "/" } else { base }, &page)
        .map(|u| u.href())
        .unwrap_or_else(|_| base.to_owned())
        .trim_end_matches('/')
        .to_owned()
}

/// The HTTP backend as pages reach it. The [`Client`] answers everything (`later.rs`); what
/// the first screen needs (the feed, clips, likes, follows) is called on it directly, so that
/// code is in this chunk, and everything else through the `dyn Api` that `later::load` makes in
/// a chunk of its own, loaded on first use (each answer type's decoder is code: the first load
/// carries only the feed's).
pub struct HttpBackend {
    client: Rc<Client>,
    later: Rc<RefCell<Option<LoadingLater>>>,
}

type LoadingLater = Shared<LocalBoxFuture<'static, ApiResult<Rc<dyn Api>>>>;

/// One API: its base URL, timeout, the shopper's token, and the shape of its URLs and bodies.
pub struct Client {
    base: String,
    timeout_ms: u32,
    token: Token,
    shape: Rc<dyn Shape>,
}

/// An endpoint's request: which, with what, and (for writes) the body and headers.
struct Call<'a> {
    endpoint: Endpoint,
    vars: &'a [(&'a str, &'a str)],
    page: Option<PageAsk<'a>>,
    body: Option<String>,
    headers: Vec<(String, String)>,
    /// Present this token instead of the current one (sign-out revokes the token it was given).
    token: Option<&'a str>,
}

impl<'a> Call<'a> {
    fn new(endpoint: Endpoint, vars: &'a [(&'a str, &'a str)]) -> Self {
        Call {
            endpoint,
            vars,
            page: None,
            body: None,
            headers: Vec::new(),
            token: None,
        }
    }

    fn paged(mut self, cursor: Option<&'a str>, limit: u32) -> Self {
        self.page = Some(PageAsk { cursor, limit });
        self
    }

    fn body(mut self, body: &impl serde::Serialize) -> Self {
        self.body = serde_json::to_string(body).ok();
        self
    }
}

fn not_offered(endpoint: Endpoint) -> ApiError {
    ApiError::with_detail(
        ErrorKind::NotFound,
        format!("this backend does not offer {}", endpoint.name()),
    )
}

impl Client {
    async fn exchange(&self, call: Call<'_>) -> ApiResult<Reply> {
        let endpoint = call.endpoint;
        if !self.shape.offers(endpoint) {
            return Err(not_offered(endpoint));
        }
        let (method, path) = self.shape.plan(endpoint, call.vars, call.page)?;
        let url = format!("{}{path}", self.base);
        let mut headers = call.headers;
        let token = match call.token {
            Some(t) => Some(t.to_owned()),
            None => self.token.borrow().clone(),
        };
        // The token (or key) goes to the API's own origin only, never to a host a mapped
        // URL might name.
        if super::sends_token_to(&url, &self.base) {
            headers.extend(self.shape.auth(token.as_deref()));
        }
        let idempotent = method != "POST" || headers.iter().any(|(h, _)| h == "Idempotency-Key");
        let req = Req {
            method,
            url,
            headers,
            body: call.body,
            idempotent,
        };
        let reply = transport::send(&req, self.timeout_ms).await?;
        if reply.ok() {
            Ok(reply)
        } else {
            let (code, message) = self.shape.refusal(&reply);
            let what = format!("{} {}", req.method, endpoint.name());
            Err(shape::failure(reply.status, code, message, &what))
        }
    }

    async fn get<T: DeserializeOwned>(&self, call: Call<'_>) -> ApiResult<T> {
        let (endpoint, page) = (call.endpoint, call.page);
        let reply = self.exchange(call).await?;
        super::decode(&self.shape.read(endpoint, page, reply)?)
    }

    async fn send(&self, call: Call<'_>) -> ApiResult<()> {
        self.exchange(call).await.map(drop)
    }

    /// A list the backend may not offer: empty then.
    async fn optional_list<T: DeserializeOwned>(&self, call: Call<'_>) -> ApiResult<Vec<T>> {
        if self.shape.offers(call.endpoint) {
            self.get(call).await
        } else {
            Ok(Vec::new())
        }
    }
}

impl HttpBackend {
    async fn later(&self) -> ApiResult<Rc<dyn Api>> {
        load_later(&self.client, &self.later).await
    }
}

/// The rest of the backend's code, loaded once.
async fn load_later(
    client: &Rc<Client>,
    cell: &RefCell<Option<LoadingLater>>,
) -> ApiResult<Rc<dyn Api>> {
    let loading = cell
        .borrow_mut()
        .get_or_insert_with(|| {
            let client = client.clone();
            async move { Ok(later::load(client).await?) }
                .boxed_local()
                .shared()
        })
        .clone();
    let result = loading.await;
    if result.is_err() {
        // A chunk that did not arrive is asked for again next time.
        cell.borrow_mut().take();
    }
    result
}

impl Api for HttpBackend {
    fn feed(&self, tab: FeedTab, cursor: Option<String>, limit: u32) -> Answer<'_, Page<FeedItem>> {
        self.client.feed(tab, cursor, limit)
    }
    fn video<'a>(&'a self, id: &'a str) -> Answer<'a, FeedItem> {
        self.client.video(id)
    }
    fn live_events(
        &self,
        id: &str,
        after_id: u64,
        on_event: Rc<dyn Fn(LiveEvent)>,
    ) -> LiveSubscription {
        // The stream and its decoder are in the later chunk (a live room is never the first
        // screen's): subscribe once it is in, unless the subscription was dropped meanwhile.
        let stopped = Rc::new(std::cell::Cell::new(false));
        let inner = Rc::new(RefCell::new(None::<LiveSubscription>));
        let (client, cell, id) = (self.client.clone(), self.later.clone(), id.to_owned());
        let (stop, slot) = (stopped.clone(), inner.clone());
        leptos::task::spawn_local(async move {
            if let Ok(later) = load_later(&client, &cell).await {
                if !stop.get() {
                    *slot.borrow_mut() = Some(later.live_events(&id, after_id, on_event));
                }
            }
        });
        LiveSubscription::new(move || {
            stopped.set(true);
            inner.borrow_mut().take();
        })
    }

    fn set_like<'a>(&'a self, video_id: &'a str, liked: bool) -> Answer<'a, ()> {
        self.client.set_like(video_id, liked)
    }
    fn set_follow<'a>(&'a self, handle: &'a str, follow: bool) -> Answer<'a, ()> {
        self.client.set_follow(handle, follow)
    }
    fn product<'a>(&'a self, id: &'a str) -> Answer<'a, ProductDetail> {
        async move { self.later().await?.product(id).await }.boxed_local()
    }

    fn creator<'a>(&'a self, handle: &'a str) -> Answer<'a, Creator> {
        async move { self.later().await?.creator(handle).await }.boxed_local()
    }

    fn creator_videos<'a>(
        &'a self,
        handle: &'a str,
        cursor: Option<String>,
        limit: u32,
    ) -> Answer<'a, Page<FeedItem>> {
        async move {
            self.later()
                .await?
                .creator_videos(handle, cursor, limit)
                .await
        }
        .boxed_local()
    }

    fn showcase<'a>(
        &'a self,
        handle: &'a str,
        sort: ProductSort,
        cursor: Option<String>,
        limit: u32,
    ) -> Answer<'a, Page<ProductSummary>> {
        async move {
            let later = self.later().await?;
            later.showcase(handle, sort, cursor, limit).await
        }
        .boxed_local()
    }

    fn search<'a>(
        &'a self,
        ask: &'a SearchRequest,
        cursor: Option<String>,
        limit: u32,
    ) -> Answer<'a, Page<SearchHit>> {
        async move { self.later().await?.search(ask, cursor, limit).await }.boxed_local()
    }

    fn suggest<'a>(&'a self, typed: &'a str) -> Answer<'a, Vec<Text>> {
        async move { self.later().await?.suggest(typed).await }.boxed_local()
    }

    fn categories(&self) -> Answer<'_, Vec<Category>> {
        async move { self.later().await?.categories().await }.boxed_local()
    }

    fn shop<'a>(&'a self, id: &'a str) -> Answer<'a, ShopDetail> {
        async move { self.later().await?.shop(id).await }.boxed_local()
    }

    fn reviews<'a>(
        &'a self,
        product: &'a str,
        photos_only: bool,
        cursor: Option<String>,
        limit: u32,
    ) -> Answer<'a, Page<Review>> {
        async move {
            let later = self.later().await?;
            later.reviews(product, photos_only, cursor, limit).await
        }
        .boxed_local()
    }

    fn product_videos<'a>(
        &'a self,
        product: &'a str,
        cursor: Option<String>,
        limit: u32,
    ) -> Answer<'a, Page<FeedItem>> {
        async move {
            let later = self.later().await?;
            later.product_videos(product, cursor, limit).await
        }
        .boxed_local()
    }

    fn suggested_creators(&self) -> Answer<'_, Vec<CreatorSummary>> {
        async move { self.later().await?.suggested_creators().await }.boxed_local()
    }

    fn coupons(&self) -> Answer<'_, Vec<Coupon>> {
        async move { self.later().await?.coupons().await }.boxed_local()
    }

    fn live_rooms(&self) -> Answer<'_, Vec<LiveRoom>> {
        async move { self.later().await?.live_rooms().await }.boxed_local()
    }

    fn live_room<'a>(&'a self, id: &'a str) -> Answer<'a, LiveRoom> {
        async move { self.later().await?.live_room(id).await }.boxed_local()
    }

    fn post_comment<'a>(&'a self, room: &'a str, text: &'a str) -> Answer<'a, LiveEvent> {
        async move { self.later().await?.post_comment(room, text).await }.boxed_local()
    }

    fn send_hearts<'a>(&'a self, room: &'a str, count: u32) -> Answer<'a, ()> {
        async move { self.later().await?.send_hearts(room, count).await }.boxed_local()
    }

    fn claim_coupon<'a>(
        &'a self,
        room: &'a str,
        coupon: &'a str,
        watched_ms: u64,
    ) -> Answer<'a, Coupon> {
        async move {
            self.later()
                .await?
                .claim_coupon(room, coupon, watched_ms)
                .await
        }
        .boxed_local()
    }

    fn place_order<'a>(
        &'a self,
        idempotency_key: &'a str,
        request: &'a OrderRequest,
    ) -> Answer<'a, Order> {
        async move {
            self.later()
                .await?
                .place_order(idempotency_key, request)
                .await
        }
        .boxed_local()
    }

    fn orders(&self) -> Answer<'_, Vec<Order>> {
        async move { self.later().await?.orders().await }.boxed_local()
    }

    fn order<'a>(&'a self, id: &'a str) -> Answer<'a, Order> {
        async move { self.later().await?.order(id).await }.boxed_local()
    }

    fn send_code<'a>(&'a self, phone: &'a str) -> Answer<'a, ()> {
        async move { self.later().await?.send_code(phone).await }.boxed_local()
    }

    fn login<'a>(&'a self, request: &'a LoginRequest) -> Answer<'a, Session> {
        async move { self.later().await?.login(request).await }.boxed_local()
    }

    fn logout<'a>(&'a self, token: &'a str) -> Answer<'a, ()> {
        async move { self.later().await?.logout(token).await }.boxed_local()
    }

    fn cart(&self) -> Answer<'_, Cart> {
        async move { self.later().await?.cart().await }.boxed_local()
    }

    fn put_cart<'a>(&'a self, cart: &'a Cart) -> Answer<'a, ()> {
        async move { self.later().await?.put_cart(cart).await }.boxed_local()
    }
}
