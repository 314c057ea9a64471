//! Coupon choice: one coupon per shop and one platform-wide, the best ones picked until the
//! shopper picks otherwise. Whether a coupon can be used is asked of the same `quote` the
//! server prices with, so the list never promises a discount the order would not get.

use crate::model::{quote, CartLine, Coupon, Delivery, Text};
use crate::state::checkout::CouponPick;
use crate::state::use_ui;
use leptos::prelude::*;

/// Coupon ids chosen, with the coupon of `group` (a shop id, or `None` for platform-wide)
/// replaced by `pick`.
pub fn choose(
    chosen: &[String],
    offered: &[Coupon],
    group: Option<&str>,
    pick: Option<&str>,
) -> Vec<String> {
    let in_group = |id: &String| {
        offered
            .iter()
            .any(|c| &c.id == id && c.shop_id.as_deref() == group)
    };
    let mut ids: Vec<String> = chosen.iter().filter(|id| !in_group(id)).cloned().collect();
    ids.extend(pick.map(str::to_owned));
    ids
}

/// The coupon ids in effect: the best for the order, with the shopper's picks in place of
/// the best in the groups they picked in.
pub fn effective(best: Vec<String>, offered: &[Coupon], picks: &[CouponPick]) -> Vec<String> {
    picks.iter().fold(best, |ids, pick| {
        choose(&ids, offered, pick.group.as_deref(), pick.coupon.as_deref())
    })
}

/// The coupons among `offered` whose ids are in `ids`.
pub fn picked(offered: &[Coupon], ids: &[String]) -> Vec<Coupon> {
    offered
        .iter()
        .filter(|c| ids.contains(&c.id))
        .cloned()
        .collect()
}

#[component]
pub fn CouponChoice(
    lines: Memo<Vec<CartLine>>,
    #[prop(into)] offered: Signal<Vec<Coupon>>,
    /// The ids chosen (the best, or the shopper's picks).
    #[prop(into)]
    chosen: Signal<Vec<String>>,
    /// The ids the order actually gets (a chosen coupon the order no longer meets is not).
    #[prop(into)]
    applied: Signal<Vec<String>>,
    on_choose: Callback<CouponPick>,
) -> impl IntoView {
    let ui = use_ui();
    // Shops of the order that have coupons, in order, then platform-wide.
    let groups = move || {
        let mut groups: Vec<(Option<String>, Text)> = Vec::new();
        lines.with(|ls| {
            for l in ls {
                if !groups.iter().any(|g| g.0.as_deref() == Some(&l.shop_id)) {
                    groups.push((Some(l.shop_id.clone()), l.shop_name.clone()));
                }
            }
        });
        groups.push((None, Text::same(ui.t().platform_coupons)));
        offered.with(|o| {
            groups
                .into_iter()
                .filter(|g| o.iter().any(|c| c.shop_id == g.0))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="coupon-choice" data-testid="coupon-choice">
            <h2>{ui.t().coupons}</h2>
            <For each=groups key=|g| g.0.clone() let:group>
                <CouponGroup group=group.0 name=group.1.get(ui.locale).to_owned() lines offered chosen applied on_choose />
            </For>
        </section>
    }
}

#[component]
fn CouponGroup(
    group: Option<String>,
    name: String,
    lines: Memo<Vec<CartLine>>,
    offered: Signal<Vec<Coupon>>,
    chosen: Signal<Vec<String>>,
    applied: Signal<Vec<String>>,
    on_choose: Callback<CouponPick>,
) -> impl IntoView {
    let ui = use_ui();
    let group = StoredValue::new(group);
    let radio_name = format!(
        "coupon-{}",
        group.with_value(|g| g.clone().unwrap_or_else(|| "platform".into()))
    );
    let coupons = move || {
        offered.with(|o| {
            o.iter()
                .filter(|c| group.with_value(|g| c.shop_id == *g))
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    // A coupon can be used when the order, with it in place of this group's choice, applies it.
    let usable = move |id: &str| {
        let ids =
            group.with_value(|g| choose(&chosen.get(), &offered.get(), g.as_deref(), Some(id)));
        let candidates = picked(&offered.get(), &ids);
        lines
            .with(|ls| {
                quote(
                    ls,
                    &candidates,
                    Delivery::Standard,
                    js_sys::Date::now() as i64,
                )
            })
            .is_some_and(|q| q.coupons.iter().any(|c| c == id))
    };
    let pick = move |coupon: Option<String>| {
        on_choose.run(CouponPick {
            group: group.get_value(),
            coupon,
        });
    };
    let none_checked = move || {
        let ids = applied.get();
        !coupons().iter().any(|c| ids.contains(&c.id))
    };
    let radio_none = radio_name.clone();
    view! {
        <fieldset class="coupon-group" data-testid="coupon-group">
            <legend>{name}</legend>
            {move || coupons().into_iter().map(|c| {
                let id = c.id.clone();
                let ok = usable(&id);
                let checked = {
                    let id = id.clone();
                    move || applied.with(|ids| ids.contains(&id))
                };
                let title = c.title.get(ui.locale).to_owned();
                // Why it cannot be used, when it cannot (its title already says what it gives).
                let note = (!ok).then(|| crate::i18n::min_spend(ui.locale, &ui.price(c.min_spend)));
                view! {
                    <label class="radio coupon" class:is-unusable=!ok>
                        <input type="radio" name=radio_name.clone() data-testid="coupon-option" data-coupon=id.clone()
                            disabled=!ok prop:checked=checked
                            on:change=move |_| pick(Some(id.clone())) />
                        <span class="coupon-title">{title}</span>
                        {note.map(|n| view! { <small class="coupon-note">{n}</small> })}
                        <span class="coupon-off">{format!("-{}", ui.price(c.discount))}</span>
                    </label>
                }
            }).collect_view()}
            <label class="radio coupon">
                <input type="radio" name=radio_none data-testid="coupon-none"
                    prop:checked=none_checked on:change=move |_| pick(None) />
                <span>{ui.t().no_coupon}</span>
            </label>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Money;

    fn coupon(id: &str, shop: Option<&str>) -> Coupon {
        Coupon {
            id: id.into(),
            title: Text::same(id),
            shop_id: shop.map(str::to_owned),
            min_spend: Money::cny(0),
            discount: Money::cny(100),
            expires_at: i64::MAX,
            claim: None,
        }
    }

    #[test]
    fn choosing_replaces_only_that_groups_coupon() {
        let offered = [
            coupon("a1", Some("a")),
            coupon("a2", Some("a")),
            coupon("b1", Some("b")),
            coupon("p1", None),
        ];
        let chosen = vec!["a1".to_owned(), "b1".to_owned(), "p1".to_owned()];
        assert_eq!(
            choose(&chosen, &offered, Some("a"), Some("a2")),
            ["b1", "p1", "a2"]
        );
        assert_eq!(choose(&chosen, &offered, None, None), ["a1", "b1"]);
        assert_eq!(picked(&offered, &["b1".to_owned()]), [offered[2].clone()]);
        let picks = [
            CouponPick {
                group: Some("a".into()),
                coupon: Some("a2".into()),
            },
            CouponPick {
                group: None,
                coupon: None,
            },
        ];
        assert_eq!(effective(chosen, &offered, &picks), ["b1", "a2"]);
    }
}
