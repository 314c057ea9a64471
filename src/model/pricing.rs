//! Order arithmetic: subtotal, coupon discounts (best one per shop, then one platform-wide),
//! shipping and total, in integer minor units. The demo server prices orders with this same
//! function, and the client shows its preview from it — but the server's answer wins.

use super::{CartLine, Coupon, Money};
use serde::{Deserialize, Serialize};

/// How the order travels, and what it costs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    #[default]
    Standard,
    Express,
}

impl Delivery {
    pub fn fee(self, currency: super::Currency) -> Money {
        match self {
            Delivery::Standard => Money::zero(currency),
            Delivery::Express => Money::new(1_200, currency),
        }
    }

    pub fn parse(s: &str) -> Option<Delivery> {
        match s {
            "standard" => Some(Delivery::Standard),
            "express" => Some(Delivery::Express),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Delivery::Standard => "standard",
            Delivery::Express => "express",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub subtotal: Money,
    pub discount: Money,
    pub shipping: Money,
    pub total: Money,
    /// Ids of the coupons that were applied.
    pub coupons: Vec<String>,
}

/// Prices `lines` with the best usable coupons among `coupons` at time `now_ms`.
/// `None` when amounts mix currencies or overflow. The discount never exceeds the goods, so
/// the total is never below the shipping fee.
pub fn quote(
    lines: &[CartLine],
    coupons: &[Coupon],
    delivery: Delivery,
    now_ms: i64,
) -> Option<Quote> {
    let currency = lines
        .first()
        .map_or(super::Currency::CNY, |l| l.unit_price.currency);
    let zero = Money::zero(currency);
    let line_total = |l: &CartLine| l.unit_price.checked_mul(l.qty);
    let subtotal = lines
        .iter()
        .try_fold(zero, |acc, l| acc.checked_add(line_total(l)?))?;
    let usable = |c: &&Coupon| {
        c.expires_at > now_ms && c.discount.currency == currency && c.discount.amount > 0
    };

    // Best coupon per shop, against that shop's goods.
    let mut shops: Vec<&str> = lines.iter().map(|l| l.shop_id.as_str()).collect();
    shops.dedup();
    shops.sort_unstable();
    shops.dedup();
    let mut discount = zero;
    let mut applied = Vec::new();
    for shop in shops {
        let shop_total = lines
            .iter()
            .filter(|l| l.shop_id == shop)
            .try_fold(zero, |acc, l| acc.checked_add(line_total(l)?))?;
        let best = coupons
            .iter()
            .filter(usable)
            .filter(|c| {
                c.shop_id.as_deref() == Some(shop) && shop_total.amount >= c.min_spend.amount
            })
            .max_by_key(|c| c.discount.amount.min(shop_total.amount));
        if let Some(c) = best {
            discount = discount.checked_add(Money::new(
                c.discount.amount.min(shop_total.amount),
                currency,
            ))?;
            applied.push(c.id.clone());
        }
    }
    // Then one platform-wide coupon against what is left.
    let left = subtotal.checked_sub(discount)?;
    if let Some(c) = coupons
        .iter()
        .filter(usable)
        .filter(|c| c.shop_id.is_none() && left.amount >= c.min_spend.amount)
        .max_by_key(|c| c.discount.amount.min(left.amount))
    {
        discount =
            discount.checked_add(Money::new(c.discount.amount.min(left.amount), currency))?;
        applied.push(c.id.clone());
    }
    let shipping = delivery.fee(currency);
    let total = subtotal.checked_sub(discount)?.checked_add(shipping)?;
    Some(Quote {
        subtotal,
        discount,
        shipping,
        total,
        coupons: applied,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Text;

    fn line(shop: &str, fen: i64, qty: u32) -> CartLine {
        CartLine {
            product_id: "p".into(),
            variant_id: format!("{shop}-{fen}-{qty}"),
            shop_id: shop.into(),
            shop_name: Text::default(),
            title: Text::default(),
            variant_label: Text::default(),
            image: String::new(),
            unit_price: Money::cny(fen),
            qty,
            max_qty: 99,
            selected: true,
            unavailable: false,
            live: None,
        }
    }

    fn coupon(id: &str, shop: Option<&str>, min: i64, off: i64) -> Coupon {
        Coupon {
            id: id.into(),
            title: Text::default(),
            shop_id: shop.map(String::from),
            min_spend: Money::cny(min),
            discount: Money::cny(off),
            expires_at: 2_000,
            claim: None,
        }
    }

    #[test]
    fn best_shop_coupon_then_platform_coupon() {
        let lines = [line("a", 10_000, 2), line("b", 5_000, 1)];
        let coupons = [
            coupon("a10", Some("a"), 10_000, 1_000),
            coupon("a30", Some("a"), 30_000, 3_000), // needs more than shop a's 200
            coupon("a20", Some("a"), 15_000, 2_000),
            coupon("b5", Some("b"), 6_000, 500), // shop b spends only 50
            coupon("all15", None, 20_000, 1_500),
        ];
        let q = quote(&lines, &coupons, Delivery::Express, 1_000).unwrap();
        assert_eq!(q.subtotal, Money::cny(25_000));
        assert_eq!(q.coupons, vec!["a20".to_string(), "all15".to_string()]);
        assert_eq!(q.discount, Money::cny(3_500));
        assert_eq!(q.shipping, Money::cny(1_200));
        assert_eq!(q.total, Money::cny(25_000 - 3_500 + 1_200));
    }

    #[test]
    fn expired_coupons_do_not_apply() {
        let q = quote(
            &[line("a", 10_000, 1)],
            &[coupon("x", None, 0, 500)],
            Delivery::Standard,
            5_000,
        )
        .unwrap();
        assert!(q.coupons.is_empty());
        assert_eq!(q.total, Money::cny(10_000));
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// For random carts and coupons: total = subtotal − discount + shipping, exactly;
        /// the discount never exceeds the goods; nothing is negative.
        #[test]
        fn totals_add_up_and_are_never_negative(
            lines in proptest::collection::vec((0usize..3, 1i64..200_000, 1u32..20), 0..8),
            coupons in proptest::collection::vec((proptest::option::of(0usize..3), 0i64..300_000, 1i64..400_000), 0..6),
            express in proptest::prelude::any::<bool>(),
        ) {
            let shops = ["a", "b", "c"];
            let lines: Vec<CartLine> = lines.iter().map(|&(s, fen, qty)| line(shops[s], fen, qty)).collect();
            let coupons: Vec<Coupon> = coupons.iter().enumerate()
                .map(|(i, &(s, min, off))| coupon(&format!("c{i}"), s.map(|s| shops[s]), min, off))
                .collect();
            let delivery = if express { Delivery::Express } else { Delivery::Standard };
            let q = quote(&lines, &coupons, delivery, 1_000).unwrap();
            let sum: i64 = lines.iter().map(|l| l.unit_price.amount * i64::from(l.qty)).sum();
            proptest::prop_assert_eq!(q.subtotal.amount, sum);
            proptest::prop_assert!(q.discount.amount >= 0);
            proptest::prop_assert!(q.discount.amount <= q.subtotal.amount);
            proptest::prop_assert_eq!(q.total.amount, q.subtotal.amount - q.discount.amount + q.shipping.amount);
            proptest::prop_assert!(q.total.amount >= q.shipping.amount);
            // At most one coupon per shop and one platform-wide.
            let platform = q.coupons.iter().filter(|id| coupons.iter().any(|c| &&c.id == id && c.shop_id.is_none())).count();
            proptest::prop_assert!(platform <= 1);
        }
    }
}
