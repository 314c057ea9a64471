use serde::{Deserialize, Serialize};

/// A playable clip: the file, the still shown before it plays, and its shape, so the page can
/// reserve the box before anything loads (no layout shift).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Media {
    /// URL of an MP4 (H.264) or an HLS playlist (`.m3u8`).
    pub src: String,
    /// URL of a JPEG or WebP still of the first frame.
    pub poster: String,
    pub width: u32,
    pub height: u32,
    pub duration_ms: u32,
}

impl Media {
    pub fn is_hls(&self) -> bool {
        self.src.ends_with(".m3u8")
    }
}
