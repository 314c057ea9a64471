use serde::{Deserialize, Serialize};

/// One page of a cursor-paginated list. `next_cursor` is opaque to the client and absent on
/// the last page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    pub fn is_last(&self) -> bool {
        self.next_cursor.is_none()
    }
}
