//! Training scenarios: who the customer is, what they came for, what they
//! would take, and how patient they are (`assets/training/*.toml`).
//!
//! A scenario file, every key of it (unknown keys are refused by name):
//!
//! ```toml
//! id = "first-phone-budget"            # unique across files: a-z, 0-9 and '-'
//! title = "First phone on a budget"
//! budget = "250.00"                    # what they will pay at most, tax included, in the shop currency
//! patience = 3                         # poor offers before they leave, 1..=9
//! returns = "AU-HAR-Q500"              # optional: the item brought back; its price is credited to the budget
//! declines = ["No thanks.", "I don't need that."]  # said to an offer that misses (at least one)
//!
//! [customer]
//! name = "Priya"
//! opening = "Hi! I need my first proper phone…"
//!
//! [wants]                              # what they came for: any one of these answers the need
//! skus = ["PH-VEY-L5-64"]              # and/or
//! category = "Phones"
//!
//! [[accepts]]                          # one thing they would take (one case, one plan): `sku` or `category`
//! sku = "CS-VEY-L5-CLR"
//! says = "Clear so you can still see the colour? Go on then."
//!
//! [[accepts]]
//! sku = "PH-VEY-L5-128"
//! upgrade = true                       # taken only in place of what they came for (the upgrade pane)
//! says = "Double the space for 30 more? Fair enough."
//!
//! [[objections]]                       # raised at checkout
//! says = "Will it last?"
//! answer = "The right reply."
//! wrong = ["A wrong reply.", "Another wrong reply."]
//! ```
//!
//! [`parse`] reads a file without the catalog; [`Scenario::validate`] checks
//! every SKU and category against it and prices a returned item.
//! [`builtin`] and [`load_file`] do both. Every error is one line,
//! `file:line: key: what is wrong`.

use std::path::Path;

use crate::catalog::{Catalog, ProductIdx};
use crate::money::{Currency, Money};

mod file;
#[cfg(test)]
mod tests;

pub use file::{MAX_PATIENCE, parse};

/// One role-play: the customer, their need, what they would take and what
/// they will ask at checkout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scenario {
    pub id: String,
    pub title: String,
    /// The file it was read from, as messages name it.
    pub file: String,
    pub customer: Customer,
    /// What the customer pays at most (tax included), before any return credit.
    pub budget: Money,
    /// The item brought back, when the customer is exchanging one.
    pub returns: Option<Returned>,
    pub wants: Wants,
    /// Each thing the customer would take, in file order.
    pub accepts: Vec<Accept>,
    /// What they say to an offer that misses the need.
    pub declines: Vec<String>,
    /// Poor offers (and wrong answers to objections) before they walk away, 1..=9.
    pub patience: u8,
    pub objections: Vec<Objection>,
    /// The shop currency the budget was read in; lines that quote money use it.
    pub currency: Currency,
    lines: KeyLines,
}

/// The lines of the keys that are checked against the catalog.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct KeyLines {
    id: usize,
    wants_skus: Vec<usize>,
    wants_category: usize,
    returns: usize,
}

/// Who is at the counter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Customer {
    pub name: String,
    /// The first thing they say.
    pub opening: String,
}

/// An item brought back for an exchange.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Returned {
    pub sku: String,
    /// Its shelf price in the catalog, added to the budget ([`Money::ZERO`]
    /// until [`Scenario::validate`] has priced it).
    pub credit: Money,
}

/// What the customer came for: any one product of `skus`, or any product
/// within `category`, answers the need.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Wants {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub skus: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
}

impl Wants {
    /// Whether `p` is something the customer came for.
    pub fn matches(&self, catalog: &Catalog, p: ProductIdx) -> bool {
        let product = catalog.product(p);
        self.skus.contains(&product.sku)
            || self.category.as_deref().is_some_and(|c| Target::within(catalog, p, c))
    }
}

/// What an accept entry names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Sku(String),
    /// A category path; its subcategories count too.
    Category(String),
}

impl Target {
    /// Whether `p` is this SKU or lies within this category.
    pub fn matches(&self, catalog: &Catalog, p: ProductIdx) -> bool {
        match self {
            Target::Sku(s) => catalog.product(p).sku == *s,
            Target::Category(c) => Target::within(catalog, p, c),
        }
    }

    fn within(catalog: &Catalog, p: ProductIdx, path: &str) -> bool {
        catalog
            .category_by_path(path)
            .is_some_and(|c| catalog.category_within(catalog.product(p).category, c))
    }

    /// The SKU or the category path, as written.
    pub fn name(&self) -> &str {
        match self {
            Target::Sku(s) | Target::Category(s) => s,
        }
    }
}

/// One thing the customer would take when offered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accept {
    pub target: Target,
    /// What they say when they take it.
    pub says: String,
    /// Taken only as an upgrade of what they came for, not as an extra.
    pub upgrade: bool,
    /// Its line in the file.
    pub line: usize,
}

/// A doubt raised at checkout, with the right reply and two wrong ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Objection {
    pub says: String,
    pub answer: String,
    pub wrong: [String; 2],
}

/// A scenario file that cannot be used: `file:line: key: what is wrong`.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ScenarioError(pub String);

impl ScenarioError {
    fn at(file: &str, line: usize, key: &str, what: impl std::fmt::Display) -> ScenarioError {
        ScenarioError(format!("{file}:{line}: {key}: {what}"))
    }
}

impl Scenario {
    /// What the customer can spend: the budget plus the credit for a returned item.
    pub fn budget_with_credit(&self) -> Money {
        self.budget + self.returns.as_ref().map_or(Money::ZERO, |r| r.credit)
    }

    /// The first accept entry `p` matches, with its index.
    pub fn accept_for(&self, catalog: &Catalog, p: ProductIdx) -> Option<(usize, &Accept)> {
        self.accepts.iter().enumerate().find(|(_, a)| a.target.matches(catalog, p))
    }

    /// Checks every SKU and category against the catalog and prices the
    /// returned item (its credit). An unknown one is an error naming the
    /// file, the line, the key and the SKU or category.
    pub fn validate(&mut self, catalog: &Catalog) -> Result<(), ScenarioError> {
        let file = self.file.clone();
        let unknown_sku = |line: usize, key: &str, sku: &str| {
            ScenarioError::at(&file, line, key, format!("unknown SKU `{sku}` (not in the catalog)"))
        };
        let unknown_category = |line: usize, key: &str, path: &str| {
            ScenarioError::at(&file, line, key, format!("unknown category `{path}` (not in the catalog)"))
        };
        for (sku, &line) in self.wants.skus.iter().zip(&self.lines.wants_skus) {
            if catalog.by_sku(sku).is_none() {
                return Err(unknown_sku(line, "wants.skus", sku));
            }
        }
        if let Some(c) = &self.wants.category
            && catalog.category_by_path(c).is_none()
        {
            return Err(unknown_category(self.lines.wants_category, "wants.category", c));
        }
        for a in &self.accepts {
            match &a.target {
                Target::Sku(sku) => {
                    let Some(p) = catalog.by_sku(sku) else {
                        return Err(unknown_sku(a.line, "accepts.sku", sku));
                    };
                    if !a.upgrade && self.wants.matches(catalog, p) {
                        return Err(ScenarioError::at(
                            &file,
                            a.line,
                            "accepts.sku",
                            format!(
                                "`{sku}` is what they came for (wants); an extra is wanted or accepted, not both"
                            ),
                        ));
                    }
                }
                Target::Category(path) => {
                    if catalog.category_by_path(path).is_none() {
                        return Err(unknown_category(a.line, "accepts.category", path));
                    }
                }
            }
        }
        if let Some(r) = &mut self.returns {
            let Some(p) = catalog.by_sku(&r.sku) else {
                return Err(unknown_sku(self.lines.returns, "returns", &r.sku));
            };
            r.credit = catalog.product(p).price;
        }
        Ok(())
    }
}

/// `train --list --json`: id, title, the customer's name, the budget as a
/// decimal string in the shop currency, what they came for, and the item
/// they bring back, if any.
impl serde::Serialize for Scenario {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(serde::Serialize)]
        struct View<'a> {
            id: &'a str,
            title: &'a str,
            customer: &'a str,
            budget: String,
            wants: &'a Wants,
            #[serde(skip_serializing_if = "Option::is_none")]
            returns: Option<&'a str>,
        }
        View {
            id: &self.id,
            title: &self.title,
            customer: &self.customer.name,
            budget: self.currency.plain(self.budget),
            wants: &self.wants,
            returns: self.returns.as_ref().map(|r| r.sku.as_str()),
        }
        .serialize(s)
    }
}

/// The scenarios shipped with counterpart: `(file name, text)`.
pub const SHIPPED: &[(&str, &str)] = &[
    (
        "assets/training/first-phone-budget.toml",
        include_str!("../../assets/training/first-phone-budget.toml"),
    ),
    ("assets/training/gamer-upgrade.toml", include_str!("../../assets/training/gamer-upgrade.toml")),
    ("assets/training/school-laptop.toml", include_str!("../../assets/training/school-laptop.toml")),
    ("assets/training/photographer.toml", include_str!("../../assets/training/photographer.toml")),
    (
        "assets/training/smart-home-starter.toml",
        include_str!("../../assets/training/smart-home-starter.toml"),
    ),
    ("assets/training/gift-no-idea.toml", include_str!("../../assets/training/gift-no-idea.toml")),
    ("assets/training/cheapest-only.toml", include_str!("../../assets/training/cheapest-only.toml")),
    (
        "assets/training/headphone-exchange.toml",
        include_str!("../../assets/training/headphone-exchange.toml"),
    ),
    ("assets/training/over-budget-phone.toml", include_str!("../../assets/training/over-budget-phone.toml")),
    ("assets/training/whole-home-wifi.toml", include_str!("../../assets/training/whole-home-wifi.toml")),
    ("assets/training/movie-night-tv.toml", include_str!("../../assets/training/movie-night-tv.toml")),
    ("assets/training/runner-watch.toml", include_str!("../../assets/training/runner-watch.toml")),
    ("assets/training/phone-for-mum.toml", include_str!("../../assets/training/phone-for-mum.toml")),
    (
        "assets/training/road-trip-handheld.toml",
        include_str!("../../assets/training/road-trip-handheld.toml"),
    ),
];

/// The scenarios shipped with counterpart, checked against `catalog`, in
/// file order. They are written for the demo store: a catalog without their
/// SKUs fails with the first unknown one named.
pub fn builtin(catalog: &Catalog, currency: &Currency) -> Result<Vec<Scenario>, ScenarioError> {
    let mut out = Vec::with_capacity(SHIPPED.len());
    for (file, text) in SHIPPED {
        let mut s = parse(file, text, currency)?;
        s.validate(catalog)?;
        out.push(s);
    }
    check_unique(&out)?;
    Ok(out)
}

/// A user's own scenario file, with the same checks as the shipped ones.
pub fn load_file(path: &Path, catalog: &Catalog, currency: &Currency) -> Result<Scenario, ScenarioError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| ScenarioError(format!("{file}: {e}")))?;
    let mut s = parse(&file, &text, currency)?;
    s.validate(catalog)?;
    Ok(s)
}

/// Refuses two scenarios with the same id, naming both files.
pub fn check_unique(scenarios: &[Scenario]) -> Result<(), ScenarioError> {
    for (i, s) in scenarios.iter().enumerate() {
        if let Some(first) = scenarios[..i].iter().find(|o| o.id == s.id) {
            return Err(ScenarioError::at(
                &s.file,
                s.lines.id,
                "id",
                format!("`{}` is already the id of {}", s.id, first.file),
            ));
        }
    }
    Ok(())
}
