use super::icons::{self, Icon};
use crate::state::cart::use_cart;
use crate::state::use_ui;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The bottom navigation: Home, Live, Cart (with the item count), Me.
#[component]
pub fn TabBar() -> impl IntoView {
    let ui = use_ui();
    let cart = use_cart();
    let location = use_location();
    let current = move |prefix: &'static str| {
        let path = location.pathname.get();
        let active = if prefix == "/" {
            path == "/" || path.starts_with("/v/")
        } else {
            path.starts_with(prefix)
        };
        active.then_some("page")
    };
    let count = move || cart.count();
    view! {
        <nav class="tabbar" data-testid="tabbar" aria-label="Main">
            <a href="/" data-testid="tab-home" aria-current=move || current("/")>
                <Icon path=icons::HOME />
                <span>{ui.t().home}</span>
            </a>
            // No Live tab for a backend without live rooms.
            {ui.offers.live.then(|| view! {
                <a href="/live" data-testid="tab-live" aria-current=move || current("/live")>
                    <Icon path=icons::LIVE />
                    <span>{ui.t().live}</span>
                </a>
            })}
            <a href="/cart" data-testid="tab-cart" aria-current=move || current("/cart")>
                <span class="tab-icon">
                    <Icon path=icons::CART />
                    // Keyed on the count: a new badge element replays the bump animation.
                    <For each=move || (count() > 0).then(count) key=|n| *n let:n>
                        <span class="badge" data-testid="cart-badge" aria-label=crate::i18n::items(ui.locale, n)>
                            {if n > 99 { "99+".to_owned() } else { n.to_string() }}
                        </span>
                    </For>
                </span>
                <span>{ui.t().cart}</span>
            </a>
            <a href="/me" data-testid="tab-me" aria-current=move || current("/me")>
                <Icon path=icons::ME />
                <span>{ui.t().me}</span>
            </a>
        </nav>
    }
}
