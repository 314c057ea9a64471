//! The built app from the dist directory: files as they are (with byte ranges for video),
//! index.html for the app's routes (with a link preview where there is one), the
//! configuration pointed at this server, and the headers the build asks for in `serve.json`
//! (its Content-Security-Policy; long caching for content-hashed files).

use crate::pages;
use crate::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;
use tower::ServiceExt;
use tower_http::services::ServeDir;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// Folders of files that are never app routes: a missing file there is a 404, not the app
/// (the app relies on a 404 for a chunk of an older deployment to notice a new one).
const ASSET_DIRS: [&str; 3] = ["/pkg/", "/media/", "/demo/"];

/// One rule of `serve.json` (npm `serve`'s format, written by scripts/build-wasm.mjs).
#[derive(Debug)]
struct Rule {
    source: String,
    headers: Vec<(HeaderName, HeaderValue)>,
}

/// `dist/serve.json`'s header rules, read again when the file changes (a rebuild writes new
/// style hashes into the policy).
#[derive(Default)]
pub struct HeaderRules {
    cache: Mutex<Option<(SystemTime, Arc<Vec<Rule>>)>>,
}

impl HeaderRules {
    fn get(&self, dist: &Path) -> Arc<Vec<Rule>> {
        let file = dist.join("serve.json");
        let Some(modified) = std::fs::metadata(&file).and_then(|m| m.modified()).ok() else {
            return Arc::default();
        };
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, rules)) = cache.as_ref().filter(|(at, _)| *at == modified) {
            return rules.clone();
        }
        let rules = Arc::new(read_rules(&file));
        *cache = Some((modified, rules.clone()));
        rules
    }
}

fn read_rules(file: &Path) -> Vec<Rule> {
    let Some(config) = std::fs::read_to_string(file)
        .ok()
        .and_then(|t| serde_json::from_str::<Value>(&t).ok())
    else {
        return Vec::new();
    };
    let mut rules = Vec::new();
    for rule in config["headers"].as_array().into_iter().flatten() {
        let Some(source) = rule["source"].as_str() else {
            continue;
        };
        let headers = rule["headers"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|h| {
                let name = HeaderName::from_bytes(h["key"].as_str()?.as_bytes()).ok()?;
                let value = HeaderValue::from_str(h["value"].as_str()?).ok()?;
                Some((name, value))
            })
            .collect();
        rules.push(Rule {
            source: source.to_owned(),
            headers,
        });
    }
    rules
}

/// `serve`'s globs: `**` spans folders, `*` stays within one.
fn glob(pattern: &str, path: &str) -> bool {
    fn go(p: &[u8], s: &[u8]) -> bool {
        match p {
            [] => s.is_empty(),
            [b'*', b'*', rest @ ..] => (0..=s.len()).any(|i| go(rest, &s[i..])),
            [b'*', rest @ ..] => (0..=s.len())
                .take_while(|&i| i == 0 || s[i - 1] != b'/')
                .any(|i| go(rest, &s[i..])),
            [c, rest @ ..] => s.first() == Some(c) && go(rest, &s[1..]),
        }
    }
    go(pattern.as_bytes(), path.as_bytes())
}

/// The app's route for `path` (served index.html when no file has that name).
fn is_app_route(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or("");
    !ASSET_DIRS.iter().any(|d| path.starts_with(d))
        && !last.contains('.')
        && !path.starts_with("/api/")
}

/// `scheme://host` of the site as the client reached it, for absolute URLs in previews.
fn origin(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(url) = &state.options.public_url {
        return url.trim_end_matches('/').to_owned();
    }
    let first = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(|v| v.trim().to_owned())
    };
    let scheme = first("x-forwarded-proto")
        .filter(|s| s == "https" || s == "http")
        .unwrap_or_else(|| "http".to_owned());
    // Only a plausible host name goes into the page: the header is the client's to choose.
    let host = first("x-forwarded-host")
        .or_else(|| first("host"))
        .filter(|h| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or_else(|| "localhost".to_owned());
    format!("{scheme}://{host}")
}

async fn index(state: &AppState, preview: Option<pages::Preview>) -> Response {
    let file = state.options.dist.join("index.html");
    let Ok(html) = tokio::fs::read_to_string(&file).await else {
        return (
            StatusCode::NOT_FOUND,
            format!(
                "{} is missing: build the app first (trunk build --release, or scripts/stack)",
                file.display()
            ),
        )
            .into_response();
    };
    let html = served_by_this_api(&html);
    let html = match &preview {
        Some(p) => pages::inject(&html, p),
        None => html,
    };
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
}

/// The build tells its boot script which backend the shipped configuration picks, so that
/// the demo world starts downloading before the configuration arrives. Served from here the
/// app talks to this server instead, and needs nothing of the demo's.
fn served_by_this_api(html: &str) -> String {
    html.replacen(r#"data-backend="demo""#, r#"data-backend="http""#, 1)
}

/// `/haowu.config.json`: the build's configuration with the backend pointed at this server's
/// API, and the server's own sign-in rules, so the app asks for sign-in exactly where the
/// server will.
async fn config(state: &AppState) -> Response {
    let file = state.options.dist.join("haowu.config.json");
    let mut config = tokio::fs::read_to_string(&file)
        .await
        .ok()
        .and_then(|t| serde_json::from_str::<Value>(&t).ok())
        .and_then(|v| match v {
            Value::Object(map) => Some(map),
            _ => None,
        })
        .unwrap_or_default();
    config.insert("backend".into(), json!("http"));
    let mut http = match config.remove("http") {
        Some(Value::Object(map)) => map,
        _ => Map::new(),
    };
    http.insert("base_url".into(), json!("/api"));
    config.insert("http".into(), Value::Object(http));
    let gated: Vec<&str> = state
        .options
        .sign_in_required
        .iter()
        .map(|g| g.as_str())
        .collect();
    config.insert("sign_in_required".into(), json!(gated));
    Json(Value::Object(config)).into_response()
}

/// Everything that is not `/api`.
pub async fn serve(State(state): State<AppState>, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    let readable = matches!(*request.method(), Method::GET | Method::HEAD);
    let origin = origin(&state, request.headers());
    let (response, rules_path) = if readable && path == "/haowu.config.json" {
        (config(&state).await, "haowu.config.json".to_owned())
    } else if readable && (path == "/" || path == "/index.html") {
        (index(&state, None).await, "index.html".to_owned())
    } else {
        let served = ServeDir::new(&state.options.dist)
            .append_index_html_on_directories(false)
            .oneshot(request)
            .await;
        let response = match served {
            Ok(r) => r.map(Body::new),
            Err(never) => match never {},
        };
        if response.status() == StatusCode::NOT_FOUND && readable && is_app_route(&path) {
            let preview = pages::preview(&state.world, &path, &origin);
            (index(&state, preview).await, "index.html".to_owned())
        } else {
            (response, path.trim_start_matches('/').to_owned())
        }
    };
    with_headers(&state, &rules_path, response)
}

fn with_headers(state: &AppState, path: &str, mut response: Response) -> Response {
    let ok = response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED;
    let headers = response.headers_mut();
    for rule in state.dist_headers.get(&state.options.dist).iter() {
        if !glob(&rule.source, path) {
            continue;
        }
        for (name, value) in &rule.headers {
            // A 404 must not be cached for a year.
            if ok || name != header::CACHE_CONTROL {
                headers.insert(name.clone(), value.clone());
            }
        }
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if ok {
        if path.starts_with("pkg/") {
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(IMMUTABLE));
        } else if path == "index.html" || path == "haowu.config.json" {
            // A new deployment must be seen at once: it names new content-hashed files.
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_like_serve() {
        assert!(glob("**", "index.html"));
        assert!(glob("**", "pkg/a/b.wasm"));
        assert!(glob("pkg/**", "pkg/app-1.js"));
        assert!(!glob("pkg/**", "media/pkg/x"));
        assert!(glob("boot-*.js", "boot-4buM1.js"));
        assert!(!glob("boot-*.js", "x/boot-1.js"));
        assert!(!glob("boot-*.js", "boot-a/b.js"));
    }

    #[test]
    fn app_routes() {
        assert!(is_app_route("/p/hf-mamian"));
        assert!(is_app_route("/@yuebai_hanfu"));
        assert!(is_app_route("/orders"));
        assert!(!is_app_route("/pkg/chunk_1-abc"));
        assert!(!is_app_route("/favicon.ico"));
        assert!(!is_app_route("/media/x"));
    }
}
