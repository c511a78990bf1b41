//! `counterpart suggest`: the cross-sell and upsell lists for a cart.

use std::process::ExitCode;

use anyhow::bail;
use serde::Serialize;
use serde_json::value::RawValue;

use crate::app::Context;
use crate::catalog::take_counts::Taken;
use crate::catalog::{Catalog, ProductIdx};
use crate::customers::owned::CustomerHistory;
use crate::money::{Currency, Money};
use crate::suggest::upsell::format_step;
use crate::suggest::{Engine, Request, Source, Suggestions};

/// Splits "SKU" or "SKUxQTY" (the quantity is the digits after the last `x`).
pub fn parse_item(arg: &str) -> anyhow::Result<(String, i64)> {
    if let Some((sku, qty)) = arg.rsplit_once('x')
        && !sku.is_empty()
        && !qty.is_empty()
        && qty.bytes().all(|b| b.is_ascii_digit())
    {
        let qty: i64 =
            qty.parse().ok().filter(|q| (1..=crate::cart::MAX_QTY).contains(q)).ok_or_else(|| {
                anyhow::anyhow!("`{arg}`: the quantity must be from 1 to {}", crate::cart::MAX_QTY)
            })?;
        return Ok((sku.to_string(), qty));
    }
    Ok((arg.to_string(), 1))
}

/// What `suggest` is asked, as typed.
pub struct Ask<'a> {
    /// The cart: "SKU" or "SKUxQTY".
    pub items: &'a [String],
    pub focus: Option<&'a str>,
    pub budget: Option<&'a str>,
    /// The customer's id.
    pub customer: Option<&'a str>,
}

/// The customer a request is for, as `suggest` reports them.
struct ForCustomer {
    id: i64,
    /// Their history, only with profiling consent.
    history: Option<CustomerHistory>,
}

pub fn run(ctx: &Context, ask: &Ask<'_>, as_json: bool) -> anyhow::Result<ExitCode> {
    let focus = ask.focus;
    let items: Vec<(String, i64)> = ask.items.iter().map(|a| parse_item(a)).collect::<anyhow::Result<_>>()?;
    let budget = ask
        .budget
        .map(|b| ctx.shop().currency.parse(b).map_err(|e| anyhow::anyhow!("--budget: {e}")))
        .transpose()?;
    let customer_id = ask.customer.map(super::customer_cmd::customer_id).transpose()?;
    let store = ctx.open_or_create_demo_for_reading()?;
    let customer = match customer_id {
        Some(id) => {
            super::customer_cmd::live_customer(&store, id)?;
            Some(ForCustomer { id, history: store.customer_history(id, &ctx.shop().refill)? })
        }
        None => None,
    };
    let history = customer.as_ref().and_then(|c| c.history.as_ref());
    let mut wanted: Vec<&str> = items.iter().map(|(s, _)| s.as_str()).collect();
    wanted.extend(focus);
    // What they own is looked at too: what the cart touches with its add-ons, family and upgrades.
    let owned: Vec<&str> = history.into_iter().flat_map(CustomerHistory::skus).collect();
    let catalog = store.load_neighbourhood_owning(&wanted, &owned, &ctx.shop().refill)?;
    let mut cart = Vec::new();
    for (sku, qty) in &items {
        let Some(p) = catalog.by_sku(sku) else { bail!("unknown SKU `{sku}`") };
        cart.push((p, *qty));
    }
    let focus = match focus {
        Some(sku) => {
            Some(catalog.by_sku(sku).ok_or_else(|| anyhow::anyhow!("--focus: unknown SKU `{sku}`"))?)
        }
        None => None,
    };
    let engine =
        Engine { catalog: &catalog, config: &ctx.config.suggestions, currency: &ctx.shop().currency };
    // The budget is what the customer pays: the cart's total with tax and bundle prices counted.
    let mut priced = crate::cart::Cart::default();
    for &(p, q) in &cart {
        priced.add(catalog.product(p), q, crate::cart::Origin::Scan);
    }
    priced.reprice_from(&catalog);
    priced.budget = budget;
    let budget_room = priced.budget_room(&ctx.shop().tax);
    let bundled = priced
        .bundled()
        .into_iter()
        .filter_map(|(sku, name, m)| Some((catalog.by_sku(sku)?, name, m)))
        .collect();
    let req =
        Request { cart: cart.clone(), focus, budget_room, bundled, customer: history, ..Request::default() };
    let s = engine.suggest(&req);
    let who = customer.as_ref().map(|c| JsonCustomer {
        id: c.id,
        profiling: c.history.is_some(),
        owned: c.history.as_ref().map(|h| h.owned.len()),
    });
    if as_json {
        outln!("{}", to_json_for(&catalog, &ctx.shop().currency, &cart, &s, who))?;
    } else {
        if let Some(c) = &who {
            outln!("{}", customer_line(c))?;
        }
        out!("{}", to_text(&catalog, &ctx.shop().currency, &cart, &s))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// An amount in major units as a JSON number, written exactly as the
/// currency writes it (`19.99`, `1500`, `1.250`): no float in between.
pub(crate) fn major(c: &Currency, m: Money) -> Box<RawValue> {
    let text = c.plain(m);
    RawValue::from_string(text.clone())
        .or_else(|_| serde_json::value::to_raw_value(&text))
        .unwrap_or_default()
}

/// Who the lists are for (`suggest --customer`), and whether what they own counted.
#[derive(Serialize)]
struct JsonCustomer {
    id: i64,
    /// Profiling consent given: their history shaped the lists.
    profiling: bool,
    /// How many products they own (only with profiling consent).
    #[serde(skip_serializing_if = "Option::is_none")]
    owned: Option<usize>,
}

/// "For customer 7: profiling consent, what they own (12 products) counts".
fn customer_line(c: &JsonCustomer) -> String {
    match c.owned {
        Some(n) => format!("For customer {}: profiling consent, what they own ({n} products) counts", c.id),
        None => format!("For customer {}: no profiling consent, the lists are as for anyone", c.id),
    }
}

/// What `suggest --json` prints: the cart, "Goes well with" and "Upgrade options".
#[derive(Serialize)]
struct JsonOutput<'a> {
    /// Only with `--customer`.
    #[serde(skip_serializing_if = "Option::is_none")]
    customer: Option<JsonCustomer>,
    cart: Vec<JsonCartLine<'a>>,
    cross_sell: Vec<JsonCrossSell<'a>>,
    upsell: Vec<JsonUpsell<'a>>,
}

#[derive(Serialize)]
struct JsonCartLine<'a> {
    sku: &'a str,
    name: &'a str,
    qty: i64,
    price: Box<RawValue>,
    line_total: Box<RawValue>,
}

#[derive(Serialize)]
struct JsonCrossSell<'a> {
    sku: &'a str,
    name: &'a str,
    price: Box<RawValue>,
    source: Source,
    reason: &'a str,
    talking_point: &'a str,
    /// The ranking score, not money.
    #[allow(clippy::disallowed_types, reason = "a ranking score, not money")]
    score: f64,
    for_sku: &'a str,
    /// Every source that supports the suggestion, strongest first.
    evidence: Vec<JsonEvidence<'a>>,
    /// Only when what customers did counts in the score.
    #[serde(skip_serializing_if = "Option::is_none")]
    learned: Option<JsonLearned>,
}

/// How often a suggestion was offered for its item before, and taken.
#[derive(Serialize)]
struct JsonLearned {
    offered: u32,
    accepted: u32,
}

impl From<Taken> for JsonLearned {
    fn from(t: Taken) -> JsonLearned {
        JsonLearned { offered: t.offered, accepted: t.accepted }
    }
}

#[derive(Serialize)]
struct JsonEvidence<'a> {
    source: Source,
    reason: &'a str,
}

#[derive(Serialize)]
struct JsonUpsell<'a> {
    for_sku: &'a str,
    sku: &'a str,
    name: &'a str,
    price: Box<RawValue>,
    price_delta: JsonPriceDelta,
    differences: Vec<String>,
    talking_point: &'a str,
    source: Source,
    /// Only when swapping the upgrade in ends a bundle the cart completes.
    #[serde(skip_serializing_if = "Option::is_none")]
    bundle_lost: Option<JsonBundleLost<'a>>,
    /// Only when what customers did counts in its place.
    #[serde(skip_serializing_if = "Option::is_none")]
    learned: Option<JsonLearned>,
    /// Only when what customers did moved it and enough offers were counted.
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonPriceDelta {
    amount: Box<RawValue>,
    /// The step in percent of the focus price.
    #[allow(clippy::disallowed_types, reason = "a percentage, not money")]
    percent: f64,
}

#[derive(Serialize)]
struct JsonBundleLost<'a> {
    bundle: &'a str,
    saving: Box<RawValue>,
}

/// 16.67 for 1,667 basis points.
#[allow(clippy::disallowed_types, reason = "a percentage, not money")]
fn percent(basis_points: i64) -> f64 {
    basis_points as f64 / 100.0
}

/// The lists as one JSON object (see the README for its shape), prices in major units.
pub fn to_json(catalog: &Catalog, c: &Currency, cart: &[(ProductIdx, i64)], s: &Suggestions) -> String {
    to_json_for(catalog, c, cart, s, None)
}

/// [`to_json`], with who the lists are for when a customer was named.
fn to_json_for(
    catalog: &Catalog,
    c: &Currency,
    cart: &[(ProductIdx, i64)],
    s: &Suggestions,
    customer: Option<JsonCustomer>,
) -> String {
    let cart = cart
        .iter()
        .map(|&(p, qty)| {
            let p = catalog.product(p);
            JsonCartLine {
                sku: &p.sku,
                name: &p.name,
                qty,
                price: major(c, p.price),
                line_total: major(c, p.price * qty),
            }
        })
        .collect();
    let cross_sell = s
        .cross_sell
        .iter()
        .map(|x| JsonCrossSell {
            sku: &x.sku,
            name: &x.name,
            price: major(c, x.price),
            source: x.source,
            reason: &x.reason,
            talking_point: &x.talking_point,
            score: x.score,
            for_sku: &x.for_sku,
            evidence: x
                .evidence
                .iter()
                .map(|(source, reason)| JsonEvidence { source: *source, reason })
                .collect(),
            learned: x.learned.map(JsonLearned::from),
        })
        .collect();
    let upsell = s
        .upsell
        .iter()
        .map(|u| JsonUpsell {
            for_sku: &u.for_sku,
            sku: &u.sku,
            name: &u.name,
            price: major(c, u.price),
            price_delta: JsonPriceDelta {
                amount: major(c, u.price_delta),
                percent: percent(u.delta_basis_points),
            },
            differences: u.differences.iter().map(ToString::to_string).collect(),
            talking_point: &u.talking_point,
            source: u.source,
            bundle_lost: u
                .bundle_lost
                .as_ref()
                .map(|(bundle, saving)| JsonBundleLost { bundle, saving: major(c, *saving) }),
            learned: u.learned.map(JsonLearned::from),
            reason: u.reason.as_deref(),
        })
        .collect();
    // Serialising borrowed strings and raw numbers cannot fail.
    serde_json::to_string(&JsonOutput { customer, cart, cross_sell, upsell }).unwrap_or_default()
}

pub fn to_text(catalog: &Catalog, c: &Currency, cart: &[(ProductIdx, i64)], s: &Suggestions) -> String {
    use std::fmt::Write;
    let mut out = String::from("Cart\n");
    for &(p, qty) in cart {
        let p = catalog.product(p);
        let _ = writeln!(out, "  {qty} × {} ({})  {}", p.name, p.sku, c.display(p.price * qty));
    }
    out.push_str("\nGoes well with\n");
    if s.cross_sell.is_empty() {
        out.push_str("  (nothing to suggest)\n");
    }
    for (i, x) in s.cross_sell.iter().enumerate() {
        let _ = writeln!(
            out,
            "  {}. {} ({})  {}  [{}]",
            i + 1,
            x.name,
            x.sku,
            c.display(x.price),
            x.source.as_str()
        );
        let _ = writeln!(out, "     {}\n     \"{}\"", x.reason, x.talking_point);
    }
    match s.upsell.first() {
        Some(u) => {
            let base =
                catalog.by_sku(&u.for_sku).map_or(u.for_sku.as_str(), |p| catalog.product(p).name.as_str());
            let _ = writeln!(out, "\nUpgrade options for the {base}");
        }
        None => out.push_str("\nUpgrade options\n  (no upgrade within the price step)\n"),
    }
    for (i, u) in s.upsell.iter().enumerate() {
        let step = format_step(&c.display(u.price_delta), u.delta_basis_points);
        let _ = writeln!(
            out,
            "  {}. {} ({})  {}  {step}  [{}]",
            i + 1,
            u.name,
            u.sku,
            c.display(u.price),
            u.source.as_str()
        );
        let diffs: Vec<String> = u.differences.iter().map(ToString::to_string).collect();
        let _ = writeln!(out, "     {}\n     \"{}\"", diffs.join("; "), u.talking_point);
        if let Some((bundle, saving)) = &u.bundle_lost {
            let _ = writeln!(out, "     swapping ends the {bundle}: its {} saving goes", c.display(*saving));
        }
        if let Some(reason) = &u.reason {
            let _ = writeln!(out, "     {reason}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_take_an_optional_quantity() {
        assert_eq!(parse_item("PH-128").unwrap(), ("PH-128".into(), 1));
        assert_eq!(parse_item("PH-128x3").unwrap(), ("PH-128".into(), 3));
        assert_eq!(parse_item("BOX-X1").unwrap(), ("BOX-X1".into(), 1));
        assert!(parse_item("PH-128x0").is_err());
        assert!(parse_item("PH-128x99999").is_err());
    }
}
