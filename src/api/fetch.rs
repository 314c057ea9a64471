//! The one place that turns an HTTP exchange into a model value or an [`ApiError`].
//! Plain `window.fetch` through web-sys: gloo-net would bring streams and IO error tables
//! into the first load for the two calls the app makes.

use super::{ApiError, ApiResult, ErrorKind};
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

fn js_detail(e: wasm_bindgen::JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "fetch failed".into())
}

/// The answer to a request `public/boot.js` started for `url` before the app ran, once: the
/// first screen's requests go out while the WASM downloads, and a retry asks again.
fn take_prefetched(url: &str) -> Option<js_sys::Promise> {
    let window = web_sys::window()?;
    let map = js_sys::Reflect::get(&window, &JsValue::from_str("__haowuPrefetch")).ok()?;
    if !map.is_object() {
        return None;
    }
    let key = JsValue::from_str(url);
    let answer = js_sys::Reflect::get(&map, &key).ok()?;
    let _ = js_sys::Reflect::delete_property(map.unchecked_ref::<js_sys::Object>(), &key);
    answer.dyn_into::<js_sys::Promise>().ok()
}

/// GETs `url`; returns the HTTP status and the body text.
async fn get_text(url: &str) -> ApiResult<(u16, String)> {
    let network = |e| ApiError::with_detail(ErrorKind::Network, js_detail(e));
    let window = web_sys::window().ok_or_else(|| ApiError::new(ErrorKind::Network))?;
    let request = take_prefetched(url).unwrap_or_else(|| window.fetch_with_str(url));
    let response: web_sys::Response = JsFuture::from(request)
        .await
        .map_err(network)?
        .unchecked_into();
    let text = JsFuture::from(response.text().map_err(network)?)
        .await
        .map_err(network)?;
    Ok((response.status(), text.as_string().unwrap_or_default()))
}

/// GETs `url`; the body of a successful answer, or the error its status means.
pub async fn get_text_ok(url: &str) -> ApiResult<String> {
    let (status, text) = get_text(url).await?;
    match status {
        200..=299 => Ok(text),
        404 => Err(ApiError::new(ErrorKind::NotFound)),
        status => Err(ApiError::with_detail(
            ErrorKind::Server,
            format!("HTTP {status}"),
        )),
    }
}

/// GETs `url` and decodes its JSON body.
#[allow(dead_code)]
pub async fn get_json<T: DeserializeOwned>(url: &str) -> ApiResult<T> {
    super::decode(&get_text_ok(url).await?)
}

/// GETs an optional JSON document: `Ok(None)` when it does not exist, `Err` with a readable
/// problem when it cannot be loaded or is not JSON.
pub async fn fetch_config<T: DeserializeOwned>(url: &str) -> Result<Option<T>, String> {
    let (status, text) = get_text(url)
        .await
        .map_err(|e| format!("could not be loaded: {e}"))?;
    match status {
        404 => Ok(None),
        200..=299 => serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| format!("is not valid JSON: {e}")),
        status => Err(format!("could not be loaded: HTTP {status}")),
    }
}

/// The build the server deploys now (the `haowu-build` meta of a fresh `/`), or `None` when it
/// cannot be asked (offline).
pub async fn deployed_build() -> Option<String> {
    let init = web_sys::RequestInit::new();
    init.set_cache(web_sys::RequestCache::NoStore);
    let window = web_sys::window()?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init("/", &init))
        .await
        .ok()?
        .unchecked_into();
    if !response.ok() {
        return None;
    }
    let html = JsFuture::from(response.text().ok()?)
        .await
        .ok()?
        .as_string()?;
    let tag = html.find(r#"name="haowu-build""#)?;
    let rest = &html[tag..];
    let start = rest.find(r#"content=""#)? + r#"content=""#.len();
    let len = rest[start..].find('"')?;
    Some(rest[start..start + len].to_owned())
}
