//! Component tests in headless Chromium (wasm-bindgen-test): each mounts a component with the
//! app's context and checks the DOM it produces and how it reacts.
#![cfg(target_arch = "wasm32")]

use haowu::api::{ApiError, ErrorKind};
use haowu::app::ConfigErrorPage;
use haowu::components::{ErrorView, Price, ProductChip, TabBar};
use haowu::config::{AppConfig, ConfigError, CurrencyDisplay};
use haowu::model::*;
use haowu::state::cart::use_cart;
use haowu::state::{provide_app_state, Ui};
use leptos::prelude::*;
use leptos_router::components::Router;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh element to mount into, and the app's context around the view.
fn mount<V: IntoView + 'static>(
    locale: Locale,
    view: impl FnOnce() -> V + 'static,
) -> web_sys::HtmlElement {
    let doc = document();
    let host: web_sys::HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&host).unwrap();
    let config = AppConfig {
        locale,
        ..AppConfig::default()
    };
    let handle = leptos::mount::mount_to(host.clone(), move || {
        provide_app_state(&config);
        provide_context(Ui {
            offers: haowu::config::Offers::ALL,
            locale,
            currency_display: CurrencyDisplay::Symbol,
            debug: false,
        });
        view()
    });
    std::mem::forget(handle);
    host
}

fn text(host: &web_sys::HtmlElement, selector: &str) -> Option<String> {
    host.query_selector(selector)
        .unwrap()
        .and_then(|e| e.text_content())
}

async fn next_tick() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}

fn line(variant: &str, qty: u32) -> CartLine {
    CartLine {
        product_id: "p".into(),
        variant_id: variant.into(),
        shop_id: "s".into(),
        shop_name: Text::same("Shop"),
        title: Text::new("马面裙", "Skirt"),
        variant_label: Text::same("M"),
        image: String::new(),
        unit_price: Money::cny(19_900),
        qty,
        max_qty: 10,
        selected: true,
        unavailable: false,
        live: None,
    }
}

#[wasm_bindgen_test]
fn price_shows_sale_and_original() {
    let host = mount(
        Locale::ZhCn,
        || view! { <Price money=Money::cny(9_900) original=Some(Money::cny(12_900)) /> },
    );
    assert_eq!(text(&host, ".price-now").as_deref(), Some("¥99"));
    assert_eq!(text(&host, ".price-was").as_deref(), Some("¥129"));
}

#[wasm_bindgen_test]
fn price_hides_an_original_that_is_not_higher() {
    let host = mount(
        Locale::En,
        || view! { <Price money=Money::cny(129_900) original=Some(Money::cny(129_900)) /> },
    );
    assert_eq!(text(&host, ".price-now").as_deref(), Some("¥1,299"));
    assert!(host.query_selector(".price-was").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn tab_bar_badge_follows_the_cart() {
    let _ = web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .clear();
    let cart = StoredValue::new(None);
    let host = mount(Locale::ZhCn, move || {
        cart.set_value(Some(use_cart()));
        view! { <Router><TabBar /></Router> }
    });
    assert!(
        host.query_selector("[data-testid=cart-badge]")
            .unwrap()
            .is_none(),
        "no badge on an empty cart"
    );
    let store = cart.get_value().unwrap();
    store.add(line("v1", 2));
    next_tick().await;
    assert_eq!(
        text(&host, "[data-testid=cart-badge]").as_deref(),
        Some("2")
    );
    store.add(line("v2", 1));
    next_tick().await;
    assert_eq!(
        text(&host, "[data-testid=cart-badge]").as_deref(),
        Some("3")
    );
    store.remove("v1");
    store.remove("v2");
    next_tick().await;
    assert!(host
        .query_selector("[data-testid=cart-badge]")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
async fn error_view_says_what_failed_and_retries() {
    let retries = RwSignal::new(0);
    let host = mount(Locale::En, move || {
        view! { <ErrorView error=ApiError::new(ErrorKind::Network) on_retry=move |_| retries.update(|n| *n += 1) /> }
    });
    assert!(text(&host, "[data-testid=error-view] p")
        .unwrap()
        .contains("network"));
    let button: web_sys::HtmlElement = host
        .query_selector("[data-testid=retry]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    button.click();
    button.click();
    assert_eq!(retries.get_untracked(), 2);
}

#[wasm_bindgen_test]
fn config_error_names_the_field() {
    let error = ConfigError {
        field: "demo.latency_ms".into(),
        problem: "must be a number".into(),
    };
    let host = mount(Locale::ZhCn, move || view! { <ConfigErrorPage error /> });
    assert_eq!(
        text(&host, "[data-testid=config-error-field]").as_deref(),
        Some("demo.latency_ms")
    );
    assert!(text(&host, "[data-testid=config-error]")
        .unwrap()
        .contains("must be a number"));
}

#[wasm_bindgen_test]
fn product_chip_shows_title_price_and_sold() {
    let product = ProductSummary {
        id: "p1".into(),
        title: Text::new("赣南脐橙 5斤", "Navel oranges 2.5 kg"),
        image: "/x.webp".into(),
        price: Money::cny(3_990),
        original_price: None,
        sold: 12_345,
        in_stock: true,
        shop_id: "s".into(),
    };
    let host = mount(Locale::ZhCn, move || view! { <ProductChip product /> });
    assert_eq!(text(&host, ".chip-title").as_deref(), Some("赣南脐橙 5斤"));
    assert_eq!(text(&host, ".price-now").as_deref(), Some("¥39.90"));
    assert_eq!(text(&host, ".sold").as_deref(), Some("已售 1.2万"));
    let link = host.query_selector("a").unwrap().unwrap();
    assert_eq!(link.get_attribute("href").as_deref(), Some("/p/p1"));
}
