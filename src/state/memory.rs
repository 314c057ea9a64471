//! What pages had on screen when the shopper left them, so that Back finds each as it was:
//! the same tab, the items already loaded, the same scroll position. Kept for the visit (in
//! memory; a reload starts afresh, as the apps do).

use leptos::prelude::*;
use std::any::Any;
use std::rc::Rc;

/// Pages remembered at most: enough for a long Back chain, bounded so a long visit does not
/// hold every page it ever saw.
const KEPT: usize = 16;

/// A page's key (its path) and what it kept, of a type only that page knows.
type Kept = (String, Rc<dyn Any>);

#[derive(Clone, Copy)]
pub struct PageMemory(StoredValue<Vec<Kept>, LocalStorage>);

/// Call above the router: the memory outlives the pages.
pub fn provide_page_memory() {
    provide_context(PageMemory(StoredValue::new_local(Vec::new())));
}

pub fn use_page_memory() -> Option<PageMemory> {
    use_context::<PageMemory>()
}

impl PageMemory {
    /// What was kept under `key`, removed from the memory.
    pub fn take<T: Clone + 'static>(&self, key: &str) -> Option<T> {
        let mut found = None;
        self.0.update_value(|all| {
            if let Some(i) = all.iter().position(|(k, _)| k == key) {
                found = all.remove(i).1.downcast_ref::<T>().cloned();
            }
        });
        found
    }

    pub fn keep<T: 'static>(&self, key: String, value: T) {
        self.0.update_value(|all| {
            all.retain(|(k, _)| *k != key);
            all.push((key, Rc::new(value)));
            if all.len() > KEPT {
                all.remove(0);
            }
        });
    }
}

/// The current URL's path and query: what a page is remembered by.
pub fn here() -> String {
    let location = window().location();
    format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    )
}
