//! App configuration: `public/haowu.config.json`, then URL query overrides, validated into
//! [`AppConfig`]. Every problem names the field it is about, so a designer who mistypes a
//! value sees what to fix instead of a blank page.

use crate::model::Locale;
use serde_json::{Map, Value};
use std::fmt;

#[derive(Clone, Debug, PartialEq)]
pub struct AppConfig {
    pub backend: BackendChoice,
    pub locale: Locale,
    pub currency_display: CurrencyDisplay,
    pub theme: Theme,
    /// Actions a guest must sign in for (the backend's rule, known up front so the sheet
    /// appears before the request rather than after a refusal).
    pub sign_in_for: Vec<Gated>,
    /// How long a request may take before the shopper is told it timed out.
    pub timeout_ms: u32,
    /// Show developers' details on screen (under error messages); they always go to the console.
    pub debug: bool,
    /// The URL chose the language / the appearance for this visit (it wins over the shopper's
    /// saved choice, without replacing it).
    pub locale_from_url: bool,
    pub theme_from_url: bool,
    pub demo: DemoOptions,
}

/// Actions a backend may reserve for signed-in shoppers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gated {
    Order,
    Follow,
    Like,
    Comment,
}

impl Gated {
    pub const ALL: [Gated; 4] = [Gated::Order, Gated::Follow, Gated::Like, Gated::Comment];

    pub fn as_str(self) -> &'static str {
        match self {
            Gated::Order => "order",
            Gated::Follow => "follow",
            Gated::Like => "like",
            Gated::Comment => "comment",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BackendChoice {
    /// The in-browser demo backend: no server needed.
    Demo,
    /// A REST backend over HTTP: the native contract (`docs/openapi.yaml`), or a foreign API
    /// described by a mapping.
    Http(HttpOptions),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpOptions {
    /// Absolute, or relative to the page ("/api").
    pub base_url: String,
    /// Whether `?api=<url>` may point a visit at another API.
    pub allow_url_override: bool,
    /// A foreign backend's mapping (`http.mapping`), validated by the code that owns it
    /// (`api::http::mapping`), loaded only by deployments that have one.
    pub mapping: Option<Value>,
}

/// What the backend offers. The interface hides what it does not (no Live tab without live
/// rooms, no sign-in without auth) instead of showing errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Offers {
    pub live: bool,
    pub search: bool,
    pub following_feed: bool,
    pub sign_in: bool,
    pub orders: bool,
    pub cart_sync: bool,
    pub coupons: bool,
    pub likes: bool,
    pub follows: bool,
    pub suggested_creators: bool,
    pub creator_pages: bool,
    /// Posting comments in a live room.
    pub comments: bool,
    pub hearts: bool,
    /// Claiming a live room's coupons.
    pub claims: bool,
    /// Completions while typing a search.
    pub suggestions: bool,
    /// Shop pages.
    pub shops: bool,
    /// A product's reviews.
    pub reviews: bool,
    /// The clips that show a product.
    pub product_videos: bool,
}

impl Offers {
    pub const ALL: Offers = Offers {
        live: true,
        search: true,
        following_feed: true,
        sign_in: true,
        orders: true,
        cart_sync: true,
        coupons: true,
        likes: true,
        follows: true,
        suggested_creators: true,
        creator_pages: true,
        comments: true,
        hearts: true,
        claims: true,
        suggestions: true,
        shops: true,
        reviews: true,
        product_videos: true,
    };

    /// What a mapping offers, from the names of the endpoints it lists.
    pub fn from_endpoints(has: impl Fn(&str) -> bool) -> Offers {
        Offers {
            live: has("live_rooms") && has("live_room"),
            search: has("search"),
            following_feed: has("following_feed"),
            sign_in: has("send_code") && has("login"),
            orders: has("place_order") && has("orders") && has("order"),
            cart_sync: has("cart") && has("put_cart"),
            coupons: has("coupons"),
            likes: has("like") && has("unlike"),
            follows: has("follow") && has("unfollow"),
            comments: has("post_comment"),
            hearts: has("send_hearts"),
            claims: has("claim_coupon") && has("coupons"),
            suggested_creators: has("suggested_creators"),
            creator_pages: has("creator"),
            suggestions: has("suggest"),
            shops: has("shop"),
            reviews: has("reviews"),
            product_videos: has("product_videos"),
        }
    }
}

impl AppConfig {
    pub fn offers(&self) -> Offers {
        match &self.backend {
            BackendChoice::Http(HttpOptions {
                mapping: Some(mapping),
                ..
            }) => {
                let endpoints = mapping.get("endpoints").and_then(Value::as_object);
                Offers::from_endpoints(|name| endpoints.is_some_and(|e| e.contains_key(name)))
            }
            _ => Offers::ALL,
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CurrencyDisplay {
    /// "¥129"
    #[default]
    Symbol,
    /// "CNY 129"
    Code,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// Follows the device (prefers-color-scheme).
    #[default]
    Auto,
    Light,
    Dark,
}

impl Theme {
    pub fn parse(s: &str) -> Option<Theme> {
        Some(match s {
            "auto" => Theme::Auto,
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// Network-like behaviour of the demo backend, for demos of slow networks and errors.
#[derive(Clone, Debug, PartialEq)]
pub struct DemoOptions {
    /// Added to every request, in milliseconds.
    pub latency_ms: u32,
    /// Probability in [0, 1] that any request fails.
    pub fail_rate: f64,
    /// Endpoints that fail on purpose: "feed" fails every time, "feed:2" the first two times.
    pub fail: Vec<FailRule>,
    /// Seed of the random choices (failures), so a demo is repeatable.
    pub seed: u64,
    /// How fast live rooms' scripted timelines run (4: a one-minute show in 15 s), so a
    /// designer can demo a whole show quickly.
    pub live_speed: f64,
    /// Seconds into the shows at which the demo starts them (`?live_at=29`: just before the
    /// flash sale), so a designer can jump to a moment.
    pub live_at_s: u32,
    /// Prices the "server" changes after the shopper has seen them: product id → change in
    /// minor units for all its variants (`p_x:-1000` is ¥10 cheaper), to demo a checkout
    /// refused with "price changed".
    pub price_changes: Vec<(String, i64)>,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions {
            latency_ms: 0,
            fail_rate: 0.0,
            fail: Vec::new(),
            seed: 0,
            price_changes: Vec::new(),
            live_speed: 1.0,
            live_at_s: 0,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FailRule {
    pub endpoint: String,
    /// How many calls fail before it succeeds; `None` means always.
    pub times: Option<u32>,
    pub how: FailHow,
}

/// How an injected failure looks to the client.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FailHow {
    /// HTTP 500.
    #[default]
    Server,
    /// The request is processed but the answer never arrives (the client's timeout fires).
    Timeout,
    /// The answer is not valid JSON for the expected type.
    Malformed,
    /// The network is down.
    Offline,
}

impl FailHow {
    fn parse(s: &str) -> Option<FailHow> {
        Some(match s {
            "server" | "500" => FailHow::Server,
            "timeout" => FailHow::Timeout,
            "malformed" => FailHow::Malformed,
            "offline" => FailHow::Offline,
            _ => return None,
        })
    }
}

impl Default for AppConfig {
    fn default() -> Self {
        AppConfig {
            backend: BackendChoice::Demo,
            locale: Locale::ZhCn,
            currency_display: CurrencyDisplay::Symbol,
            theme: Theme::Auto,
            sign_in_for: Vec::new(),
            timeout_ms: 15_000,
            debug: false,
            locale_from_url: false,
            theme_from_url: false,
            demo: DemoOptions::default(),
        }
    }
}

/// A configuration problem, naming the field (as a dotted path) and where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub field: String,
    pub problem: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.problem)
    }
}

fn err(field: &str, problem: impl Into<String>) -> ConfigError {
    ConfigError {
        field: field.to_owned(),
        problem: problem.into(),
    }
}

/// Endpoint names fault rules may target.
pub const ENDPOINTS: &[&str] = &[
    "world",
    "feed",
    "video",
    "product",
    "creator",
    "creator_videos",
    "showcase",
    "search",
    "suggest",
    "categories",
    "shop",
    "reviews",
    "product_videos",
    "live",
    "comment",
    "hearts",
    "claim",
    "like",
    "follow",
    "order",
    "orders",
    "coupons",
    "cart",
    "auth",
];

/// URL query keys that override the file, and the config field each sets.
const URL_KEYS: &[(&str, &str)] = &[
    ("backend", "backend"),
    ("api", "http.url_base_url"),
    ("locale", "locale"),
    ("lang", "locale"),
    ("currency_display", "currency_display"),
    ("theme", "theme"),
    ("sign_in", "sign_in_required"),
    ("timeout", "timeout_ms"),
    ("debug", "debug"),
    ("reprice", "demo.price_changes"),
    ("latency", "demo.latency_ms"),
    ("fail_rate", "demo.fail_rate"),
    ("fail", "demo.fail"),
    ("seed", "demo.seed"),
    ("speed", "demo.live_speed"),
    ("live_at", "demo.live_at_s"),
];

/// Applies URL query pairs onto the config file's JSON. Unknown query keys are ignored (the
/// URL carries other things too); values are strings and are parsed by `validate`.
pub fn apply_overrides(file: &mut Value, query: &[(String, String)]) {
    // (`validate` reads the result; which settings came from the URL is `from_url`.)
    let Value::Object(root) = file else { return };
    for (key, value) in query {
        let Some((_, path)) = URL_KEYS.iter().find(|(k, _)| k == key) else {
            continue;
        };
        match path.split_once('.') {
            Some((section, field)) => {
                let entry = root
                    .entry(section)
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(section) = entry {
                    section.insert(field.to_owned(), Value::String(value.clone()));
                }
            }
            None => {
                root.insert((*path).to_owned(), Value::String(value.clone()));
            }
        }
    }
}

/// Notes which interface settings the URL chose for this visit (see `AppConfig`).
pub fn from_url(config: &mut AppConfig, query: &[(String, String)]) {
    let has = |keys: &[&str]| query.iter().any(|(k, _)| keys.contains(&k.as_str()));
    config.locale_from_url = has(&["lang", "locale"]);
    config.theme_from_url = has(&["theme"]);
}

/// Validates a config document (the file after URL overrides). Fields may be absent (the
/// default applies); present fields must be right, and unknown fields are refused because
/// they are almost always typos.
pub fn validate(doc: &Value) -> Result<AppConfig, ConfigError> {
    let root = doc
        .as_object()
        .ok_or_else(|| err("(file)", "the configuration must be a JSON object"))?;
    let mut config = AppConfig::default();
    for (key, value) in root {
        match key.as_str() {
            "backend" => {
                config.backend = match text(key, value)?.as_str() {
                    "demo" => BackendChoice::Demo,
                    "http" => BackendChoice::Http(http_options(root.get("http"))?),
                    other => {
                        return Err(err(
                            key,
                            format!("unknown backend {other:?}; expected \"demo\" or \"http\""),
                        ))
                    }
                }
            }
            // Read with "backend": "http" (beside the demo backend it waits, unread).
            "http" => {}
            "locale" => {
                let tag = text(key, value)?;
                config.locale = Locale::parse(&tag).ok_or_else(|| {
                    err(
                        key,
                        format!("unsupported locale {tag:?}; expected \"zh-CN\" or \"en\""),
                    )
                })?;
            }
            "currency_display" => {
                config.currency_display = match text(key, value)?.as_str() {
                    "symbol" => CurrencyDisplay::Symbol,
                    "code" => CurrencyDisplay::Code,
                    other => {
                        return Err(err(key, format!("{other:?} is not \"symbol\" or \"code\"")))
                    }
                }
            }
            "theme" => {
                let value = text(key, value)?;
                config.theme = Theme::parse(&value).ok_or_else(|| {
                    err(
                        key,
                        format!("{value:?} is not \"auto\", \"light\" or \"dark\""),
                    )
                })?;
            }
            "sign_in_required" => config.sign_in_for = gated_list(key, value)?,
            "timeout_ms" => {
                let n = number(key, value)?;
                if !(100.0..=120_000.0).contains(&n) {
                    return Err(err(key, "must be between 100 and 120000 milliseconds"));
                }
                config.timeout_ms = n as u32;
            }
            "debug" => config.debug = flag(key, value)?,
            "demo" => config.demo = demo_options(value)?,
            // Documentation inside the file.
            "$comment" => {}
            other => return Err(err(other, "unknown setting (check the spelling)")),
        }
    }
    Ok(config)
}

/// The `http` section. `url_base_url` is where `?api=` lands: it replaces `base_url` only when
/// the file allows it (a link must not point shoppers' sessions at someone else's server).
fn http_options(value: Option<&Value>) -> Result<HttpOptions, ConfigError> {
    let section = value
        .ok_or_else(|| {
            err(
                "http",
                "required with \"backend\": \"http\" (at least base_url)",
            )
        })?
        .as_object()
        .ok_or_else(|| err("http", "must be an object"))?;
    let mut base_url = None;
    let mut from_url = None;
    let mut options = HttpOptions {
        base_url: String::new(),
        allow_url_override: false,
        mapping: None,
    };
    for (key, value) in section {
        let field = format!("http.{key}");
        match key.as_str() {
            "base_url" => base_url = Some(url(&field, value)?),
            "url_base_url" => from_url = Some(url("api", value)?),
            "allow_url_override" => options.allow_url_override = flag(&field, value)?,
            "mapping" => {
                if !value.is_object() {
                    return Err(err(&field, "must be an object (see the README)"));
                }
                options.mapping = Some(value.clone());
            }
            "$comment" => {}
            other => {
                return Err(err(
                    &format!("http.{other}"),
                    "unknown setting (check the spelling)",
                ))
            }
        }
    }
    options.base_url = match (from_url, options.allow_url_override) {
        (Some(url), true) => url,
        _ => base_url.ok_or_else(|| err("http.base_url", "required: the API's address"))?,
    };
    Ok(options)
}

/// An http(s) URL, or a path on this site.
fn url(field: &str, value: &Value) -> Result<String, ConfigError> {
    let s = text(field, value)?;
    let s = s.trim().trim_end_matches('/');
    let ok =
        s.starts_with("https://") || s.starts_with("http://") || s.starts_with('/') || s.is_empty();
    if !ok || s.contains(char::is_whitespace) {
        return Err(err(
            field,
            format!("{s:?} is not an http(s) URL or a path starting with /"),
        ));
    }
    Ok(s.to_owned())
}

fn demo_options(value: &Value) -> Result<DemoOptions, ConfigError> {
    let section = value
        .as_object()
        .ok_or_else(|| err("demo", "must be an object"))?;
    let mut demo = DemoOptions::default();
    for (key, value) in section {
        let field = format!("demo.{key}");
        match key.as_str() {
            "latency_ms" => {
                let n = number(&field, value)?;
                if !(0.0..=60_000.0).contains(&n) {
                    return Err(err(&field, "must be between 0 and 60000 milliseconds"));
                }
                demo.latency_ms = n as u32;
            }
            "fail_rate" => {
                let n = number(&field, value)?;
                if !(0.0..=1.0).contains(&n) {
                    return Err(err(&field, "must be between 0 and 1"));
                }
                demo.fail_rate = n;
            }
            "seed" => demo.seed = number(&field, value)?.max(0.0) as u64,
            "live_speed" => {
                let n = number(&field, value)?;
                if !(0.1..=20.0).contains(&n) {
                    return Err(err(&field, "must be between 0.1 and 20 (1 is real time)"));
                }
                demo.live_speed = n;
            }
            "live_at_s" => {
                let n = number(&field, value)?;
                if !(0.0..=86_400.0).contains(&n) {
                    return Err(err(&field, "must be between 0 and 86400 seconds"));
                }
                demo.live_at_s = n as u32;
            }
            "fail" => demo.fail = fail_rules(&field, value)?,
            "price_changes" => {
                demo.price_changes = list(&field, value)?
                    .iter()
                    .map(|item| {
                        item.split_once(':')
                            .and_then(|(id, delta)| {
                                // A '+' in a URL arrives as a space.
                                Some((
                                    id.to_owned(),
                                    delta.trim().trim_start_matches('+').parse().ok()?,
                                ))
                            })
                            .ok_or_else(|| {
                                err(
                                    &field,
                                    format!("{item:?} is not like \"p_id:-1000\" (change in fen)"),
                                )
                            })
                    })
                    .collect::<Result<_, _>>()?
            }
            other => {
                return Err(err(
                    &format!("demo.{other}"),
                    "unknown setting (check the spelling)",
                ))
            }
        }
    }
    Ok(demo)
}

/// A list of strings, or one comma-separated string (the URL form).
fn list(field: &str, value: &Value) -> Result<Vec<String>, ConfigError> {
    match value {
        Value::String(s) => Ok(s
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect()),
        Value::Array(items) => items
            .iter()
            .map(|v| {
                v.as_str()
                    .map(String::from)
                    .ok_or_else(|| err(field, "every item must be a string"))
            })
            .collect(),
        _ => Err(err(field, "must be a list of strings")),
    }
}

/// `["order", "follow"]`; `"none"` (URL) clears it.
fn gated_list(field: &str, value: &Value) -> Result<Vec<Gated>, ConfigError> {
    list(field, value)?
        .iter()
        .filter(|s| *s != "none")
        .map(|s| {
            Gated::ALL
                .into_iter()
                .find(|g| g.as_str() == s)
                .ok_or_else(|| {
                    err(
                        field,
                        format!("{s:?} is not one of order, follow, like, comment"),
                    )
                })
        })
        .collect()
}

/// Rules like "feed", "feed:2" or "order:1:timeout" (endpoint, how many calls, how).
fn fail_rules(field: &str, value: &Value) -> Result<Vec<FailRule>, ConfigError> {
    list(field, value)?
        .iter()
        .map(|item| {
            let mut parts = item.split(':');
            let endpoint = parts.next().unwrap_or_default();
            let mut rule = FailRule {
                endpoint: endpoint.to_owned(),
                times: None,
                how: FailHow::Server,
            };
            for part in parts {
                if let Ok(n) = part.parse::<u32>() {
                    rule.times = Some(n);
                } else {
                    rule.how = FailHow::parse(part).ok_or_else(|| {
                        err(
                            field,
                            format!(
                                "{item:?}: after ':' comes a count or one of server, timeout, malformed, offline"
                            ),
                        )
                    })?;
                }
            }
            if !ENDPOINTS.contains(&endpoint) {
                return Err(err(
                    field,
                    format!(
                        "unknown endpoint {endpoint:?}; one of {}",
                        ENDPOINTS.join(", ")
                    ),
                ));
            }
            Ok(rule)
        })
        .collect()
}

/// `true`/`false`, or from the URL `1`/`0`/`true`/`false`.
fn flag(field: &str, value: &Value) -> Result<bool, ConfigError> {
    match value {
        Value::Bool(b) => Ok(*b),
        Value::String(s) if s == "1" || s == "true" => Ok(true),
        Value::String(s) if s == "0" || s == "false" => Ok(false),
        _ => Err(err(field, "must be true or false (in the URL: 1 or 0)")),
    }
}

fn text(field: &str, value: &Value) -> Result<String, ConfigError> {
    value
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| err(field, "must be a string"))
}

/// Numbers may arrive as JSON numbers (file) or strings (URL).
fn number(field: &str, value: &Value) -> Result<f64, ConfigError> {
    match value {
        Value::Number(n) => n.as_f64(),
        // JavaScript's own parser: Rust's float parsing is kilobytes of the first load.
        Value::String(s) => Some(js_number(s.trim())).filter(|n| n.is_finite()),
        _ => None,
    }
    .ok_or_else(|| err(field, "must be a number"))
}

#[cfg(target_arch = "wasm32")]
fn js_number(s: &str) -> f64 {
    if s.is_empty() {
        return f64::NAN;
    }
    js_sys::Number::from(wasm_bindgen::JsValue::from_str(s)).value_of()
}

#[cfg(not(target_arch = "wasm32"))]
fn js_number(s: &str) -> f64 {
    s.parse().unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn q(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn empty_file_gives_defaults() {
        assert_eq!(validate(&json!({})).unwrap(), AppConfig::default());
    }

    #[test]
    fn shipped_config_file_is_valid() {
        let text = include_str!("../public/haowu.config.json");
        let doc: Value = serde_json::from_str(text).unwrap();
        assert_eq!(validate(&doc).unwrap().backend, BackendChoice::Demo);
    }

    #[test]
    fn url_overrides_the_file() {
        let mut doc = json!({"locale": "zh-CN", "demo": {"latency_ms": 0}});
        apply_overrides(
            &mut doc,
            &q(&[
                ("lang", "en"),
                ("latency", "800"),
                ("fail", "feed:1,product"),
                ("utm", "x"),
            ]),
        );
        let c = validate(&doc).unwrap();
        assert_eq!(c.locale, Locale::En);
        assert_eq!(c.demo.latency_ms, 800);
        assert_eq!(
            c.demo.fail,
            vec![
                FailRule {
                    endpoint: "feed".into(),
                    times: Some(1),
                    how: FailHow::Server,
                },
                FailRule {
                    endpoint: "product".into(),
                    times: None,
                    how: FailHow::Server,
                }
            ]
        );
    }

    #[test]
    fn sign_in_timeouts_failures_and_price_changes_from_the_url() {
        let mut doc = json!({"sign_in_required": ["order"]});
        apply_overrides(
            &mut doc,
            &q(&[
                ("sign_in", "order,follow"),
                ("timeout", "800"),
                ("fail", "order:1:timeout,orders:malformed"),
                ("reprice", "p_a:-1000,p_b:+50"),
            ]),
        );
        let c = validate(&doc).unwrap();
        assert_eq!(c.sign_in_for, vec![Gated::Order, Gated::Follow]);
        assert_eq!(c.timeout_ms, 800);
        assert_eq!(c.demo.fail[0].how, FailHow::Timeout);
        assert_eq!(c.demo.fail[0].times, Some(1));
        assert_eq!(c.demo.fail[1].how, FailHow::Malformed);
        assert_eq!(c.demo.fail[1].times, None);
        assert_eq!(
            c.demo.price_changes,
            vec![("p_a".into(), -1000), ("p_b".into(), 50)]
        );
        let mut none = json!({"sign_in_required": ["order"]});
        apply_overrides(&mut none, &q(&[("sign_in", "none")]));
        assert!(validate(&none).unwrap().sign_in_for.is_empty());
        assert_eq!(
            validate(&json!({"sign_in_required": ["buy"]}))
                .unwrap_err()
                .field,
            "sign_in_required"
        );
        assert_eq!(
            validate(&json!({"demo": {"fail": "order:1:slow"}}))
                .unwrap_err()
                .field,
            "demo.fail"
        );
    }

    #[test]
    fn live_rooms_can_run_faster_for_a_demo() {
        assert_eq!(validate(&json!({})).unwrap().demo.live_speed, 1.0);
        let mut doc = json!({});
        apply_overrides(&mut doc, &q(&[("speed", "4"), ("live_at", "29")]));
        assert_eq!(validate(&doc).unwrap().demo.live_speed, 4.0);
        assert_eq!(validate(&doc).unwrap().demo.live_at_s, 29);
        assert_eq!(
            validate(&json!({"demo": {"live_speed": 50}}))
                .unwrap_err()
                .field,
            "demo.live_speed"
        );
    }

    #[test]
    fn debug_mode_and_the_settings_a_url_chose() {
        assert!(!validate(&json!({})).unwrap().debug);
        assert!(validate(&json!({"debug": true})).unwrap().debug);
        let mut doc = json!({});
        let query = [
            ("debug".to_owned(), "1".to_owned()),
            ("lang".to_owned(), "en".to_owned()),
        ];
        apply_overrides(&mut doc, &query);
        let mut config = validate(&doc).unwrap();
        assert!(config.debug);
        from_url(&mut config, &query);
        assert!(config.locale_from_url);
        assert!(!config.theme_from_url);
        assert_eq!(
            validate(&json!({"debug": "maybe"})).unwrap_err().field,
            "debug"
        );
    }

    #[test]
    fn an_http_backend_and_who_may_move_it() {
        let file = json!({"backend": "http", "http": {"base_url": "https://api.shop.example/v1/"}});
        let http = |doc: &Value| match validate(doc).unwrap().backend {
            BackendChoice::Http(h) => h,
            other => panic!("{other:?}"),
        };
        assert_eq!(http(&file).base_url, "https://api.shop.example/v1");
        assert_eq!(validate(&file).unwrap().offers(), Offers::ALL);
        // A link may not point the app at another API unless the file allows it.
        let mut moved = file.clone();
        apply_overrides(&mut moved, &q(&[("api", "https://evil.example")]));
        assert_eq!(http(&moved).base_url, "https://api.shop.example/v1");
        let mut allowed = file.clone();
        allowed["http"]["allow_url_override"] = json!(true);
        apply_overrides(&mut allowed, &q(&[("api", "http://127.0.0.1:9000/")]));
        assert_eq!(http(&allowed).base_url, "http://127.0.0.1:9000");
        // The demo backend ignores an api given in the URL.
        let mut demo = json!({"backend": "demo"});
        apply_overrides(&mut demo, &q(&[("api", "https://x.example")]));
        assert_eq!(validate(&demo).unwrap().backend, BackendChoice::Demo);
        assert_eq!(
            validate(&json!({"backend": "http"})).unwrap_err().field,
            "http"
        );
        assert_eq!(
            validate(&json!({"backend": "http", "http": {}}))
                .unwrap_err()
                .field,
            "http.base_url"
        );
        assert_eq!(
            validate(&json!({"backend": "http", "http": {"base_url": "ftp://x"}}))
                .unwrap_err()
                .field,
            "http.base_url"
        );
        assert_eq!(
            validate(&json!({"backend": "http", "http": {"base_url": "/api", "maping": {}}}))
                .unwrap_err()
                .field,
            "http.maping"
        );
    }

    #[test]
    fn a_mapping_offers_only_the_endpoints_it_lists() {
        let doc = json!({"backend": "http", "http": {"base_url": "/", "mapping": {"endpoints": {
            "feed": {}, "video": {}, "product": {}, "creator": {}, "search": {}
        }}}});
        let offers = validate(&doc).unwrap().offers();
        assert!(offers.search && offers.creator_pages);
        assert!(!offers.live && !offers.sign_in && !offers.orders && !offers.likes);
    }

    #[test]
    fn errors_name_the_bad_field() {
        let e = validate(&json!({"locale": "xx"})).unwrap_err();
        assert_eq!(e.field, "locale");
        assert!(e.problem.contains("xx"));
        assert_eq!(validate(&json!({"theme": 3})).unwrap_err().field, "theme");
        assert_eq!(
            validate(&json!({"demo": {"latency_ms": -1}}))
                .unwrap_err()
                .field,
            "demo.latency_ms"
        );
        assert_eq!(
            validate(&json!({"demo": {"fail_rate": "2"}}))
                .unwrap_err()
                .field,
            "demo.fail_rate"
        );
        assert_eq!(
            validate(&json!({"demo": {"fail": "nope"}}))
                .unwrap_err()
                .field,
            "demo.fail"
        );
        assert_eq!(
            validate(&json!({"backnd": "demo"})).unwrap_err().field,
            "backnd"
        );
        assert_eq!(validate(&json!([])).unwrap_err().field, "(file)");
    }
}
