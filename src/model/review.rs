use super::Text;
use serde::{Deserialize, Serialize};

/// A shopper's review of a product.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub id: String,
    pub product_id: String,
    /// The reviewer's display name, masked as the shops show it ("小鹿***").
    pub author: String,
    /// 1 to 5 stars.
    pub rating: u8,
    pub text: Text,
    /// The variant bought, e.g. "M / 月白".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<Text>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<String>,
    /// Unix milliseconds.
    pub posted_at: i64,
}

/// What a product's reviews add up to: shown above the reviews and kept with the product, so
/// the page does not fetch every review to draw its stars.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReviewSummary {
    pub count: u32,
    /// Mean rating, 0 when there are none.
    pub average: f32,
    /// How many reviews gave 1, 2, 3, 4 and 5 stars.
    pub stars: [u32; 5],
    /// How many reviews have photos.
    #[serde(default)]
    pub with_photos: u32,
}

impl ReviewSummary {
    /// The summary of `reviews` (mean rounded to one decimal).
    pub fn of<'a>(reviews: impl IntoIterator<Item = &'a Review>) -> ReviewSummary {
        let mut summary = ReviewSummary::default();
        let mut total = 0u32;
        for r in reviews {
            let stars = r.rating.clamp(1, 5);
            summary.stars[usize::from(stars - 1)] += 1;
            summary.count += 1;
            total += u32::from(stars);
            summary.with_photos += u32::from(!r.photos.is_empty());
        }
        // Twice the mean in tenths, then halved rounding up: half a tenth rounds up.
        if let Some(twentieths) = (total * 20).checked_div(summary.count) {
            summary.average = twentieths.div_ceil(2) as f32 / 10.0;
        }
        summary
    }

    /// Percent of the reviews that gave `stars` (1..=5), for the breakdown's bars.
    pub fn percent(&self, stars: u8) -> u32 {
        let n = self.stars[usize::from(stars.clamp(1, 5) - 1)];
        (n * 100).checked_div(self.count).unwrap_or(0)
    }
}

/// How a shop's rating is shown: with one decimal and stars once enough shoppers rated it,
/// else as a new shop (a 5.0 from three reviews says little).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ShopStanding {
    Rated(f32),
    New,
}

/// Reviews below which a shop counts as new.
pub const RATED_AFTER_REVIEWS: u32 = 20;

/// Stars for a score: five entries, each full, half or empty (rounded to the nearest half).
pub fn star_fill(score: f32) -> [Star; 5] {
    let halves = (score.clamp(0.0, 5.0) * 2.0 + 0.5) as u32;
    std::array::from_fn(|i| {
        let i = i as u32 * 2;
        if halves >= i + 2 {
            Star::Full
        } else if halves == i + 1 {
            Star::Half
        } else {
            Star::Empty
        }
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Star {
    Full,
    Half,
    Empty,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn review(rating: u8, photos: usize) -> Review {
        Review {
            id: format!("r{rating}"),
            product_id: "p".into(),
            author: "a".into(),
            rating,
            text: Text::same("ok"),
            variant: None,
            photos: vec!["x.webp".into(); photos],
            posted_at: 0,
        }
    }

    #[test]
    fn summary_counts_stars_and_rounds_the_mean() {
        let all = [review(5, 1), review(5, 0), review(4, 0), review(1, 2)];
        let s = ReviewSummary::of(&all);
        assert_eq!(s.count, 4);
        assert_eq!(s.stars, [1, 0, 0, 1, 2]);
        assert_eq!(s.with_photos, 2);
        assert_eq!(s.average, 3.8, "15 / 4 = 3.75 rounds up");
        assert_eq!(s.percent(5), 50);
        assert_eq!(ReviewSummary::of(&[]).percent(5), 0);
        assert_eq!(ReviewSummary::of(&[]).average, 0.0);
    }

    #[test]
    fn stars_round_to_halves() {
        use Star::*;
        assert_eq!(star_fill(4.8), [Full, Full, Full, Full, Full]);
        assert_eq!(star_fill(4.6), [Full, Full, Full, Full, Half]);
        assert_eq!(star_fill(4.2), [Full, Full, Full, Full, Empty]);
        assert_eq!(star_fill(0.0), [Empty; 5]);
    }
}
