//! The sign-in sheet: opens over whatever the shopper was doing when an action needs an
//! account (placing an order, following, …), and that action goes on after sign-in. Leaving
//! the page closes it, and the waiting action is dropped with it.

use super::sheet::Sheet;
use crate::chunks::{LazyView, LoadView};
use crate::config::Gated;
use crate::model::{normalize_phone, LoginRequest};
use crate::state::session::use_session;
use crate::state::{use_backend, use_ui};
use futures::FutureExt;
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use std::rc::Rc;

#[component]
pub fn SignInHost() -> impl IntoView {
    let session = use_session();
    let path = use_location().pathname;
    Effect::new(move |was: Option<String>| {
        let now = path.get();
        if was.is_some_and(|w| w != now) {
            session.cancel();
        }
        now
    });
    move || session.prompt().map(|gate| view! { <SignInSheet gate /> })
}

/// The sheet opens at once; the form is in its own chunk.
#[component]
fn SignInSheet(gate: Option<Gated>) -> impl IntoView {
    let session = use_session();
    let load: LoadView = Rc::new(move || form(gate).boxed_local());
    let load = StoredValue::new_local(load);
    view! {
        <Sheet on_close=move |()| session.cancel() labelled_by="sign-in-title" class="sign-in"
            testid="sign-in-sheet" close_testid="sign-in-close" backdrop_testid="sign-in-backdrop">
            <LazyView load=load.get_value() />
        </Sheet>
    }
}

/// Fetches the sign-in form's code ahead of the first use.
pub async fn prefetch() {
    let _ = preload().await;
}

crate::split! { chunk = shop, preload = preload;
    fn form(gate: Option<Gated>) -> AnyView {
        view! { <SignInForm gate /> }.into_any()
    }
}

#[component]
fn SignInForm(gate: Option<Gated>) -> impl IntoView {
    let ui = use_ui();
    let session = use_session();
    let backend = use_backend();
    let is_demo = backend.is_demo();
    let phone = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let login = Action::new_local(move |request: &LoginRequest| {
        let backend = backend.clone();
        let request = request.clone();
        async move { backend.login(&request).await }
    });
    Effect::new(move |_| match login.value().get() {
        Some(Ok(s)) => session.signed_in(s),
        Some(Err(e)) => problem.set(Some(e.message(ui.t()))),
        None => {}
    });
    // "Get code", then a 60-second wait before it can be asked again.
    let wait = RwSignal::new(0u32);
    let sending_code = RwSignal::new(false);
    let get_code = {
        let backend = use_backend();
        move |_| {
            let Some(number) = normalize_phone(&phone.get_untracked()) else {
                problem.set(Some(ui.t().phone_invalid.to_owned()));
                return;
            };
            problem.set(None);
            sending_code.set(true);
            let backend = backend.clone();
            leptos::task::spawn_local(async move {
                let sent = backend.send_code(&number).await;
                let _ = sending_code.try_set(false);
                match sent {
                    Ok(()) => {
                        let _ = wait.try_set(60);
                        while wait.try_get_untracked().is_some_and(|w| w > 0) {
                            gloo_timers::future::TimeoutFuture::new(1_000).await;
                            let _ = wait.try_update(|w| *w = w.saturating_sub(1));
                        }
                    }
                    Err(e) => {
                        let _ = problem.try_set(Some(e.message(ui.t())));
                    }
                }
            });
        }
    };
    let submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        let Some(number) = normalize_phone(&phone.get_untracked()) else {
            problem.set(Some(ui.t().phone_invalid.to_owned()));
            return;
        };
        let request = LoginRequest {
            phone: number,
            code: code.get_untracked().trim().to_owned(),
        };
        if request.code.len() != 6 || !request.code.chars().all(|c| c.is_ascii_digit()) {
            problem.set(Some(ui.t().code_invalid.to_owned()));
        } else if !login.pending().get_untracked() {
            problem.set(None);
            login.dispatch(request);
        }
    };
    let reason = match gate {
        Some(Gated::Order) => ui.t().sign_in_to_order,
        Some(Gated::Follow) => ui.t().sign_in_to_follow,
        Some(Gated::Like) => ui.t().sign_in_to_like,
        Some(Gated::Comment) => ui.t().sign_in_to_comment,
        None => ui.t().sign_in_why,
    };
    view! {
            <h2 id="sign-in-title">{ui.t().sign_in}</h2>
            <p class="sign-in-reason">{reason}</p>
            <form on:submit=submit novalidate=true>
                <label class="field">
                    <span>{ui.t().phone}</span>
                    <input type="tel" inputmode="tel" autocomplete="tel" name="phone" data-testid="sign-in-phone"
                        prop:value=phone on:input=move |ev| phone.set(event_target_value(&ev)) />
                </label>
                <label class="field">
                    <span>{ui.t().verification_code}</span>
                    <span class="code-row">
                        <input type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="6" data-testid="sign-in-code"
                            prop:value=code on:input=move |ev| code.set(event_target_value(&ev)) />
                        <button type="button" class="btn btn-ghost" data-testid="get-code"
                            disabled={move || sending_code.get() || wait.get() > 0} on:click=get_code>
                            {move || match wait.get() {
                                0 => ui.t().get_code.to_owned(),
                                n => crate::i18n::resend_in(ui.locale, n),
                            }}
                        </button>
                    </span>
                    {is_demo.then(|| view! { <small class="field-hint">{ui.t().demo_code_hint}</small> })}
                </label>
                <p class="field-error" role="alert" data-testid="sign-in-error">{move || problem.get()}</p>
                <button class="btn btn-block" type="submit" data-testid="sign-in-submit" disabled=move || login.pending().get()>
                    {move || if login.pending().get() { ui.t().signing_in } else { ui.t().sign_in }}
                </button>
            </form>
    }
}

/// Shown where content needs an account (e.g. the order list): why, and a sign-in button;
/// `on_done` runs once signed in.
#[component]
pub fn SignInNeeded(#[prop(into)] on_done: Callback<()>) -> impl IntoView {
    let ui = use_ui();
    let session = use_session();
    // The backend refused the session this tab holds: it is over.
    session.lapsed(session.token());
    view! {
        <div class="empty" data-testid="sign-in-needed">
            <p>{ui.t().sign_in_to_see_orders}</p>
            <button class="btn" data-testid="sign-in-open" on:click=move |_| session.sign_in(move || on_done.run(()))>{ui.t().sign_in}</button>
        </div>
    }
}
