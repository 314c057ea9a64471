//! What a search asks for, and how a query matches: shared by the demo backend, the
//! reference server and the search page (which filters live rooms itself).

use super::{CreatorSummary, FeedItem, Money, ProductSummary, Text};
use serde::{Deserialize, Serialize};

/// Which list a search fills: the tabs of the search page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SearchKind {
    #[default]
    Products,
    Creators,
    Videos,
    Live,
}

impl SearchKind {
    pub const ALL: [SearchKind; 4] = [
        SearchKind::Products,
        SearchKind::Creators,
        SearchKind::Videos,
        SearchKind::Live,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SearchKind::Products => "products",
            SearchKind::Creators => "creators",
            SearchKind::Videos => "videos",
            SearchKind::Live => "live",
        }
    }

    pub fn parse(s: &str) -> Option<SearchKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// The order of a list of products.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProductSort {
    /// Best match for a search, the backend's own order elsewhere (a showcase's is the
    /// creator's choice).
    #[default]
    Relevance,
    /// Most sold first.
    Popular,
    /// Newest listed first.
    New,
    PriceAsc,
    PriceDesc,
}

impl ProductSort {
    pub const ALL: [ProductSort; 5] = [
        ProductSort::Relevance,
        ProductSort::Popular,
        ProductSort::New,
        ProductSort::PriceAsc,
        ProductSort::PriceDesc,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProductSort::Relevance => "relevance",
            ProductSort::Popular => "popular",
            ProductSort::New => "new",
            ProductSort::PriceAsc => "price_asc",
            ProductSort::PriceDesc => "price_desc",
        }
    }

    pub fn parse(s: &str) -> Option<ProductSort> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Orders `products` (stable: ties keep the backend's order). `listed_at` gives a
    /// product's listing time.
    pub fn apply(self, products: &mut [ProductSummary], listed_at: impl Fn(&str) -> i64) {
        match self {
            ProductSort::Relevance => {}
            ProductSort::Popular => products.sort_by_key(|p| std::cmp::Reverse(p.sold)),
            ProductSort::New => products.sort_by_key(|p| std::cmp::Reverse(listed_at(&p.id))),
            ProductSort::PriceAsc => products.sort_by_key(|p| p.price.amount),
            ProductSort::PriceDesc => products.sort_by_key(|p| std::cmp::Reverse(p.price.amount)),
        }
    }
}

/// `GET /search`: the words, the list, and for products the filters and order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SearchRequest {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub kind: SearchKind,
    /// A category id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Lowest and highest price, in minor units, inclusive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_min: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_max: Option<i64>,
    #[serde(default)]
    pub sort: ProductSort,
    /// Only this shop's goods (the shop page's grid).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shop: Option<String>,
}

impl SearchRequest {
    /// Whether a product's price passes the price range.
    pub fn price_fits(&self, price: Money) -> bool {
        self.price_min.is_none_or(|min| price.amount >= min)
            && self.price_max.is_none_or(|max| price.amount <= max)
    }
}

/// A search hit. Each tab's list holds one kind.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SearchHit {
    Product(ProductSummary),
    Creator(CreatorSummary),
    Video(FeedItem),
}

/// Suggestions a backend offers at most.
pub const SUGGESTIONS: usize = 8;

/// A query as words to match: split on white space, lower-cased. "汉服 马面裙" is two words; a
/// hashtag ("#汉服") is a word that keeps its "#".
pub fn query_words(q: &str) -> Vec<String> {
    q.split_whitespace().map(str::to_lowercase).collect()
}

/// Whether every word occurs in one of `texts` (in either language), in any order: a
/// query of several words narrows, as shoppers expect.
pub fn matches_all(words: &[String], texts: &[&Text]) -> bool {
    !words.is_empty() && words.iter().all(|w| texts.iter().any(|t| t.contains_ci(w)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_must_match_in_any_order() {
        let title = Text::new("月白织金马面裙 明制", "Moon-white mamianqun");
        let category = Text::new("汉服", "Hanfu");
        let texts = [&title, &category];
        assert!(matches_all(&query_words("汉服 马面裙"), &texts));
        assert!(matches_all(&query_words("马面裙  汉服"), &texts));
        assert!(matches_all(&query_words("HANFU moon"), &texts));
        assert!(!matches_all(&query_words("汉服 耳机"), &texts));
        assert!(!matches_all(&query_words("   "), &texts));
    }

    #[test]
    fn names_round_trip() {
        for k in SearchKind::ALL {
            assert_eq!(SearchKind::parse(k.as_str()), Some(k));
        }
        for s in ProductSort::ALL {
            assert_eq!(ProductSort::parse(s.as_str()), Some(s));
        }
        assert_eq!(ProductSort::parse("cheap"), None);
    }
}
