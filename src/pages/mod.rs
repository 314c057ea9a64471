//! One module per route.

pub mod cart;
pub mod checkout;
pub mod creator;
pub mod feed;
pub mod live;
pub mod live_list;
pub mod me;
pub mod not_found;
pub mod order;
pub mod orders;
pub mod product;
pub mod search;

use leptos::prelude::*;

/// Sets the document title for the page being shown.
pub fn set_title(title: &str) {
    let full = if title.is_empty() {
        "好物 Haowu".to_owned()
    } else {
        format!("{title} · 好物 Haowu")
    };
    document().set_title(&full);
}
