use super::{Media, Money, ReviewSummary, ShopStanding, Text, RATED_AFTER_REVIEWS};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub id: String,
    pub name: Text,
}

/// The seller. A creator may run a shop (brands that sell on their own channel).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Shop {
    pub id: String,
    pub name: Text,
    pub logo: String,
    /// Average review score out of 5.
    pub rating: f32,
    pub followers: u64,
    /// How many reviews the rating averages.
    #[serde(default)]
    pub reviews: u32,
    /// Units sold, all products.
    #[serde(default)]
    pub sales: u64,
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub description: Text,
    /// The city orders leave from.
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub ships_from: Text,
    /// Working days between an order and its dispatch.
    #[serde(default = "one")]
    pub dispatch_days: u32,
}

fn one() -> u32 {
    1
}

impl Shop {
    /// The rating, once enough shoppers gave one.
    pub fn standing(&self) -> ShopStanding {
        if self.reviews >= RATED_AFTER_REVIEWS {
            ShopStanding::Rated(self.rating)
        } else {
            ShopStanding::New
        }
    }

    /// Days from ordering to delivery, earliest and latest: dispatch, then one to three days
    /// on the road.
    pub fn delivery_days(&self) -> (u32, u32) {
        (self.dispatch_days + 1, self.dispatch_days + 3)
    }
}

/// One axis a product varies along, such as size or colour, with its possible values.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariantOption {
    /// Stable key, e.g. "size" or "color".
    pub id: String,
    pub name: Text,
    pub values: Vec<OptionValue>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionValue {
    pub id: String,
    pub label: Text,
    /// CSS colour for a colour swatch, when the option is a colour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub swatch: Option<String>,
}

/// A purchasable combination of option values (one value per option, in option order), with
/// its own price and stock.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Variant {
    pub id: String,
    /// Option value ids, one per entry of `Product::options`, in the same order.
    pub values: Vec<String>,
    pub price: Money,
    /// The crossed-out price, when the variant is on sale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_price: Option<Money>,
    pub stock: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Product {
    pub id: String,
    pub shop_id: String,
    pub category: String,
    pub title: Text,
    pub description: Text,
    /// Gallery, first image is the cover.
    pub images: Vec<String>,
    pub options: Vec<VariantOption>,
    pub variants: Vec<Variant>,
    /// Units sold so far, shown as "N sold".
    pub sold: u64,
    /// Most units one shopper may buy in one order, if limited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purchase_limit: Option<u32>,
    /// When it went on sale (Unix ms): "new" sorts by it.
    #[serde(default)]
    pub listed_at: i64,
    #[serde(default)]
    pub reviews: ReviewSummary,
}

impl Product {
    /// The lowest-priced variant in stock, else the lowest-priced at all: what "from ¥N" shows.
    pub fn headline_variant(&self) -> Option<&Variant> {
        let in_stock = self.variants.iter().filter(|v| v.stock > 0);
        in_stock
            .min_by_key(|v| v.price.amount)
            .or_else(|| self.variants.iter().min_by_key(|v| v.price.amount))
    }

    pub fn total_stock(&self) -> u64 {
        self.variants.iter().map(|v| u64::from(v.stock)).sum()
    }

    pub fn variant(&self, id: &str) -> Option<&Variant> {
        self.variants.iter().find(|v| v.id == id)
    }

    /// Human label of a variant in both languages, e.g. "M / 月白" and "M / Moon white".
    pub fn variant_label(&self, variant: &Variant) -> Text {
        let labels: Vec<&Text> = self
            .options
            .iter()
            .zip(&variant.values)
            .filter_map(|(opt, vid)| opt.values.iter().find(|v| &v.id == vid))
            .map(|v| &v.label)
            .collect();
        let join = |pick: fn(&Text) -> &str| {
            labels
                .iter()
                .map(|t| pick(t))
                .collect::<Vec<_>>()
                .join(" / ")
        };
        Text::new(join(|t| &t.zh), join(|t| &t.en))
    }

    /// Whether choosing `value` for option `option` leaves at least one in-stock variant,
    /// given the values chosen for the other options (`None` = not chosen yet).
    pub fn value_available(&self, option: usize, value: &str, chosen: &[Option<String>]) -> bool {
        self.variants.iter().any(|v| {
            v.stock > 0
                && v.values.get(option).is_some_and(|x| x == value)
                && chosen.iter().enumerate().all(|(i, c)| {
                    i == option || c.as_ref().is_none_or(|c| v.values.get(i) == Some(c))
                })
        })
    }

    /// The variant matching a full choice of values.
    pub fn variant_for(&self, chosen: &[Option<String>]) -> Option<&Variant> {
        if chosen.len() != self.options.len() || chosen.iter().any(Option::is_none) {
            return None;
        }
        self.variants.iter().find(|v| {
            v.values
                .iter()
                .zip(chosen)
                .all(|(a, b)| Some(a) == b.as_ref())
        })
    }

    /// Most units one order line may hold: the stock, capped by the purchase limit.
    pub fn max_qty(&self, variant: &Variant) -> u32 {
        self.purchase_limit
            .map_or(variant.stock, |limit| limit.min(variant.stock))
    }

    /// The card form used in feeds, showcases and search results.
    pub fn summary(&self) -> ProductSummary {
        let headline = self.headline_variant();
        ProductSummary {
            id: self.id.clone(),
            title: self.title.clone(),
            image: self.images.first().cloned().unwrap_or_default(),
            price: headline.map(|v| v.price).unwrap_or(Money::cny(0)),
            original_price: headline.and_then(|v| v.original_price),
            sold: self.sold,
            in_stock: self.total_stock() > 0,
            shop_id: self.shop_id.clone(),
        }
    }
}

/// What a product chip or card needs, without the variants.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductSummary {
    pub id: String,
    pub title: Text,
    pub image: String,
    pub price: Money,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_price: Option<Money>,
    pub sold: u64,
    #[serde(default = "yes")]
    pub in_stock: bool,
    pub shop_id: String,
}

fn yes() -> bool {
    true
}

/// `GET /products/{id}`: the product with its shop joined in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProductDetail {
    pub product: Product,
    pub shop: Shop,
    /// The handle of the creator whose shop sells it, if one does (the product page's parent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creator: Option<String>,
    /// A clip that shows it (the gallery's last slide), with the clip's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clip: Option<ProductClip>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductClip {
    pub video_id: String,
    pub media: Media,
}

/// `GET /shops/{id}`: the shop, the categories of its goods and the creators who sell them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShopDetail {
    pub shop: Shop,
    pub categories: Vec<Category>,
    pub creators: Vec<super::CreatorSummary>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shirt() -> Product {
        let value = |id: &str| OptionValue {
            id: id.into(),
            label: Text::same(id),
            swatch: None,
        };
        let variant = |a: &str, b: &str, stock| Variant {
            id: format!("{a}{b}"),
            values: vec![a.into(), b.into()],
            price: Money::cny(100),
            original_price: None,
            stock,
            image: None,
        };
        Product {
            id: "p".into(),
            shop_id: "s".into(),
            category: "c".into(),
            title: Text::same("Shirt"),
            description: Text::default(),
            images: vec![],
            options: vec![
                VariantOption {
                    id: "size".into(),
                    name: Text::same("Size"),
                    values: vec![value("S"), value("M")],
                },
                VariantOption {
                    id: "color".into(),
                    name: Text::same("Colour"),
                    values: vec![value("red"), value("blue")],
                },
            ],
            variants: vec![
                variant("S", "red", 3),
                variant("S", "blue", 0),
                variant("M", "red", 1),
                variant("M", "blue", 0),
            ],
            sold: 0,
            purchase_limit: Some(2),
            listed_at: 0,
            reviews: ReviewSummary::default(),
        }
    }

    #[test]
    fn out_of_stock_combinations_are_unavailable() {
        let p = shirt();
        let none = [None, None];
        assert!(p.value_available(1, "red", &none));
        assert!(
            !p.value_available(1, "blue", &none),
            "no size has blue in stock"
        );
        let small = [Some("S".to_string()), None];
        assert!(p.value_available(1, "red", &small));
        assert!(!p.value_available(1, "blue", &small));
        let red = [None, Some("red".to_string())];
        assert!(p.value_available(0, "M", &red));
    }

    #[test]
    fn variant_and_bounds() {
        let p = shirt();
        assert!(p.variant_for(&[Some("S".into()), None]).is_none());
        let v = p
            .variant_for(&[Some("S".into()), Some("red".into())])
            .unwrap();
        assert_eq!(v.id, "Sred");
        assert_eq!(p.max_qty(v), 2, "purchase limit caps stock 3");
        assert_eq!(p.max_qty(p.variant("Mred").unwrap()), 1);
        assert_eq!(p.variant_label(v), Text::new("S / red", "S / red"));
        assert_eq!(p.headline_variant().unwrap().stock, 3);
    }

    #[test]
    fn product_round_trips() {
        let p = shirt();
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(serde_json::from_str::<Product>(&json).unwrap(), p);
    }
}
