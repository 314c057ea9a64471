use crate::api::{ApiError, ErrorKind};
use crate::state::use_ui;
use leptos::prelude::*;

/// Placeholder shapes while content loads, so nothing jumps when it arrives.
#[component]
pub fn Loading(#[prop(optional)] kind: &'static str) -> impl IntoView {
    let ui = use_ui();
    view! {
        <div class=format!("skeleton skeleton-{}", if kind.is_empty() { "page" } else { kind }) role="status" aria-live="polite">
            <span class="visually-hidden">{ui.t().loading}</span>
        </div>
    }
}

/// A failed load: what went wrong, in the shopper's words, and a way to try again. Something
/// that does not exist gets the not-found view instead (retrying cannot help). A failure of the
/// network heals by itself: the view retries when the browser is back online. What a developer
/// needs (the failure's detail) goes to the console, and on screen only in debug mode.
#[component]
pub fn ErrorView(error: ApiError, #[prop(into)] on_retry: Callback<()>) -> impl IntoView {
    let ui = use_ui();
    // A page that failed has nothing better to show than this.
    crate::boot::reveal();
    if error.kind == ErrorKind::NotFound {
        return view! { <NotFoundView gone=true /> }.into_any();
    }
    if let Some(detail) = &error.detail {
        web_sys::console::warn_1(&format!("Haowu: {:?}: {detail}", error.kind).into());
    }
    if matches!(error.kind, ErrorKind::Network | ErrorKind::Timeout) {
        crate::state::network::on_reconnect(move || on_retry.run(()));
    }
    let detail = ui.debug.then(|| error.detail.clone()).flatten();
    view! {
        <div class="error-view" role="alert" data-testid="error-view">
            <p>{error.message(ui.t())}</p>
            {detail.map(|d| view! { <p class="error-detail" data-testid="error-detail"><code>{d}</code></p> })}
            // type=button: inside a form (checkout), a default button would also submit it.
            <button type="button" class="btn" data-testid="retry" on:click=move |_| on_retry.run(())>{ui.t().retry}</button>
        </div>
    }
    .into_any()
}

/// Nothing here: a page that does not exist, or (`gone`) a product, creator, room or order that
/// does not (any more). A heading, the page title, and ways on; no retry.
#[component]
pub fn NotFoundView(#[prop(optional)] gone: bool) -> impl IntoView {
    let ui = use_ui();
    let t = ui.t();
    let (title, body) = if gone {
        (t.gone_title, t.gone_body)
    } else {
        (t.not_found_title, t.not_found_body)
    };
    crate::pages::set_title(title);
    crate::boot::reveal();
    view! {
        <div class="empty not-found" data-testid="not-found">
            <p class="big" aria-hidden="true">"404"</p>
            <h1>{title}</h1>
            <p>{body}</p>
            <div class="not-found-ways">
                <a class="btn" href="/" data-testid="not-found-home">{t.back_home}</a>
                <a class="btn btn-ghost" href="/search" data-testid="not-found-search">{t.search_goods}</a>
            </div>
        </div>
    }
}

/// A page's data as it arrives: the loading skeleton, then `show` of the answer, or the error
/// view with Retry (which asks again).
pub fn awaited<T, V>(
    resource: LocalResource<crate::api::ApiResult<T>>,
    show: impl Fn(T) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + 'static,
    V: IntoView + 'static,
{
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            {move || {
                let show = show.clone();
                Suspend::new(async move {
                    match resource.await {
                        Ok(value) => show(value).into_any(),
                        Err(error) => {
                            crate::boot::reveal();
                            view! { <ErrorView error on_retry=move |_| resource.refetch() /> }.into_any()
                        }
                    }
                })
            }}
        </Transition>
    }
}
