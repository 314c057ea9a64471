//! The demo server's shop counter, in its own chunk: orders priced the way a server would
//! (exactly once per idempotency key), the orders' progress, sign-in with a texted code, and
//! the account's cart. Loaded the first time one of these is asked for.

use super::{
    load_sessions, now_ms, save_sessions, ApiError, ApiResult, Buyer, DemoBackend, DemoWorld,
    ErrorKind,
};
use crate::config::Gated;
use crate::model::*;
use crate::storage::{self, Store};
use futures::future::LocalBoxFuture;

const DB_KEY: &str = "haowu.demo.db.v1";

/// The orders and carts the demo server keeps between reloads.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
struct Db {
    orders: Vec<StoredOrder>,
    /// Idempotency-Key → order id.
    idempotency: Vec<(String, String)>,
    /// Account id → that account's cart.
    #[serde(default)]
    carts: Vec<(String, Cart)>,
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
struct StoredOrder {
    /// Account id; `None` for a guest order.
    #[serde(default)]
    owner: Option<String>,
    #[serde(flatten)]
    order: Order,
}

fn load_db() -> Db {
    storage::read(Store::Local, DB_KEY).unwrap_or_default()
}

fn save_db(db: &Db) {
    storage::write(Store::Local, DB_KEY, Some(db));
}

/// How a demo order moves on after it is paid, so designers see every status.
const SHIPS_AFTER_MS: i64 = 60_000;
const DELIVERED_AFTER_MS: i64 = 300_000;

/// The order as it stands at `now`: status and history follow the time since it was paid.
pub fn order_at(mut order: Order, now: i64) -> Order {
    let steps = [
        (OrderStatus::Paid, 0),
        (OrderStatus::Shipped, SHIPS_AFTER_MS),
        (OrderStatus::Delivered, DELIVERED_AFTER_MS),
    ];
    order.history = steps
        .iter()
        .filter(|(_, after)| now >= order.created_at + after)
        .map(|&(status, after)| StatusStep {
            status,
            at: order.created_at + after,
        })
        .collect();
    if let Some(last) = order.history.last() {
        order.status = last.status;
    }
    order
}

type Answer<T> = LocalBoxFuture<'static, ApiResult<T>>;

crate::split! { chunk = demo_more;
    pub fn place_order(b: DemoBackend, key: String, request: OrderRequest) -> Answer<Order> {
        Box::pin(async move { b.place_order(&key, &request).await })
    }
}

crate::split! { chunk = demo_more;
    pub fn orders(b: DemoBackend) -> Answer<Vec<Order>> {
        Box::pin(async move { b.call("orders", |_| b.own_orders(&load_db())).await })
    }
}

crate::split! { chunk = demo_more;
    pub fn order(b: DemoBackend, id: String) -> Answer<Order> {
        Box::pin(async move {
            b.call("orders", |_| {
                b.own_orders(&load_db())?
                    .into_iter()
                    .find(|o| o.id == id)
                    .ok_or_else(|| ApiError::new(ErrorKind::NotFound))
            })
            .await
        })
    }
}

crate::split! { chunk = demo_more;
    /// "Texts" a code: the demo sends nothing (any six digits will do), but checks the number
    /// like a real backend would.
    pub fn send_code(b: DemoBackend, phone: String) -> Answer<()> {
        Box::pin(async move {
            b.call("auth", |_| {
                if normalize_phone(&phone).is_some() {
                    Ok(())
                } else {
                    Err(ApiError::refused("invalid_phone", "invalid phone number"))
                }
            })
            .await
        })
    }
}

crate::split! { chunk = demo_more;
    pub fn login(b: DemoBackend, request: LoginRequest) -> Answer<Session> {
        Box::pin(async move { b.login(&request).await })
    }
}

crate::split! { chunk = demo_more;
    /// `GET /cart`: the signed-in shopper's cart.
    pub fn cart(b: DemoBackend) -> Answer<Cart> {
        Box::pin(async move {
            b.call("cart", |_| {
                let account = b.account().ok_or_else(|| ApiError::new(ErrorKind::Unauthorized))?;
                Ok(load_db()
                    .carts
                    .into_iter()
                    .find(|(id, _)| *id == account.id)
                    .map(|(_, c)| c)
                    .unwrap_or_default())
            })
            .await
        })
    }
}

crate::split! { chunk = demo_more;
    /// `PUT /cart`: replaces the signed-in shopper's cart.
    pub fn put_cart(b: DemoBackend, cart: Cart) -> Answer<()> {
        Box::pin(async move {
            b.call("cart", |_| {
                let account = b.account().ok_or_else(|| ApiError::new(ErrorKind::Unauthorized))?;
                let mut db = load_db();
                db.carts.retain(|(id, _)| *id != account.id);
                db.carts.push((account.id, cart.clone()));
                save_db(&db);
                Ok(())
            })
            .await
        })
    }
}

impl DemoBackend {
    /// Places an order once per idempotency key: a repeat of the same key returns the order
    /// the first request made. Priced against the world with its live coupons.
    async fn place_order(&self, idempotency_key: &str, request: &OrderRequest) -> ApiResult<Order> {
        let world = async { self.full_world().await };
        self.call_on("order", world, |w: &DemoWorld| {
            let owner = self.member_for(Gated::Order)?.map(|a| a.id);
            let mut db = load_db();
            if let Some((_, id)) = db.idempotency.iter().find(|(k, _)| k == idempotency_key) {
                return db
                    .orders
                    .iter()
                    .find(|o| &o.order.id == id)
                    .map(|o| order_at(o.order.clone(), now_ms() as i64))
                    .ok_or_else(|| ApiError::new(ErrorKind::Server));
            }
            let now = now_ms() as i64;
            let id = format!("HW{now}{:03}", db.orders.len() % 1000);
            let buyer = owner.clone().unwrap_or_else(|| "guest".to_owned());
            let claimed = self.claimed();
            let live = |room: &str, product: &str, qty: u32| {
                self.live_terms(w, room, product, qty, &buyer)
            };
            let terms = Buyer {
                claimed: &claimed,
                live: &live,
            };
            let order = w.new_order(id, request, now, &terms)?;
            self.live_sold(w, request, &buyer);
            db.idempotency
                .push((idempotency_key.to_owned(), order.id.clone()));
            // What was ordered leaves the account's cart too, as on a real shop backend.
            if let Some((_, cart)) = db
                .carts
                .iter_mut()
                .find(|(id, _)| Some(id) == owner.as_ref())
            {
                cart.lines
                    .retain(|l| !order.lines.iter().any(|o| o.variant_id == l.variant_id));
            }
            db.orders.insert(
                0,
                StoredOrder {
                    owner,
                    order: order.clone(),
                },
            );
            save_db(&db);
            Ok(order)
        })
        .await
    }

    /// The orders of the signed-in shopper (a guest sees the guest orders of this browser).
    fn own_orders(&self, db: &Db) -> ApiResult<Vec<Order>> {
        let owner = self.member_for(Gated::Order)?.map(|a| a.id);
        let now = now_ms() as i64;
        Ok(db
            .orders
            .iter()
            .filter(|o| o.owner == owner)
            .map(|o| order_at(o.order.clone(), now))
            .collect())
    }

    /// Signs in with a phone number and the code texted to it. The demo texts nothing:
    /// any six digits but "000000" pass, so designers can also show a wrong code.
    async fn login(&self, request: &LoginRequest) -> ApiResult<Session> {
        self.call("auth", |_| {
            let Some(phone) = normalize_phone(&request.phone) else {
                return Err(ApiError::refused("invalid_phone", "invalid phone number"));
            };
            let code_ok = request.code.len() == 6
                && request.code.chars().all(|c| c.is_ascii_digit())
                && request.code != "000000";
            if !code_ok {
                return Err(ApiError::refused("wrong_code", "wrong code"));
            }
            let session = Session {
                token: format!(
                    "demo-{:x}{:x}",
                    now_ms() as u64,
                    (js_sys::Math::random() * 1e12) as u64
                ),
                user: Account {
                    id: format!("u{phone}"),
                    phone_masked: mask_phone(&phone),
                },
            };
            let mut sessions = load_sessions();
            sessions.push((session.token.clone(), session.user.clone()));
            save_sessions(&sessions);
            Ok(session)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(created_at: i64) -> Order {
        Order {
            id: "o".into(),
            lines: vec![],
            subtotal: Money::cny(0),
            discount: Money::cny(0),
            shipping: Money::cny(0),
            total: Money::cny(0),
            status: OrderStatus::Pending,
            address: Address::default(),
            created_at,
            history: vec![],
        }
    }

    #[test]
    fn demo_orders_move_from_paid_to_shipped_to_delivered() {
        let at = |now| order_at(order(1_000), now);
        assert_eq!(at(1_000).status, OrderStatus::Paid);
        assert_eq!(at(1_000).history.len(), 1);
        let shipped = at(1_000 + SHIPS_AFTER_MS);
        assert_eq!(shipped.status, OrderStatus::Shipped);
        assert_eq!(shipped.history[1].at, 1_000 + SHIPS_AFTER_MS);
        let delivered = at(1_000 + DELIVERED_AFTER_MS + 5);
        assert_eq!(delivered.status, OrderStatus::Delivered);
        let steps: Vec<OrderStatus> = delivered.history.iter().map(|s| s.status).collect();
        assert_eq!(steps, OrderStatus::PATH);
    }

    #[test]
    fn stored_orders_read_the_same_with_or_without_an_owner() {
        // Orders saved before accounts existed have no owner: they stay guest orders.
        let json = serde_json::to_string(&order(5)).unwrap();
        let stored: StoredOrder = serde_json::from_str(&json).unwrap();
        assert_eq!(stored.owner, None);
        assert_eq!(stored.order, order(5));
    }
}
