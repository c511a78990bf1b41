//! Checks that need the whole file (and what the database already holds):
//! duplicate SKUs and barcodes, links to unknown products, upgrade cycles,
//! bundles of unknown products, category links to unknown categories.

use std::collections::{HashMap, HashSet};

use super::LinkKind;
use super::doc::{CatalogDoc, Problem};
use super::normalize_path;

/// What the database holds before the import.
#[derive(Debug, Default)]
pub struct Existing {
    pub skus: HashSet<String>,
    /// Barcode → SKU.
    pub barcodes: HashMap<String, String>,
    /// Upgrade links as (from SKU, to SKU).
    pub upgrades: Vec<(String, String)>,
    pub categories: HashSet<String>,
    /// Loyalty cards (as stored, upper case) → customer id: a product must not
    /// scan as a card, nor a card as a product.
    pub cards: HashMap<String, i64>,
    /// The same cards read as barcodes (GTIN-14), where they are valid ones.
    pub card_barcodes: HashMap<String, i64>,
}

/// Every problem that would make the import inconsistent.
pub fn validate(doc: &CatalogDoc, existing: &Existing) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut skus: HashMap<&str, usize> = HashMap::new();
    let mut barcodes: HashMap<&str, (&str, usize)> = HashMap::new();
    for p in &doc.products {
        if let Some(customer) = existing.cards.get(&p.sku.to_uppercase()) {
            problems.push(Problem::at(
                p.line,
                "sku",
                format!(
                    "SKU `{}` is customer {customer}'s loyalty card; a scan could not tell them apart",
                    p.sku
                ),
            ));
        }
        if let Some(customer) = p.barcode.as_ref().and_then(|b| existing.card_barcodes.get(b)) {
            problems.push(Problem::at(
                p.line,
                "barcode",
                format!("barcode is customer {customer}'s loyalty card; a scan could not tell them apart"),
            ));
        }
        if let Some(first) = skus.insert(&p.sku, p.line) {
            problems.push(Problem::at(
                p.line,
                "sku",
                format!("duplicate SKU `{}` (first on line {first})", p.sku),
            ));
        }
        if let Some(b) = &p.barcode {
            if let Some((other, line)) = barcodes.insert(b, (&p.sku, p.line)) {
                problems.push(Problem::at(
                    p.line,
                    "barcode",
                    format!("barcode {} is also on `{other}` (line {line})", crate::barcode::display(b)),
                ));
            } else if let Some(owner) = existing.barcodes.get(b).filter(|owner| **owner != p.sku) {
                // Taken in the database, unless that product is in this file with another barcode.
                let moved = doc.products.iter().any(|q| &q.sku == owner && q.barcode.as_deref() != Some(b));
                if !moved {
                    problems.push(Problem::at(
                        p.line,
                        "barcode",
                        format!("barcode {} already belongs to `{owner}`", crate::barcode::display(b)),
                    ));
                }
            }
        }
    }
    let known = |sku: &str| skus.contains_key(sku) || existing.skus.contains(sku);
    for l in &doc.links {
        for (field, sku) in [("from", &l.from), ("to", &l.to)] {
            if !known(sku) {
                problems.push(Problem::at(l.line, field, format!("link to unknown SKU `{sku}`")));
            }
        }
        if l.from == l.to {
            problems.push(Problem::at(l.line, "to", format!("`{}` is linked to itself", l.from)));
        }
    }
    problems.extend(upgrade_cycles(doc, existing));
    for b in &doc.bundles {
        for sku in &b.items {
            if !known(sku) {
                problems.push(Problem::at(
                    b.line,
                    "items",
                    format!("bundle `{}` holds unknown SKU `{sku}`", b.code),
                ));
            }
        }
        if b.items.len() < 2 {
            problems.push(Problem::at(
                b.line,
                "items",
                format!("bundle `{}` needs at least two items", b.code),
            ));
        }
    }
    let mut categories: HashSet<String> = existing.categories.clone();
    categories.extend(doc.categories.iter().map(|(_, c)| normalize_path(c)));
    categories.extend(doc.products.iter().map(|p| normalize_path(&p.category)));
    for cl in &doc.category_links {
        for (field, path) in [("from", &cl.from), ("to", &cl.to)] {
            if !categories.contains(&normalize_path(path)) {
                problems.push(Problem::at(cl.line, field, format!("unknown category `{path}`")));
            }
        }
    }
    problems
}

/// Upgrade links must not loop back (A→A, A→B→A, ...), counting links already stored.
fn upgrade_cycles(doc: &CatalogDoc, existing: &Existing) -> Vec<Problem> {
    let mut edges: HashMap<&str, Vec<&str>> = HashMap::new();
    for (a, b) in &existing.upgrades {
        edges.entry(a).or_default().push(b);
    }
    let mut problems = Vec::new();
    for l in doc.links.iter().filter(|l| l.kind == LinkKind::Upgrade) {
        // Does a path already lead from `to` back to `from`?
        if l.from == l.to || reaches(&edges, &l.to, &l.from) {
            problems.push(Problem::at(
                l.line,
                "to",
                format!("upgrade cycle: `{}` → `{}` leads back to `{}`", l.from, l.to, l.from),
            ));
        } else {
            edges.entry(&l.from).or_default().push(&l.to);
        }
    }
    problems
}

fn reaches(edges: &HashMap<&str, Vec<&str>>, start: &str, goal: &str) -> bool {
    let mut seen = HashSet::new();
    let mut stack = vec![start];
    while let Some(n) = stack.pop() {
        if n == goal {
            return true;
        }
        if seen.insert(n) {
            stack.extend(edges.get(n).into_iter().flatten().copied());
        }
    }
    false
}
