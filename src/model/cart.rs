use super::{Currency, Money, Text};
use serde::{Deserialize, Serialize};

/// One variant in the cart, with what the shopper saw when adding it (title, image, price),
/// so the cart renders offline and a later price change can be pointed out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartLine {
    pub product_id: String,
    pub variant_id: String,
    pub shop_id: String,
    pub title: Text,
    pub variant_label: Text,
    pub image: String,
    pub unit_price: Money,
    pub qty: u32,
    #[serde(default = "selected_by_default")]
    pub selected: bool,
}

fn selected_by_default() -> bool {
    true
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cart {
    pub lines: Vec<CartLine>,
}

impl Cart {
    fn position(&self, variant_id: &str) -> Option<usize> {
        self.lines.iter().position(|l| l.variant_id == variant_id)
    }

    /// Adds a line, merging with an existing line of the same variant.
    /// `max_qty` is the bound from stock and purchase limit; the result never exceeds it.
    pub fn add(&mut self, line: CartLine, max_qty: u32) {
        match self.position(&line.variant_id) {
            Some(i) => {
                let existing = &mut self.lines[i];
                existing.qty = existing.qty.saturating_add(line.qty).min(max_qty);
                existing.unit_price = line.unit_price;
            }
            None => {
                let qty = line.qty.min(max_qty);
                if qty > 0 {
                    self.lines.push(CartLine { qty, ..line });
                }
            }
        }
    }

    pub fn set_qty(&mut self, variant_id: &str, qty: u32) {
        if qty == 0 {
            self.remove(variant_id);
        } else if let Some(i) = self.position(variant_id) {
            self.lines[i].qty = qty;
        }
    }

    pub fn remove(&mut self, variant_id: &str) -> Option<CartLine> {
        self.position(variant_id).map(|i| self.lines.remove(i))
    }

    /// Units in the cart, for the tab-bar badge.
    pub fn count(&self) -> u32 {
        self.lines.iter().map(|l| l.qty).sum()
    }

    /// Sum of the selected lines; `None` if lines mix currencies or the sum overflows.
    pub fn selected_subtotal(&self, currency: Currency) -> Option<Money> {
        self.lines
            .iter()
            .filter(|l| l.selected)
            .try_fold(Money::zero(currency), |acc, l| {
                acc.checked_add(l.unit_price.checked_mul(l.qty)?)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(variant: &str, fen: i64, qty: u32) -> CartLine {
        CartLine {
            product_id: "p".into(),
            variant_id: variant.into(),
            shop_id: "s".into(),
            title: Text::same("T"),
            variant_label: Text::same("M"),
            image: String::new(),
            unit_price: Money::cny(fen),
            qty,
            selected: true,
        }
    }

    #[test]
    fn adding_the_same_variant_merges_and_respects_the_bound() {
        let mut cart = Cart::default();
        cart.add(line("v1", 1000, 2), 5);
        cart.add(line("v1", 900, 2), 5);
        assert_eq!(cart.lines.len(), 1);
        assert_eq!(cart.lines[0].qty, 4);
        assert_eq!(cart.lines[0].unit_price, Money::cny(900));
        cart.add(line("v1", 900, 9), 5);
        assert_eq!(cart.count(), 5);
    }

    #[test]
    fn subtotal_counts_selected_lines_exactly() {
        let mut cart = Cart::default();
        cart.add(line("a", 1999, 3), 10);
        cart.add(line("b", 1, 1), 10);
        assert_eq!(
            cart.selected_subtotal(Currency::CNY),
            Some(Money::cny(5998))
        );
        cart.lines[1].selected = false;
        assert_eq!(
            cart.selected_subtotal(Currency::CNY),
            Some(Money::cny(5997))
        );
        cart.set_qty("a", 0);
        assert_eq!(cart.count(), 1);
        assert_eq!(cart.selected_subtotal(Currency::CNY), Some(Money::cny(0)));
    }

    #[test]
    fn mixed_currencies_have_no_subtotal() {
        let mut cart = Cart::default();
        cart.add(line("a", 100, 1), 10);
        let mut usd = line("b", 100, 1);
        usd.unit_price = Money::new(100, Currency::USD);
        cart.add(usd, 10);
        assert_eq!(cart.selected_subtotal(Currency::CNY), None);
    }
}
