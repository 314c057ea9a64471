//! Lists that load a page at a time: the next page is asked for when the end of the list
//! comes near the screen, and a list remembers what it had loaded so Back finds it whole.

use super::{ErrorView, Loading};
use crate::api::{ApiError, ApiResult};
use crate::model::Page;
use futures::future::{FutureExt, LocalBoxFuture};
use leptos::prelude::*;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Asks for the page after `cursor` (the first for `None`).
pub type FetchPage<T> = Rc<dyn Fn(Option<String>) -> LocalBoxFuture<'static, ApiResult<Page<T>>>>;

/// What a list has loaded and what it is doing.
#[derive(Clone, Debug)]
pub struct Loaded<T> {
    pub items: Vec<T>,
    next: Option<String>,
    pub done: bool,
    pub loading: bool,
    pub error: Option<ApiError>,
}

impl<T> Default for Loaded<T> {
    fn default() -> Self {
        Loaded {
            items: Vec::new(),
            next: None,
            done: false,
            loading: false,
            error: None,
        }
    }
}

/// A list loaded page by page. `Copy`: hand it to as many closures as need it.
pub struct PagedList<T: Send + Sync + 'static> {
    pub state: RwSignal<Loaded<T>>,
    fetch: StoredValue<FetchPage<T>, LocalStorage>,
    /// Bumped when the list starts over (a new sort, say): answers for the old one are dropped.
    generation: StoredValue<u32>,
}

impl<T: Send + Sync + 'static> Clone for PagedList<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: Send + Sync + 'static> Copy for PagedList<T> {}

impl<T: Clone + Send + Sync + 'static> PagedList<T> {
    /// A list that starts from `restored` (what it held when the shopper left), else loads its
    /// first page.
    pub fn new(fetch: FetchPage<T>, restored: Option<Loaded<T>>) -> Self {
        let fresh = restored.is_none();
        let list = PagedList {
            state: RwSignal::new(Loaded {
                loading: false,
                ..restored.unwrap_or_default()
            }),
            fetch: StoredValue::new_local(fetch),
            generation: StoredValue::new(0),
        };
        if fresh {
            list.load_more();
        }
        list
    }

    /// Asks for the next page unless one is on its way or the list is complete.
    pub fn load_more(&self) {
        let Some(s) = self.state.try_get_untracked() else {
            return;
        };
        if s.loading || s.done {
            return;
        }
        let this = *self;
        this.state.update(|s| {
            s.loading = true;
            s.error = None;
        });
        let generation = this.generation.get_value();
        let answer = this.fetch.with_value(|f| f(s.next));
        leptos::task::spawn_local(async move {
            let result = answer.await;
            if this.generation.try_get_value() != Some(generation) {
                return;
            }
            this.state.try_update(|s| {
                s.loading = false;
                match result {
                    Ok(page) => {
                        s.done = page.next_cursor.is_none();
                        s.next = page.next_cursor;
                        s.items.extend(page.items);
                    }
                    Err(e) => s.error = Some(e),
                }
            });
        });
    }

    /// Starts over with another query (a new sort or filter).
    pub fn restart(&self, fetch: FetchPage<T>) {
        self.generation.update_value(|g| *g += 1);
        self.fetch.set_value(fetch);
        self.state.set(Loaded::default());
        self.load_more();
    }

    /// The answers to a query that changes (an order, a filter, the URL): the list starts over
    /// whenever `query` does. `restored` is what it held for some query when the shopper left;
    /// it is used if that is the query now. The query shown is returned beside the list, for
    /// what Back keeps (at clean-up the URL may already be the next page's).
    pub fn following<Q>(
        query: Memo<Q>,
        fetch: impl Fn(Q) -> FetchPage<T> + 'static,
        restored: Option<(Q, Loaded<T>)>,
    ) -> (Self, StoredValue<Q>)
    where
        Q: Clone + PartialEq + Send + Sync + 'static,
    {
        let first = query.get_untracked();
        let restored = restored.filter(|(q, _)| *q == first).map(|(_, l)| l);
        let list = PagedList::new(fetch(first.clone()), restored);
        let shown = StoredValue::new(first);
        let fetch = StoredValue::new_local(fetch);
        Effect::new(move |_| {
            let now = query.get();
            if shown.with_value(|s| *s != now) {
                shown.set_value(now.clone());
                list.restart(fetch.with_value(|f| f(now)));
            }
        });
        (list, shown)
    }

    /// What to remember for Back.
    pub fn snapshot(&self) -> Option<Loaded<T>> {
        self.state.try_get_untracked()
    }

    pub fn is_empty(&self) -> bool {
        self.state.with(|s| s.done && s.items.is_empty())
    }
}

/// The end of a list: asks for more when it nears the screen, shows loading, a failure with
/// Retry, or nothing once the list is complete (`end` then, when given).
#[component]
pub fn MoreOnScroll<T: Clone + Send + Sync + 'static>(
    list: PagedList<T>,
    #[prop(optional)] end: Option<&'static str>,
) -> impl IntoView {
    let sentinel = NodeRef::<leptos::html::Div>::new();
    type Watch = (
        web_sys::IntersectionObserver,
        Closure<dyn Fn(js_sys::Array)>,
    );
    let observer = StoredValue::new_local(None::<Watch>);
    Effect::new(move |_| {
        let Some(el) = sentinel.get() else { return };
        let on_seen = Closure::<dyn Fn(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let seen = entries.iter().any(|e| {
                e.unchecked_into::<web_sys::IntersectionObserverEntry>()
                    .is_intersecting()
            });
            if seen {
                list.load_more();
            }
        });
        let options = web_sys::IntersectionObserverInit::new();
        // A screen ahead: the next page is usually there before the shopper is.
        options.set_root_margin("0px 0px 100% 0px");
        if let Ok(o) = web_sys::IntersectionObserver::new_with_options(
            on_seen.as_ref().unchecked_ref(),
            &options,
        ) {
            o.observe(&el);
            observer.set_value(Some((o, on_seen)));
        }
    });
    on_cleanup(move || {
        observer.try_update_value(|w| {
            if let Some((o, _)) = w.take() {
                o.disconnect();
            }
        });
    });
    // A page that arrives without filling the screen leaves the sentinel in view, where the
    // observer does not fire again: ask on.
    Effect::new(move |_| {
        let (loading, done, failed) = list.state.with(|s| (s.loading, s.done, s.error.is_some()));
        if loading || done || failed {
            return;
        }
        request_animation_frame(move || {
            let Some(el) = sentinel.get_untracked() else {
                return;
            };
            // In a hidden tab: the observer asks when the tab is shown.
            if el.offset_parent().is_none() {
                return;
            }
            let top = el.get_bounding_client_rect().top();
            let screen = window()
                .inner_height()
                .ok()
                .and_then(|h| h.as_f64())
                .unwrap_or(800.0);
            if top < screen * 2.0 {
                list.load_more();
            }
        });
    });
    // The sentinel is empty and the status beside it is made anew at each change: a skeleton
    // that stayed and moved down as a page came in above it would be a layout shift.
    view! {
        <div class="list-end" node_ref=sentinel></div>
        {move || {
                let s = list.state.get();
                if let Some(error) = s.error {
                    view! { <ErrorView error on_retry=move |_| list.load_more() /> }.into_any()
                } else if s.loading {
                    view! { <Loading /> }.into_any()
                } else if s.done && !s.items.is_empty() {
                    end.map(|e| view! { <p class="list-done">{e}</p> }).into_any()
                } else {
                    ().into_any()
                }
            }}
    }
}

/// Keeps the window's scroll position of this page for Back, and puts it back when the page
/// is shown again with what it had (call once the page's content is rendered).
pub fn keep_scroll(key: String, restore: Option<f64>) {
    let y = StoredValue::new(window().scroll_y().unwrap_or(0.0));
    crate::browser::on_window(leptos::ev::scroll, move |_| {
        y.set_value(window().scroll_y().unwrap_or(0.0));
    });
    if let Some(top) = restore {
        request_animation_frame(move || window().scroll_to_with_x_and_y(0.0, top));
    }
    if let Some(memory) = crate::state::memory::use_page_memory() {
        on_cleanup(move || {
            if let Some(top) = y.try_get_value() {
                memory.keep(format!("{key}#scroll"), top);
            }
        });
    }
}

/// The scroll position remembered for `key`.
pub fn kept_scroll(key: &str) -> Option<f64> {
    crate::state::memory::use_page_memory().and_then(|m| m.take::<f64>(&format!("{key}#scroll")))
}

/// The pages of a search's results.
pub fn search_pages(
    backend: crate::api::Backend,
    ask: crate::model::SearchRequest,
) -> FetchPage<crate::model::SearchHit> {
    let ask = Rc::new(ask);
    Rc::new(move |cursor| {
        let (backend, ask) = (backend.clone(), ask.clone());
        async move { backend.search(&ask, cursor).await }.boxed_local()
    })
}
