//! Haowu's reference server: the app's native REST contract (`/api`) over the demo world,
//! with accounts, carts, likes, follows and orders in SQLite, live rooms played on the
//! server's clock and pushed over SSE, and the built app itself (`dist/`), with link previews
//! for crawlers.
//!
//! Every wire type is the app's own (`haowu::model`), and every catalogue answer comes from the
//! same queries the in-browser demo backend runs (`haowu::api::demo::world`), so the two
//! backends cannot drift apart.

pub mod auth;
pub mod db;
pub mod errors;
pub mod live;
pub mod pages;
pub mod routes;
pub mod settings;
pub mod static_files;

pub use settings::Options;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderName, HeaderValue, Method};
use axum::Router;
use haowu::api::demo::{DemoWorld, WorldData};
use std::fmt;
use std::ops::Deref;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;

/// Why the server could not start.
#[derive(Debug)]
pub struct StartError(pub String);

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StartError {}

/// Everything a request handler can reach. Cheap to clone.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

pub struct Shared {
    pub options: Options,
    pub world: Arc<DemoWorld>,
    pub db: db::Db,
    pub live: Arc<live::LiveHub>,
    pub dist_headers: static_files::HeaderRules,
    cors_origins: Vec<HeaderValue>,
    /// Set when the server shuts down: event streams end, so graceful shutdown does not
    /// wait for clients that would otherwise stay connected forever.
    closing: watch::Sender<bool>,
}

impl Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// Reads the demo world (`public/demo/world.json` by default).
/// `world.json` and the `live.json` beside it.
pub fn load_world(path: &Path) -> Result<WorldData, StartError> {
    WorldData::load(path).map_err(|e| StartError(format!("the world: {e}")))
}

impl AppState {
    /// Opens the database (applying migrations) and starts the live rooms' clock. Must run
    /// inside a Tokio runtime: the rooms' ticker is a task on it.
    pub fn new(options: Options, world: WorldData) -> Result<AppState, StartError> {
        let cors_origins = options
            .cors_origins
            .iter()
            .map(|o| {
                HeaderValue::from_str(o.trim_end_matches('/'))
                    .map_err(|_| StartError(format!("bad CORS origin {o:?}")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        if let Some(dir) = options.db.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| StartError(format!("cannot create {}: {e}", dir.display())))?;
        }
        let db = db::Db::open(&options.db)
            .map_err(|e| StartError(format!("cannot open {}: {e}", options.db.display())))?;
        let world = Arc::new(DemoWorld::new(world));
        let live = Arc::new(
            live::LiveHub::new(world.clone(), options.backlog, options.live_at)
                .map_err(|e| StartError(format!("the live shows: {e}")))?,
        );
        live::spawn_ticker(&live, options.tick);
        Ok(AppState(Arc::new(Shared {
            options,
            world,
            db,
            live,
            dist_headers: static_files::HeaderRules::default(),
            cors_origins,
            closing: watch::channel(false).0,
        })))
    }

    /// [`AppState::new`] with the world read from `options.world`.
    pub fn from_options(options: Options) -> Result<AppState, StartError> {
        let world = load_world(&options.world)?;
        Self::new(options, world)
    }

    /// Ends every open event stream (at shutdown).
    pub fn close_streams(&self) {
        self.closing.send_replace(true);
    }

    /// Completes when [`close_streams`](Self::close_streams) is called or the state is gone.
    pub fn closed(&self) -> impl std::future::Future<Output = ()> + Send + 'static {
        let mut rx = self.closing.subscribe();
        async move {
            let _ = rx.wait_for(|closing| *closing).await;
        }
    }
}

fn cors(origins: &[HeaderValue]) -> CorsLayer {
    let allow = if origins.is_empty() {
        AllowOrigin::any()
    } else {
        AllowOrigin::list(origins.iter().cloned())
    };
    CorsLayer::new()
        .allow_origin(allow)
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::DELETE,
            Method::OPTIONS,
        ])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            HeaderName::from_static("idempotency-key"),
            HeaderName::from_static("last-event-id"),
        ])
        .expose_headers([
            HeaderName::from_static("x-total-count"),
            header::LINK,
            header::CONTENT_RANGE,
        ])
        .max_age(Duration::from_secs(600))
}

/// The whole server: the API under `/api`, the app everywhere else.
pub fn app(state: AppState) -> Router {
    let api = routes::api()
        .fallback(errors::api_not_found)
        .method_not_allowed_fallback(errors::api_method_not_allowed)
        // Inside the CORS layer, so that a browser on another origin can read the 500.
        .layer(CatchPanicLayer::custom(errors::panic_response))
        // tower-http's limit alone decides, so that axum's own 2 MB default does not answer
        // first in its own words.
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(errors::BODY_LIMIT))
        .layer(axum::middleware::from_fn(errors::normalize_errors))
        .layer(cors(&state.cors_origins));
    // Video is served in byte ranges and is compressed already; event streams must not wait
    // for a compressor's buffer (the default predicate skips them and images).
    let compress = DefaultPredicate::new()
        .and(NotForContentType::const_new("video/"))
        .and(NotForContentType::const_new("audio/"));
    Router::new()
        .nest("/api", api)
        .fallback(static_files::serve)
        .with_state(state)
        .layer(CompressionLayer::new().compress_when(compress))
        .layer(CatchPanicLayer::custom(errors::panic_response))
}
