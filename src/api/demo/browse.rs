//! The demo backend's answers for the pages beyond the feed — search and its suggestions, a
//! creator's showcase, shops, a product's reviews and clips — in a chunk of their own: the
//! first screen does not wait for their code (nor for the reviews' decoder).

use super::{once, world, DemoBackend, Reviews};
use crate::api::ApiResult;
use crate::model::*;
use futures::future::{FutureExt, LocalBoxFuture};
use std::rc::Rc;

const REVIEWS_URL: &str = "/demo/reviews.json";

type Answer<T> = LocalBoxFuture<'static, ApiResult<T>>;

crate::split! { chunk = demo_more;
    pub fn showcase(
        b: DemoBackend,
        handle: String,
        sort: ProductSort,
        cursor: Option<String>,
        limit: u32,
    ) -> Answer<Page<ProductSummary>> {
        Box::pin(async move {
            b.call("showcase", |w| w.showcase(&handle, sort, cursor.as_deref(), limit as usize))
                .await
        })
    }
}

crate::split! { chunk = demo_more;
    pub fn search(
        b: DemoBackend,
        ask: SearchRequest,
        cursor: Option<String>,
        limit: u32,
    ) -> Answer<Page<SearchHit>> {
        Box::pin(async move {
            b.call("search", |w| w.search(&ask, cursor.as_deref(), limit as usize)).await
        })
    }
}

crate::split! { chunk = demo_more;
    pub fn suggest(b: DemoBackend, typed: String) -> Answer<Vec<Text>> {
        Box::pin(async move { b.call("suggest", |w| Ok(w.suggest(&typed, SUGGESTIONS))).await })
    }
}

crate::split! { chunk = demo_more;
    pub fn categories(b: DemoBackend) -> Answer<Vec<Category>> {
        Box::pin(async move { b.call("categories", |w| Ok(w.data.categories.clone())).await })
    }
}

crate::split! { chunk = demo_more;
    pub fn shop(b: DemoBackend, id: String) -> Answer<ShopDetail> {
        Box::pin(async move { b.call("shop", |w| w.shop_detail(&id)).await })
    }
}

crate::split! { chunk = demo_more;
    pub fn product_videos(
        b: DemoBackend,
        product: String,
        cursor: Option<String>,
        limit: u32,
    ) -> Answer<Page<FeedItem>> {
        Box::pin(async move {
            b.call("product_videos", |w| {
                w.product_videos(&product, cursor.as_deref(), limit as usize)
            })
            .await
        })
    }
}

crate::split! { chunk = demo_more;
    pub fn reviews(
        b: DemoBackend,
        product: String,
        photos_only: bool,
        cursor: Option<String>,
        limit: u32,
    ) -> Answer<Page<Review>> {
        Box::pin(async move {
            let all = all_reviews(&b).await?;
            b.call("reviews", |w| {
                w.product(&product)?;
                world::reviews_page(&all, &product, photos_only, cursor.as_deref(), limit as usize)
            })
            .await
        })
    }
}

/// Every product's reviews, from their own file (fetched the first time reviews are shown).
async fn all_reviews(b: &DemoBackend) -> ApiResult<Rc<Vec<Review>>> {
    once(&b.inner.reviews, || {
        async {
            let text = crate::api::fetch::get_text_ok(REVIEWS_URL).await?;
            let reviews: Reviews = crate::api::decode(&text)?;
            Ok(Rc::new(reviews.reviews))
        }
        .boxed_local()
    })
    .await
}
