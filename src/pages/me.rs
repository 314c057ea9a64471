//! `/me`: the shopper's corner — account, orders, language and appearance.

use crate::config::Theme;
use crate::model::Locale;
use crate::state::session::use_session;
use crate::state::{use_settings, use_ui};
use leptos::prelude::*;

#[component]
pub fn MePage() -> impl IntoView {
    let ui = use_ui();
    let settings = use_settings();
    let session = use_session();
    let sync = crate::state::cart_sync::use_cart_sync();
    super::set_title(ui.t().me);
    let themes = [Theme::Auto, Theme::Light, Theme::Dark];
    view! {
        <div class="page me-page" data-testid="me-page">
            <h1 class="page-title">{ui.t().me}</h1>
            <Show when=move || ui.offers.sign_in>
            <div class="me-row me-account" data-testid="me-account">
                {move || match session.account() {
                    Some(account) => view! {
                        <span><small>{ui.t().signed_in_as}</small>" "<strong data-testid="me-phone">{account.phone_masked}</strong></span>
                        <button class="btn btn-ghost" data-testid="sign-out" on:click=move |_| sync.sign_out()>{ui.t().sign_out}</button>
                    }.into_any(),
                    None => view! {
                        <span>{ui.t().guest}</span>
                        <button class="btn" data-testid="sign-in-open" on:click=move |_| session.sign_in(|| {})>{ui.t().sign_in}</button>
                    }.into_any(),
                }}
            </div>
            </Show>
            <Show when=move || ui.offers.orders>
                <a class="me-row" href="/orders" data-testid="me-orders">{ui.t().my_orders}<span aria-hidden="true">"›"</span></a>
            </Show>
            <fieldset class="me-row">
                <legend>{ui.t().language}</legend>
                <div class="segmented">
                    {[(Locale::ZhCn, "中文"), (Locale::En, "English")].into_iter().map(|(l, label)| view! {
                        <button aria-pressed=move || (settings.locale.get() == l).to_string() on:click=move |_| settings.choose_locale(l)>{label}</button>
                    }).collect_view()}
                </div>
            </fieldset>
            <fieldset class="me-row">
                <legend>{ui.t().theme}</legend>
                <div class="segmented">
                    {themes.into_iter().enumerate().map(|(i, th)| view! {
                        <button aria-pressed=move || (settings.theme.get() == th).to_string() on:click=move |_| settings.choose_theme(th)>
                            {ui.t().theme_names[i]}
                        </button>
                    }).collect_view()}
                </div>
            </fieldset>
        </div>
    }
}
