//! Start-up: install the panic screen, read the configuration, mount the app.

use crate::app::{App, ConfigErrorPage};
use crate::config::{apply_overrides, validate, AppConfig, ConfigError};
use leptos::prelude::*;
use serde_json::Value;

const CONFIG_URL: &str = "/haowu.config.json";

/// A panic in WASM stops the app; instead of a white screen the shopper gets an error screen
/// with a reload button. Plain DOM, because the reactive system cannot be trusted any more.
pub fn install_panic_screen() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        if let Some(body) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
        {
            body.set_inner_html(
                r#"<div class="fatal" data-testid="fatal-error" role="alert">
<h1>出错了 · Something went wrong</h1>
<p>页面遇到问题，重新加载即可继续。Reload to carry on — your cart is saved.</p>
<button class="btn" onclick="location.reload()">重新加载 · Reload</button></div>"#,
            );
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
    validate(&doc)
}

pub fn start() {
    install_panic_screen();
    // Leptos' executor is set up by mounting; the config is read before that.
    wasm_bindgen_futures::spawn_local(async {
        let config = load_config().await;
        if let Some(boot) = document().get_element_by_id("boot") {
            boot.remove();
        }
        match config {
            Ok(config) => mount_to_body(move || view! { <App config /> }),
            Err(error) => mount_to_body(move || view! { <ConfigErrorPage error /> }),
        }
    });
}
