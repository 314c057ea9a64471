//! The catalogue: answered by the demo world's own queries, exactly as the in-browser demo
//! backend answers them.

use super::PageQuery;
use crate::auth::Caller;
use crate::db;
use crate::errors::{Answer, Failure, PathOf, QueryOf};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use haowu::api::demo::world;
use haowu::model::*;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct FeedQuery {
    pub tab: Option<String>,
    #[serde(flatten)]
    pub page: PageQuery,
}

pub async fn feed(
    State(state): State<AppState>,
    caller: Caller,
    QueryOf(q): QueryOf<FeedQuery>,
) -> Answer<Json<Page<FeedItem>>> {
    let tab = match q.tab.as_deref().unwrap_or("") {
        "" | "for_you" => FeedTab::ForYou,
        "following" => FeedTab::Following,
        other => {
            return Err(Failure::bad_request(format!(
                "tab must be for_you or following, not {other:?}"
            )))
        }
    };
    let limit = q.page.limit()?;
    // A guest follows nobody here: their follows are not kept on the server.
    let followed = match (&caller.account, tab) {
        (Some(account), FeedTab::Following) => {
            let id = account.id;
            state.db.call(move |c| db::follows(c, id)).await?
        }
        _ => Vec::new(),
    };
    Ok(Json(state.world.feed(
        tab,
        &followed,
        q.page.cursor(),
        limit,
    )?))
}

pub async fn video(
    State(state): State<AppState>,
    PathOf(id): PathOf<String>,
) -> Answer<Json<FeedItem>> {
    Ok(Json(state.world.video(&id)?))
}

pub async fn product(
    State(state): State<AppState>,
    PathOf(id): PathOf<String>,
) -> Answer<Json<ProductDetail>> {
    Ok(Json(state.world.product_detail(&id)?))
}

/// The catalogue's categories (search's filter).
pub async fn categories(State(state): State<AppState>) -> Json<Vec<Category>> {
    Json(state.world.data.categories.clone())
}

/// Creators to suggest to a shopper who follows nobody yet (the demo's choice: the first six).
pub async fn suggested_creators(State(state): State<AppState>) -> Json<Vec<CreatorSummary>> {
    Json(
        state
            .world
            .data
            .creators
            .iter()
            .take(6)
            .map(Creator::summary)
            .collect(),
    )
}

pub async fn creator(
    State(state): State<AppState>,
    PathOf(handle): PathOf<String>,
) -> Answer<Json<Creator>> {
    Ok(Json(state.world.creator(&handle)?.clone()))
}

pub async fn creator_videos(
    State(state): State<AppState>,
    PathOf(handle): PathOf<String>,
    QueryOf(q): QueryOf<PageQuery>,
) -> Answer<Json<Page<FeedItem>>> {
    let limit = q.limit()?;
    Ok(Json(state.world.creator_videos(
        &handle,
        q.cursor(),
        limit,
    )?))
}

/// `?sort=`: empty or missing for the backend's own order.
fn sort_of(text: Option<&str>) -> Answer<ProductSort> {
    match text.map(str::trim).unwrap_or("") {
        "" => Ok(ProductSort::Relevance),
        name => ProductSort::parse(name).ok_or_else(|| {
            Failure::bad_request(format!(
                "sort must be one of {}, not {name:?}",
                names(ProductSort::ALL.map(ProductSort::as_str))
            ))
        }),
    }
}

fn names<const N: usize>(all: [&str; N]) -> String {
    all.join(", ")
}

/// An optional text parameter: empty means not set.
fn given(text: Option<String>) -> Option<String> {
    text.filter(|t| !t.trim().is_empty())
}

/// An optional price in minor units: empty means not set.
fn price(name: &str, text: Option<&str>) -> Answer<Option<i64>> {
    match text.map(str::trim).unwrap_or("") {
        "" => Ok(None),
        text => text.parse::<i64>().map(Some).map_err(|_| {
            Failure::bad_request(format!(
                "{name} must be a whole number of minor units (fen), not {text:?}"
            ))
        }),
    }
}

#[derive(Debug, Deserialize)]
pub struct ShowcaseQuery {
    pub sort: Option<String>,
    #[serde(flatten)]
    pub page: PageQuery,
}

pub async fn showcase(
    State(state): State<AppState>,
    PathOf(handle): PathOf<String>,
    QueryOf(q): QueryOf<ShowcaseQuery>,
) -> Answer<Json<Page<ProductSummary>>> {
    let sort = sort_of(q.sort.as_deref())?;
    let limit = q.page.limit()?;
    Ok(Json(state.world.showcase(
        &handle,
        sort,
        q.page.cursor(),
        limit,
    )?))
}

/// `GET /search`'s parameters, all kept as text so that a bad value gets a sentence naming
/// it; empty values mean "not set".
#[derive(Debug, Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    pub q: String,
    pub kind: Option<String>,
    pub category: Option<String>,
    pub price_min: Option<String>,
    pub price_max: Option<String>,
    pub sort: Option<String>,
    pub shop: Option<String>,
    #[serde(flatten)]
    pub page: PageQuery,
}

impl SearchQuery {
    pub fn request(self) -> Answer<SearchRequest> {
        let kind = match self.kind.as_deref().map(str::trim).unwrap_or("") {
            "" => SearchKind::default(),
            name => SearchKind::parse(name).ok_or_else(|| {
                Failure::bad_request(format!(
                    "kind must be one of {}, not {name:?}",
                    names(SearchKind::ALL.map(SearchKind::as_str))
                ))
            })?,
        };
        Ok(SearchRequest {
            q: self.q,
            kind,
            category: given(self.category),
            price_min: price("price_min", self.price_min.as_deref())?,
            price_max: price("price_max", self.price_max.as_deref())?,
            sort: sort_of(self.sort.as_deref())?,
            shop: given(self.shop),
        })
    }
}

pub async fn search(
    State(state): State<AppState>,
    QueryOf(q): QueryOf<SearchQuery>,
) -> Answer<Json<Page<SearchHit>>> {
    let limit = q.page.limit()?;
    let cursor = q.page.cursor().map(str::to_owned);
    let ask = q.request()?;
    Ok(Json(state.world.search(&ask, cursor.as_deref(), limit)?))
}

#[derive(Debug, Deserialize)]
pub struct SuggestQuery {
    #[serde(default)]
    pub q: String,
}

pub async fn suggest(
    State(state): State<AppState>,
    QueryOf(q): QueryOf<SuggestQuery>,
) -> Json<Vec<Text>> {
    Json(state.world.suggest(&q.q, SUGGESTIONS))
}

pub async fn shop(
    State(state): State<AppState>,
    PathOf(id): PathOf<String>,
) -> Answer<Json<ShopDetail>> {
    Ok(Json(state.world.shop_detail(&id)?))
}

#[derive(Debug, Deserialize)]
pub struct ReviewsQuery {
    /// `true` for only the reviews with photos; `false` or empty for all.
    pub photos: Option<String>,
    #[serde(flatten)]
    pub page: PageQuery,
}

pub async fn reviews(
    State(state): State<AppState>,
    PathOf(id): PathOf<String>,
    QueryOf(q): QueryOf<ReviewsQuery>,
) -> Answer<Json<Page<Review>>> {
    let photos_only = match q.photos.as_deref().map(str::trim).unwrap_or("") {
        "" | "false" => false,
        "true" => true,
        other => {
            return Err(Failure::bad_request(format!(
                "photos must be true or false, not {other:?}"
            )))
        }
    };
    let limit = q.page.limit()?;
    state.world.product(&id)?;
    Ok(Json(world::reviews_page(
        &state.world.data.reviews,
        &id,
        photos_only,
        q.page.cursor(),
        limit,
    )?))
}

pub async fn product_videos(
    State(state): State<AppState>,
    PathOf(id): PathOf<String>,
    QueryOf(q): QueryOf<PageQuery>,
) -> Answer<Json<Page<FeedItem>>> {
    let limit = q.limit()?;
    Ok(Json(state.world.product_videos(&id, q.cursor(), limit)?))
}

/// `GET /coupons`: every shopper's coupons and those the caller claimed in live rooms.
pub async fn coupons(State(state): State<AppState>, caller: Caller) -> Answer<Json<Vec<Coupon>>> {
    let claimed = match caller.account.as_ref().map(|a| a.id) {
        Some(account) => {
            state
                .db
                .call(move |c| db::claimed_coupons(c, account))
                .await?
        }
        None => Vec::new(),
    };
    Ok(Json(state.world.wallet(&claimed)))
}
