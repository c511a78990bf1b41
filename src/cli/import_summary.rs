//! The summary `counterpart import` prints: what the file created, changed
//! and left as it was, and everything the reader left out or could not know.

use crate::catalog::doc::ReadNotes;
use crate::store::import::ImportSummary;

/// "3 products", "1 product".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The summary, first line "Imported shop.csv: …" (or "Would import" for a
/// dry run), then one indented line per thing worth knowing.
pub(super) fn lines(file: &str, dry_run: bool, s: &ImportSummary, notes: &ReadNotes) -> Vec<String> {
    let verb = if dry_run { "Would import" } else { "Imported" };
    let total = s.products_created + s.products_changed + s.products_unchanged;
    let mut out = vec![format!(
        "{verb} {file}: {} ({} created, {} changed, {} unchanged), {} added.",
        count(total, "product", "products"),
        s.products_created,
        s.products_changed,
        s.products_unchanged,
        count(s.categories_added, "category", "categories"),
    )];
    let links = if s.links.is_empty() {
        "0".to_string()
    } else {
        s.links.iter().map(|(kind, n)| format!("{n} {}", kind.as_str())).collect::<Vec<_>>().join(", ")
    };
    out.push(format!(
        "  families: {}; links: {links}; bundles: {}; category links: {}",
        s.families, s.bundles, s.category_links
    ));
    if !notes.skipped.is_empty() {
        let reasons: Vec<String> = notes.skipped.iter().map(|(why, n)| format!("{why} {n}")).collect();
        let rows: usize = notes.skipped.values().sum();
        out.push(format!("  {} skipped: {}", count(rows, "row", "rows"), reasons.join(", ")));
    }
    if !notes.prices_not_applied.is_empty() {
        let which: Vec<String> = notes
            .prices_not_applied
            .iter()
            .map(|p| format!("line {}: {}", p.line.unwrap_or(0), p.message))
            .collect();
        out.push(format!(
            "  {} not applied, the regular price kept: {}",
            count(notes.prices_not_applied.len(), "offer price", "offer prices"),
            which.join("; ")
        ));
    }
    if s.stock_unknown > 0 {
        out.push(format!(
            "  stock unknown for {}: not counted, sold as available",
            count(s.stock_unknown, "product", "products")
        ));
    }
    if s.cost_unknown > 0 {
        out.push(format!(
            "  cost unknown for {}: neutral in margin ranking",
            count(s.cost_unknown, "product", "products")
        ));
    }
    for (identity, n) in &notes.identities {
        out.push(format!("  {} without a SKU, identified by {identity}", count(*n, "product", "products")));
    }
    if notes.upsells_as_alternatives > 0 {
        out.push(format!(
            "  {} not dearer than their product: kept as alternatives (substitute links), not upgrades",
            count(notes.upsells_as_alternatives, "upsell", "upsells")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::LinkKind;
    use crate::catalog::doc::Problem;

    #[test]
    fn the_summary_says_what_changed_and_what_was_left_out() {
        let s = ImportSummary {
            products_created: 2,
            products_changed: 1,
            products_unchanged: 4,
            categories_added: 1,
            families: 1,
            links: [(LinkKind::Complement, 3), (LinkKind::Substitute, 1)].into(),
            bundles: 1,
            stock_unknown: 2,
            ..ImportSummary::default()
        };
        let mut notes = ReadNotes::default();
        notes.skip("gift card");
        notes.skip("gift card");
        notes.prices_not_applied.push(Problem::at(4, "Sale price", "the sale ended 2019-06-30"));
        notes.identities.insert("WooCommerce ID (wc:ID)".into(), 3);
        notes.upsells_as_alternatives = 1;
        assert_eq!(
            lines("w.csv", true, &s, &notes),
            [
                "Would import w.csv: 7 products (2 created, 1 changed, 4 unchanged), 1 category added.",
                "  families: 1; links: 3 complement, 1 substitute; bundles: 1; category links: 0",
                "  2 rows skipped: gift card 2",
                "  1 offer price not applied, the regular price kept: line 4: the sale ended 2019-06-30",
                "  stock unknown for 2 products: not counted, sold as available",
                "  3 products without a SKU, identified by WooCommerce ID (wc:ID)",
                "  1 upsell not dearer than their product: kept as alternatives (substitute links), not upgrades",
            ]
        );
    }
}
