//! Who is calling: the account behind `Authorization: Bearer <token>`, if any.

use crate::db::{self, AccountRow};
use crate::errors::{Answer, Failure};
use crate::AppState;
use axum::extract::FromRequestParts;
use axum::http::{header, request::Parts};
use haowu::config::Gated;

/// The caller. A missing, unknown or revoked token makes a guest: only the actions that need
/// an account answer 401.
pub struct Caller {
    pub account: Option<AccountRow>,
    /// The token as presented (what logout revokes).
    pub token: Option<String>,
}

/// The token of an `Authorization: Bearer …` header.
pub fn bearer(parts: &Parts) -> Option<String> {
    let value = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty() && token.len() <= 512)
        .then(|| token.to_owned())
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Failure> {
        let Some(token) = bearer(parts) else {
            return Ok(Caller {
                account: None,
                token: None,
            });
        };
        let lookup = token.clone();
        let account = state
            .db
            .call(move |conn| db::account_for_token(conn, &lookup))
            .await?;
        Ok(Caller {
            account,
            token: Some(token),
        })
    }
}

impl Caller {
    /// The account, required.
    pub fn required(&self) -> Answer<&AccountRow> {
        self.account.as_ref().ok_or_else(Failure::unauthorized)
    }

    /// The account, which is required when the server keeps `action` for signed-in shoppers.
    pub fn member_for(&self, state: &AppState, action: Gated) -> Answer<Option<&AccountRow>> {
        if state.options.gated(action) {
            self.required().map(Some)
        } else {
            Ok(self.account.as_ref())
        }
    }
}
