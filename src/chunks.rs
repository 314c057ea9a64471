//! Code that loads when it is needed. The release build (`scripts/build-wasm`, run by Trunk)
//! splits the WASM at every [`split!`] function: the first load carries the shell and the
//! feed, and each other page, the product sheet, the sign-in sheet and each backend arrive as
//! their own chunks the first time they are used (or earlier, when the browser is idle).
//!
//! A chunk that fails to load is a network failure like any other: the page shows its error
//! view with Retry, and a chunk that is gone because a newer version was deployed reloads the
//! app once (see [`recover`]). Builds without the `split` feature (the wasm-bindgen tests, and
//! `cargo check`) call the same functions directly, so nothing else knows the difference.

use crate::api::{ApiError, ErrorKind};
use crate::components::{ErrorView, Loading};
use futures::future::LocalBoxFuture;
use leptos::prelude::*;
use std::rc::Rc;

/// A piece of the app's code could not be loaded (offline, a flaky link, a server error, or
/// a deployment replaced it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChunkError;

impl From<leptos::wasm_split::SplitLoaderError> for ChunkError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        recover();
        ChunkError
    }
}

impl From<ChunkError> for ApiError {
    fn from(_: ChunkError) -> Self {
        ApiError::with_detail(ErrorKind::Network, "app code did not load")
    }
}

/// Declares a split point: a function whose body (and everything only it reaches) goes into
/// the chunk named first. It becomes `async` and returns `Result<_, ChunkError>`; `preload`
/// names a function that fetches the chunk without calling anything in it.
///
/// ```ignore
/// split! { chunk = cart_page, preload = preload_cart;
///     fn cart_view() -> AnyView { view! { <CartPage /> }.into_any() }
/// }
/// ```
#[macro_export]
macro_rules! split {
    // Without `preload`: the function lives in a module of its own name (functions and
    // modules do not clash), so several split points can share one module; `name::preload`.
    (
        chunk = $chunk:ident;
        $(#[$meta:meta])*
        $vis:vis fn $name:ident ( $($arg:ident : $ty:ty),* $(,)? ) -> $ret:ty $body:block
    ) => {
        #[allow(non_snake_case, dead_code)]
        $vis mod $name {
            #[allow(unused_imports)]
            use super::*;
            $crate::split! { chunk = $chunk, preload = preload;
                $(#[$meta])*
                pub fn $name($($arg: $ty),*) -> $ret $body
            }
        }
        #[allow(unused_imports)]
        $vis use self::$name::$name;
    };
    (
        chunk = $chunk:ident, preload = $preload:ident;
        $(#[$meta:meta])*
        $vis:vis fn $name:ident ( $($arg:ident : $ty:ty),* $(,)? ) -> $ret:ty $body:block
    ) => {
        #[cfg(feature = "split")]
        #[::leptos::wasm_split::wasm_split(
            $chunk,
            wasm_split_path = ::leptos::wasm_split,
            fallible,
            preload($preload)
        )]
        $(#[$meta])*
        $vis fn $name($($arg: $ty),*) -> ::core::result::Result<$ret, $crate::chunks::ChunkError> {
            ::core::result::Result::Ok($body)
        }

        #[cfg(not(feature = "split"))]
        $(#[$meta])*
        $vis async fn $name($($arg: $ty),*) -> ::core::result::Result<$ret, $crate::chunks::ChunkError> {
            ::core::result::Result::Ok($body)
        }

        #[cfg(not(feature = "split"))]
        #[allow(dead_code)]
        $vis async fn $preload() -> ::core::result::Result<(), ::leptos::wasm_split::SplitLoaderError> {
            ::core::result::Result::Ok(())
        }
    };
}

/// Declares a route whose page loads on demand: `lazy_route!(CartRoute, cart in shop, CartPage)`
/// makes `CartRoute` for `view=Lazy::<CartRoute>::new()` and `CartRoute::prefetch()`, with the
/// page's code in the chunk `shop` (pages used together share one chunk; see `pages::routes`).
#[macro_export]
macro_rules! lazy_route {
    ($route:ident, $module:ident in $chunk:ident, $page:ident) => {
        pub mod $module {
            use super::*;
            $crate::split! { chunk = $chunk, preload = preload;
                pub fn load() -> ::leptos::prelude::AnyView {
                    ::leptos::prelude::IntoAny::into_any(::leptos::prelude::view! { <$page /> })
                }
            }
        }

        pub struct $route;

        impl $route {
            /// Fetches the page's code ahead of a visit (a failure is retried on the visit).
            pub async fn prefetch() {
                let _ = $module::preload().await;
            }
        }

        impl ::leptos_router::LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_: Self) -> ::leptos::prelude::AnyView {
                $crate::chunks::view_or_retry(::std::rc::Rc::new(|| {
                    ::futures::FutureExt::boxed_local($module::load())
                }))
                .await
            }

            async fn preload() {
                $route::prefetch().await
            }
        }
    };
}

/// How a lazy view is fetched: the chunk, then the view built by code inside it.
pub type LoadView = Rc<dyn Fn() -> LocalBoxFuture<'static, Result<AnyView, ChunkError>>>;

/// Awaits a chunk's view; if the chunk fails to load, the page's error view with Retry stands
/// in for it, and the view replaces it once a retry succeeds.
pub async fn view_or_retry(load: LoadView) -> AnyView {
    let result = load().await;
    // Instantiating the chunk and building the page are separate tasks: one long task of both
    // would keep a slow phone from answering a tap for longer.
    yield_now().await;
    if result.is_ok() {
        crate::boot::page_ready();
    } else {
        crate::boot::reveal();
    }
    prefetch_likely_next();
    match result {
        Ok(view) => view,
        Err(e) => view! { <LazyView load failed=e /> }.into_any(),
    }
}

/// A piece of the interface whose code is in a chunk: a skeleton while the chunk loads, the
/// error view with Retry if it cannot be loaded, then the view. `failed` starts it in the
/// error state (a first attempt was already made).
#[component]
pub fn LazyView(
    load: LoadView,
    #[prop(optional)] failed: Option<ChunkError>,
    /// The skeleton's kind (see `Loading`).
    #[prop(optional)]
    skeleton: &'static str,
) -> impl IntoView {
    let error = RwSignal::new(failed);
    let loaded = StoredValue::new_local(None::<AnyView>);
    let ready = RwSignal::new(false);
    let load = StoredValue::new_local(load);
    // The view is built when the chunk is in, later: under this component's owner, so that it
    // sees the app's context and is cleaned up with it, and untracked, so that reading a signal
    // while building it does not subscribe whoever happens to be rendering then.
    let owner = Owner::current().unwrap_or_default();
    let attempt = move || {
        error.set(None);
        let pending = owner.with(|| ScopedFuture::new_untracked(load.with_value(|load| load())));
        leptos::task::spawn_local(async move {
            match pending.await {
                Ok(view) => {
                    loaded.set_value(Some(view));
                    ready.set(true);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    if failed.is_none() {
        attempt.clone()();
    }
    move || {
        if ready.get() {
            loaded
                .try_update_value(Option::take)
                .flatten()
                .unwrap_or_else(|| ().into_any())
        } else if let Some(e) = error.get() {
            let attempt = attempt.clone();
            view! { <ErrorView error=ApiError::from(e) on_retry=move |()| attempt() /> }.into_any()
        } else {
            view! { <Loading kind=skeleton /> }.into_any()
        }
    }
}

/// Runs `f` once the browser is idle (`requestIdleCallback`, or soon where it is missing).
pub fn when_idle(f: impl FnOnce() + 'static) {
    use wasm_bindgen::{closure::Closure, JsCast, JsValue};
    let callback = Closure::once_into_js(f);
    let window = window();
    let idle = js_sys::Reflect::get(&window, &JsValue::from_str("requestIdleCallback"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"timeout".into(), &JsValue::from(3000));
    match idle {
        Some(idle) => {
            let _ = idle.call2(&window, &callback, &options);
        }
        None => {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                callback.unchecked_ref(),
                200,
            );
        }
    }
}

/// Lets the browser handle input and paint before going on (a new task, not a microtask).
pub async fn yield_now() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}

/// How long after the first screen is up the idle prefetch starts.
const PREFETCH_AFTER_MS: u32 = 500;

/// Resolves when the browser is next idle.
pub async fn idle() {
    let (tx, rx) = futures::channel::oneshot::channel();
    when_idle(move || {
        let _ = tx.send(());
    });
    let _ = rx.await;
}

/// Once the first screen is up (the first clip plays, or the first page is shown), fetches the
/// code the shopper is likely to need next while the browser is idle, one chunk at a time so it
/// never competes with what is on screen.
pub fn prefetch_likely_next() {
    thread_local! {
        static DONE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if DONE.with(|d| d.replace(true)) {
        return;
    }
    // The first seconds of a clip are busy for a phone (decoding video, images arriving):
    // the prefetch waits for them to pass, then takes one idle moment per chunk.
    // The backend's own later code too (read here: the task below has no reactive owner).
    let backend = use_context::<StoredValue<crate::api::Backend, LocalStorage>>()
        .and_then(|b| b.try_get_value());
    let head = crate::pages::head_info();
    leptos::task::spawn_local(async move {
        gloo_timers::future::TimeoutFuture::new(PREFETCH_AFTER_MS).await;
        crate::pages::routes::prefetch_likely_next(backend, head).await;
    });
}

/// After a chunk failed to load: if the server now has a newer build of the app than the one
/// running, the old chunks may be gone for good, so the app reloads itself (once per build,
/// so a broken deployment cannot make it loop). Otherwise the failure was the network's and
/// the error view's Retry will do.
pub fn recover() {
    leptos::task::spawn_local(async {
        let Some(running) = crate::boot::build_id() else {
            return;
        };
        let Some(deployed) = crate::api::deployed_build().await else {
            return;
        };
        if deployed == running {
            return;
        }
        let marker = format!("haowu.reloaded_for.{deployed}");
        let storage = window().session_storage().ok().flatten();
        let already = storage
            .as_ref()
            .and_then(|s| s.get_item(&marker).ok().flatten())
            .is_some();
        if !already {
            if let Some(s) = &storage {
                let _ = s.set_item(&marker, "1");
            }
            let _ = window().location().reload();
        }
    });
}
