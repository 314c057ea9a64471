//! Every answer of the HTTP backend, as the [`Client`] gives it. The first screen's (feed,
//! clips, likes, follows) are called on the client directly by `HttpBackend`, so their code
//! goes with it; the rest are reached only through the `dyn Api` that [`load`] makes inside
//! the chunk `http_more` (product pages, profiles, search, live rooms, orders, sign-in, the
//! account's cart), so theirs arrives with that chunk.

use super::events;
use super::{Call, Client, Endpoint};
use crate::api::{Answer, Api, LiveSubscription};
use crate::model::*;
use futures::FutureExt;
use std::rc::Rc;

crate::split! { chunk = http_more, preload = preload;
    pub fn load(client: Rc<Client>) -> Rc<dyn Api> {
        client
    }
}

impl Api for Client {
    fn feed(&self, tab: FeedTab, cursor: Option<String>, limit: u32) -> Answer<'_, Page<FeedItem>> {
        async move {
            let endpoint = match tab {
                FeedTab::ForYou => Endpoint::Feed,
                FeedTab::Following => Endpoint::FollowingFeed,
            };
            if !self.shape.offers(endpoint) {
                return Ok(Page {
                    items: Vec::new(),
                    next_cursor: None,
                });
            }
            let vars = [("tab", tab.as_str())];
            let call = Call::new(endpoint, &vars).paged(cursor.as_deref(), limit);
            self.get(call).await
        }
        .boxed_local()
    }

    fn video<'a>(&'a self, id: &'a str) -> Answer<'a, FeedItem> {
        async move { self.get(Call::new(Endpoint::Video, &[("id", id)])).await }.boxed_local()
    }

    fn set_like<'a>(&'a self, video_id: &'a str, liked: bool) -> Answer<'a, ()> {
        async move {
            let endpoint = if liked {
                Endpoint::Like
            } else {
                Endpoint::Unlike
            };
            // Without likes on the backend, a like is the shopper's own, kept on the device.
            if !self.shape.offers(endpoint) {
                return Ok(());
            }
            self.send(Call::new(endpoint, &[("id", video_id)])).await
        }
        .boxed_local()
    }

    fn set_follow<'a>(&'a self, handle: &'a str, follow: bool) -> Answer<'a, ()> {
        async move {
            let endpoint = if follow {
                Endpoint::Follow
            } else {
                Endpoint::Unfollow
            };
            if !self.shape.offers(endpoint) {
                return Ok(());
            }
            self.send(Call::new(endpoint, &[("handle", handle)])).await
        }
        .boxed_local()
    }

    fn live_events(
        &self,
        id: &str,
        after_id: u64,
        on_event: Rc<dyn Fn(LiveEvent)>,
    ) -> LiveSubscription {
        let planned = self
            .shape
            .offers(Endpoint::LiveEvents)
            .then(|| self.shape.plan(Endpoint::LiveEvents, &[("id", id)], None))
            .and_then(Result::ok);
        match planned {
            Some((_, path)) => {
                events::subscribe(format!("{}{path}", self.base), after_id, on_event)
            }
            None => LiveSubscription::new(|| {}),
        }
    }

    fn product<'a>(&'a self, id: &'a str) -> Answer<'a, ProductDetail> {
        async move { self.get(Call::new(Endpoint::Product, &[("id", id)])).await }.boxed_local()
    }

    fn creator<'a>(&'a self, handle: &'a str) -> Answer<'a, Creator> {
        async move {
            let vars = [("handle", handle)];
            self.get(Call::new(Endpoint::Creator, &vars)).await
        }
        .boxed_local()
    }

    fn creator_videos<'a>(
        &'a self,
        handle: &'a str,
        cursor: Option<String>,
        limit: u32,
    ) -> Answer<'a, Page<FeedItem>> {
        async move {
            let vars = [("handle", handle)];
            let call = Call::new(Endpoint::CreatorVideos, &vars).paged(cursor.as_deref(), limit);
            self.get(call).await
        }
        .boxed_local()
    }

    fn showcase<'a>(
        &'a self,
        handle: &'a str,
        sort: ProductSort,
        cursor: Option<String>,
        limit: u32,
    ) -> Answer<'a, Page<ProductSummary>> {
        async move {
            let vars = [("handle", handle), ("sort", sort_name(sort))];
            let call = Call::new(Endpoint::Showcase, &vars).paged(cursor.as_deref(), limit);
            self.get(call).await
        }
        .boxed_local()
    }

    fn search<'a>(
        &'a self,
        ask: &'a SearchRequest,
        cursor: Option<String>,
        limit: u32,
    ) -> Answer<'a, Page<SearchHit>> {
        async move {
            let (min, max) = (
                ask.price_min.map(|n| n.to_string()).unwrap_or_default(),
                ask.price_max.map(|n| n.to_string()).unwrap_or_default(),
            );
            let vars = [
                ("q", ask.q.as_str()),
                ("kind", ask.kind.as_str()),
                ("category", ask.category.as_deref().unwrap_or("")),
                ("price_min", min.as_str()),
                ("price_max", max.as_str()),
                ("sort", sort_name(ask.sort)),
                ("shop", ask.shop.as_deref().unwrap_or("")),
            ];
            let call = Call::new(Endpoint::Search, &vars).paged(cursor.as_deref(), limit);
            self.get(call).await
        }
        .boxed_local()
    }

    fn suggest<'a>(&'a self, typed: &'a str) -> Answer<'a, Vec<Text>> {
        async move {
            let vars = [("q", typed)];
            self.optional_list(Call::new(Endpoint::Suggest, &vars))
                .await
        }
        .boxed_local()
    }

    fn categories(&self) -> Answer<'_, Vec<Category>> {
        async move {
            self.optional_list(Call::new(Endpoint::Categories, &[]))
                .await
        }
        .boxed_local()
    }

    fn shop<'a>(&'a self, id: &'a str) -> Answer<'a, ShopDetail> {
        async move { self.get(Call::new(Endpoint::Shop, &[("id", id)])).await }.boxed_local()
    }

    fn reviews<'a>(
        &'a self,
        product: &'a str,
        photos_only: bool,
        cursor: Option<String>,
        limit: u32,
    ) -> Answer<'a, Page<Review>> {
        async move {
            let photos = if photos_only { "true" } else { "" };
            let vars = [("id", product), ("photos", photos)];
            let call = Call::new(Endpoint::Reviews, &vars).paged(cursor.as_deref(), limit);
            self.get(call).await
        }
        .boxed_local()
    }

    fn product_videos<'a>(
        &'a self,
        product: &'a str,
        cursor: Option<String>,
        limit: u32,
    ) -> Answer<'a, Page<FeedItem>> {
        async move {
            let vars = [("id", product)];
            let call = Call::new(Endpoint::ProductVideos, &vars).paged(cursor.as_deref(), limit);
            self.get(call).await
        }
        .boxed_local()
    }

    fn suggested_creators(&self) -> Answer<'_, Vec<CreatorSummary>> {
        async move {
            self.optional_list(Call::new(Endpoint::SuggestedCreators, &[]))
                .await
        }
        .boxed_local()
    }

    fn coupons(&self) -> Answer<'_, Vec<Coupon>> {
        async move { self.optional_list(Call::new(Endpoint::Coupons, &[])).await }.boxed_local()
    }

    fn live_rooms(&self) -> Answer<'_, Vec<LiveRoom>> {
        async move {
            self.optional_list(Call::new(Endpoint::LiveRooms, &[]))
                .await
        }
        .boxed_local()
    }

    fn live_room<'a>(&'a self, id: &'a str) -> Answer<'a, LiveRoom> {
        async move { self.get(Call::new(Endpoint::LiveRoom, &[("id", id)])).await }.boxed_local()
    }

    fn post_comment<'a>(&'a self, room: &'a str, text: &'a str) -> Answer<'a, LiveEvent> {
        async move {
            #[derive(serde::Serialize)]
            struct Comment<'t> {
                text: &'t str,
            }
            let vars = [("id", room)];
            let call = Call::new(Endpoint::PostComment, &vars).body(&Comment { text });
            self.get(call).await
        }
        .boxed_local()
    }

    fn send_hearts<'a>(&'a self, room: &'a str, count: u32) -> Answer<'a, ()> {
        async move {
            #[derive(serde::Serialize)]
            struct Hearts {
                count: u32,
            }
            let vars = [("id", room)];
            let call = Call::new(Endpoint::SendHearts, &vars).body(&Hearts { count });
            self.send(call).await
        }
        .boxed_local()
    }

    fn claim_coupon<'a>(
        &'a self,
        room: &'a str,
        coupon: &'a str,
        watched_ms: u64,
    ) -> Answer<'a, Coupon> {
        async move {
            #[derive(serde::Serialize)]
            struct Claim {
                watched_ms: u64,
            }
            let vars = [("id", room), ("coupon", coupon)];
            let call = Call::new(Endpoint::ClaimCoupon, &vars).body(&Claim { watched_ms });
            self.get(call).await
        }
        .boxed_local()
    }

    fn place_order<'a>(
        &'a self,
        idempotency_key: &'a str,
        request: &'a OrderRequest,
    ) -> Answer<'a, Order> {
        async move {
            let mut call = Call::new(Endpoint::PlaceOrder, &[]).body(request);
            call.headers
                .push(("Idempotency-Key".into(), idempotency_key.into()));
            self.get(call).await
        }
        .boxed_local()
    }

    fn orders(&self) -> Answer<'_, Vec<Order>> {
        async move { self.get(Call::new(Endpoint::Orders, &[])).await }.boxed_local()
    }

    fn order<'a>(&'a self, id: &'a str) -> Answer<'a, Order> {
        async move { self.get(Call::new(Endpoint::Order, &[("id", id)])).await }.boxed_local()
    }

    fn send_code<'a>(&'a self, phone: &'a str) -> Answer<'a, ()> {
        async move {
            #[derive(serde::Serialize)]
            struct Phone<'p> {
                phone: &'p str,
            }
            self.send(Call::new(Endpoint::SendCode, &[]).body(&Phone { phone }))
                .await
        }
        .boxed_local()
    }

    fn login<'a>(&'a self, request: &'a LoginRequest) -> Answer<'a, Session> {
        async move {
            self.get(Call::new(Endpoint::Login, &[]).body(request))
                .await
        }
        .boxed_local()
    }

    fn logout<'a>(&'a self, token: &'a str) -> Answer<'a, ()> {
        async move {
            let mut call = Call::new(Endpoint::Logout, &[]);
            call.token = Some(token);
            self.send(call).await
        }
        .boxed_local()
    }

    fn cart(&self) -> Answer<'_, Cart> {
        async move { self.get(Call::new(Endpoint::Cart, &[])).await }.boxed_local()
    }

    fn put_cart<'a>(&'a self, cart: &'a Cart) -> Answer<'a, ()> {
        async move {
            self.send(Call::new(Endpoint::PutCart, &[]).body(cart))
                .await
        }
        .boxed_local()
    }
}

/// The order's name on the wire; empty for relevance (the backend's own order), so a URL
/// without it asks for the same.
fn sort_name(sort: ProductSort) -> &'static str {
    match sort {
        ProductSort::Relevance => "",
        other => other.as_str(),
    }
}
