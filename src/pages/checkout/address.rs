//! The address part of checkout: saved addresses as chips, four fields with their messages.

use crate::i18n::Strings;
use crate::model::{normalize_phone, Address};
use crate::state::checkout::use_checkout;
use crate::state::use_ui;
use leptos::prelude::*;

/// What is wrong with the address, field by field (empty: it can be used).
pub fn problems(a: &Address, t: &'static Strings) -> Vec<(&'static str, &'static str)> {
    let required = |v: &str, field| v.trim().is_empty().then_some((field, t.field_required));
    [
        required(&a.name, "name"),
        normalize_phone(&a.phone)
            .is_none()
            .then_some(("phone", t.phone_invalid)),
        required(&a.region, "region"),
        required(&a.street, "street"),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The address as it will be sent: trimmed, the phone as 11 digits.
pub fn cleaned(a: &Address) -> Address {
    Address {
        name: a.name.trim().to_owned(),
        phone: normalize_phone(&a.phone).unwrap_or_else(|| a.phone.trim().to_owned()),
        region: a.region.trim().to_owned(),
        street: a.street.trim().to_owned(),
        postal_code: a.postal_code.trim().to_owned(),
    }
}

#[component]
pub fn AddressFields(show_errors: RwSignal<bool>) -> impl IntoView {
    let ui = use_ui();
    let store = use_checkout();
    let field = move |label: &'static str,
                      testid: &'static str,
                      kind: &'static str,
                      name: &'static str,
                      autocomplete: &'static str,
                      pick: fn(&Address) -> &String,
                      set: fn(&mut Address, String)| {
        let error = move || {
            show_errors
                .get()
                .then(|| {
                    store.draft.with(|d| {
                        problems(&d.address, ui.t())
                            .into_iter()
                            .find(|p| p.0 == name)
                            .map(|p| p.1)
                    })
                })
                .flatten()
        };
        view! {
            <label class="field">
                <span>{label}</span>
                <input type=kind data-testid=testid name=name autocomplete=autocomplete
                    prop:value=move || store.draft.with(|d| pick(&d.address).clone())
                    on:input=move |ev| store.draft.update(|d| set(&mut d.address, event_target_value(&ev)))
                    aria-invalid=move || error().is_some().to_string() />
                <small class="field-error" role="alert" data-testid=format!("{testid}-error")>{error}</small>
            </label>
        }
    };
    view! {
        <Show when=move || !store.saved.with(Vec::is_empty)>
            <div class="saved-addresses" data-testid="saved-addresses">
                {move || store.saved.get().into_iter().map(|a| {
                    let label = format!("{} {} {}", a.name, a.region, a.street);
                    view! {
                        <button type="button" class="chip" data-testid="saved-address"
                            on:click=move |_| store.draft.update(|d| d.address = a.clone())>{label}</button>
                    }
                }).collect_view()}
            </div>
        </Show>
        // Autocomplete hints, so the browser can fill the address it knows.
        {field(ui.t().name, "addr-name", "text", "name", "name", |a| &a.name, |a, v| a.name = v)}
        {field(ui.t().phone, "addr-phone", "tel", "phone", "tel", |a| &a.phone, |a, v| a.phone = v)}
        {field(ui.t().region, "addr-region", "text", "region", "address-level1", |a| &a.region, |a, v| a.region = v)}
        {field(ui.t().street, "addr-street", "text", "street", "street-address", |a| &a.street, |a, v| a.street = v)}
        {field(ui.t().postal_code, "addr-postal-code", "text", "postal_code", "postal-code", |a| &a.postal_code, |a, v| a.postal_code = v)}
    }
}
