-- Coupons a shopper claimed in a live room (those marked `claim` in live.json).
CREATE TABLE coupon_claims (
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    coupon_id TEXT NOT NULL,
    room_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (account_id, coupon_id)
);
