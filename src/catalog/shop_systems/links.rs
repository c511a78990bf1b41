//! Links from a shop export's cross-sell, related and upsell columns.
//!
//! Cross-sells and related products are complements. Upsells are "instead
//! of" suggestions in Magento and WooCommerce: not always dearer, sometimes
//! mutual. An upsell dearer than its product is an upgrade (the engine then
//! shows it when it is within the price step); one that is not dearer is an
//! alternative, a substitute link, and counted in the summary. So a pair of
//! products that upsell each other is an upgrade one way and an alternative
//! the other, never a cycle.

use std::collections::{HashMap, HashSet};

use super::{Col, LINK_PRIORITY, Reading, ShopSystem, split_escaped};
use crate::catalog::LinkKind;
use crate::catalog::doc::{LinkRow, ProductRow};
use crate::money::Money;

/// What a link to a parent product (variable, configurable) stands for: its
/// cheapest variation, the entry level of its ladder.
pub(crate) fn entry_level(
    products: &[ProductRow],
    members: impl Iterator<Item = Option<usize>>,
) -> Option<String> {
    members.filter_map(|m| products.get(m?)).min_by_key(|p| (p.tier, p.price)).map(|p| p.sku.clone())
}

/// The references of a list column ("SKU,SKU") in the merchant's order,
/// each with its link priority. Magento writes that order beside the list
/// (`related_position`: "1,2"): the first position gets [`LINK_PRIORITY`],
/// each later one a point less (never below 1). Without positions every
/// reference gets [`LINK_PRIORITY`].
pub(crate) fn ranked(
    line: usize,
    list: &str,
    positions: Option<(&Col, &str)>,
    r: &mut Reading<'_>,
) -> Vec<(String, i64)> {
    let refs = split_escaped(list, ',');
    let Some((col, positions)) = positions.filter(|(_, p)| !p.trim().is_empty()) else {
        return refs.into_iter().map(|s| (s, LINK_PRIORITY)).collect();
    };
    let given: Vec<&str> = positions.split(',').map(str::trim).collect();
    if given.len() != refs.len() {
        r.problem(line, col, format!("{} positions for {} products", given.len(), refs.len()));
        return Vec::new();
    }
    let mut numbers = Vec::with_capacity(given.len());
    for p in given {
        match p.parse::<i64>() {
            Ok(n) => numbers.push(n),
            Err(_) => {
                r.problem(line, col, format!("`{p}` is not a position"));
                return Vec::new();
            }
        }
    }
    let mut order = numbers.clone();
    order.sort_unstable();
    order.dedup();
    refs.into_iter()
        .zip(numbers)
        .map(|(sku, n)| {
            let rank = order.iter().position(|o| *o == n).unwrap_or(0) as i64;
            (sku, (LINK_PRIORITY - rank).max(1))
        })
        .collect()
}

/// Collects the links of a file's rows, one each way at most.
pub(crate) struct LinkBuilder<'p> {
    system: ShopSystem,
    prices: HashMap<&'p str, Money>,
    seen: HashSet<(String, String, LinkKind)>,
    links: Vec<LinkRow>,
}

impl<'p> LinkBuilder<'p> {
    pub fn new(system: ShopSystem, products: &'p [ProductRow]) -> LinkBuilder<'p> {
        let prices = products.iter().map(|p| (p.sku.as_str(), p.price)).collect();
        LinkBuilder { system, prices, seen: HashSet::new(), links: Vec::new() }
    }

    /// The links one row's list column asks for: from every product the row
    /// stands for (`sources`) to each reference, resolved by `target`; one
    /// that does not resolve is a problem naming the row's line and the
    /// column, one to a product not imported is left out and counted.
    /// `upsells` says the column is an upsell list.
    #[allow(clippy::too_many_arguments)]
    pub fn add(
        &mut self,
        line: usize,
        sources: &[&str],
        col: &Col,
        refs: &[(String, i64)],
        upsells: bool,
        target: &dyn Fn(&str) -> Result<Option<String>, String>,
        r: &mut Reading<'_>,
    ) {
        for (reference, priority) in refs {
            let to = match target(reference) {
                Ok(Some(to)) => to,
                Ok(None) => {
                    r.notes.skip("link to a product not imported");
                    continue;
                }
                Err(msg) => {
                    r.problem(line, col, msg);
                    continue;
                }
            };
            for from in sources.iter().filter(|f| **f != to) {
                let kind = if !upsells {
                    LinkKind::Complement
                } else if self.prices.get(to.as_str()) > self.prices.get(*from) {
                    LinkKind::Upgrade
                } else {
                    LinkKind::Substitute
                };
                if self.seen.insert((from.to_string(), to.clone(), kind)) {
                    r.notes.upsells_as_alternatives += usize::from(kind == LinkKind::Substitute);
                    self.links.push(LinkRow {
                        line,
                        from: from.to_string(),
                        to: to.clone(),
                        kind,
                        priority: *priority,
                        talking_point: String::new(),
                        source: self.system.as_str().to_string(),
                    });
                }
            }
        }
    }

    pub fn into_links(self) -> Vec<LinkRow> {
        self.links
    }
}
