//! SQLite: the schema (migrations applied in order at start, counted in `PRAGMA user_version`)
//! and every query the routes make. One connection behind a mutex, used from blocking
//! threads: the queries are short, and a single writer keeps idempotent order placement
//! simple (the transaction and the key's primary key would still hold with more).

use crate::errors::{Answer, Failure};
use haowu::api::demo::order_at;
use haowu::model::*;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use sha2::{Digest, Sha256};
use std::path::Path;
use std::sync::{Arc, Mutex};

/// The files of `server/migrations/`, in the order they apply. A migration is never edited
/// once shipped: a change is a new file at the end.
const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_init.sql", include_str!("../migrations/0001_init.sql")),
    (
        "0002_coupon_claims.sql",
        include_str!("../migrations/0002_coupon_claims.sql"),
    ),
];

#[derive(Clone)]
pub struct Db {
    conn: Arc<Mutex<Connection>>,
}

/// A signed-in shopper.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountRow {
    pub id: i64,
    pub phone: String,
}

impl AccountRow {
    pub fn wire(&self) -> Account {
        Account {
            id: format!("u{}", self.id),
            phone_masked: mask_phone(&self.phone),
        }
    }
}

impl Db {
    pub fn open(path: &Path) -> rusqlite::Result<Db> {
        let mut conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        migrate(&mut conn)?;
        Ok(Db {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    /// Runs `f` on the connection in a blocking thread, so the runtime's workers never wait
    /// on the disk.
    pub async fn call<T, F>(&self, f: F) -> Answer<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Answer<T> + Send + 'static,
    {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            // A panic in an earlier call poisons the lock, but its transaction was rolled
            // back when it unwound: the connection itself is fine to use.
            let mut conn = conn.lock().unwrap_or_else(|e| e.into_inner());
            f(&mut conn)
        })
        .await
        .map_err(|e| Failure::internal(format!("database task failed: {e}")))?
    }
}

fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let applied: usize = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    for (i, (_, sql)) in MIGRATIONS.iter().enumerate().skip(applied) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i + 1)?;
        tx.commit()?;
    }
    Ok(())
}

pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

pub fn random_bytes<const N: usize>() -> Answer<[u8; N]> {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf).map_err(|e| Failure::internal(format!("no randomness: {e}")))?;
    Ok(buf)
}

fn to_json<T: serde::Serialize>(value: &T) -> Answer<String> {
    serde_json::to_string(value).map_err(|e| Failure::internal(format!("encode: {e}")))
}

fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Answer<T> {
    serde_json::from_str(text).map_err(|e| Failure::internal(format!("stored JSON: {e}")))
}

// Accounts and sessions.

pub fn account_for_token(conn: &Connection, token: &str) -> Answer<Option<AccountRow>> {
    Ok(conn
        .query_row(
            "SELECT a.id, a.phone FROM sessions s JOIN accounts a ON a.id = s.account_id
             WHERE s.token_hash = ?1 AND s.revoked_at IS NULL",
            [sha256_hex(token.as_bytes())],
            |r| {
                Ok(AccountRow {
                    id: r.get(0)?,
                    phone: r.get(1)?,
                })
            },
        )
        .optional()?)
}

/// Opens a session for `phone` (making the account on first sign-in) under `token`.
pub fn sign_in(conn: &mut Connection, phone: &str, token: &str, now: i64) -> Answer<AccountRow> {
    let tx = conn.transaction()?;
    tx.execute(
        "INSERT INTO accounts (phone, created_at) VALUES (?1, ?2) ON CONFLICT (phone) DO NOTHING",
        params![phone, now],
    )?;
    let id: i64 = tx.query_row("SELECT id FROM accounts WHERE phone = ?1", [phone], |r| {
        r.get(0)
    })?;
    tx.execute(
        "INSERT INTO sessions (token_hash, account_id, created_at) VALUES (?1, ?2, ?3)",
        params![sha256_hex(token.as_bytes()), id, now],
    )?;
    tx.commit()?;
    Ok(AccountRow {
        id,
        phone: phone.to_owned(),
    })
}

pub fn revoke(conn: &Connection, token: &str, now: i64) -> Answer<()> {
    conn.execute(
        "UPDATE sessions SET revoked_at = ?2 WHERE token_hash = ?1 AND revoked_at IS NULL",
        params![sha256_hex(token.as_bytes()), now],
    )?;
    Ok(())
}

// Carts.

pub fn cart(conn: &Connection, account: i64) -> Answer<Cart> {
    let json: Option<String> = conn
        .query_row(
            "SELECT cart FROM carts WHERE account_id = ?1",
            [account],
            |r| r.get(0),
        )
        .optional()?;
    json.map_or_else(|| Ok(Cart::default()), |j| from_json(&j))
}

pub fn put_cart(conn: &Connection, account: i64, cart: &Cart, now: i64) -> Answer<()> {
    conn.execute(
        "INSERT INTO carts (account_id, cart, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (account_id) DO UPDATE SET cart = excluded.cart, updated_at = excluded.updated_at",
        params![account, to_json(cart)?, now],
    )?;
    Ok(())
}

// Likes and follows.

pub fn set_like(conn: &Connection, account: i64, video: &str, on: bool, now: i64) -> Answer<()> {
    if on {
        conn.execute(
            "INSERT INTO likes (account_id, video_id, created_at) VALUES (?1, ?2, ?3)
             ON CONFLICT DO NOTHING",
            params![account, video, now],
        )?;
    } else {
        conn.execute(
            "DELETE FROM likes WHERE account_id = ?1 AND video_id = ?2",
            params![account, video],
        )?;
    }
    Ok(())
}

pub fn set_follow(conn: &Connection, account: i64, handle: &str, on: bool, now: i64) -> Answer<()> {
    if on {
        conn.execute(
            "INSERT INTO follows (account_id, handle, created_at) VALUES (?1, ?2, ?3)
             ON CONFLICT DO NOTHING",
            params![account, handle, now],
        )?;
    } else {
        conn.execute(
            "DELETE FROM follows WHERE account_id = ?1 AND handle = ?2",
            params![account, handle],
        )?;
    }
    Ok(())
}

pub fn follows(conn: &Connection, account: i64) -> Answer<Vec<String>> {
    let mut stmt =
        conn.prepare("SELECT handle FROM follows WHERE account_id = ?1 ORDER BY created_at")?;
    let handles = stmt
        .query_map([account], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(handles)
}

pub fn likes(conn: &Connection, account: i64) -> Answer<Vec<String>> {
    let mut stmt =
        conn.prepare("SELECT video_id FROM likes WHERE account_id = ?1 ORDER BY created_at")?;
    let ids = stmt
        .query_map([account], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(ids)
}

// Coupons claimed in live rooms.

pub fn claim_coupon(
    conn: &Connection,
    account: i64,
    coupon: &str,
    room: &str,
    now: i64,
) -> Answer<()> {
    conn.execute(
        "INSERT INTO coupon_claims (account_id, coupon_id, room_id, created_at)
         VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
        params![account, coupon, room, now],
    )?;
    Ok(())
}

pub fn claimed_coupons(conn: &Connection, account: i64) -> Answer<Vec<String>> {
    let mut stmt = conn
        .prepare("SELECT coupon_id FROM coupon_claims WHERE account_id = ?1 ORDER BY created_at")?;
    let ids = stmt
        .query_map([account], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(ids)
}

// Orders.

/// The account's orders, newest first, each as it stands at `now`.
pub fn orders(conn: &Connection, owner: i64, now: i64) -> Answer<Vec<Order>> {
    let mut stmt = conn
        .prepare("SELECT body FROM orders WHERE owner = ?1 ORDER BY created_at DESC, rowid DESC")?;
    let bodies = stmt
        .query_map([owner], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    bodies
        .iter()
        .map(|b| from_json(b).map(|o| order_at(o, now)))
        .collect()
}

/// One order with its owner (`None` for a guest's).
pub fn order(conn: &Connection, id: &str, now: i64) -> Answer<Option<(Option<i64>, Order)>> {
    let row: Option<(Option<i64>, String)> = conn
        .query_row("SELECT owner, body FROM orders WHERE id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    row.map(|(owner, body)| from_json(&body).map(|o| (owner, order_at(o, now))))
        .transpose()
}

/// The request as a hash that ignores how the client spelled the JSON (key order, spaces,
/// an omitted `coupons`): it is re-encoded from the decoded value.
pub fn request_hash(request: &OrderRequest) -> Answer<String> {
    Ok(sha256_hex(to_json(request)?.as_bytes()))
}

/// Places an order once per (owner, key): `Ok((order, true))` when it was made now,
/// `Ok((order, false))` when the key already made it with the same request. Pricing and
/// every write happen in one immediate transaction, so a concurrent duplicate waits and then
/// finds the key.
/// Places an order once per key. `price` prices it (with the buyer's coupons and the live
/// rooms' terms) inside the transaction; `placed` runs once a new order is committed.
pub fn place_order(
    conn: &mut Connection,
    owner: Option<i64>,
    key: &str,
    request: &OrderRequest,
    now: i64,
    price: impl FnOnce(&Connection, String) -> Answer<Order>,
    placed: impl FnOnce(),
) -> Answer<(Order, bool)> {
    let hash = request_hash(request)?;
    let owner_key = owner.unwrap_or(0);
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let earlier: Option<(String, String)> = tx
        .query_row(
            "SELECT request_hash, order_id FROM idempotency_keys WHERE owner = ?1 AND key = ?2",
            params![owner_key, key],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((earlier_hash, order_id)) = earlier {
        if earlier_hash != hash {
            return Err(Failure::refused(
                "idempotency_key_reused",
                "This Idempotency-Key was already used for a different order.",
            ));
        }
        let body: String =
            tx.query_row("SELECT body FROM orders WHERE id = ?1", [&order_id], |r| {
                r.get(0)
            })?;
        return Ok((order_at(from_json(&body)?, now), false));
    }
    let suffix = u32::from_le_bytes(random_bytes::<4>()?) % 1_000_000;
    let order = price(&tx, format!("HW{now}{suffix:06}"))?;
    tx.execute(
        "INSERT INTO orders (id, owner, body, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![order.id, owner, to_json(&order)?, now],
    )?;
    tx.execute(
        "INSERT INTO idempotency_keys (owner, key, request_hash, order_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![owner_key, key, hash, order.id, now],
    )?;
    // What was ordered leaves the account's cart, as on the demo's server.
    if let Some(account) = owner {
        let mut cart = cart(&tx, account)?;
        let before = cart.lines.len();
        cart.lines
            .retain(|l| !order.lines.iter().any(|o| o.variant_id == l.variant_id));
        if cart.lines.len() != before {
            put_cart(&tx, account, &cart, now)?;
        }
    }
    tx.commit()?;
    placed();
    Ok((order, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_migration_file_is_applied_in_order() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".sql"))
            .collect();
        files.sort();
        let listed: Vec<&str> = MIGRATIONS.iter().map(|(n, _)| *n).collect();
        assert_eq!(files, listed);
    }

    #[test]
    fn migrations_run_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        drop(Db::open(&path).unwrap());
        let conn = Connection::open(&path).unwrap();
        let v: usize = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, MIGRATIONS.len());
        drop(conn);
        // A second start finds the schema in place and applies nothing.
        drop(Db::open(&path).unwrap());
    }
}
