use super::Text;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Creator {
    /// Unique, URL-safe, shown as @handle.
    pub handle: String,
    pub name: Text,
    pub avatar: String,
    pub bio: Text,
    pub followers: u64,
    /// How many accounts the creator follows.
    #[serde(default)]
    pub following: u64,
    /// Likes received on all their videos.
    pub likes: u64,
    #[serde(default)]
    pub verified: bool,
    /// A brand's own account (badged as such) rather than a person's.
    #[serde(default)]
    pub brand: bool,
    /// The id of the live room when the creator is live right now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub live_now: Option<String>,
    /// The shop whose goods the creator sells in their showcase, when they run one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shop_id: Option<String>,
}

impl Creator {
    pub fn summary(&self) -> CreatorSummary {
        CreatorSummary {
            handle: self.handle.clone(),
            name: self.name.clone(),
            avatar: self.avatar.clone(),
            verified: self.verified,
            live_now: self.live_now.clone(),
        }
    }
}

/// What a feed slide or a comment needs to show who posted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatorSummary {
    pub handle: String,
    pub name: Text,
    pub avatar: String,
    #[serde(default)]
    pub verified: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub live_now: Option<String>,
}
