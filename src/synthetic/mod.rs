//! A synthetic catalog of any size, for load tests, benchmarks and demos:
//! departments with sub-categories, good/better/best families, accessories
//! made for those families, protection plans priced by bands, curated-looking
//! links with talking points, category links and bundles.
//!
//! The same `(n, seed)` always gives the same [`CatalogDoc`]: the generator
//! has its own small PRNG (splitmix64) and never iterates a hash map. Money is
//! integer minor units throughout (no floats): the price ranges below are
//! written for two decimals (5.00-3000.00), which reads as ¥500-¥300,000 in a
//! yen store, and every amount in a name or talking point is written by the
//! store's [`Currency`].
#![deny(clippy::disallowed_types)]

use std::collections::HashSet;

use crate::catalog::LinkKind;
use crate::catalog::doc::{BundleRow, CatalogDoc, CategoryLinkRow, LinkRow, ProductRow};
use crate::money::{Currency, Money};
use crate::store::import::ImportSummary;
use crate::store::{Store, StoreError};

/// Generates a catalog of exactly `n_products` products, deterministic for
/// `seed`, with its amounts in minor units of `currency`.
///
/// About 60 % are main products (half of them in families of 2-4 tiers), 38 %
/// accessories and 2 % services (protection, installation and setup plans
/// whose cover bands span 0.00-5000.00). SKUs run `SYN-000001`, `SYN-000002`, ...
/// and every product has a valid EAN-13 (stored as GTIN-14) that depends only
/// on its position, so re-importing with another seed updates in place.
pub fn generate(n_products: usize, seed: u64, currency: &Currency) -> CatalogDoc {
    Gen::new(n_products, seed, currency).run()
}

/// Generates `n_products` products with `seed` and imports them into `store`
/// in one transaction, as the file `synthetic:<n>`.
pub fn write_into(
    store: &mut Store,
    n_products: usize,
    seed: u64,
    currency: &Currency,
) -> Result<ImportSummary, StoreError> {
    let doc = generate(n_products, seed, currency);
    store.import(&format!("synthetic:{n_products}"), &doc, false)
}

/// The link source recorded on every generated link.
pub const SOURCE: &str = "synthetic";

/// The highest price a generated product gets (3000.00).
const MAX_PRICE: i64 = 300_000;
/// Family ladders are scaled so their top tier stays under this before rounding.
const LADDER_CAP: i64 = 290_000;
/// The lowest price a generated product gets (5.00).
const MIN_PRICE: i64 = 500;

mod links;
mod words;

use crate::rng::Rng;
use words::*;
// ---------------------------------------------------------------------------
// Small helpers

/// A shop price: from 10.00 up, rounded up to .99 (never more than 0.99 up).
fn charm(minor: i64) -> i64 {
    if minor < 1_000 { minor } else { minor / 100 * 100 + 99 }
}

/// Lower-cases each word unless it is an acronym-like word ("TVs", "E-Readers").
fn lower(text: &str) -> String {
    text.split(' ')
        .map(|w| if w.chars().skip(1).any(char::is_uppercase) { w.to_string() } else { w.to_lowercase() })
        .collect::<Vec<_>>()
        .join(" ")
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U']) { "an" } else { "a" }
}

fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

fn sku(i: usize) -> String {
    format!("SYN-{:06}", i + 1)
}

/// A valid EAN-13 in the GS1 in-store range (prefix 2), stored as GTIN-14.
/// The body is a bijection of the position, so codes are unique and the same
/// for every seed.
fn barcode_for(i: usize) -> Option<String> {
    const SPACE: u64 = 100_000_000_000; // 11 digits
    // 7_919_317 is coprime with 10^11, so this is a permutation of 0..SPACE.
    let body = (i as u64 % SPACE).wrapping_mul(7_919_317).wrapping_add(40_123_457) % SPACE;
    let digits = format!("2{body:011}");
    let check = crate::barcode::check_digit(digits.as_bytes());
    crate::barcode::normalize(&format!("{digits}{check}")).ok()
}

/// Cumulative weights `num / (rank + offset)`, a gentle Zipf-like skew.
fn skew(n: usize, num: u64, offset: u64) -> Vec<u64> {
    let mut total = 0;
    (0..n as u64)
        .map(|r| {
            total += (num / (r + offset)).max(1);
            total
        })
        .collect()
}

// ---------------------------------------------------------------------------
// The generator

struct Family {
    id: String,
    /// "Aurora Pulse S7".
    model: String,
    dept: usize,
    members: Vec<usize>,
}

/// What the link stage needs to know about a main product.
struct Main {
    dept: usize,
    family: Option<usize>,
    /// Index into the department's ladder.
    step: usize,
    warranty: i64,
}

struct Accessory {
    idx: usize,
    kind: Kind,
    dept: usize,
    family: Option<usize>,
}

struct Gen {
    rng: Rng,
    /// Writes the amounts in names and talking points.
    currency: Currency,
    n: usize,
    depts: Vec<&'static Dept>,
    dept_weights: Vec<u64>,
    subs: Vec<Vec<&'static str>>,
    sub_weights: Vec<Vec<u64>>,
    doc: CatalogDoc,
    families: Vec<Family>,
    mains: Vec<Main>,
    accessories: Vec<Accessory>,
    /// Generic accessories by `dept * KIND_COUNT + kind`.
    generic_pools: Vec<Vec<usize>>,
    /// Per-family accessories (kind, product index), by family.
    family_pools: Vec<Vec<(Kind, usize)>>,
    /// Complement targets of each main product.
    complements: Vec<Vec<usize>>,
}

impl Gen {
    fn new(n: usize, seed: u64, currency: &Currency) -> Gen {
        let mut rng = Rng::new(seed);
        let n_depts = (n / 50).clamp(1, DEPTS.len());
        let depts: Vec<&'static Dept> =
            rng.sample(DEPTS.len(), n_depts).into_iter().map(|i| &DEPTS[i]).collect();
        let mut subs = Vec::with_capacity(depts.len());
        let mut sub_weights = Vec::with_capacity(depts.len());
        for _ in &depts {
            let count = rng.range(3, 6) as usize;
            subs.push(rng.sample(QUALIFIERS.len(), count).into_iter().map(|i| QUALIFIERS[i]).collect());
            sub_weights.push(skew(count, 60, 2));
        }
        Gen {
            rng,
            currency: currency.clone(),
            n,
            dept_weights: skew(depts.len(), 10_000, 2),
            generic_pools: vec![Vec::new(); depts.len() * KIND_COUNT],
            depts,
            subs,
            sub_weights,
            doc: CatalogDoc::default(),
            families: Vec::new(),
            mains: Vec::new(),
            accessories: Vec::new(),
            family_pools: Vec::new(),
            complements: Vec::new(),
        }
    }

    /// "12.50" (in dollars; "1250" in yen): an amount as the store writes it, without a symbol.
    fn amount(&self, minor: i64) -> String {
        self.currency.plain(Money(minor))
    }

    fn run(mut self) -> CatalogDoc {
        let n_accessories = self.n * 38 / 100;
        let n_services = self.n * 2 / 100;
        let n_mains = self.n - n_accessories - n_services;
        self.declare_categories();
        self.doc.products.reserve(self.n);
        // About 4 complements per main product, an upgrade per family member,
        // a substitute for a quarter of the accessories.
        self.doc.links.reserve(n_mains * 9 / 2 + n_accessories / 4);
        self.main_products(n_mains);
        self.accessory_products(n_accessories);
        self.services(n_services);
        self.complement_links();
        self.upgrade_links();
        self.substitute_links();
        self.category_links();
        self.bundles();
        self.doc
    }

    fn declare_categories(&mut self) {
        let mut paths = Vec::new();
        for (d, dept) in self.depts.iter().enumerate() {
            paths.push(dept.name.to_string());
            paths.extend(self.subs[d].iter().map(|s| format!("{} > {s}", dept.name)));
        }
        paths.push("Accessories".to_string());
        for (k, spec) in KINDS.iter().enumerate() {
            if self.depts.iter().any(|d| d.kinds.iter().any(|&x| x as usize == k)) {
                paths.push(format!("Accessories > {}", spec.category));
            }
        }
        paths.push("Services".to_string());
        paths.extend(SERVICE_CATEGORIES.iter().map(|c| format!("Services > {c}")));
        self.doc.categories = paths.into_iter().enumerate().map(|(i, p)| (i + 1, p)).collect();
    }

    /// Pushes a product, filling in line, SKU and barcode from its position.
    fn push(&mut self, mut row: ProductRow) -> usize {
        let i = self.doc.products.len();
        row.line = i + 1;
        row.sku = sku(i);
        row.barcode = barcode_for(i);
        self.doc.products.push(row);
        i
    }

    /// Cost (50-80 % of price), stock (0..=80, about 5 % at zero) and active (about 98 %).
    fn trade(&mut self, price: i64, may_be_empty: bool) -> (Option<Money>, Option<i64>, bool) {
        let cost = price * self.rng.range(50, 80) / 100;
        let stock = if may_be_empty && self.rng.chance(5) { 0 } else { self.rng.range(1, 80) };
        let active = !self.rng.chance(2);
        (Some(Money(cost)), Some(stock), active)
    }

    fn selling_points(&mut self, pool: &[&str]) -> Vec<String> {
        let count = 1 + self.rng.below(2);
        self.rng.sample(pool.len(), count).into_iter().map(|i| pool[i].to_string()).collect()
    }

    /// Prices of a `k`-tier ladder, each 15-45 % above the one before, all within 5.00-3000.00.
    fn price_ladder(&mut self, (lo, hi): (i64, i64), k: usize) -> Vec<i64> {
        let mut base = self.rng.range(lo * 100, hi * 100);
        let steps: Vec<i64> = (1..k).map(|_| self.rng.range(15, 45)).collect();
        let top = steps.iter().fold(base, |p, s| p * (100 + s) / 100);
        if top > LADDER_CAP {
            base = (base * LADDER_CAP / top).max(MIN_PRICE);
        }
        let mut prices = vec![charm(base).min(MAX_PRICE)];
        for s in steps {
            let prev = prices[prices.len() - 1];
            let target = prev * (100 + s) / 100;
            let rounded = charm(target);
            let price = if rounded * 100 <= prev * 145 { rounded } else { target };
            prices.push(price.min(MAX_PRICE));
        }
        prices
    }

    fn main_products(&mut self, count: usize) {
        let mut left = count;
        while left > 0 {
            let d = self.rng.weighted(&self.dept_weights);
            let dept = self.depts[d];
            let s = self.rng.weighted(&self.sub_weights[d]);
            let sub = self.subs[d][s];
            let brand = self.rng.pick(BRANDS);
            let model = format!(
                "{brand} {} {}{}",
                self.rng.pick(SERIES),
                self.rng.pick(MODEL_LETTERS),
                1 + self.rng.below(9)
            );
            let max_k = left.min(4).min(dept.steps.len());
            // A quarter of the groups are families of 2-4: about half the products.
            let k = if max_k >= 2 && self.rng.chance(25) { 2 + self.rng.below(max_k - 1) } else { 1 };
            let start = self.rng.below(dept.steps.len() - k + 1);
            let prices = self.price_ladder(dept.price, k);
            let extra_count = 1 + self.rng.below(4);
            let extras: Vec<(String, String)> = self
                .rng
                .sample(EXTRAS.len(), extra_count)
                .into_iter()
                .map(|e| (EXTRAS[e].0.to_string(), self.rng.pick(EXTRAS[e].1).to_string()))
                .collect();
            let family = (k > 1).then(|| {
                let f = self.families.len();
                self.families.push(Family {
                    id: format!("{}-{}", slug(&model), f + 1),
                    model: model.clone(),
                    dept: d,
                    members: Vec::with_capacity(k),
                });
                self.family_pools.push(Vec::new());
                f
            });
            let opening = self.rng.below(3);
            let (sub_l, noun_l) = (lower(sub), lower(dept.noun));
            for (t, &price) in prices.iter().enumerate() {
                let step = start + t;
                let value = dept.steps[step];
                let warranty = if k == 1 { 1 + self.rng.below(2) as i64 } else { 1 + t as i64 / 2 };
                let mut attributes = vec![
                    (dept.ladder.to_string(), value.to_string()),
                    ("Warranty".to_string(), years(warranty)),
                ];
                attributes.extend(extras.iter().cloned());
                let description = match opening {
                    0 => {
                        format!("The {model} is {} {sub_l} {noun_l} built for everyday use.", article(&sub_l))
                    }
                    1 => format!("{} {sub_l} {noun_l} from the {model} range.", capital(article(&sub_l))),
                    _ => format!("{model}: {} {sub_l} {noun_l} that does the basics well.", article(&sub_l)),
                } + &format!(" {}: {value}.", dept.ladder);
                let (cost, stock, active) = self.trade(price, true);
                let selling_points = self.selling_points(SELLING_POINTS);
                let i = self.push(ProductRow {
                    name: format!("{model} {sub} {} {value}", dept.noun),
                    brand: brand.to_string(),
                    category: format!("{} > {sub}", dept.name),
                    family: family.map(|f| self.families[f].id.clone()),
                    tier: family.map(|_| t as i64 + 1),
                    price: Money(price),
                    cost,
                    stock,
                    active,
                    description,
                    selling_points,
                    attributes,
                    ..ProductRow::default()
                });
                if let Some(f) = family {
                    self.families[f].members.push(i);
                }
                self.mains.push(Main { dept: d, family, step, warranty });
            }
            left -= k;
        }
    }

    fn accessory_products(&mut self, count: usize) {
        let mut left = count;
        // First, accessories made for families (cases, straps, filters...):
        // up to half the budget, one or two of each kind per family.
        let mut family_budget = count / 2;
        'families: for f in 0..self.families.len() {
            let d = self.families[f].dept;
            for &k in self.depts[d].kinds.iter().filter(|k| kind(**k).per_family) {
                for _ in 0..1 + self.rng.below(2) {
                    if family_budget == 0 {
                        break 'families;
                    }
                    self.accessory(k, d, Some(f));
                    family_budget -= 1;
                    left -= 1;
                }
            }
        }
        // The rest: generic accessories of the departments' kinds.
        while left > 0 {
            let d = self.rng.weighted(&self.dept_weights);
            let generic: Vec<Kind> =
                self.depts[d].kinds.iter().copied().filter(|k| !kind(*k).per_family).collect();
            let k = if generic.is_empty() { Cable } else { self.rng.pick(&generic) };
            self.accessory(k, d, None);
            left -= 1;
        }
    }

    fn accessory(&mut self, k: Kind, d: usize, family: Option<usize>) {
        let spec = kind(k);
        let brand = self.rng.pick(ACCESSORY_BRANDS);
        let mut attributes: Vec<(String, String)> = spec
            .attrs
            .iter()
            .map(|(key, values)| (key.to_string(), self.rng.pick(values).to_string()))
            .collect();
        let primary = attributes[0].1.clone();
        attributes.push(("Warranty".to_string(), years(1 + self.rng.below(2) as i64)));
        let (name, role, fits) = match family {
            Some(f) => {
                let fam = &self.families[f];
                attributes.push(("Fits".to_string(), fam.model.clone()));
                (
                    format!("{brand} {primary} {} for {}", spec.noun, fam.model),
                    format!("{}:{}", spec.role, fam.id),
                    format!(" Made for the {}.", fam.model),
                )
            }
            None => {
                if self.rng.chance(50) {
                    attributes.push(("Colour".to_string(), self.rng.pick(COLOURS).to_string()));
                }
                let fits = format!(" Suits most {}.", lower(self.depts[d].name));
                (format!("{brand} {primary} {}", spec.noun), spec.role.to_string(), fits)
            }
        };
        let primary_l = lower(&primary);
        let description =
            format!("{} {primary_l} {} from {brand}.{fits}", capital(article(&primary_l)), lower(spec.noun));
        let price = charm(self.rng.range(spec.price.0, spec.price.1));
        let (cost, stock, active) = self.trade(price, true);
        let selling_points = self.selling_points(ACCESSORY_POINTS);
        let i = self.push(ProductRow {
            name,
            brand: brand.to_string(),
            category: format!("Accessories > {}", spec.category),
            price: Money(price),
            cost,
            stock,
            active,
            description,
            selling_points,
            role: Some(role),
            attributes,
            ..ProductRow::default()
        });
        match family {
            Some(f) => self.family_pools[f].push((k, i)),
            None => self.generic_pools[d * KIND_COUNT + k as usize].push(i),
        }
        self.accessories.push(Accessory { idx: i, kind: k, dept: d, family });
    }

    /// Services cycle through the bands first, so even a few cover 0.00-5000.00 in order.
    fn services(&mut self, count: usize) {
        let brand_offset = self.rng.below(SERVICE_BRANDS.len());
        for j in 0..count {
            let (lo, hi) = BANDS[j % BANDS.len()];
            let (title, category, role, percent, duration) = SERVICES[(j / BANDS.len()) % SERVICES.len()];
            let brand =
                SERVICE_BRANDS[(j / (BANDS.len() * SERVICES.len()) + brand_offset) % SERVICE_BRANDS.len()];
            let price = charm((hi * percent / 100).max(MIN_PRICE));
            let covers = if role == "protection-plan" {
                self.rng.pick(&["Drops and spills", "Breakdowns", "Theft and loss"])
            } else {
                "Labour"
            };
            let response = self.rng.pick(&["Next-day swap", "Two-day repair", "Within a week"]);
            let mut attributes = vec![
                ("Duration".to_string(), duration.to_string()),
                ("Covers".to_string(), covers.to_string()),
                ("Response".to_string(), response.to_string()),
            ];
            if role == "protection-plan" {
                attributes
                    .push(("Claims".to_string(), self.rng.pick(&["Unlimited", "Two a year"]).to_string()));
            }
            let (cost, stock, active) = self.trade(price, false);
            let band = format!("{}-{}", self.amount(lo), self.amount(hi));
            let mut selling_points = vec![format!("{duration} of cover"), "No excess to pay".to_string()];
            selling_points.truncate(1 + self.rng.below(2));
            self.push(ProductRow {
                name: format!("{brand} {title} (items {band})"),
                brand: brand.to_string(),
                category: format!("Services > {category}"),
                price: Money(price),
                cost,
                stock,
                active,
                description: format!(
                    "{title} for items priced {band}: {}, {}.",
                    lower(covers),
                    lower(response)
                ),
                selling_points,
                role: Some(role.to_string()),
                cover: Some((Money(lo), Money(hi))),
                attributes,
                ..ProductRow::default()
            });
        }
    }
}

fn years(n: i64) -> String {
    if n == 1 { "1 year".to_string() } else { format!("{n} years") }
}

fn capital(word: &str) -> String {
    let mut c = word.chars();
    c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_department_has_a_generic_kind_and_a_ladder() {
        for d in DEPTS {
            assert!(d.kinds.iter().any(|k| !kind(*k).per_family), "{}", d.name);
            assert!(d.steps.len() >= 3, "{}", d.name);
            assert!(d.price.0 * 100 >= MIN_PRICE && d.price.1 * 100 <= MAX_PRICE, "{}", d.name);
        }
        assert!(DEPTS.len() >= 38 && DEPTS.len() <= 42);
    }

    #[test]
    fn barcodes_are_valid_and_distinct() {
        let codes: HashSet<String> = (0..10_000).map(|i| barcode_for(i).unwrap()).collect();
        assert_eq!(codes.len(), 10_000);
    }

    #[test]
    fn weighted_stays_in_range() {
        let mut rng = Rng::new(1);
        let w = skew(5, 100, 2);
        for _ in 0..1000 {
            assert!(rng.weighted(&w) < 5);
        }
        assert!(rng.sample(3, 10).len() == 3);
    }
}
