//! The demo server's live rooms, in their own chunk: the scripts are decoded from `world.json`
//! the first time a room (or a coupon, which live rooms hand out) is asked for, and played on
//! the server's clock.

use super::{once, ApiResult, DemoBackend, DemoWorld, LiveScripts};
use crate::model::*;
use futures::future::{FutureExt, LocalBoxFuture};
use std::cell::Cell;
use std::rc::Rc;

type Answer<T> = LocalBoxFuture<'static, ApiResult<T>>;

crate::split! { chunk = demo_more;
    pub fn coupons(b: DemoBackend) -> Answer<Vec<Coupon>> {
        Box::pin(async move { b.call_live("coupons", |w| Ok(w.coupons())).await })
    }
}

crate::split! { chunk = demo_more;
    pub fn rooms(b: DemoBackend) -> Answer<Vec<LiveRoom>> {
        Box::pin(async move {
            let elapsed = b.elapsed_ms();
            b.call_live("live", |w| Ok(w.live_rooms(elapsed))).await
        })
    }
}

crate::split! { chunk = demo_more;
    pub fn room(b: DemoBackend, id: String) -> Answer<LiveRoom> {
        Box::pin(async move {
            let elapsed = b.elapsed_ms();
            b.call_live("live", |w| w.live_room(&id, elapsed)).await
        })
    }
}

crate::split! { chunk = demo_more;
    /// Plays the room's script from now on, calling `on_event` for each event after
    /// `after_id`, until `stopped`. One timer at a time.
    pub fn events(
        b: DemoBackend,
        id: String,
        after_id: u64,
        on_event: Rc<dyn Fn(LiveEvent)>,
        stopped: Rc<Cell<bool>>,
    ) -> LocalBoxFuture<'static, ()> {
        Box::pin(async move {
            let Ok(world) = b.full_world().await else {
                return;
            };
            let Ok(scenario) = world.scenario(&id) else {
                return;
            };
            let mut from = b.elapsed_ms();
            while !stopped.get() {
                let to = from + 250;
                for (_, event) in DemoWorld::scripted_events(scenario, from, to) {
                    if event.id > after_id && !stopped.get() {
                        on_event(event);
                    }
                }
                from = to;
                // In real milliseconds: the room's clock may run faster (`live_speed`).
                let wait = from.saturating_sub(b.elapsed_ms()) as f64 / b.inner.options.live_speed;
                gloo_timers::future::TimeoutFuture::new(wait as u32).await;
            }
        })
    }
}

impl DemoBackend {
    /// The catalogue with the live scripts decoded into it.
    pub(super) async fn full_world(&self) -> ApiResult<Rc<DemoWorld>> {
        let this = self.clone();
        once(&self.inner.full, move || {
            async move {
                let (world, text) = (this.world().await?, this.text().await?);
                let scripts: LiveScripts = crate::api::decode(&text)?;
                let mut data = world.data.clone();
                data.live = scripts.live;
                Ok(Rc::new(DemoWorld::new(data)))
            }
            .boxed_local()
        })
        .await
    }

    /// A request answered from the world with its live scripts.
    async fn call_live<T>(
        &self,
        endpoint: &str,
        query: impl FnOnce(&DemoWorld) -> ApiResult<T>,
    ) -> ApiResult<T> {
        self.call_on(endpoint, self.full_world(), query).await
    }
}
