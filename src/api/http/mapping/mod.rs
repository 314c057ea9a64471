//! A foreign REST API described by configuration only (`http.mapping`; the format is in the
//! README): which endpoints exist and their URLs, how lists page, where the payload and errors
//! sit in the answers, and how each foreign record becomes a native one. Its own chunk: a
//! deployment that speaks the native contract never loads it.

mod convert;
mod paging;
mod path;
mod template;

use super::endpoint::{fill, Endpoint};
use super::shape::{PageAsk, Shape};
use super::transport::Reply;
use crate::api::{ApiError, ApiResult, ErrorKind};
use crate::config::ConfigError;
use paging::Paging;
use path::Path;
use serde_json::{Map, Value};
use std::rc::Rc;
use template::{Records, Template};

crate::split! { chunk = http_mapping, preload = preload;
    /// Parses and checks the mapping; the HTTP backend then speaks through it.
    pub fn load(mapping: Value, base: String) -> Result<Rc<dyn Shape>, ConfigError> {
        Mapping::parse(&mapping, &base)
            .map(|m| Rc::new(m) as Rc<dyn Shape>)
            .map_err(Problem::into_config_error)
    }
}

/// A problem in the mapping: the key (a dotted path from the top of the configuration file)
/// and what was expected there.
#[derive(Debug, PartialEq)]
pub struct Problem {
    pub key: String,
    pub expected: String,
}

impl Problem {
    pub fn new(key: &str, expected: impl Into<String>) -> Problem {
        Problem {
            key: key.to_owned(),
            expected: expected.into(),
        }
    }

    fn into_config_error(self) -> ConfigError {
        ConfigError {
            field: self.key,
            problem: self.expected,
        }
    }
}

enum Auth {
    /// The shopper's token after sign-in, as `<header>: <scheme> <token>`.
    Token { header: String, scheme: String },
    /// A fixed key on every request (public catalogue APIs).
    Key { header: String, key: String },
}

struct Envelope {
    ok: Option<(Path, Value)>,
    error_code: Path,
    error_message: Path,
}

struct Route {
    method: &'static str,
    url: String,
    data: Path,
    record: Template,
    paging: Option<Paging>,
}

pub struct Mapping {
    base: String,
    auth: Auth,
    envelope: Envelope,
    routes: Vec<(Endpoint, Route)>,
}

const TOP: &str = "http.mapping";

impl Mapping {
    pub fn parse(v: &Value, base: &str) -> Result<Mapping, Problem> {
        let root = object(v, TOP)?;
        let known = [
            "auth",
            "envelope",
            "pagination",
            "endpoints",
            "records",
            "$comment",
        ];
        if let Some(k) = root.keys().find(|k| !known.contains(&k.as_str())) {
            return Err(Problem::new(
                &format!("{TOP}.{k}"),
                format!("unknown key; expected one of {}", known.join(", ")),
            ));
        }
        let records_source = match root.get("records") {
            Some(r) => Some(object(r, &format!("{TOP}.records"))?),
            None => None,
        };
        let default_paging = match root.get("pagination") {
            Some(p) => Some(Paging::parse(p, &format!("{TOP}.pagination"))?),
            None => None,
        };
        let endpoints_key = format!("{TOP}.endpoints");
        let endpoints = object(
            root.get("endpoints").ok_or_else(|| {
                Problem::new(&endpoints_key, "required: the endpoints the API offers")
            })?,
            &endpoints_key,
        )?;
        let mut routes = Vec::new();
        for (name, spec) in endpoints {
            let key = format!("{endpoints_key}.{name}");
            let endpoint = Endpoint::parse(name).ok_or_else(|| {
                let names: Vec<&str> = Endpoint::ALL.iter().map(|e| e.name()).collect();
                Problem::new(
                    &key,
                    format!("unknown endpoint; expected one of {}", names.join(", ")),
                )
            })?;
            let mut records = Records {
                source: records_source,
                stack: Vec::new(),
            };
            routes.push((
                endpoint,
                Route::parse(endpoint, spec, &key, default_paging.as_ref(), &mut records)?,
            ));
        }
        Ok(Mapping {
            base: base.trim_end_matches('/').to_owned(),
            auth: parse_auth(root.get("auth"))?,
            envelope: parse_envelope(root.get("envelope"))?,
            routes,
        })
    }

    fn route(&self, endpoint: Endpoint) -> ApiResult<&Route> {
        self.routes
            .iter()
            .find(|(e, _)| *e == endpoint)
            .map(|(_, r)| r)
            .ok_or_else(|| ApiError::with_detail(ErrorKind::NotFound, "not offered"))
    }

    /// The native JSON for a successful answer's body (`header` reads its headers).
    pub fn answer(
        &self,
        endpoint: Endpoint,
        page: Option<PageAsk<'_>>,
        header: &dyn Fn(&str) -> Option<String>,
        body: &str,
    ) -> ApiResult<Value> {
        let route = self.route(endpoint)?;
        let doc: Value = if body.trim().is_empty() {
            Value::Null
        } else {
            serde_json::from_str(body)
                .map_err(|e| ApiError::with_detail(ErrorKind::Invalid, e.to_string()))?
        };
        if let Some((path, expected)) = &self.envelope.ok {
            if path.get(&doc) != Some(expected) {
                let (code, message) = self.error_of(&doc);
                return Err(ApiError::refused(
                    code.as_deref().unwrap_or("refused"),
                    message.unwrap_or_else(|| "the backend refused the request".into()),
                ));
            }
        }
        let data = route.data.get(&doc).cloned().unwrap_or(Value::Null);
        let map_all = |items: &Value| -> Vec<Value> {
            match items {
                Value::Array(items) => items
                    .iter()
                    .map(|r| route.record.apply(r, &self.base))
                    .collect(),
                Value::Null => Vec::new(),
                one => vec![route.record.apply(one, &self.base)],
            }
        };
        Ok(if endpoint.is_paged() {
            let items = map_all(&data);
            let paging = route.paging.as_ref();
            let next = match (paging, page) {
                (Some(p), Some(ask)) => p.next(ask, items.len(), &doc, header)?,
                _ => None,
            };
            let mut out = Map::new();
            out.insert("items".into(), Value::Array(items));
            if let Some(next) = next {
                out.insert("next_cursor".into(), Value::String(next));
            }
            Value::Object(out)
        } else if returns_list(endpoint) {
            Value::Array(map_all(&data))
        } else {
            route.record.apply(&data, &self.base)
        })
    }

    fn error_of(&self, doc: &Value) -> (Option<String>, Option<String>) {
        let text = |p: &Path| {
            p.get(doc).map(|v| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
        };
        (
            text(&self.envelope.error_code),
            text(&self.envelope.error_message),
        )
    }
}

/// Endpoints whose native answer is an array (not a page).
fn returns_list(endpoint: Endpoint) -> bool {
    matches!(
        endpoint,
        Endpoint::SuggestedCreators | Endpoint::Coupons | Endpoint::LiveRooms | Endpoint::Orders
    )
}

impl Route {
    fn parse(
        endpoint: Endpoint,
        spec: &Value,
        key: &str,
        default_paging: Option<&Paging>,
        records: &mut Records,
    ) -> Result<Route, Problem> {
        let o = object(spec, key)?;
        let known = ["url", "method", "data", "record", "pagination", "$comment"];
        if let Some(k) = o.keys().find(|k| !known.contains(&k.as_str())) {
            return Err(Problem::new(
                &format!("{key}.{k}"),
                format!("unknown key; expected one of {}", known.join(", ")),
            ));
        }
        let (native_method, native_url) = endpoint.native();
        let url = match o.get("url") {
            Some(Value::String(u)) => u.clone(),
            Some(_) => {
                return Err(Problem::new(
                    &format!("{key}.url"),
                    "expected a URL template such as \"/items/{id}\"",
                ))
            }
            None => native_url.to_owned(),
        };
        // Every placeholder must be one this endpoint can fill.
        let vars: Vec<(&str, &str)> = endpoint.vars().iter().map(|v| (*v, "x")).collect();
        fill(&url, &vars).map_err(|e| {
            Problem::new(
                &format!("{key}.url"),
                format!("{e}; this endpoint has {}", describe_vars(endpoint)),
            )
        })?;
        let method = match o
            .get("method")
            .map(|m| m.as_str().map(str::to_ascii_uppercase))
        {
            None => native_method,
            Some(Some(m)) => match m.as_str() {
                "GET" => "GET",
                "POST" => "POST",
                "PUT" => "PUT",
                "PATCH" => "PATCH",
                "DELETE" => "DELETE",
                _ => {
                    return Err(Problem::new(
                        &format!("{key}.method"),
                        "expected GET, POST, PUT, PATCH or DELETE",
                    ))
                }
            },
            Some(None) => return Err(Problem::new(&format!("{key}.method"), "expected a string")),
        };
        let data = match o.get("data") {
            None => Path::default(),
            Some(Value::String(p)) => Path::parse(p),
            Some(_) => {
                return Err(Problem::new(
                    &format!("{key}.data"),
                    "expected a path such as \"data.list\"",
                ))
            }
        };
        let record = match o.get("record") {
            None => Template::identity(),
            Some(r) => Template::record(r, &format!("{key}.record"), records)?,
        };
        let paging = match (o.get("pagination"), endpoint.is_paged()) {
            (Some(p), true) => Some(Paging::parse(p, &format!("{key}.pagination"))?),
            (Some(_), false) => return Err(Problem::new(
                &format!("{key}.pagination"),
                "only list endpoints page (feed, following_feed, creator_videos, showcase, search)",
            )),
            (None, true) => Some(default_paging.cloned().ok_or_else(|| {
                Problem::new(
                    &format!("{key}.pagination"),
                    "required for a list (or set http.mapping.pagination)",
                )
            })?),
            (None, false) => None,
        };
        Ok(Route {
            method,
            url,
            data,
            record,
            paging,
        })
    }
}

fn describe_vars(endpoint: Endpoint) -> String {
    match endpoint.vars() {
        [] => "no placeholders".into(),
        vars => vars
            .iter()
            .map(|v| format!("{{{v}}}"))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

fn parse_auth(v: Option<&Value>) -> Result<Auth, Problem> {
    let key = format!("{TOP}.auth");
    let Some(v) = v else {
        return Ok(Auth::Token {
            header: "Authorization".into(),
            scheme: "Bearer".into(),
        });
    };
    let o = object(v, &key)?;
    let text = |k: &str| -> Result<Option<String>, Problem> {
        match o.get(k) {
            None => Ok(None),
            Some(Value::String(s)) if !s.trim().is_empty() => Ok(Some(s.clone())),
            Some(_) => Err(Problem::new(
                &format!("{key}.{k}"),
                "expected a non-empty string",
            )),
        }
    };
    if let Some(k) = o
        .keys()
        .find(|k| !["header", "scheme", "key"].contains(&k.as_str()))
    {
        return Err(Problem::new(
            &format!("{key}.{k}"),
            "unknown key; expected header, scheme or key",
        ));
    }
    let header = text("header")?.unwrap_or_else(|| "Authorization".into());
    Ok(match (text("key")?, text("scheme")?) {
        (Some(_), Some(_)) => {
            return Err(Problem::new(
                &format!("{key}.key"),
                "either a fixed key or a token scheme, not both",
            ))
        }
        (Some(k), None) => Auth::Key { header, key: k },
        (None, scheme) => Auth::Token {
            header,
            scheme: scheme.unwrap_or_else(|| "Bearer".into()),
        },
    })
}

fn parse_envelope(v: Option<&Value>) -> Result<Envelope, Problem> {
    let key = format!("{TOP}.envelope");
    let mut envelope = Envelope {
        ok: None,
        error_code: Path::parse("error.code"),
        error_message: Path::parse("error.message"),
    };
    let Some(v) = v else { return Ok(envelope) };
    for (k, v) in object(v, &key)? {
        let field = format!("{key}.{k}");
        match (k.as_str(), v) {
            ("error_code", Value::String(p)) => envelope.error_code = Path::parse(p),
            ("error_message", Value::String(p)) => envelope.error_message = Path::parse(p),
            ("ok", Value::Object(o)) => match (o.get("path"), o.get("equals")) {
                (Some(Value::String(p)), Some(expected)) if o.len() == 2 => {
                    envelope.ok = Some((Path::parse(p), expected.clone()))
                }
                _ => {
                    return Err(Problem::new(
                        &field,
                        "expected {\"path\": \"code\", \"equals\": 0}",
                    ))
                }
            },
            ("error_code" | "error_message", _) => {
                return Err(Problem::new(&field, "expected a path string"))
            }
            ("ok", _) => {
                return Err(Problem::new(
                    &field,
                    "expected {\"path\": \"code\", \"equals\": 0}",
                ))
            }
            _ => {
                return Err(Problem::new(
                    &field,
                    "unknown key; expected ok, error_code or error_message",
                ))
            }
        }
    }
    Ok(envelope)
}

fn object<'v>(v: &'v Value, key: &str) -> Result<&'v Map<String, Value>, Problem> {
    v.as_object()
        .ok_or_else(|| Problem::new(key, "expected an object"))
}

impl Shape for Mapping {
    fn offers(&self, endpoint: Endpoint) -> bool {
        self.routes.iter().any(|(e, _)| *e == endpoint)
    }

    fn plan(
        &self,
        endpoint: Endpoint,
        vars: &[(&str, &str)],
        page: Option<PageAsk<'_>>,
    ) -> ApiResult<(&'static str, String)> {
        let route = self.route(endpoint)?;
        let url =
            fill(&route.url, vars).map_err(|e| ApiError::with_detail(ErrorKind::Invalid, e))?;
        let url = match (&route.paging, page) {
            (Some(paging), Some(ask)) => paging.request(&url, ask)?,
            _ => url,
        };
        Ok((route.method, url))
    }

    fn read(
        &self,
        endpoint: Endpoint,
        page: Option<PageAsk<'_>>,
        reply: Reply,
    ) -> ApiResult<String> {
        let value = self.answer(endpoint, page, &|name| reply.header(name), &reply.body)?;
        Ok(value.to_string())
    }

    fn refusal(&self, reply: &Reply) -> (Option<String>, Option<String>) {
        match serde_json::from_str::<Value>(&reply.body) {
            Ok(doc) => self.error_of(&doc),
            Err(_) => (None, None),
        }
    }

    fn auth(&self, token: Option<&str>) -> Option<(String, String)> {
        match &self.auth {
            Auth::Token { header, scheme } => {
                token.map(|t| (header.clone(), format!("{scheme} {t}")))
            }
            Auth::Key { header, key } => Some((header.clone(), key.clone())),
        }
    }
}

// Native only: proptest has no wasm32-unknown-unknown backend, and the world file is read
// from disk.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
