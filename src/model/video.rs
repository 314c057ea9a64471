use super::{CreatorSummary, Media, ProductSummary, Text};
use serde::{Deserialize, Serialize};

/// A short clip as a backend stores it: who posted it and which products it sells, by id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Video {
    pub id: String,
    /// Handle of the creator who posted it.
    pub creator: String,
    pub media: Media,
    /// Caption; `#tag` words are shown as tags.
    pub caption: Text,
    /// Ids of the products the clip sells; the first is the anchor chip.
    pub products: Vec<String>,
    /// Times played; the profile's grid shows it.
    #[serde(default)]
    pub views: u64,
    pub likes: u64,
    pub comments: u64,
    pub shares: u64,
    /// Unix milliseconds.
    pub posted_at: i64,
}

/// A clip as the feed delivers it: creator and products joined in, so one slide renders
/// from one item without further requests.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedItem {
    pub id: String,
    pub media: Media,
    pub caption: Text,
    pub creator: CreatorSummary,
    pub products: Vec<ProductSummary>,
    #[serde(default)]
    pub views: u64,
    pub likes: u64,
    pub comments: u64,
    pub shares: u64,
    pub posted_at: i64,
}

/// Which feed a shopper is looking at.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeedTab {
    #[default]
    ForYou,
    Following,
}

impl FeedTab {
    pub fn as_str(self) -> &'static str {
        match self {
            FeedTab::ForYou => "for_you",
            FeedTab::Following => "following",
        }
    }
}

/// Splits a caption into plain runs and `#tag` runs, for rendering tags as links.
pub fn caption_parts(caption: &str) -> Vec<(bool, &str)> {
    let mut parts = Vec::new();
    let mut rest = caption;
    while let Some(start) = rest.find('#') {
        if start > 0 {
            parts.push((false, &rest[..start]));
        }
        let tail = &rest[start + 1..];
        let end = tail
            .find(|c: char| c.is_whitespace() || c == '#')
            .unwrap_or(tail.len());
        if end == 0 {
            parts.push((false, "#"));
        } else {
            parts.push((true, &rest[start..start + 1 + end]));
        }
        rest = &tail[end..];
    }
    if !rest.is_empty() {
        parts.push((false, rest));
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::caption_parts;

    #[test]
    fn splits_tags_from_text() {
        assert_eq!(
            caption_parts("新品上架 #汉服 #春日 好看"),
            vec![
                (false, "新品上架 "),
                (true, "#汉服"),
                (false, " "),
                (true, "#春日"),
                (false, " 好看")
            ]
        );
        assert_eq!(caption_parts("no tags"), vec![(false, "no tags")]);
        assert_eq!(
            caption_parts("a # b"),
            vec![(false, "a "), (false, "#"), (false, " b")]
        );
        assert_eq!(caption_parts("#a#b"), vec![(true, "#a"), (true, "#b")]);
    }
}
