//! Short confirmations at the bottom of the screen ("Link copied"), and sharing.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// A button on the toast. Plain `Arc` rather than `Callback`: the toast outlives the view that
/// made it (e.g. a removed cart line offering Undo), and a `Callback` dies with its owner.
type Action = (&'static str, std::sync::Arc<dyn Fn() + Send + Sync>);

#[derive(Clone, Copy)]
pub struct Toast {
    message: RwSignal<Option<(u32, &'static str, Option<Action>)>>,
}

impl Toast {
    /// Shows `message` for two seconds (a newer message replaces it).
    pub fn show(&self, message: &'static str) {
        self.put(message, None, 2_000);
    }

    /// Shows `message` with a button (e.g. Undo) for five seconds.
    pub fn show_action(
        &self,
        message: &'static str,
        label: &'static str,
        action: impl Fn() + Send + Sync + 'static,
    ) {
        self.put(message, Some((label, std::sync::Arc::new(action))), 5_000);
    }

    fn put(&self, message: &'static str, action: Option<Action>, ms: u32) {
        let seq = self
            .message
            .with_untracked(|m| m.as_ref().map_or(0, |m| m.0))
            + 1;
        self.message.set(Some((seq, message, action)));
        let signal = self.message;
        gloo_timers::callback::Timeout::new(ms, move || {
            if signal.with_untracked(|m| m.as_ref().is_some_and(|m| m.0 == seq)) {
                signal.set(None);
            }
        })
        .forget();
    }
}

pub fn provide_toast() {
    provide_context(Toast {
        message: RwSignal::new(None),
    });
}

pub fn use_toast() -> Toast {
    expect_context::<Toast>()
}

#[component]
pub fn ToastHost() -> impl IntoView {
    let toast = use_toast();
    view! {
        <div class="toast-host" role="status" aria-live="polite" data-testid="toast-host">
            {move || toast.message.get().map(|(_, m, action)| view! {
                <span class="toast-msg">
                    {m}
                    {action.map(|(label, run)| view! {
                        <button class="toast-action" data-testid="toast-action" on:click=move |_| {
                            run();
                            toast.message.set(None);
                        }>{label}</button>
                    })}
                </span>
            })}
        </div>
    }
}

fn method(target: &JsValue, name: &str) -> Option<js_sys::Function> {
    js_sys::Reflect::get(target, &JsValue::from_str(name))
        .ok()?
        .dyn_into()
        .ok()
}

/// Opens the system share sheet where there is one (`Ok(true)`, also when the shopper
/// cancels it); otherwise copies the link (`Ok(false)`). `Err` when neither works.
pub async fn share_or_copy(url: &str) -> Result<bool, ()> {
    let navigator: JsValue = window().navigator().into();
    if let Some(share) = method(&navigator, "share") {
        let data = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&data, &"url".into(), &url.into());
        if let Ok(promise) = share.call1(&navigator, &data) {
            return match JsFuture::from(js_sys::Promise::from(promise)).await {
                Ok(_) => Ok(true),
                Err(e)
                    if e.dyn_ref::<web_sys::DomException>()
                        .is_some_and(|e| e.name() == "AbortError") =>
                {
                    Ok(true)
                }
                Err(_) => copy(&navigator, url).await.map(|_| false),
            };
        }
    }
    copy(&navigator, url).await.map(|_| false)
}

async fn copy(navigator: &JsValue, url: &str) -> Result<(), ()> {
    let clipboard = js_sys::Reflect::get(navigator, &"clipboard".into()).map_err(|_| ())?;
    let write = method(&clipboard, "writeText").ok_or(())?;
    let promise = write.call1(&clipboard, &url.into()).map_err(|_| ())?;
    JsFuture::from(js_sys::Promise::from(promise))
        .await
        .map(|_| ())
        .map_err(|_| ())
}
