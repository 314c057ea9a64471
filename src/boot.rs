//! Start-up: install the panic screen, read the configuration, mount the app.
//!
//! `index.html` paints a boot screen and its script (`public/boot.js`) starts the requests the
//! first screen needs (configuration, the first clip's poster) while the WASM downloads; this
//! module takes over from it and removes the boot screen once the first page has something to
//! show ([`reveal`]).

use crate::app::{App, ConfigErrorPage};
use crate::config::{apply_overrides, from_url, validate, AppConfig, ConfigError};
use leptos::prelude::*;
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

const CONFIG_URL: &str = "/haowu.config.json";

/// The browser build starts here (the wasm-bindgen tests mount components themselves).
#[cfg(feature = "split")]
#[wasm_bindgen(start)]
pub fn main() {
    start();
}

/// A panic in WASM stops the app; instead of a white screen the shopper gets an error screen
/// with a reload button. Plain DOM, because the reactive system cannot be trusted any more,
/// and no inline handler, which a strict Content-Security-Policy refuses.
pub fn install_panic_screen() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        let Some(body) = document().body() else {
            return;
        };
        body.set_inner_html(
            r#"<div class="fatal" data-testid="fatal-error" role="alert">
<h1>出错了 · Something went wrong</h1>
<p>页面遇到问题，重新加载即可继续。Reload to carry on — your cart is saved.</p>
<button class="btn">重新加载 · Reload</button></div>"#,
        );
        if let Ok(Some(button)) = body.query_selector(".fatal .btn") {
            let reload = Closure::<dyn Fn()>::new(|| {
                let _ = window().location().reload();
            });
            let _ =
                button.add_event_listener_with_callback("click", reload.as_ref().unchecked_ref());
            reload.forget();
        }
    }));
}

fn query_pairs() -> Vec<(String, String)> {
    let search = window().location().search().unwrap_or_default();
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else {
        return vec![];
    };
    let mut pairs = Vec::new();
    let iter = js_sys::try_iter(&params).ok().flatten();
    for entry in iter.into_iter().flatten().flatten() {
        let entry: js_sys::Array = entry.into();
        if let (Some(k), Some(v)) = (entry.get(0).as_string(), entry.get(1).as_string()) {
            pairs.push((k, v));
        }
    }
    pairs
}

/// The file (absent means defaults) with URL overrides applied, validated.
async fn load_config() -> Result<AppConfig, ConfigError> {
    let mut doc = match crate::api::fetch_config::<Value>(CONFIG_URL).await {
        Ok(Some(doc)) => doc,
        Ok(None) => Value::Object(Default::default()),
        Err(problem) => {
            return Err(ConfigError {
                field: "haowu.config.json".into(),
                problem,
            })
        }
    };
    let query = query_pairs();
    if query.iter().any(|(k, _)| k == "haowu_test_panic") {
        panic!("haowu_test_panic: deliberate panic to test the error screen");
    }
    apply_overrides(&mut doc, &query);
    let mut config = validate(&doc)?;
    from_url(&mut config, &query);
    // A foreign backend's mapping is checked before anything asks it for data.
    crate::api::http::check(&config).await?;
    Ok(config)
}

pub fn start() {
    install_panic_screen();
    // Leptos' executor is set up by mounting; the config is read before that.
    wasm_bindgen_futures::spawn_local(async {
        let config = load_config().await;
        // Starting the module and mounting the app are separate tasks (see chunks::yield_now).
        crate::chunks::yield_now().await;
        match config {
            Ok(config) => mount_to_body(move || view! { <App config /> }),
            Err(error) => {
                reveal();
                mount_to_body(move || view! { <ConfigErrorPage error /> })
            }
        }
    });
}

/// Removes the boot screen: the first page has something to show. Called by each page when
/// its first content (or its error) is in place; later calls do nothing.
pub fn reveal() {
    if let Some(boot) = document().get_element_by_id("boot") {
        boot.remove();
    }
}

/// The page's code is in. Without a hero on the boot screen, the page (its skeleton, then its
/// content) replaces it now; with one, the page reveals itself once its own hero is painted
/// (no flash of a skeleton between the two), and at the latest after a few seconds.
pub fn page_ready() {
    let hero = document()
        .query_selector("#boot.has-hero")
        .ok()
        .flatten()
        .is_some();
    if hero {
        gloo_timers::callback::Timeout::new(4_000, reveal).forget();
    } else {
        reveal();
    }
}

/// Reveals once the browser has painted twice more (the page's hero, already downloaded by the
/// boot screen, decoded and on screen).
pub fn reveal_after_paint() {
    request_animation_frame(|| request_animation_frame(reveal));
}

/// The build this page runs (`<meta name="haowu-build">`, written by the build), to notice a
/// newer deployment.
pub fn build_id() -> Option<String> {
    document()
        .query_selector(r#"meta[name="haowu-build"]"#)
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("content"))
}
