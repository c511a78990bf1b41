//! The catalog in memory: categories, products, curated links, category-level
//! links and bundles, with the indexes the suggestion engine and the search
//! need. It is loaded whole by the selling screen and in part (the
//! neighbourhood of a cart) by the command line; the engine cannot tell.

pub mod csv_format;
pub mod doc;
mod from_doc;
pub mod shop_systems;
pub mod take_counts;
pub mod toml_format;
pub mod validate;
pub mod variants;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::money::Money;

/// A position in one of the catalog's tables, as its own type so a product
/// index is never taken for a category index or a count.
macro_rules! index_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Copy, Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(u32);

        impl $name {
            /// The index of position `i` (the catalog holds fewer than 2³² of anything).
            pub fn new(i: usize) -> $name {
                $name(u32::try_from(i).expect("fewer than 2^32 entries"))
            }
            /// The position, to index a slice with.
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }

        impl From<$name> for u32 {
            fn from(i: $name) -> u32 {
                i.0
            }
        }

        impl From<u32> for $name {
            fn from(i: u32) -> $name {
                $name(i)
            }
        }
    };
}

index_type!(
    /// Index of a product in [`Catalog::products`].
    ProductIdx
);
index_type!(
    /// Index of a category in [`Catalog::categories`].
    CategoryIdx
);

/// A node of the category tree. Its path ("Audio > Headphones") is its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    pub path: String,
    pub parent: Option<CategoryIdx>,
}

impl Category {
    /// The last segment of the path.
    pub fn name(&self) -> &str {
        self.path.rsplit(" > ").next().unwrap_or(&self.path)
    }
}

/// The separator between category path segments.
pub const PATH_SEP: &str = " > ";

/// Normalises a category path: segments trimmed, joined by " > ".
pub fn normalize_path(path: &str) -> String {
    path.split('>').map(str::trim).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(PATH_SEP)
}

/// A product as sold at the till.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Product {
    pub sku: String,
    /// GTIN-14, check digit validated.
    pub barcode: Option<String>,
    pub name: String,
    pub brand: String,
    pub category: CategoryIdx,
    /// Good/better/best ladder this product belongs to.
    pub family: Option<String>,
    /// Rung on the family ladder; higher is better.
    pub tier: Option<i64>,
    pub price: Money,
    /// What the product costs the store; `None` when the import did not say.
    pub cost: Option<Money>,
    pub stock: i64,
    /// The import gave no stock count: the product is not counted, so it is
    /// offered and sold as available and never warned about.
    pub stock_unknown: bool,
    /// The regular price when `price` is a reduction: "save $X" is `was_price - price`.
    pub was_price: Option<Money>,
    pub active: bool,
    pub description: String,
    pub selling_points: Vec<String>,
    /// The slot an accessory fills ("case:PH-AUR-X5", "protection-plan"); a
    /// cart holding one product of a role is covered for that role.
    pub role: Option<String>,
    /// For services priced by the covered item's price: the band of item
    /// prices (inclusive) this plan covers.
    pub cover: Option<(Money, Money)>,
    /// Key/value attributes in display order, for spec-by-spec comparison.
    pub attributes: Vec<(String, String)>,
}

impl Product {
    /// Whether it is an accessory made for one product or family: its role
    /// names a target after a colon ("case:PH-AUR-X5", "filter:atlas-terra").
    pub fn made_for_something(&self) -> bool {
        self.role.as_deref().is_some_and(|r| r.contains(':'))
    }

    pub fn attribute(&self, key: &str) -> Option<&str> {
        self.attributes.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

/// What a product link means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkKind {
    /// `to` goes well with `from` (cross-sell).
    Complement,
    /// `to` is a better version of `from` (upsell).
    Upgrade,
    /// `to` fills the same need as `from`; one of them is enough.
    Substitute,
}

impl LinkKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::Complement => "complement",
            LinkKind::Upgrade => "upgrade",
            LinkKind::Substitute => "substitute",
        }
    }
    pub fn parse(s: &str) -> Option<LinkKind> {
        match s {
            "complement" => Some(LinkKind::Complement),
            "upgrade" => Some(LinkKind::Upgrade),
            "substitute" => Some(LinkKind::Substitute),
            _ => None,
        }
    }
}

/// A merchandiser's link between two products.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub from: ProductIdx,
    pub to: ProductIdx,
    pub kind: LinkKind,
    /// 0..=100; higher is offered first.
    pub priority: i64,
    pub talking_point: String,
    /// Where the link came from ("curated", or an import's name).
    pub source: String,
}

/// Anything in category `from` goes well with something from category `to`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryLink {
    pub from: CategoryIdx,
    pub to: CategoryIdx,
    pub priority: i64,
    pub talking_point: String,
}

/// Products sold together for less.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bundle {
    pub code: String,
    pub name: String,
    pub items: Vec<ProductIdx>,
    /// Amount off the sum of the items' prices.
    pub discount: Money,
    pub talking_point: String,
}

/// The catalog with its lookup indexes. Build with [`Catalog::new`], which
/// computes the indexes once.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub categories: Vec<Category>,
    pub products: Vec<Product>,
    pub links: Vec<Link>,
    pub category_links: Vec<CategoryLink>,
    pub bundles: Vec<Bundle>,
    /// Association rules mined from sales, over product indexes.
    pub mined: crate::mining::RuleIndex,
    /// What customers did with the suggestions offered to them, counted from
    /// the suggestion events: the engine's learned score term reads it.
    pub learned: take_counts::Learned,
    /// Stock as it is now: sales at this and other tills move it while the
    /// catalog stays loaded (see [`Catalog::stock`]).
    live_stock: LiveStock,
    index: Index,
}

/// Stock counts that can change under a shared catalog.
#[derive(Debug, Default)]
struct LiveStock(Vec<std::sync::atomic::AtomicI64>);

impl Clone for LiveStock {
    fn clone(&self) -> LiveStock {
        use std::sync::atomic::{AtomicI64, Ordering};
        LiveStock(self.0.iter().map(|a| AtomicI64::new(a.load(Ordering::Relaxed))).collect())
    }
}

#[derive(Debug, Clone, Default)]
struct Index {
    by_sku: HashMap<String, ProductIdx>,
    by_barcode: HashMap<String, ProductIdx>,
    by_category_path: HashMap<String, CategoryIdx>,
    links_from: Vec<Vec<usize>>,
    links_to: Vec<Vec<usize>>,
    bundles_of: Vec<Vec<usize>>,
    family: HashMap<String, Vec<ProductIdx>>,
    /// Products of each category and its descendants, by price then SKU.
    in_category: Vec<Vec<ProductIdx>>,
    /// The same, without accessories made for one product or family (a role
    /// naming a target after a colon): what a category-level link may offer.
    open_in_category: Vec<Vec<ProductIdx>>,
    category_links_from: Vec<Vec<usize>>,
    /// The top-level categories, by path.
    roots: Vec<CategoryIdx>,
    /// Each category's children, by path.
    children: Vec<Vec<CategoryIdx>>,
}

impl Catalog {
    /// Builds the indexes over the given parts.
    pub fn new(
        categories: Vec<Category>,
        products: Vec<Product>,
        links: Vec<Link>,
        category_links: Vec<CategoryLink>,
        bundles: Vec<Bundle>,
    ) -> Catalog {
        let mut c = Catalog {
            categories,
            products,
            links,
            category_links,
            bundles,
            mined: crate::mining::RuleIndex::default(),
            learned: take_counts::Learned::default(),
            live_stock: LiveStock::default(),
            index: Index::default(),
        };
        c.reindex();
        c
    }

    fn reindex(&mut self) {
        let n = self.products.len();
        self.live_stock =
            LiveStock(self.products.iter().map(|p| std::sync::atomic::AtomicI64::new(p.stock)).collect());
        let mut ix = Index {
            by_sku: HashMap::with_capacity(n),
            by_barcode: HashMap::with_capacity(n),
            links_from: vec![Vec::new(); n],
            links_to: vec![Vec::new(); n],
            bundles_of: vec![Vec::new(); n],
            in_category: vec![Vec::new(); self.categories.len()],
            category_links_from: vec![Vec::new(); self.categories.len()],
            children: vec![Vec::new(); self.categories.len()],
            ..Index::default()
        };
        for (i, c) in self.categories.iter().enumerate() {
            let i = CategoryIdx::new(i);
            ix.by_category_path.insert(c.path.clone(), i);
            match c.parent.filter(|p| p.index() < self.categories.len()) {
                Some(p) => ix.children[p.index()].push(i),
                None => ix.roots.push(i),
            }
        }
        let categories = &self.categories;
        let by_path =
            |a: &CategoryIdx, b: &CategoryIdx| categories[a.index()].path.cmp(&categories[b.index()].path);
        ix.roots.sort_by(by_path);
        for list in &mut ix.children {
            list.sort_by(by_path);
        }
        for (i, p) in self.products.iter().enumerate() {
            let i = ProductIdx::new(i);
            ix.by_sku.insert(p.sku.clone(), i);
            if let Some(b) = &p.barcode {
                ix.by_barcode.insert(b.clone(), i);
            }
            if let Some(f) = &p.family {
                ix.family.entry(f.clone()).or_default().push(i);
            }
            let mut cat = Some(p.category);
            let mut guard = 0;
            while let Some(ci) = cat.filter(|ci| ci.index() < self.categories.len() && guard < 64) {
                ix.in_category[ci.index()].push(i);
                cat = self.categories[ci.index()].parent;
                guard += 1;
            }
        }
        for (li, l) in self.links.iter().enumerate() {
            ix.links_from[l.from.index()].push(li);
            ix.links_to[l.to.index()].push(li);
        }
        for (bi, b) in self.bundles.iter().enumerate() {
            for &p in &b.items {
                ix.bundles_of[p.index()].push(bi);
            }
        }
        for (ci, l) in self.category_links.iter().enumerate() {
            ix.category_links_from[l.from.index()].push(ci);
        }
        let products = &self.products;
        for members in ix.family.values_mut() {
            members.sort_by_key(|&i| {
                let p = &products[i.index()];
                (p.tier, p.price, &p.sku)
            });
        }
        for list in &mut ix.in_category {
            list.sort_by_key(|&i| (products[i.index()].price, &products[i.index()].sku));
        }
        ix.open_in_category = ix
            .in_category
            .iter()
            .map(|list| list.iter().copied().filter(|&i| !products[i.index()].made_for_something()).collect())
            .collect();
        self.index = ix;
    }

    /// How many of a product are in stock now.
    pub fn stock(&self, p: ProductIdx) -> i64 {
        self.live_stock.0.get(p.index()).map_or(0, |a| a.load(std::sync::atomic::Ordering::Relaxed))
    }

    /// Records a new stock count (a sale, a refund, another till's sale).
    pub fn set_stock(&self, p: ProductIdx, stock: i64) {
        if let Some(a) = self.live_stock.0.get(p.index()) {
            a.store(stock, std::sync::atomic::Ordering::Relaxed);
        }
    }

    /// Whether a product can be offered now: active and, unless allowed, in
    /// stock (a product whose stock is not counted is available).
    pub fn sellable(&self, p: ProductIdx, allow_out_of_stock: bool) -> bool {
        self.product(p).active && (allow_out_of_stock || !self.counts_stock(p) || self.stock(p) > 0)
    }

    /// "12 left", "out", "not sold" (the live count); "available" when the store does not count it.
    pub fn stock_label(&self, p: ProductIdx) -> std::borrow::Cow<'static, str> {
        let stock = self.stock(p);
        if !self.product(p).active {
            "not sold".into()
        } else if !self.counts_stock(p) {
            "available".into()
        } else if stock <= 0 {
            "out".into()
        } else {
            format!("{stock} left").into()
        }
    }

    /// Whether the store counts this product's stock (an import may not say).
    pub fn counts_stock(&self, p: ProductIdx) -> bool {
        self.products.get(p.index()).is_some_and(|p| !p.stock_unknown)
    }

    pub fn by_sku(&self, sku: &str) -> Option<ProductIdx> {
        self.index.by_sku.get(sku).copied()
    }
    /// Looks a product up by any barcode form (EAN-8, UPC-A, EAN-13, GTIN-14).
    pub fn by_barcode(&self, code: &str) -> Option<ProductIdx> {
        let g = crate::barcode::normalize(code).ok()?;
        self.index.by_barcode.get(&g).copied()
    }
    pub fn category_by_path(&self, path: &str) -> Option<CategoryIdx> {
        self.index.by_category_path.get(&normalize_path(path)).copied()
    }
    pub fn product(&self, i: ProductIdx) -> &Product {
        &self.products[i.index()]
    }
    /// Every product's index, in catalog order.
    pub fn product_indices(&self) -> impl Iterator<Item = ProductIdx> + use<> {
        (0..self.products.len()).map(ProductIdx::new)
    }
    pub fn category(&self, c: CategoryIdx) -> &Category {
        &self.categories[c.index()]
    }
    /// Links going out of a product.
    pub fn links_from(&self, p: ProductIdx) -> impl Iterator<Item = &Link> {
        self.index.links_from[p.index()].iter().map(|&l| &self.links[l])
    }
    /// Links coming into a product.
    pub fn links_to(&self, p: ProductIdx) -> impl Iterator<Item = &Link> {
        self.index.links_to[p.index()].iter().map(|&l| &self.links[l])
    }
    /// Bundles a product is part of.
    pub fn bundles_of(&self, p: ProductIdx) -> impl Iterator<Item = &Bundle> {
        self.index.bundles_of[p.index()].iter().map(|&b| &self.bundles[b])
    }
    /// Members of a family, from the lowest tier up.
    pub fn family(&self, family: &str) -> &[ProductIdx] {
        self.index.family.get(family).map_or(&[], Vec::as_slice)
    }
    /// Products of a category and its descendants, cheapest first.
    pub fn in_category(&self, c: CategoryIdx) -> &[ProductIdx] {
        &self.index.in_category[c.index()]
    }
    /// Products of a category and its descendants that are not made for one
    /// product or family, cheapest first (what a category-level link may offer).
    pub fn open_in_category(&self, c: CategoryIdx) -> &[ProductIdx] {
        &self.index.open_in_category[c.index()]
    }
    /// Category-level links from a category and each of its ancestors.
    pub fn category_links_for(&self, c: CategoryIdx) -> Vec<&CategoryLink> {
        let mut out = Vec::new();
        let mut cat = Some(c);
        let mut guard = 0;
        while let Some(ci) = cat.filter(|_| guard < 64) {
            out.extend(self.index.category_links_from[ci.index()].iter().map(|&l| &self.category_links[l]));
            cat = self.categories[ci.index()].parent;
            guard += 1;
        }
        out
    }
    /// Whether category `c` is `ancestor` or lies below it.
    pub fn category_within(&self, mut c: CategoryIdx, ancestor: CategoryIdx) -> bool {
        for _ in 0..64 {
            if c == ancestor {
                return true;
            }
            match self.categories[c.index()].parent {
                Some(p) => c = p,
                None => return false,
            }
        }
        false
    }
    pub fn category_path(&self, c: CategoryIdx) -> &str {
        &self.categories[c.index()].path
    }
    /// The top-level categories, by path.
    pub fn roots(&self) -> &[CategoryIdx] {
        &self.index.roots
    }
    /// The subcategories of a category, by path (none for an unknown one).
    pub fn children(&self, c: CategoryIdx) -> &[CategoryIdx] {
        self.index.children.get(c.index()).map_or(&[], Vec::as_slice)
    }
}

/// "only 1 Harbor Buds 2 left in stock", "no Harbor Buds 2 left in stock": stock as a person says it.
pub fn stock_words(name: &str, stock: i64) -> String {
    match stock {
        s if s <= 0 => format!("no {name} left in stock"),
        1 => format!("only 1 {name} left in stock"),
        s => format!("only {s} {name} left in stock"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_category_tree_is_sorted_by_path() {
        let cat =
            |path: &str, parent: Option<u32>| Category { path: path.into(), parent: parent.map(CategoryIdx) };
        let c = Catalog::new(
            vec![
                cat("TVs", None),
                cat("Audio", None),
                cat("Audio > Speakers", Some(1)),
                cat("Audio > Headphones", Some(1)),
            ],
            vec![],
            vec![],
            vec![],
            vec![],
        );
        assert_eq!(c.roots(), &[CategoryIdx(1), CategoryIdx(0)]);
        assert_eq!(c.children(CategoryIdx(1)), &[CategoryIdx(3), CategoryIdx(2)]);
        assert!(c.children(CategoryIdx(0)).is_empty() && c.children(CategoryIdx(99)).is_empty());
    }

    #[test]
    fn paths_are_normalised() {
        assert_eq!(normalize_path(" Audio >Headphones "), "Audio > Headphones");
        assert_eq!(normalize_path("Audio"), "Audio");
    }
}

#[cfg(test)]
mod no_panic {
    use crate::money::Currency;
    use proptest::prelude::*;

    proptest! {
        /// Whatever bytes a file holds, reading it gives a catalog or an error, never a panic.
        #[test]
        fn any_bytes_read_without_panicking(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
            let usd = Currency::usd();
            let _ = super::csv_format::read("x.csv", &bytes, &usd);
            let _ = super::toml_format::read("x.toml", &bytes, &usd);
        }

        /// A valid header with arbitrary rows after it.
        #[test]
        fn any_rows_read_without_panicking(rows in prop::collection::vec("[ -~]{0,60}", 0..8)) {
            let text = format!("{}\n{}", super::csv_format::HEADER.join(","), rows.join("\n"));
            let _ = super::csv_format::read("x.csv", text.as_bytes(), &Currency::usd());
        }
    }
}
