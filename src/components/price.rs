use crate::model::Money;
use crate::state::use_ui;
use leptos::prelude::*;

/// A price, with the original crossed out when on sale.
#[component]
pub fn Price(money: Money, #[prop(optional_no_strip)] original: Option<Money>) -> impl IntoView {
    let ui = use_ui();
    let original = original.filter(|o| o.amount > money.amount);
    view! {
        <span class="price" data-testid="price">
            <span class="price-now">{ui.price(money)}</span>
            {original.map(|o| view! { <s class="price-was">{ui.price(o)}</s> })}
        </span>
    }
}
