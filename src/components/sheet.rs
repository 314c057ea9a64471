//! A bottom sheet that is a real modal: the backdrop and the dialog, its close control and
//! Escape; focus moves in and stays in (Tab and Shift+Tab cycle through the sheet); the page
//! behind is inert (no focus, no clicks, hidden from screen readers) until it closes. A tap that
//! arrives while the sheet is still rising (the second half of a double tap on the button that
//! opened it) does not close it.

use crate::browser::on_window;
use crate::state::use_ui;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// How long the sheet takes to rise (style/shell.css `.sheet`); taps on the backdrop or the
/// close control before then are not meant for them.
const OPENING_MS: f64 = 350.0;

const FOCUSABLE: &str =
    "a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), \
                         textarea:not([disabled]), [tabindex]:not([tabindex=\"-1\"])";

#[component]
pub fn Sheet(
    /// Called when the shopper closes the sheet (close control, backdrop, Escape).
    #[prop(into)]
    on_close: Callback<()>,
    /// The dialog's accessible name, or…
    #[prop(optional)]
    label: Option<&'static str>,
    /// …the id of the element that names it.
    #[prop(optional)]
    labelled_by: Option<&'static str>,
    #[prop(optional)] class: &'static str,
    testid: &'static str,
    close_testid: &'static str,
    backdrop_testid: &'static str,
    children: Children,
) -> impl IntoView {
    let ui = use_ui();
    let opened_at = js_sys::Date::now();
    let close = move || {
        if js_sys::Date::now() - opened_at >= OPENING_MS {
            on_close.run(());
        }
    };
    on_window(leptos::ev::keydown, move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" {
            on_close.run(());
        }
    });
    let dialog = NodeRef::<leptos::html::Div>::new();
    let inerted = StoredValue::new_local(Vec::<web_sys::Element>::new());
    Effect::new(move |_| {
        let Some(el) = dialog.get() else { return };
        let el: web_sys::Element = el.into();
        inerted.set_value(make_rest_inert(&el));
        if let Some(el) = el.dyn_ref::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    });
    on_cleanup(move || {
        inerted.with_value(|list| {
            for el in list {
                let _ = el.remove_attribute("inert");
            }
        })
    });
    let trap = move |ev: web_sys::KeyboardEvent| {
        if ev.key() != "Tab" {
            return;
        }
        let Some(el) = dialog.get_untracked() else {
            return;
        };
        let Ok(all) = el.query_selector_all(FOCUSABLE) else {
            return;
        };
        let (Some(first), Some(last)) = (all.get(0), all.get(all.length().saturating_sub(1)))
        else {
            return;
        };
        let active = document().active_element();
        let on = |node: &web_sys::Node| active.as_ref().is_some_and(|a| a.is_same_node(Some(node)));
        let dialog_focused = active.as_ref().is_some_and(|a| a.is_same_node(Some(&el)));
        let to = if ev.shift_key() && (on(&first) || dialog_focused) {
            Some(last)
        } else if !ev.shift_key() && on(&last) {
            Some(first)
        } else {
            None
        };
        if let Some(to) = to.and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok()) {
            ev.prevent_default();
            let _ = to.focus();
        }
    };
    view! {
        <div class="sheet-backdrop" on:click=move |_| close() data-testid=backdrop_testid></div>
        <div class=format!("sheet {class}") role="dialog" aria-modal="true" aria-label=label aria-labelledby=labelled_by
            data-testid=testid tabindex="-1" node_ref=dialog on:keydown=trap>
            <button type="button" class="sheet-close" aria-label=ui.t().close data-testid=close_testid on:click=move |_| close()>"×"</button>
            {children()}
        </div>
    }
}

/// Marks everything but `dialog` (and the elements that contain it) inert; returns what it
/// marked, to undo it.
fn make_rest_inert(dialog: &web_sys::Element) -> Vec<web_sys::Element> {
    let mut marked = Vec::new();
    let mut node = dialog.clone();
    while let Some(parent) = node.parent_element() {
        let children = parent.children();
        for i in 0..children.length() {
            let Some(sibling) = children.item(i) else {
                continue;
            };
            let is_path = sibling.is_same_node(Some(&node));
            // The backdrop closes the sheet; toasts (a live region) must still be heard.
            let keep = ["sheet-backdrop", "toast-host"]
                .iter()
                .any(|c| sibling.class_list().contains(c));
            if !is_path
                && !keep
                && !sibling.has_attribute("inert")
                && sibling.tag_name() != "SCRIPT"
            {
                let _ = sibling.set_attribute("inert", "");
                marked.push(sibling);
            }
        }
        if parent.tag_name() == "BODY" {
            break;
        }
        node = parent;
    }
    marked
}
