//! The one error shape of the contract, `{"error":{"code","message"}}`, and the extractors
//! that turn every way a request can be wrong into it, so a client never has to parse
//! axum's plain-text rejections.

use axum::body::{Body, Bytes};
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{header, request::Parts, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use haowu::api::{ApiError, ErrorKind};
use serde::de::DeserializeOwned;
use serde_json::json;

/// Bodies larger than this are refused with 413 (the contract's limit).
pub const BODY_LIMIT: usize = 64 * 1024;

/// A failed request, as the contract words it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub status: StatusCode,
    pub code: String,
    pub message: String,
}

pub type Answer<T> = Result<T, Failure>;

impl Failure {
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        Failure {
            status,
            code: code.to_owned(),
            message: message.into(),
        }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "Sign in to do this (Authorization: Bearer <token>).",
        )
    }

    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", "Nothing here.")
    }

    pub fn refused(code: &str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, code, message)
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message)
    }

    /// The answer for a status that carries no code of its own (a layer's refusal).
    pub fn for_status(status: StatusCode, message: Option<String>) -> Self {
        let (code, default) = match status.as_u16() {
            400 => ("bad_request", "The request is malformed."),
            401 => ("unauthorized", "Sign in to do this."),
            404 => ("not_found", "Nothing here."),
            405 => ("method_not_allowed", "This method is not allowed here."),
            413 => (
                "payload_too_large",
                "The request body is larger than 64 KB.",
            ),
            415 => (
                "unsupported_media_type",
                "Send the body as Content-Type: application/json.",
            ),
            // No layer answers with another status; were one to, it is reported as the
            // server's failure rather than under a code the contract does not list.
            _ => ("internal", "Something went wrong on the server."),
        };
        let message = message
            .filter(|m| !m.trim().is_empty())
            .unwrap_or_else(|| default.to_owned());
        Self::new(status, code, message)
    }
}

impl From<ApiError> for Failure {
    fn from(e: ApiError) -> Self {
        let detail = e.detail.clone();
        match e.kind {
            ErrorKind::NotFound => Failure::new(
                StatusCode::NOT_FOUND,
                "not_found",
                detail.unwrap_or_else(|| "Nothing here.".to_owned()),
            ),
            ErrorKind::Rejected => Failure::refused(
                e.code.as_deref().unwrap_or("rejected"),
                detail.unwrap_or_else(|| "The request was refused.".to_owned()),
            ),
            ErrorKind::Unauthorized => Failure::unauthorized(),
            ErrorKind::Invalid => {
                Failure::bad_request(detail.unwrap_or_else(|| "Invalid request.".to_owned()))
            }
            _ => Failure::internal(detail.unwrap_or_else(|| "Server error.".to_owned())),
        }
    }
}

impl From<rusqlite::Error> for Failure {
    fn from(e: rusqlite::Error) -> Self {
        // The database's words are for the log, not for clients.
        eprintln!("haowu-server: database error: {e}");
        Failure::internal("The database could not answer.")
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let body = json!({"error": {"code": self.code, "message": self.message}});
        (self.status, axum::Json(body)).into_response()
    }
}

/// A JSON body: 415 unless it is declared JSON, 413 past [`BODY_LIMIT`], 400 with serde's
/// sentence when it does not decode into `T`.
pub struct JsonBody<T>(pub T);

fn is_json(content_type: Option<&HeaderValue>) -> bool {
    let Some(essence) = content_type
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
    else {
        return false;
    };
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

fn body_failure(rejection: BytesRejection) -> Failure {
    let status = rejection.status();
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        Failure::for_status(status, None)
    } else {
        Failure::bad_request(rejection.body_text())
    }
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = Failure;

    async fn from_request(req: Request, state: &S) -> Result<Self, Failure> {
        if !is_json(req.headers().get(header::CONTENT_TYPE)) {
            return Err(Failure::for_status(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                None,
            ));
        }
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(body_failure)?;
        serde_json::from_slice(&bytes)
            .map(JsonBody)
            .map_err(|e| Failure::bad_request(format!("invalid JSON body: {e}")))
    }
}

/// Query parameters; a value of the wrong form is a 400 naming it.
pub struct QueryOf<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for QueryOf<T> {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Failure> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|q| QueryOf(q.0))
            .map_err(|e: QueryRejection| Failure::bad_request(e.body_text()))
    }
}

/// Path parameters, with axum's rejection (bad percent-encoding) in the contract's shape.
pub struct PathOf<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for PathOf<T> {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Failure> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|p| PathOf(p.0))
            .map_err(|e: PathRejection| Failure::for_status(e.status(), Some(e.body_text())))
    }
}

/// `/api` paths that match no route.
pub async fn api_not_found() -> Failure {
    Failure::new(StatusCode::NOT_FOUND, "not_found", "No such API endpoint.")
}

pub async fn api_method_not_allowed() -> Failure {
    Failure::for_status(StatusCode::METHOD_NOT_ALLOWED, None)
}

/// The safety net under every `/api` answer: an error that a layer made in its own format
/// (tower-http's 413, a rejection this code does not map) is rewritten into the contract's
/// shape, keeping its status and headers (`Allow`, CORS).
pub async fn normalize_errors(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // Layers' own bodies are a short sentence; anything longer is not worth echoing.
    let text = http_body_util::BodyExt::collect(http_body_util::Limited::new(body, 1024))
        .await
        .ok()
        .and_then(|b| String::from_utf8(b.to_bytes().to_vec()).ok())
        .filter(|_| status != StatusCode::PAYLOAD_TOO_LARGE);
    let fixed = Failure::for_status(status, text).into_response();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Response::from_parts(parts, fixed.into_body())
}

/// The catch-panic layer's answer: the contract's 500, never a dropped connection.
pub fn panic_response(_panic: Box<dyn std::any::Any + Send + 'static>) -> Response<Body> {
    Failure::internal("Something went wrong on the server.").into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_content_types() {
        let v = |s: &'static str| HeaderValue::from_static(s);
        assert!(is_json(Some(&v("application/json"))));
        assert!(is_json(Some(&v("Application/JSON; charset=utf-8"))));
        assert!(is_json(Some(&v("application/merge-patch+json"))));
        assert!(!is_json(Some(&v("text/plain"))));
        assert!(!is_json(None));
    }

    #[test]
    fn api_errors_map_to_statuses() {
        let f = Failure::from(ApiError::refused("price_changed", "x: price changed"));
        assert_eq!(
            (f.status, f.code.as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, "price_changed")
        );
        let f = Failure::from(ApiError::new(ErrorKind::NotFound));
        assert_eq!(f.status, StatusCode::NOT_FOUND);
        let f = Failure::from(ApiError::new(ErrorKind::Unauthorized));
        assert_eq!(f.status, StatusCode::UNAUTHORIZED);
        let f = Failure::from(ApiError::with_detail(ErrorKind::Invalid, "bad cursor"));
        assert_eq!(
            (f.status, f.message.as_str()),
            (StatusCode::BAD_REQUEST, "bad cursor")
        );
        let f = Failure::from(ApiError::new(ErrorKind::Timeout));
        assert_eq!(
            (f.status, f.code.as_str()),
            (StatusCode::INTERNAL_SERVER_ERROR, "internal")
        );
    }
}
