use crate::i18n::Strings;
use std::fmt;

/// What went wrong with a request, in terms a page can act on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// No connection, DNS, CORS, offline.
    Network,
    Timeout,
    NotFound,
    /// 5xx or an injected failure.
    Server,
    /// A body that does not decode into the model.
    Invalid,
    /// The backend refused the request (out of stock, price changed, …); `detail` says why.
    Rejected,
    /// The action needs a signed-in shopper (or the session expired).
    Unauthorized,
}

/// A failed backend call: the kind decides the default wording, `detail` carries the
/// backend's own user-facing message when it sent one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    pub kind: ErrorKind,
    pub detail: Option<String>,
    /// The backend's machine-readable reason for a refusal (`{error:{code,message}}`), which
    /// the interface words in the shopper's language when it knows it.
    pub code: Option<String>,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(kind: ErrorKind) -> Self {
        ApiError {
            kind,
            detail: None,
            code: None,
        }
    }

    pub fn with_detail(kind: ErrorKind, detail: impl Into<String>) -> Self {
        ApiError {
            kind,
            detail: Some(detail.into()),
            code: None,
        }
    }

    /// The backend refused, for reason `code`, saying `detail`.
    pub fn refused(code: &str, detail: impl Into<String>) -> Self {
        ApiError {
            kind: ErrorKind::Rejected,
            detail: Some(detail.into()),
            code: Some(code.to_owned()),
        }
    }

    /// Whether sending the same request again can never succeed: the backend refused it, or
    /// something it names is gone.
    pub fn is_final(&self) -> bool {
        matches!(self.kind, ErrorKind::Rejected | ErrorKind::NotFound)
    }

    /// The sentence shown to the shopper.
    pub fn message(&self, t: &Strings) -> String {
        let base = match self.kind {
            ErrorKind::Network => t.err_network,
            ErrorKind::Timeout => t.err_timeout,
            ErrorKind::NotFound => t.err_not_found,
            ErrorKind::Server => t.err_server,
            ErrorKind::Invalid => t.err_invalid,
            ErrorKind::Rejected => t.err_rejected,
            ErrorKind::Unauthorized => t.err_sign_in,
        };
        if let Some(words) = self.code.as_deref().and_then(|c| t.refusal(c)) {
            return words.to_owned();
        }
        // A refusal's detail is the backend's own sentence for the shopper; any other detail
        // is for developers (the console, debug mode), never part of the sentence.
        match &self.detail {
            Some(detail) if self.kind == ErrorKind::Rejected => detail.clone(),
            _ => base.to_owned(),
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.kind)?;
        if let Some(d) = &self.detail {
            write!(f, ": {d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}
