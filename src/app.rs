//! The shell: providers, router, pages and the tab bar.

use crate::components::net_status::NetStatus;
use crate::components::sign_in_sheet::SignInHost;
use crate::components::toast::{provide_toast, ToastHost};
use crate::components::TabBar;
use crate::config::{AppConfig, ConfigError};
use crate::pages::{
    cart::CartPage, checkout::CheckoutPage, creator::CreatorRoute, feed::FeedPage, live::LivePage,
    live_list::LiveListPage, me::MePage, not_found::NotFound, order::OrderPage, orders::OrdersPage,
    product::ProductPage, search::SearchPage,
};
use crate::state::{provide_app_state, use_settings, Ui};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

#[component]
pub fn App(config: AppConfig) -> impl IntoView {
    provide_app_state(&config);
    provide_toast();
    let settings = use_settings();
    // The document follows the interface settings.
    Effect::new(move |_| {
        let root = document().document_element();
        if let Some(root) = root {
            let _ = root.set_attribute("lang", settings.locale.get().tag());
            let _ = root.set_attribute("data-theme", settings.theme.get().as_str());
        }
    });
    let currency_display = config.currency_display;
    view! {
        <Router>
            // Re-rendered when the language changes; everything below reads plain values.
            {move || {
                provide_context(Ui { locale: settings.locale.get(), currency_display });
                view! { <Shell /> }
            }}
        </Router>
    }
}

#[component]
fn Shell() -> impl IntoView {
    view! {
            <main class="app" id="main">
                <Routes fallback=|| view! { <NotFound /> }>
                    <Route path=path!("/") view=FeedPage />
                    <Route path=path!("/v/:id") view=FeedPage />
                    <Route path=path!("/live") view=LiveListPage />
                    <Route path=path!("/live/:id") view=LivePage />
                    <Route path=path!("/p/:id") view=ProductPage />
                    <Route path=path!("/cart") view=CartPage />
                    <Route path=path!("/checkout") view=CheckoutPage />
                    <Route path=path!("/orders") view=OrdersPage />
                    <Route path=path!("/orders/:id") view=OrderPage />
                    <Route path=path!("/search") view=SearchPage />
                    <Route path=path!("/me") view=MePage />
                    // "/@handle": one segment that must start with "@" (checked by the page).
                    <Route path=path!("/:at_handle") view=CreatorRoute />
                </Routes>
            </main>
            <TabBar />
            <NetStatus />
            <SignInHost />
            <ToastHost />
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
            <button class="btn" onclick="location.href=location.pathname">"重新加载 · Reload without URL settings"</button>
        </div>
    }
}
