//! `/search?q=`: products and creators matching a query. The query lives in the URL so a
//! search can be shared and survives a reload.

use crate::api::SearchHit;
use crate::components::{BackButton, ErrorView, Loading, ProductCard};
use crate::state::{use_backend, use_ui};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn SearchPage() -> impl IntoView {
    let ui = use_ui();
    let backend = use_backend();
    let query = use_query_map();
    let navigate = use_navigate();
    super::set_title(ui.t().search);
    let q = move || query.with(|q| q.get("q").unwrap_or_default());
    let draft = RwSignal::new(q());
    let results = LocalResource::new(move || {
        let backend = backend.clone();
        let q = q();
        async move { backend.search(&q, None).await }
    });
    let submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        let text = draft.get_untracked();
        navigate(
            &format!("/search?q={}", js_sys::encode_uri_component(text.trim())),
            Default::default(),
        );
    };
    view! {
        <div class="page search-page" data-testid="search-page">
            <BackButton />
            <form class="search-bar" role="search" on:submit=submit>
                <input type="search" data-testid="search-input" enterkeyhint="search"
                    aria-label=ui.t().search placeholder=ui.t().search_placeholder
                    prop:value=move || draft.get() on:input=move |ev| draft.set(event_target_value(&ev)) />
                <button class="btn" type="submit">{ui.t().search}</button>
            </form>
            <Transition fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match results.await {
                        Ok(_) if q().trim().is_empty() => view! { <p class="empty">{ui.t().search_hint}</p> }.into_any(),
                        Ok(page) if page.items.is_empty() => view! { <p class="empty" data-testid="search-empty">{ui.t().no_results}</p> }.into_any(),
                        Ok(page) => {
                            let (creators, products): (Vec<_>, Vec<_>) = page.items.into_iter().partition(|h| matches!(h, SearchHit::Creator(_)));
                            view! {
                                {(!creators.is_empty()).then(|| view! {
                                    <h2>{ui.t().creators}</h2>
                                    <ul class="creator-results">
                                        {creators.into_iter().filter_map(|h| match h { SearchHit::Creator(c) => Some(c), _ => None }).map(|c| {
                                            let name = c.name.clone();
                                            view! {
                                                <li><a class="creator-result" href=format!("/@{}", c.handle) data-testid="search-result">
                                                    <img src=c.avatar.clone() alt="" width="48" height="48" loading="lazy" />
                                                    <span>{name.get(ui.locale).to_owned()}</span>
                                                    <small>{format!("@{}", c.handle)}</small>
                                                </a></li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                })}
                                {(!products.is_empty()).then(|| view! {
                                    <h2>{ui.t().products}</h2>
                                    <div class="product-grid">
                                        {products.into_iter().filter_map(|h| match h { SearchHit::Product(p) => Some(p), _ => None })
                                            .map(|p| view! { <ProductCard product=p testid="search-result" /> }).collect_view()}
                                    </div>
                                })}
                            }.into_any()
                        }
                        Err(error) => view! { <ErrorView error on_retry=move |_| results.refetch() /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}
