//! How a backend's URLs and bodies look: the native contract, or a foreign API described by a
//! mapping (`mapping`, its own chunk). The HTTP backend speaks through this trait so that a
//! native-contract deployment never loads the mapping code.

use super::endpoint::{fill, with_query, Endpoint};
use super::transport::Reply;
use crate::api::{ApiError, ApiResult, ErrorKind};

/// Which page of a list the app wants: the cursor it was given last time (opaque; the shape
/// made it) and how many items.
#[derive(Clone, Copy, Debug)]
pub struct PageAsk<'a> {
    pub cursor: Option<&'a str>,
    pub limit: u32,
}

pub trait Shape {
    fn offers(&self, endpoint: Endpoint) -> bool;
    /// Method and URL (relative to the API base) of a request.
    fn plan(
        &self,
        endpoint: Endpoint,
        vars: &[(&str, &str)],
        page: Option<PageAsk<'_>>,
    ) -> ApiResult<(&'static str, String)>;
    /// The native JSON of a successful (2xx) answer.
    fn read(
        &self,
        endpoint: Endpoint,
        page: Option<PageAsk<'_>>,
        reply: Reply,
    ) -> ApiResult<String>;
    /// The error code and message in a failed answer's body.
    fn refusal(&self, reply: &Reply) -> (Option<String>, Option<String>);
    /// The header that carries the shopper's token (or a fixed key).
    fn auth(&self, token: Option<&str>) -> Option<(String, String)>;
}

/// The native contract (`docs/openapi.yaml`).
pub struct Native;

impl Shape for Native {
    fn offers(&self, _: Endpoint) -> bool {
        true
    }

    fn plan(
        &self,
        endpoint: Endpoint,
        vars: &[(&str, &str)],
        page: Option<PageAsk<'_>>,
    ) -> ApiResult<(&'static str, String)> {
        let (method, template) = endpoint.native();
        let url = fill(template, vars).map_err(|e| ApiError::with_detail(ErrorKind::Invalid, e))?;
        Ok((
            method,
            match page {
                Some(page) => {
                    let mut params = vec![("limit", page.limit.to_string())];
                    if let Some(c) = page.cursor {
                        params.push(("cursor", c.to_owned()));
                    }
                    with_query(&url, &params)
                }
                None => url,
            },
        ))
    }

    fn read(&self, _: Endpoint, _: Option<PageAsk<'_>>, reply: Reply) -> ApiResult<String> {
        Ok(reply.body)
    }

    fn refusal(&self, reply: &Reply) -> (Option<String>, Option<String>) {
        #[derive(serde::Deserialize)]
        struct Body {
            error: Inner,
        }
        #[derive(serde::Deserialize)]
        struct Inner {
            code: Option<String>,
            message: Option<String>,
        }
        match serde_json::from_str::<Body>(&reply.body) {
            Ok(b) => (b.error.code, b.error.message),
            Err(_) => (None, None),
        }
    }

    fn auth(&self, token: Option<&str>) -> Option<(String, String)> {
        token.map(|t| ("Authorization".to_owned(), format!("Bearer {t}")))
    }
}

/// The error a failed answer means, whatever the backend's shape.
pub fn failure(status: u16, code: Option<String>, message: Option<String>, what: &str) -> ApiError {
    let detail = format!(
        "HTTP {status} from {what}{}",
        message
            .as_deref()
            .map(|m| format!(": {m}"))
            .unwrap_or_default()
    );
    match status {
        401 | 403 => ApiError::with_detail(ErrorKind::Unauthorized, detail),
        404 | 410 => ApiError::with_detail(ErrorKind::NotFound, detail),
        408 | 504 => ApiError::with_detail(ErrorKind::Timeout, detail),
        // Too many requests: the server's trouble, and worth a retry later.
        429 => ApiError::with_detail(ErrorKind::Server, detail),
        // A refusal the shopper can act on: its code is worded by the interface, its message
        // is the backend's own sentence otherwise.
        409 | 422 => ApiError::refused(
            code.as_deref().unwrap_or("refused"),
            message.unwrap_or(detail),
        ),
        400..=499 => match code {
            Some(code) if status != 400 => ApiError::refused(&code, message.unwrap_or(detail)),
            _ => ApiError::with_detail(ErrorKind::Invalid, detail),
        },
        _ => ApiError::with_detail(ErrorKind::Server, detail),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_is_an_error_kind_the_pages_know() {
        let f = |status, code: Option<&str>| {
            failure(
                status,
                code.map(String::from),
                Some("words".into()),
                "GET feed",
            )
        };
        assert_eq!(f(401, None).kind, ErrorKind::Unauthorized);
        assert_eq!(f(403, Some("forbidden")).kind, ErrorKind::Unauthorized);
        assert_eq!(f(404, Some("not_found")).kind, ErrorKind::NotFound);
        assert_eq!(f(410, None).kind, ErrorKind::NotFound);
        assert_eq!(f(408, None).kind, ErrorKind::Timeout);
        assert_eq!(f(504, None).kind, ErrorKind::Timeout);
        let refused = f(422, Some("price_changed"));
        assert_eq!(refused.kind, ErrorKind::Rejected);
        assert_eq!(refused.code.as_deref(), Some("price_changed"));
        assert_eq!(refused.detail.as_deref(), Some("words"));
        assert_eq!(f(409, None).code.as_deref(), Some("refused"));
        assert_eq!(f(400, Some("bad_request")).kind, ErrorKind::Invalid);
        assert_eq!(f(429, None).kind, ErrorKind::Server);
        assert_eq!(f(500, Some("internal")).kind, ErrorKind::Server);
        assert_eq!(f(503, None).kind, ErrorKind::Server);
        // The developer's detail names the request and status, never shown as the sentence.
        assert_eq!(
            f(500, None).detail.as_deref(),
            Some("HTTP 500 from GET feed: words")
        );
    }
}
