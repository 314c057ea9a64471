-- Haowu reference server, schema 1: accounts, sessions, carts, likes, follows, orders and the
-- idempotency keys that make POST /orders safe to retry.

CREATE TABLE accounts (
  id         INTEGER PRIMARY KEY,
  phone      TEXT    NOT NULL UNIQUE,   -- 11 digits, normalised
  created_at INTEGER NOT NULL           -- unix ms
);

-- Only a hash of each bearer token is kept: a copy of the database opens no sessions.
CREATE TABLE sessions (
  token_hash TEXT    PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);

CREATE TABLE carts (
  account_id INTEGER PRIMARY KEY REFERENCES accounts(id),
  cart       TEXT    NOT NULL,          -- JSON of model::Cart
  updated_at INTEGER NOT NULL
);

CREATE TABLE likes (
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  video_id   TEXT    NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (account_id, video_id)
);

CREATE TABLE follows (
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  handle     TEXT    NOT NULL,          -- the creator's handle as the world spells it
  created_at INTEGER NOT NULL,
  PRIMARY KEY (account_id, handle)
);

CREATE TABLE orders (
  id         TEXT    PRIMARY KEY,
  owner      INTEGER REFERENCES accounts(id),   -- NULL: a guest's order
  body       TEXT    NOT NULL,                  -- JSON of model::Order as placed
  created_at INTEGER NOT NULL
);
CREATE INDEX orders_by_owner ON orders (owner, created_at DESC);

-- One row per (owner, key): the primary key is what makes two concurrent requests with the
-- same key produce one order. owner 0 stands for guests (NULL would never collide).
CREATE TABLE idempotency_keys (
  owner        INTEGER NOT NULL,
  key          TEXT    NOT NULL,
  request_hash TEXT    NOT NULL,          -- SHA-256 of the canonical OrderRequest JSON
  order_id     TEXT    NOT NULL REFERENCES orders(id),
  created_at   INTEGER NOT NULL,
  PRIMARY KEY (owner, key)
);
