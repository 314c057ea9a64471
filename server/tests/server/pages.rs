//! The built app: files, the app's routes with link previews, the configuration, headers.

use crate::common::*;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use std::path::Path;

const INDEX: &str = "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n  <meta charset=\"utf-8\" />\n  <meta name=\"description\" content=\"Shop\" />\n  <title>好物 Haowu</title>\n  <style>body{}</style>\n</head>\n<body><div id=app></div></body>\n</html>\n";

fn write_dist(dir: &Path) {
    let dist = dir.join("dist");
    std::fs::create_dir_all(dist.join("pkg")).unwrap();
    std::fs::write(dist.join("index.html"), INDEX).unwrap();
    std::fs::write(dist.join("pkg/app-abc.js"), "export {}").unwrap();
    std::fs::write(dist.join("boot-x1.js"), "1").unwrap();
    std::fs::write(
        dist.join("haowu.config.json"),
        r#"{"backend": "demo", "locale": "en", "http": {"timeout": 1}}"#,
    )
    .unwrap();
    std::fs::write(
        dist.join("serve.json"),
        r#"{"headers": [
            {"source": "**", "headers": [{"key": "Content-Security-Policy", "value": "default-src 'self'"}]},
            {"source": "boot-*.js", "headers": [{"key": "Cache-Control", "value": "public, max-age=31536000, immutable"}]}
        ]}"#,
    )
    .unwrap();
}

/// A server whose dist holds a small index.html, and whose world has a product with a title
/// that needs escaping.
fn server() -> Server {
    let mut world = fast_world();
    let p = world
        .products
        .iter_mut()
        .find(|p| p.id == "hf-mamian")
        .unwrap();
    p.title.zh = r#"<script>alert("x")</script> & 'quotes'"#.into();
    let tmp = tempfile::tempdir().unwrap();
    write_dist(tmp.path());
    Server::at(tmp.path(), |_| {}, world).owning(tmp)
}

async fn page(s: &Server, path: &str) -> (StatusCode, axum::http::HeaderMap, String) {
    let req = Request::get(path)
        .header(header::HOST, "shop.example:8787")
        .body(Body::empty())
        .unwrap();
    let (st, h, bytes) = s.send(req).await;
    (st, h, String::from_utf8(bytes.to_vec()).unwrap())
}

fn meta(html: &str, property: &str) -> Option<String> {
    let key = format!("<meta property=\"{property}\" content=\"");
    let start = html.find(&key)? + key.len();
    Some(html[start..start + html[start..].find('"')?].to_owned())
}

#[tokio::test]
async fn product_pages_carry_an_escaped_preview() {
    let s = server();
    let (st, h, html) = page(&s, "/p/hf-mamian").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(h[header::CACHE_CONTROL], "no-cache");
    assert_eq!(h["content-security-policy"], "default-src 'self'");
    let escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;";
    assert_eq!(meta(&html, "og:title").unwrap(), escaped);
    assert!(
        html.contains(&format!("<title>{escaped} · 好物 Haowu</title>")),
        "{html}"
    );
    assert!(!html.contains("<script>alert"), "{html}");
    assert_eq!(html.matches("<title>").count(), 1);
    assert_eq!(html.matches("name=\"description\"").count(), 1);
    assert!(!html.contains("content=\"Shop\""));
    assert_eq!(
        meta(&html, "og:url").unwrap(),
        "http://shop.example:8787/p/hf-mamian"
    );
    assert_eq!(
        meta(&html, "og:image").unwrap(),
        "http://shop.example:8787/media/products/hf-mamian-1.webp"
    );
    assert_eq!(meta(&html, "og:type").unwrap(), "product");
    assert!(meta(&html, "og:description").is_some_and(|d| !d.is_empty()));
    let head_end = html.find("</head>").unwrap();
    assert!(html.find("og:title").unwrap() < head_end, "in the head");
}

#[tokio::test]
async fn clips_creators_shops_and_rooms_have_previews_and_unknown_ids_the_plain_page() {
    let s = server();
    let (_, _, html) = page(&s, "/v/v001").await;
    assert_eq!(
        meta(&html, "og:image").unwrap(),
        "http://shop.example:8787/media/clips/c01.jpg"
    );
    assert_eq!(meta(&html, "og:type").unwrap(), "video.other");
    let (_, _, html) = page(&s, "/@YUEBAI_HANFU").await;
    assert_eq!(
        meta(&html, "og:image").unwrap(),
        "http://shop.example:8787/media/avatars/yuebai_hanfu.webp"
    );
    assert_eq!(
        meta(&html, "og:url").unwrap(),
        "http://shop.example:8787/@YUEBAI_HANFU"
    );
    let (_, _, html) = page(&s, "/shop/yuebai").await;
    assert_eq!(
        meta(&html, "og:image").unwrap(),
        "http://shop.example:8787/media/shops/yuebai.webp"
    );
    let shop = &s.state.world.shop("yuebai").unwrap();
    assert_eq!(meta(&html, "og:title").unwrap(), shop.name.zh);
    assert_eq!(meta(&html, "og:description").unwrap(), shop.description.zh);
    let (_, _, html) = page(&s, "/live/live_snack").await;
    assert_eq!(
        meta(&html, "og:image").unwrap(),
        "http://shop.example:8787/media/live/live_snack/poster.jpg"
    );
    for plain in [
        "/p/nope",
        "/v/nope",
        "/@nobody",
        "/live/nope",
        "/shop/nope",
        "/orders",
        "/",
        "/cart",
    ] {
        let (st, h, html) = page(&s, plain).await;
        assert_eq!(st, StatusCode::OK, "{plain}");
        assert_eq!(html, INDEX, "{plain}");
        assert_eq!(h[header::CACHE_CONTROL], "no-cache");
    }
}

#[tokio::test]
async fn files_config_and_caching() {
    let s = server();
    let (st, h, body) = page(&s, "/pkg/app-abc.js").await;
    assert_eq!((st, body.as_str()), (StatusCode::OK, "export {}"));
    assert_eq!(
        h[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(h["content-security-policy"], "default-src 'self'");
    let (_, h, _) = page(&s, "/boot-x1.js").await;
    assert_eq!(
        h[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    // A chunk of another deployment is a 404 (the app reloads on it), not the app.
    let (st, h, _) = page(&s, "/pkg/chunk_9-old.wasm").await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    assert!(h.get(header::CACHE_CONTROL).is_none());
    let (st, _, _) = page(&s, "/favicon.ico").await;
    assert_eq!(st, StatusCode::NOT_FOUND);

    let (st, h, body) = page(&s, "/haowu.config.json").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(h[header::CACHE_CONTROL], "no-cache");
    let config: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(config["backend"], "http");
    assert_eq!(config["http"]["base_url"], "/api");
    assert_eq!(config["http"]["timeout"], 1, "the build's own keys stay");
    assert_eq!(config["locale"], "en");
    assert_eq!(
        config["sign_in_required"],
        serde_json::json!(["order", "comment"])
    );
}
