//! Two or three products side by side: brand, price, stock, then every
//! attribute any of them has (in the order the first product lists its own,
//! then the others' new ones in theirs), each row marked when its values
//! differ; and between two neighbouring columns of one family, the upgrade
//! pitch the upgrade list would give ([`upsell::pitch`]). Built once, when
//! the comparison is asked for; drawing only reads it.

use super::upsell;
use crate::catalog::{Catalog, ProductIdx};
use crate::money::Currency;

/// The most products compared at once.
pub const MAX_COMPARED: usize = 3;

/// One row of the table: what it is, one cell per product, and whether they differ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompareRow {
    pub label: String,
    /// One per product, in column order; "—" where a product lacks the attribute.
    pub cells: Vec<String>,
    /// Not every cell says the same.
    pub differs: bool,
}

/// The pitch from one column up to its neighbour in the same family.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pitch {
    /// The column of the lower tier.
    pub from: usize,
    /// The column of the higher tier (the neighbour).
    pub to: usize,
    pub talking_point: String,
}

/// The side-by-side table of two or three products.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    /// The columns, in the order given.
    pub products: Vec<ProductIdx>,
    /// Each column's heading: the product's name.
    pub names: Vec<String>,
    pub rows: Vec<CompareRow>,
    /// The upgrade pitches between neighbouring columns of one family.
    pub pitches: Vec<Pitch>,
}

/// What a product lacks shows as this.
pub const MISSING: &str = "—";

/// Compares `products` (duplicates and those past [`MAX_COMPARED`] left out).
pub fn compare(catalog: &Catalog, currency: &Currency, products: &[ProductIdx]) -> Comparison {
    let mut cols: Vec<ProductIdx> = Vec::new();
    for &p in products {
        if !cols.contains(&p) && cols.len() < MAX_COMPARED {
            cols.push(p);
        }
    }
    let ps: Vec<_> = cols.iter().map(|&p| catalog.product(p)).collect();
    let row = |label: &str, cells: Vec<String>| {
        let differs = cells.windows(2).any(|w| w[0] != w[1]);
        CompareRow { label: label.to_string(), cells, differs }
    };
    let mut rows = vec![
        row("Brand", ps.iter().map(|p| p.brand.clone()).collect()),
        row("Price", ps.iter().map(|p| currency.display(p.price)).collect()),
        row("Stock", cols.iter().map(|&p| catalog.stock_label(p).into_owned()).collect()),
    ];
    let mut keys: Vec<&str> = Vec::new();
    for p in &ps {
        for (k, _) in &p.attributes {
            if !keys.contains(&k.as_str()) {
                keys.push(k);
            }
        }
    }
    rows.extend(
        keys.into_iter()
            .map(|k| row(k, ps.iter().map(|p| p.attribute(k).unwrap_or(MISSING).to_string()).collect())),
    );
    let pitches = (1..cols.len())
        .filter_map(|to| {
            let (a, b) = (ps[to - 1], ps[to]);
            let (Some(fa), Some(fb), Some(ta), Some(tb)) = (&a.family, &b.family, a.tier, b.tier) else {
                return None;
            };
            if fa != fb || ta == tb {
                return None;
            }
            let (from, to) = if ta < tb { (to - 1, to) } else { (to, to - 1) };
            let talking_point = upsell::pitch(catalog, currency, cols[from], cols[to])?;
            Some(Pitch { from, to, talking_point })
        })
        .collect();
    Comparison { names: ps.iter().map(|p| p.name.clone()).collect(), products: cols, rows, pitches }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    fn demo() -> Catalog {
        let doc = crate::demo::catalog(&Currency::usd()).unwrap();
        Catalog::from_doc(&doc)
    }

    fn idx(c: &Catalog, sku: &str) -> ProductIdx {
        c.by_sku(sku).unwrap()
    }

    fn row<'a>(t: &'a Comparison, label: &str) -> &'a CompareRow {
        t.rows.iter().find(|r| r.label == label).unwrap_or_else(|| panic!("no row {label}"))
    }

    #[test]
    fn three_variants_differ_where_their_specs_do() {
        let c = demo();
        let skus = ["PH-AUR-X5-128", "PH-AUR-X5-256", "PH-AUR-X5-512"];
        let t = compare(&c, &Currency::usd(), &skus.map(|s| idx(&c, s)));
        assert_eq!(t.names, ["Aurora X5 128 GB", "Aurora X5 256 GB", "Aurora X5 512 GB"]);
        assert_eq!(row(&t, "Storage").cells, ["128 GB", "256 GB", "512 GB"]);
        assert!(row(&t, "Storage").differs);
        // 8, 8, 12 GB: one differs, so the row does.
        assert!(row(&t, "Memory").differs);
        assert!(!row(&t, "Brand").differs);
        assert!(!row(&t, "Colour").differs);
        assert!(row(&t, "Price").differs);
        assert_eq!(row(&t, "Price").cells, ["$699.00", "$799.00", "$929.00"]);
        assert_eq!(row(&t, "Stock").cells, ["9 left", "3 left", "3 left"]);
        assert!(row(&t, "Stock").differs);
        // The attributes in the catalog's order, after brand, price and stock.
        let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(&labels[..5], ["Brand", "Price", "Stock", "Storage", "Memory"]);
    }

    #[test]
    fn family_neighbours_get_the_upgrade_lists_pitch_from_the_lower_tier() {
        let c = demo();
        let cur = Currency::usd();
        let (a, b, d) = (idx(&c, "PH-AUR-X5-512"), idx(&c, "PH-AUR-X5-256"), idx(&c, "PH-AUR-X5-128"));
        let t = compare(&c, &cur, &[a, b, d]);
        assert_eq!(t.pitches.len(), 2);
        // 512 | 256: the pitch goes from the 256 (column 1) up to the 512 (column 0).
        assert_eq!((t.pitches[0].from, t.pitches[0].to), (1, 0));
        assert_eq!(Some(t.pitches[0].talking_point.clone()), upsell::pitch(&c, &cur, b, a));
        assert_eq!((t.pitches[1].from, t.pitches[1].to), (2, 1));
        assert_eq!(Some(t.pitches[1].talking_point.clone()), upsell::pitch(&c, &cur, d, b));
        assert_ne!(t.pitches[0].talking_point, t.pitches[1].talking_point);
    }

    #[test]
    fn products_of_different_families_have_no_pitch_and_missing_specs_show_a_dash() {
        let c = demo();
        let phone = idx(&c, "PH-AUR-X5-128");
        let other = idx(&c, "CS-AUR-X5-SIL");
        assert!(c.product(other).family.is_none());
        let t = compare(&c, &Currency::usd(), &[phone, other, phone]);
        assert_eq!(t.products, [phone, other], "a product is compared once");
        assert!(t.pitches.is_empty());
        let storage = row(&t, "Storage");
        assert_eq!(storage.cells[1], MISSING);
        assert!(storage.differs);
    }

    #[test]
    fn without_a_curated_link_the_pitch_is_made_from_the_differences() {
        let c = demo();
        let cur = Currency::usd();
        let curated = |a: ProductIdx, b: ProductIdx| {
            c.links_from(a).any(|l| l.to == b && l.kind == crate::catalog::LinkKind::Upgrade)
        };
        // Every pair of one family, a lower tier and a dearer higher one, with no link between them.
        let pairs: Vec<(ProductIdx, ProductIdx)> = c
            .product_indices()
            .flat_map(|a| c.product_indices().map(move |b| (a, b)))
            .filter(|&(a, b)| {
                let (pa, pb) = (c.product(a), c.product(b));
                pa.family.is_some() && pa.family == pb.family && pa.tier < pb.tier && pa.price < pb.price
            })
            .filter(|&(a, b)| !curated(a, b))
            .collect();
        assert!(!pairs.is_empty());
        for (a, b) in pairs {
            let Some(point) = upsell::pitch(&c, &cur, a, b) else { continue };
            let delta = cur.display(c.product(b).price - c.product(a).price);
            assert!(point.starts_with(&format!("For {delta} more: ")), "{point}");
            assert_eq!(upsell::pitch(&c, &cur, b, a), None, "a cheaper one is no upgrade");
        }
    }

    #[test]
    fn at_most_three_are_compared() {
        let c = demo();
        let four: Vec<ProductIdx> = c.product_indices().take(4).collect();
        assert_eq!(compare(&c, &Currency::usd(), &four).products, four[..3]);
    }
}
