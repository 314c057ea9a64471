//! One HTTP exchange with the backend: a timeout, retries with backoff for requests that are
//! safe to repeat, cancellation when the page that asked is left, and every failure as an
//! [`ApiError`] kind.

use crate::api::{ApiError, ApiResult, ErrorKind};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// A request, ready to send.
pub struct Req {
    pub method: &'static str,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
    /// Safe to send again when the answer was lost (GET, PUT, DELETE, and POST with an
    /// Idempotency-Key): only these are retried.
    pub idempotent: bool,
}

/// What came back.
pub struct Reply {
    pub status: u16,
    pub headers: web_sys::Headers,
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name).ok().flatten()
    }

    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// Attempts in all for a request that may be repeated.
const ATTEMPTS: u32 = 3;
const BACKOFF_MS: f64 = 400.0;

/// Sends `req`, retrying a lost or overloaded answer (network failure, timeout, 429, 502–504)
/// when the request is idempotent, after 400 ms, 800 ms … with full jitter, so that many
/// phones do not come back at the same instant. Other statuses are returned, not judged.
pub async fn send(req: &Req, timeout_ms: u32) -> ApiResult<Reply> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        let result = send_once(req, timeout_ms).await;
        let again = req.idempotent
            && attempt < ATTEMPTS
            && match &result {
                Ok(reply) => matches!(reply.status, 429 | 502 | 503 | 504),
                Err(e) => {
                    matches!(e.kind, ErrorKind::Network | ErrorKind::Timeout)
                        && e.detail.as_deref() != Some(CANCELLED)
                        && online()
                }
            };
        if !again {
            return result;
        }
        let ceiling = BACKOFF_MS * f64::from(1u32 << (attempt - 1));
        let wait = ceiling * (0.5 + 0.5 * js_sys::Math::random());
        gloo_timers::future::TimeoutFuture::new(wait as u32).await;
    }
}

const CANCELLED: &str = "cancelled: the page that asked was left";

fn online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

thread_local! {
    static IN_FLIGHT: RefCell<HashMap<u64, web_sys::AbortController>> = RefCell::default();
    static NEXT: Cell<u64> = const { Cell::new(0) };
}

/// Aborts the request when the reactive owner that asked (the page) is cleaned up: a page that
/// is left does not keep downloading answers nobody will read. The cleanup holds only an id
/// (cleanups must be `Send`), and a finished request is removed from the table.
struct InFlight(u64);

impl InFlight {
    fn new(controller: web_sys::AbortController) -> Self {
        let id = NEXT.with(|n| {
            n.set(n.get() + 1);
            n.get()
        });
        IN_FLIGHT.with(|t| t.borrow_mut().insert(id, controller));
        if leptos::prelude::Owner::current().is_some() {
            leptos::prelude::on_cleanup(move || {
                if let Some(c) = IN_FLIGHT.with(|t| t.borrow_mut().remove(&id)) {
                    c.abort();
                }
            });
        }
        InFlight(id)
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        // Dropped before the answer came (the caller gave up): abort it too.
        if let Some(c) = IN_FLIGHT.with(|t| t.borrow_mut().remove(&self.0)) {
            c.abort();
        }
    }
}

async fn send_once(req: &Req, timeout_ms: u32) -> ApiResult<Reply> {
    let network = |detail: String| ApiError::with_detail(ErrorKind::Network, detail);
    let window = web_sys::window().ok_or_else(|| network("no window".into()))?;
    let controller = web_sys::AbortController::new().map_err(|e| network(detail(&e)))?;
    let init = web_sys::RequestInit::new();
    init.set_method(req.method);
    init.set_signal(Some(&controller.signal()));
    let headers = web_sys::Headers::new().map_err(|e| network(detail(&e)))?;
    for (name, value) in &req.headers {
        headers
            .append(name, value)
            .map_err(|e| ApiError::with_detail(ErrorKind::Invalid, detail(&e)))?;
    }
    if let Some(body) = &req.body {
        let _ = headers.set("Content-Type", "application/json");
        init.set_body(&JsValue::from_str(body));
    }
    init.set_headers(&headers);
    let timed_out = Rc::new(Cell::new(false));
    let timer = {
        let (controller, timed_out) = (controller.clone(), timed_out.clone());
        gloo_timers::callback::Timeout::new(timeout_ms, move || {
            timed_out.set(true);
            controller.abort();
        })
    };
    let guard = InFlight::new(controller);
    let failed = |e: JsValue| {
        if timed_out.get() {
            ApiError::with_detail(
                ErrorKind::Timeout,
                format!("{} {}: no answer in {timeout_ms} ms", req.method, req.url),
            )
        } else if is_abort(&e) {
            network(CANCELLED.into())
        } else if !online() {
            network("offline".into())
        } else {
            // CORS refusals and unreachable hosts look the same from here.
            network(format!("{} {}: {}", req.method, req.url, detail(&e)))
        }
    };
    let answer = async {
        let response: web_sys::Response =
            JsFuture::from(window.fetch_with_str_and_init(&req.url, &init))
                .await
                .map_err(failed)?
                .unchecked_into();
        let text = JsFuture::from(response.text().map_err(failed)?)
            .await
            .map_err(failed)?;
        Ok(Reply {
            status: response.status(),
            headers: response.headers(),
            body: text.as_string().unwrap_or_default(),
        })
    }
    .await;
    drop(timer);
    // Answered: nothing to abort any more.
    IN_FLIGHT.with(|t| t.borrow_mut().remove(&guard.0));
    answer
}

fn is_abort(e: &JsValue) -> bool {
    e.dyn_ref::<web_sys::DomException>()
        .is_some_and(|d| d.name() == "AbortError")
}

fn detail(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "fetch failed".into())
}
