//! Bad requests get the contract's error shape and status, never a crash or plain text.

use crate::common::*;
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use serde_json::Value;

async fn raw(
    s: &Server,
    method: Method,
    path: &str,
    content_type: Option<&str>,
    body: Body,
) -> (StatusCode, Value) {
    let mut req = Request::builder().method(method).uri(path);
    if let Some(ct) = content_type {
        req = req.header(header::CONTENT_TYPE, ct);
    }
    let (st, headers, bytes) = s.send(req.body(body).unwrap()).await;
    assert_eq!(
        headers
            .get(header::CONTENT_TYPE)
            .map(|v| v.to_str().unwrap()),
        Some("application/json"),
        "{path}: {}",
        String::from_utf8_lossy(&bytes)
    );
    (st, decode(&bytes))
}

const JSON: Option<&str> = Some("application/json");

#[tokio::test]
async fn bad_bodies() {
    let s = Server::new();
    let login = "/api/auth/login";

    let (st, e) = raw(&s, Method::POST, login, JSON, Body::from("{\"phone\": ")).await;
    assert_error(st, &e, StatusCode::BAD_REQUEST, "bad_request");
    assert!(
        e["error"]["message"].as_str().unwrap().contains("EOF"),
        "{e}"
    );

    let (st, e) = raw(
        &s,
        Method::POST,
        login,
        JSON,
        Body::from(r#"{"phone": 138, "code": "123456"}"#),
    )
    .await;
    assert_error(st, &e, StatusCode::BAD_REQUEST, "bad_request");
    assert!(
        e["error"]["message"]
            .as_str()
            .unwrap()
            .contains("invalid type"),
        "{e}"
    );

    let (st, e) = raw(
        &s,
        Method::POST,
        login,
        JSON,
        Body::from(r#"{"phone": "13800138000"}"#),
    )
    .await;
    assert_error(st, &e, StatusCode::BAD_REQUEST, "bad_request");
    assert!(
        e["error"]["message"]
            .as_str()
            .unwrap()
            .contains("missing field `code`"),
        "{e}"
    );

    let (st, e) = raw(
        &s,
        Method::POST,
        "/api/live/live_snack/hearts",
        JSON,
        Body::from(r#"{"count": -1}"#),
    )
    .await;
    assert_error(st, &e, StatusCode::BAD_REQUEST, "bad_request");
    let (st, e) = raw(
        &s,
        Method::POST,
        "/api/live/live_snack/hearts",
        JSON,
        Body::from(r#"{"count": 101}"#),
    )
    .await;
    assert_error(st, &e, StatusCode::BAD_REQUEST, "bad_request");

    let (st, e) = raw(
        &s,
        Method::POST,
        login,
        Some("text/plain"),
        Body::from(r#"{"phone":"1","code":"1"}"#),
    )
    .await;
    assert_error(
        st,
        &e,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    );
    let (st, e) = raw(
        &s,
        Method::POST,
        login,
        None,
        Body::from(r#"{"phone":"1","code":"1"}"#),
    )
    .await;
    assert_error(
        st,
        &e,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    );

    // 1 MB, with its length declared, and streamed without one.
    let big = format!(
        r#"{{"phone": "{}", "code": "123456"}}"#,
        "1".repeat(1 << 20)
    );
    let (st, e) = raw(&s, Method::POST, login, JSON, Body::from(big.clone())).await;
    assert_error(st, &e, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    let chunks = big
        .into_bytes()
        .chunks(8192)
        .map(|c| Ok::<_, std::io::Error>(axum::body::Bytes::copy_from_slice(c)))
        .collect::<Vec<_>>();
    let streamed = Body::from_stream(futures_util::stream::iter(chunks));
    let (st, e) = raw(&s, Method::POST, login, JSON, streamed).await;
    assert_error(st, &e, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    // Just under the limit is read (and then judged on its content).
    let near = format!(r#"{{"phone": "{}", "code": "123456"}}"#, "1".repeat(60_000));
    let (st, e) = raw(&s, Method::POST, login, JSON, Body::from(near)).await;
    assert_error(st, &e, StatusCode::UNPROCESSABLE_ENTITY, "invalid_phone");
}

#[tokio::test]
async fn bad_paths_methods_and_queries() {
    let s = Server::new();
    for path in [
        "/api/nope",
        "/api",
        "/api/feed/extra",
        "/api/live/live_snack/nope",
    ] {
        let (st, e) = raw(&s, Method::GET, path, None, Body::empty()).await;
        assert_error(st, &e, StatusCode::NOT_FOUND, "not_found");
    }
    for (method, path) in [
        (Method::DELETE, "/api/feed"),
        (Method::POST, "/api/products/hf-mamian"),
        (Method::GET, "/api/auth/login"),
        (Method::PATCH, "/api/cart"),
    ] {
        let (st, e) = raw(&s, method, path, None, Body::empty()).await;
        assert_error(st, &e, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
    }
    for path in [
        "/api/feed?limit=0",
        "/api/feed?limit=51",
        "/api/feed?limit=ten",
        "/api/feed?tab=popular",
        "/api/feed?cursor=zzz",
        "/api/search?q=a&cursor=o-1",
        "/api/live/live_snack/events?after=x",
    ] {
        let (st, e) = raw(&s, Method::GET, path, None, Body::empty()).await;
        assert_error(st, &e, StatusCode::BAD_REQUEST, "bad_request");
    }
}

#[tokio::test]
async fn cors_lets_other_origins_in() {
    let s = Server::new();
    let preflight = Request::builder()
        .method(Method::OPTIONS)
        .uri("/api/orders")
        .header(header::ORIGIN, "https://shop.example")
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(
            header::ACCESS_CONTROL_REQUEST_HEADERS,
            "authorization,content-type,idempotency-key",
        )
        .body(Body::empty())
        .unwrap();
    let (st, h, _) = s.send(preflight).await;
    assert!(st.is_success());
    assert_eq!(h[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    assert_eq!(h[header::ACCESS_CONTROL_MAX_AGE], "600");
    let allowed = h[header::ACCESS_CONTROL_ALLOW_HEADERS].to_str().unwrap();
    for name in [
        "authorization",
        "content-type",
        "idempotency-key",
        "last-event-id",
    ] {
        assert!(allowed.contains(name), "{allowed}");
    }
    let methods = h[header::ACCESS_CONTROL_ALLOW_METHODS].to_str().unwrap();
    for m in ["GET", "POST", "PUT", "DELETE", "OPTIONS"] {
        assert!(methods.contains(m), "{methods}");
    }
    // Errors carry the headers too, so the page can read them.
    let req = Request::get("/api/nope")
        .header(header::ORIGIN, "https://shop.example")
        .body(Body::empty())
        .unwrap();
    let (_, h, _) = s.send(req).await;
    assert_eq!(h[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    let exposed = h[header::ACCESS_CONTROL_EXPOSE_HEADERS].to_str().unwrap();
    assert!(
        exposed.contains("x-total-count")
            && exposed.contains("link")
            && exposed.contains("content-range")
    );

    let only = Server::with(
        |o| o.cors_origins = vec!["https://shop.example".into()],
        fast_world(),
    );
    let req = Request::get("/api/coupons")
        .header(header::ORIGIN, "https://evil.example")
        .body(Body::empty())
        .unwrap();
    let (_, h, _) = only.send(req).await;
    assert!(h.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
}

#[tokio::test]
async fn a_panic_is_the_contract_500() {
    use axum::routing::get;
    use tower::ServiceExt;
    use tower_http::catch_panic::CatchPanicLayer;
    // The app's own panic answer, behind the same layer the app uses.
    let app = axum::Router::new()
        .route("/boom", get(|| async { panic!("boom") as &'static str }))
        .layer(CatchPanicLayer::custom(
            haowu_server::errors::panic_response,
        ));
    let r = app
        .oneshot(Request::get("/boom").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let bytes = http_body_util::BodyExt::collect(r.into_body())
        .await
        .unwrap()
        .to_bytes();
    assert_error(
        StatusCode::INTERNAL_SERVER_ERROR,
        &decode(&bytes),
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
    );
}
