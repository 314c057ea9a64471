use super::{Money, Product, Text};
use serde::{Deserialize, Serialize};

/// One variant in the cart, with what the shopper saw when adding it (title, image, price),
/// so the cart renders offline and a later price change can be pointed out.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CartLine {
    pub product_id: String,
    pub variant_id: String,
    pub shop_id: String,
    #[serde(default)]
    pub shop_name: Text,
    pub title: Text,
    pub variant_label: Text,
    pub image: String,
    pub unit_price: Money,
    pub qty: u32,
    /// The most this line may hold: stock, capped by the purchase limit, as last seen.
    #[serde(default = "default_max_qty")]
    pub max_qty: u32,
    #[serde(default = "yes")]
    pub selected: bool,
    /// The variant is sold out or gone (as last seen); such lines are set apart.
    #[serde(default)]
    pub unavailable: bool,
    /// Bought from this live room, at its flash-sale price when `unit_price` says so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub live: Option<String>,
}

fn yes() -> bool {
    true
}

fn default_max_qty() -> u32 {
    99
}

/// What a check against current product data changed in a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LineChange {
    Price {
        variant_id: String,
        was: Money,
        now: Money,
    },
    QtyCapped {
        variant_id: String,
        qty: u32,
    },
    Unavailable {
        variant_id: String,
    },
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cart {
    pub lines: Vec<CartLine>,
}

impl Cart {
    fn position(&self, variant_id: &str) -> Option<usize> {
        self.lines.iter().position(|l| l.variant_id == variant_id)
    }

    /// Adds a line, merging with an existing line of the same variant; the quantity never
    /// exceeds the line's `max_qty`.
    pub fn add(&mut self, line: CartLine) {
        match self.position(&line.variant_id) {
            Some(i) => {
                let existing = &mut self.lines[i];
                existing.max_qty = line.max_qty;
                existing.qty = existing.qty.saturating_add(line.qty).min(line.max_qty);
                existing.unit_price = line.unit_price;
                existing.unavailable = false;
            }
            None => {
                let qty = line.qty.min(line.max_qty);
                if qty > 0 {
                    self.lines.push(CartLine { qty, ..line });
                }
            }
        }
    }

    /// Folds in the cart kept on the shopper's account (after sign-in). One line per variant:
    /// the same cart seen twice (pushed from this browser earlier) must not double, so a
    /// variant in both keeps the larger quantity, not the sum. Lines only on the account come
    /// after this browser's lines.
    pub fn merge(&mut self, account: Cart) {
        for line in account.lines {
            match self.position(&line.variant_id) {
                Some(i) => {
                    let mine = &mut self.lines[i];
                    mine.qty = mine.qty.max(line.qty).min(mine.max_qty.max(1));
                }
                None => self.lines.push(line),
            }
        }
    }

    /// Sets a quantity within 1..=max_qty (use `remove` to drop a line).
    pub fn set_qty(&mut self, variant_id: &str, qty: u32) {
        if let Some(i) = self.position(variant_id) {
            let line = &mut self.lines[i];
            line.qty = qty.clamp(1, line.max_qty.max(1));
        }
    }

    /// Removes a line, returning it and where it was, so it can be put back (undo).
    pub fn remove(&mut self, variant_id: &str) -> Option<(usize, CartLine)> {
        self.position(variant_id).map(|i| (i, self.lines.remove(i)))
    }

    /// Puts a removed line back where it was (or merges it if the variant was added since).
    pub fn restore(&mut self, index: usize, line: CartLine) {
        if let Some(i) = self.position(&line.variant_id) {
            let max = self.lines[i].max_qty;
            self.lines[i].qty = self.lines[i].qty.saturating_add(line.qty).min(max);
        } else {
            self.lines.insert(index.min(self.lines.len()), line);
        }
    }

    /// Units in the cart, for the tab-bar badge.
    pub fn count(&self) -> u32 {
        self.lines.iter().map(|l| l.qty).sum()
    }

    /// The lines that would be bought: selected and available.
    pub fn to_buy(&self) -> impl Iterator<Item = &CartLine> {
        self.lines.iter().filter(|l| l.selected && !l.unavailable)
    }

    /// Lines grouped by shop, shops in the order their first line was added.
    pub fn by_shop(&self) -> Vec<(String, Text, Vec<CartLine>)> {
        let mut groups: Vec<(String, Text, Vec<CartLine>)> = Vec::new();
        for line in self.lines.iter().filter(|l| !l.unavailable) {
            match groups.iter_mut().find(|g| g.0 == line.shop_id) {
                Some(g) => g.2.push(line.clone()),
                None => groups.push((
                    line.shop_id.clone(),
                    line.shop_name.clone(),
                    vec![line.clone()],
                )),
            }
        }
        groups
    }

    /// Brings lines up to date with current product data: prices, stock bounds, availability.
    /// `gone` are products the backend no longer has (their lines become unavailable); lines
    /// of products in neither list (not loaded, e.g. offline) stay as they are. Returns what
    /// changed, so the page can point it out ("price dropped by ¥10").
    pub fn reconcile(&mut self, products: &[Product], gone: &[String]) -> Vec<LineChange> {
        let mut changes = Vec::new();
        for line in &mut self.lines {
            let Some(product) = products.iter().find(|p| p.id == line.product_id) else {
                if gone.contains(&line.product_id) && !line.unavailable {
                    line.unavailable = true;
                    changes.push(LineChange::Unavailable {
                        variant_id: line.variant_id.clone(),
                    });
                }
                continue;
            };
            let Some(variant) = product.variant(&line.variant_id).filter(|v| v.stock > 0) else {
                if !line.unavailable {
                    line.unavailable = true;
                    changes.push(LineChange::Unavailable {
                        variant_id: line.variant_id.clone(),
                    });
                }
                continue;
            };
            line.unavailable = false;
            if variant.price != line.unit_price {
                changes.push(LineChange::Price {
                    variant_id: line.variant_id.clone(),
                    was: line.unit_price,
                    now: variant.price,
                });
                line.unit_price = variant.price;
                // At the regular price it is no longer the live room's offer.
                line.live = None;
            }
            line.max_qty = product.max_qty(variant);
            if line.qty > line.max_qty {
                line.qty = line.max_qty;
                changes.push(LineChange::QtyCapped {
                    variant_id: line.variant_id.clone(),
                    qty: line.qty,
                });
            }
        }
        changes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Currency;

    pub fn line(variant: &str, fen: i64, qty: u32) -> CartLine {
        CartLine {
            product_id: "p".into(),
            variant_id: variant.into(),
            shop_id: "s".into(),
            shop_name: Text::same("Shop"),
            title: Text::same("T"),
            variant_label: Text::same("M"),
            image: String::new(),
            unit_price: Money::cny(fen),
            qty,
            max_qty: 5,
            selected: true,
            unavailable: false,
            live: None,
        }
    }

    #[test]
    fn adding_the_same_variant_merges_and_respects_the_bound() {
        let mut cart = Cart::default();
        cart.add(line("v1", 1000, 2));
        cart.add(line("v1", 900, 2));
        assert_eq!(cart.lines.len(), 1);
        assert_eq!(cart.lines[0].qty, 4);
        assert_eq!(cart.lines[0].unit_price, Money::cny(900));
        cart.add(line("v1", 900, 9));
        assert_eq!(cart.count(), 5);
        cart.set_qty("v1", 0);
        assert_eq!(cart.count(), 1, "quantity stays at least 1");
        cart.set_qty("v1", 50);
        assert_eq!(cart.count(), 5, "and at most max_qty");
    }

    #[test]
    fn remove_and_restore_puts_the_line_back_in_place() {
        let mut cart = Cart::default();
        for v in ["a", "b", "c"] {
            cart.add(line(v, 100, 1));
        }
        let (i, removed) = cart.remove("b").unwrap();
        assert_eq!(cart.lines.len(), 2);
        cart.restore(i, removed);
        let order: Vec<&str> = cart.lines.iter().map(|l| l.variant_id.as_str()).collect();
        assert_eq!(order, ["a", "b", "c"]);
    }

    #[test]
    fn merging_with_the_account_cart_never_duplicates_a_line() {
        let mut here = Cart::default();
        here.add(line("a", 100, 2));
        here.add(line("b", 100, 1));
        let mut account = Cart::default();
        account.add(line("a", 100, 3));
        account.add(line("c", 100, 1));
        here.merge(account.clone());
        let got: Vec<(&str, u32)> = here
            .lines
            .iter()
            .map(|l| (l.variant_id.as_str(), l.qty))
            .collect();
        assert_eq!(got, [("a", 3), ("b", 1), ("c", 1)]);
        // Merging the same account cart again changes nothing.
        let before = here.clone();
        here.merge(account);
        assert_eq!(here, before);
    }

    #[test]
    fn reconcile_flags_price_changes_caps_and_gone_products() {
        use crate::model::Product;
        let mut cart = Cart::default();
        cart.add(line("v1", 1000, 4));
        let mut gone = line("g1", 500, 1);
        gone.product_id = "gone".into();
        cart.add(gone);
        let mut unknown = line("u1", 500, 1);
        unknown.product_id = "not-loaded".into();
        cart.add(unknown);
        let product: Product = serde_json::from_value(serde_json::json!({
            "id": "p", "shop_id": "s", "category": "c",
            "title": {"zh": "T", "en": "T"}, "description": {"zh": "", "en": ""},
            "images": [], "options": [], "sold": 0,
            "variants": [{"id": "v1", "values": [], "price": {"amount": 900, "currency": "CNY"}, "stock": 2}]
        }))
        .unwrap();
        let changes = cart.reconcile(&[product], &["gone".to_owned()]);
        assert_eq!(
            changes,
            [
                LineChange::Price {
                    variant_id: "v1".into(),
                    was: Money::cny(1000),
                    now: Money::cny(900)
                },
                LineChange::QtyCapped {
                    variant_id: "v1".into(),
                    qty: 2
                },
                LineChange::Unavailable {
                    variant_id: "g1".into()
                },
            ]
        );
        assert!(
            !cart.lines[2].unavailable,
            "a product not loaded is left alone"
        );
        assert_eq!(cart.to_buy().count(), 2);
    }

    #[test]
    fn groups_by_shop_in_order() {
        let mut cart = Cart::default();
        let mut other = line("x", 100, 1);
        other.shop_id = "s2".into();
        cart.add(line("a", 100, 1));
        cart.add(other);
        cart.add(line("b", 100, 1));
        let groups = cart.by_shop();
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].0, "s");
        assert_eq!(groups[0].2.len(), 2);
        assert_eq!(groups[1].0, "s2");
        let _ = Currency::CNY;
    }
}
