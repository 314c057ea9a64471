//! The `/api` routes of the native REST contract (`target/contract.txt`, docs/openapi.yaml).

mod account;
mod catalog;
mod live;
mod orders;
mod social;

use crate::errors::{Answer, Failure};
use crate::AppState;
use axum::routing::{get, post, put};
use axum::Router;
use serde::Deserialize;

pub fn api() -> Router<AppState> {
    Router::new()
        .route("/feed", get(catalog::feed))
        .route("/videos/{id}", get(catalog::video))
        .route(
            "/videos/{id}/like",
            put(social::like).delete(social::unlike),
        )
        .route("/products/{id}", get(catalog::product))
        .route("/products/{id}/reviews", get(catalog::reviews))
        .route("/products/{id}/videos", get(catalog::product_videos))
        .route("/shops/{id}", get(catalog::shop))
        .route("/creators", get(catalog::suggested_creators))
        .route("/creators/{handle}", get(catalog::creator))
        .route("/creators/{handle}/videos", get(catalog::creator_videos))
        .route("/creators/{handle}/showcase", get(catalog::showcase))
        .route(
            "/creators/{handle}/follow",
            put(social::follow).delete(social::unfollow),
        )
        .route("/search", get(catalog::search))
        .route("/search/suggest", get(catalog::suggest))
        .route("/categories", get(catalog::categories))
        .route("/coupons", get(catalog::coupons))
        .route("/live", get(live::rooms))
        .route("/live/{id}", get(live::room))
        .route("/live/{id}/events", get(live::events))
        .route("/live/{id}/comments", post(live::comment))
        .route("/live/{id}/hearts", post(live::hearts))
        .route("/live/{id}/coupons/{coupon}/claim", post(live::claim))
        .route("/orders", post(orders::place).get(orders::list))
        .route("/orders/{id}", get(orders::one))
        .route("/auth/code", post(account::send_code))
        .route("/auth/login", post(account::login))
        .route("/auth/logout", post(account::logout))
        .route("/cart", get(account::cart).put(account::put_cart))
}

/// `?cursor=&limit=` of a paginated list.
#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    pub cursor: Option<String>,
    /// Kept as text so that a bad value gets the contract's sentence, not serde's.
    pub limit: Option<String>,
}

pub const DEFAULT_LIMIT: usize = 10;
pub const MAX_LIMIT: usize = 50;

impl PageQuery {
    pub fn limit(&self) -> Answer<usize> {
        match self.limit.as_deref().map(str::trim) {
            None | Some("") => Ok(DEFAULT_LIMIT),
            Some(text) => text
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=MAX_LIMIT).contains(n))
                .ok_or_else(|| {
                    Failure::bad_request(format!(
                        "limit must be a whole number from 1 to {MAX_LIMIT}, not {text:?}"
                    ))
                }),
        }
    }

    pub fn cursor(&self) -> Option<&str> {
        self.cursor.as_deref().filter(|c| !c.is_empty())
    }
}
