//! The figures as JSON, as `report --json` and the shift reports write them:
//! amounts as decimal strings in major units, rates as fractions.
#![allow(clippy::disallowed_types, reason = "UPT and the rates are ratios, not money")]

use serde_json::{Map, Value, json};

use super::Figures;
use crate::money::{Currency, Money};

/// An amount as a JSON string in major units, as the currency writes it plainly.
pub fn amount(c: &Currency, m: Money) -> Value {
    Value::String(c.plain(m))
}

/// The figures under their `report --json` keys (`docs/report.md`).
pub fn figures(c: &Currency, f: &Figures) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("sales".into(), json!(f.sales));
    m.insert("revenue".into(), amount(c, f.revenue));
    m.insert("aov".into(), amount(c, f.aov()));
    m.insert("units".into(), json!(f.units));
    m.insert("upt".into(), json!(f.upt()));
    m.insert("attach_rate".into(), json!(f.attach_rate()));
    m.insert("upsell_take_rate".into(), json!(f.upsell_take_rate()));
    m.insert("suggestion_revenue".into(), amount(c, f.suggestion_revenue));
    m.insert("suggestion_margin".into(), f.margin().map_or(Value::Null, |x| amount(c, x)));
    m.insert("suggestion_lines_without_cost".into(), json!(f.lines_without_cost));
    m.insert("discounts".into(), f.discounts.map_or(Value::Null, |x| amount(c, x)));
    m.insert("bundle_savings".into(), f.bundle_savings.map_or(Value::Null, |x| amount(c, x)));
    m.insert("sales_with_cross_sell".into(), json!(f.sales_with_cross_sell));
    m.insert("upsells_offered".into(), json!(f.upsells_offered));
    m.insert("upsells_accepted".into(), json!(f.upsells_accepted));
    m.insert("checkout_offered".into(), json!(f.checkout_offered));
    m.insert("checkout_accepted".into(), json!(f.checkout_accepted));
    m.insert("checkout_take_rate".into(), json!(f.checkout_take_rate()));
    let s = &f.suggestions;
    m.insert(
        "suggestions".into(),
        json!({"shown": s.shown, "offered": s.offered, "declined": s.declined, "accepted": s.accepted}),
    );
    m
}
