//! Follow-up lists: customers who bought X and not yet Y, with what to say
//! about Y. X and Y are each a product or a category (with everything below
//! it). Who is on the list is the store's to find (only customers with
//! marketing consent, never an erased one); this module says what X and Y
//! cover and asks the suggestion engine, read-only, for Y's reason and
//! talking point given what they bought.

use crate::catalog::{Catalog, CategoryIdx, ProductIdx};
use crate::suggest::{Engine, Request, cross_sell};

/// What `--bought` or `--not` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Product(ProductIdx),
    /// A category and every category below it.
    Category(CategoryIdx),
}

impl Target {
    /// A SKU, else a category path ("Cases & Bags > Phone cases"); `None` when it is neither.
    pub fn resolve(catalog: &Catalog, text: &str) -> Option<Target> {
        let text = text.trim();
        catalog
            .by_sku(text)
            .map(Target::Product)
            .or_else(|| catalog.category_by_path(text).map(Target::Category))
    }

    /// Whether the product is (or is in) the target.
    pub fn covers(&self, catalog: &Catalog, p: ProductIdx) -> bool {
        match *self {
            Target::Product(t) => t == p,
            Target::Category(c) => catalog.category_within(catalog.product(p).category, c),
        }
    }

    /// The SKUs the target covers, as sale lines record them.
    pub fn skus(&self, catalog: &Catalog) -> Vec<String> {
        match *self {
            Target::Product(p) => vec![catalog.product(p).sku.clone()],
            Target::Category(c) => {
                catalog.in_category(c).iter().map(|&p| catalog.product(p).sku.clone()).collect()
            }
        }
    }

    /// "Aurora X5 128 GB (PH-AUR-X5-128)", "category Phones".
    pub fn describe(&self, catalog: &Catalog) -> String {
        match *self {
            Target::Product(p) => format!("{} ({})", catalog.product(p).name, catalog.product(p).sku),
            Target::Category(c) => format!("category {}", catalog.category_path(c)),
        }
    }
}

/// What to offer and say in a follow-up.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pitch {
    pub sku: String,
    pub name: String,
    /// Why the engine links it to what they bought ("" when nothing does).
    pub reason: String,
    pub talking_point: String,
}

/// The pitch for `target` to someone who bought `bought`: the engine's best
/// add-on for it within the target, with its reason and talking point; when
/// no source links the two, the target's product (a category's cheapest
/// active one) with the engine's own fallback talking point.
pub fn pitch(engine: &Engine<'_>, bought: ProductIdx, target: &Target) -> Option<Pitch> {
    let catalog = engine.catalog;
    let req = Request { cart: vec![(bought, 1)], ..Request::default() };
    if let Some(s) = cross_sell::explain(engine, &req, |p| target.covers(catalog, p)) {
        return Some(Pitch { sku: s.sku, name: s.name, reason: s.reason, talking_point: s.talking_point });
    }
    let offer = match *target {
        Target::Product(p) => Some(p),
        Target::Category(c) => {
            catalog.in_category(c).iter().copied().find(|&p| catalog.product(p).active && p != bought)
        }
    }?;
    let (cand, anchor) = (catalog.product(offer), catalog.product(bought));
    Some(Pitch {
        sku: cand.sku.clone(),
        name: cand.name.clone(),
        reason: String::new(),
        talking_point: cross_sell::fallback_talking_point(cand, anchor),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::money::Currency;

    fn demo() -> Catalog {
        Catalog::from_doc(&crate::demo::catalog(&Currency::usd()).unwrap())
    }

    #[test]
    fn a_target_is_a_sku_or_a_category_with_what_lies_below_it() {
        let catalog = demo();
        let phone = catalog.by_sku("PH-AUR-X5-128").unwrap();
        let case = catalog.by_sku("CS-AUR-X5-SIL").unwrap();
        assert_eq!(Target::resolve(&catalog, "PH-AUR-X5-128"), Some(Target::Product(phone)));
        let bags = Target::resolve(&catalog, "Cases & Bags").unwrap();
        assert!(bags.covers(&catalog, case) && !bags.covers(&catalog, phone));
        assert!(bags.skus(&catalog).contains(&"CS-AUR-X5-SIL".to_string()));
        assert_eq!(Target::resolve(&catalog, "No such thing"), None);
    }

    #[test]
    fn the_pitch_is_the_engines_own_words_for_the_add_on() {
        let catalog = demo();
        let config = Config::defaults();
        let engine = Engine { catalog: &catalog, config: &config.suggestions, currency: &Currency::usd() };
        let phone = catalog.by_sku("PH-AUR-X5-128").unwrap();
        let cases = Target::resolve(&catalog, "Cases & Bags > Phone cases").unwrap();
        let p = pitch(&engine, phone, &cases).unwrap();
        let req = Request { cart: vec![(phone, 1)], ..Request::default() };
        let shown = engine.suggest(&req);
        let same = shown.cross_sell.iter().find(|c| c.sku == p.sku).expect("the till shows it too");
        assert_eq!((&p.reason, &p.talking_point), (&same.reason, &same.talking_point));
        assert!(p.sku.starts_with("CS-AUR-X5"), "{}", p.sku);
    }
}
