//! The shell: providers, router, pages and the tab bar.

use crate::components::net_status::NetStatus;
use crate::components::sign_in_sheet::SignInHost;
use crate::components::toast::{provide_toast, ToastHost};
use crate::components::TabBar;
use crate::config::{AppConfig, ConfigError};
use crate::pages::{feed::FeedPage, not_found::NotFound, routes::*};
use crate::state::{provide_app_state, use_settings, Ui};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, Lazy};

#[component]
pub fn App(config: AppConfig) -> impl IntoView {
    provide_app_state(&config);
    provide_toast();
    crate::state::memory::provide_page_memory();
    crate::pages::provide_head();
    let settings = use_settings();
    // The document follows the interface settings.
    Effect::new(move |_| {
        let root = document().document_element();
        if let Some(root) = root {
            let _ = root.set_attribute("lang", settings.locale.get().tag());
            let _ = root.set_attribute("data-theme", settings.theme.get().as_str());
        }
    });
    let (currency_display, debug, offers) =
        (config.currency_display, config.debug, config.offers());
    // A page whose code is still on its way keeps the old one on screen; this bar says so.
    let (routing, set_routing) = signal(false);
    // The page first, the chrome around it (tab bar, banners, sheets) a task later: two short
    // tasks keep a slow phone responsive where one long one would not. (Created here, once: a
    // language change re-renders the shell, and the chrome must not blink then.)
    let chrome = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        crate::chunks::yield_now().await;
        let _ = chrome.try_set(true);
    });
    view! {
        <div class="route-progress" class:is-on=routing aria-hidden="true"></div>
        <Router set_is_routing=set_routing>
            // Re-rendered when the language changes; everything below reads plain values.
            {move || {
                provide_context(Ui { locale: settings.locale.get(), currency_display, debug, offers });
                view! { <Shell chrome /> }
            }}
        </Router>
    }
}

#[component]
fn Shell(chrome: RwSignal<bool>) -> impl IntoView {
    view! {
            <main class="app" id="main">
                <Routes fallback=|| view! { <NotFound /> }>
                    <Route path=path!("/") view=FeedPage />
                    <Route path=path!("/v/:id") view=FeedPage />
                    // Every other page is its own chunk of code, loaded on the first visit.
                    <Route path=path!("/live") view={Lazy::<LiveListRoute>::new()} />
                    <Route path=path!("/live/:id") view={Lazy::<LiveRoute>::new()} />
                    <Route path=path!("/p/:id") view={Lazy::<ProductRoute>::new()} />
                    <Route path=path!("/shop/:id") view={Lazy::<ShopRoute>::new()} />
                    <Route path=path!("/cart") view={Lazy::<CartRoute>::new()} />
                    <Route path=path!("/checkout") view={Lazy::<CheckoutRoute>::new()} />
                    <Route path=path!("/orders") view={Lazy::<OrdersRoute>::new()} />
                    <Route path=path!("/orders/:id") view={Lazy::<OrderRoute>::new()} />
                    <Route path=path!("/search") view={Lazy::<SearchRoute>::new()} />
                    <Route path=path!("/me") view={Lazy::<MeRoute>::new()} />
                    // "/@handle": one segment that must start with "@" (checked by the page).
                    <Route path=path!("/:at_handle") view={Lazy::<CreatorRoute>::new()} />
                </Routes>
            </main>
            <Show when=move || chrome.get()>
                <TabBar />
                <NetStatus />
                <SignInHost />
                <ToastHost />
            </Show>
    }
}

/// Shown instead of the app when the configuration is wrong: which field, what is wrong.
#[component]
pub fn ConfigErrorPage(error: ConfigError) -> impl IntoView {
    view! {
        <div class="fatal" data-testid="config-error" role="alert">
            <h1>"配置有误 · Invalid configuration"</h1>
            <p>"haowu.config.json / URL:"</p>
            <p class="fatal-field"><code data-testid="config-error-field">{error.field.clone()}</code></p>
            <p>{error.problem.clone()}</p>
            <button class="btn" on:click=|_| {
                let location = window().location();
                let _ = location.set_href(&location.pathname().unwrap_or_default());
            }>"重新加载 · Reload without URL settings"</button>
        </div>
    }
}
