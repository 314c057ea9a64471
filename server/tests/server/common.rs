#![allow(dead_code)]

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use haowu::api::demo::WorldData;
use haowu::config::Gated;
use haowu_server::{app, load_world, AppState, Options};
use http_body_util::BodyExt;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tempfile::TempDir;
use tower::ServiceExt;

pub const PHONE: &str = "13800138000";
pub const OTHER_PHONE: &str = "13900139000";

/// The world the browser's demo reads.
pub fn world() -> WorldData {
    load_world(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../public/demo/world.json")).unwrap()
}

/// The world with every live script running 20 times faster (a loop of 3 s, an event every
/// few tens of ms), so stream tests take a moment.
pub fn fast_world() -> WorldData {
    let mut w = world();
    for s in &mut w.live {
        s.loop_ms = (s.loop_ms / 20).max(1);
        for e in &mut s.script {
            e.at_ms /= 20;
        }
    }
    w
}

pub struct Server {
    pub app: Router,
    pub state: AppState,
    pub dir: PathBuf,
    /// Keeps the temporary directory alive as long as the server.
    _tmp: Option<TempDir>,
}

pub fn options(dir: &Path) -> Options {
    Options {
        dist: dir.join("dist"),
        db: dir.join("db").join("haowu.db"),
        world: PathBuf::from("unused"),
        tick: Duration::from_millis(10),
        ..Options::default()
    }
}

impl Server {
    pub fn new() -> Server {
        Self::with(|_| {}, fast_world())
    }

    pub fn with(tweak: impl FnOnce(&mut Options), world: WorldData) -> Server {
        let tmp = TempDir::new().unwrap();
        let mut server = Self::at(tmp.path(), tweak, world);
        server._tmp = Some(tmp);
        server
    }

    /// A server on the database (and dist) under `dir`, which outlives it.
    pub fn at(dir: &Path, tweak: impl FnOnce(&mut Options), world: WorldData) -> Server {
        let mut opts = options(dir);
        tweak(&mut opts);
        let state = AppState::new(opts, world).unwrap();
        Server {
            app: app(state.clone()),
            state,
            dir: dir.to_owned(),
            _tmp: None,
        }
    }

    /// Deletes `tmp` when the server goes.
    pub fn owning(mut self, tmp: TempDir) -> Server {
        self._tmp = Some(tmp);
        self
    }

    pub async fn send(&self, request: Request<Body>) -> (StatusCode, HeaderMap, Bytes) {
        let response = self.app.clone().oneshot(request).await.unwrap();
        let (parts, body) = response.into_parts();
        let bytes = body.collect().await.unwrap().to_bytes();
        (parts.status, parts.headers, bytes)
    }

    /// A JSON request (body sent as application/json when given); the answer decoded as JSON
    /// (`Value::Null` for an empty body).
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = Request::builder().method(method).uri(path);
        if let Some(t) = token {
            req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        let req = match body {
            Some(b) => req
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(b.to_string())),
            None => req.body(Body::empty()),
        }
        .unwrap();
        let (status, _, bytes) = self.send(req).await;
        (status, decode(&bytes))
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.call(Method::GET, path, None, None).await
    }

    pub async fn sign_in(&self, phone: &str) -> String {
        let (status, session) = self
            .call(
                Method::POST,
                "/api/auth/login",
                None,
                Some(serde_json::json!({"phone": phone, "code": "123456"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{session}");
        session["token"].as_str().unwrap().to_owned()
    }
}

pub fn decode(bytes: &[u8]) -> Value {
    if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(bytes)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(bytes)))
    }
}

/// Asserts the contract's error shape and code.
pub fn assert_error(status: StatusCode, body: &Value, want_status: StatusCode, code: &str) {
    assert_eq!(status, want_status, "{body}");
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{body}"
    );
    assert_eq!(body.as_object().unwrap().len(), 1, "only `error`: {body}");
}

pub fn gated(list: &[Gated]) -> impl FnOnce(&mut Options) {
    let list = list.to_vec();
    move |o: &mut Options| o.sign_in_required = list
}
