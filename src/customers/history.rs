//! What a customer bought, as the till shows it: units by category and by
//! product (refunds taken off, voided sales left out), and their last visit.
//! Plain Rust over the sales the store gives back
//! ([`Store::customer_sales`](crate::store::Store::customer_sales)) and the
//! catalog's categories.

use crate::catalog::Catalog;
use crate::store::customers::CustomerSale;

/// A product a customer bought and still has (net of refunds).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bought {
    pub sku: String,
    pub name: String,
    /// Units bought less units refunded.
    pub qty: i64,
    /// The day of the last sale with it (YYYY-MM-DD).
    pub last: String,
}

/// A customer's purchases in short.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    /// Sales (not refunds, not voided).
    pub visits: usize,
    /// The day of the last sale (YYYY-MM-DD).
    pub last_visit: Option<String>,
    /// Units per category path, most first (ties by name).
    pub categories: Vec<(String, i64)>,
    /// What they bought and kept, the most recent first.
    pub products: Vec<Bought>,
}

impl History {
    /// Sums up `sales` (oldest first, as the store gives them); a product no
    /// longer in the catalog counts under "(not in the catalog)".
    pub fn of(sales: &[CustomerSale], catalog: &Catalog) -> History {
        let mut h = History::default();
        let mut products: Vec<Bought> = Vec::new();
        for sale in sales {
            let sign = match sale.kind.as_str() {
                "sale" => 1,
                "refund" => -1,
                _ => continue,
            };
            let day = sale.completed_at.get(..10).unwrap_or(&sale.completed_at).to_string();
            if sign > 0 {
                h.visits += 1;
                h.last_visit = Some(day.clone());
            }
            for line in &sale.lines {
                let qty = sign * line.qty.abs();
                match products.iter_mut().find(|b| b.sku == line.sku) {
                    Some(b) => {
                        b.qty += qty;
                        if sign > 0 {
                            b.last.clone_from(&day);
                        }
                    }
                    None => products.push(Bought {
                        sku: line.sku.clone(),
                        name: line.name.clone(),
                        qty,
                        last: day.clone(),
                    }),
                }
            }
        }
        products.retain(|b| b.qty > 0);
        products.sort_by(|a, b| b.last.cmp(&a.last).then_with(|| a.name.cmp(&b.name)));
        for b in &products {
            let path = catalog
                .by_sku(&b.sku)
                .map_or("(not in the catalog)", |p| catalog.category_path(catalog.product(p).category));
            match h.categories.iter_mut().find(|(c, _)| c == path) {
                Some((_, n)) => *n += b.qty,
                None => h.categories.push((path.to_string(), b.qty)),
            }
        }
        h.categories.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        h.products = products;
        h
    }

    /// What they own that a product relates to: the same family, a link
    /// between the two either way, or an accessory made for it (its role
    /// names the owned product's SKU or family).
    pub fn related<'a>(
        &'a self,
        catalog: &'a Catalog,
        sku: &'a str,
    ) -> impl Iterator<Item = &'a Bought> + 'a {
        let p = catalog.by_sku(sku);
        self.products.iter().filter(move |b| {
            let (Some(p), Some(o)) = (p, catalog.by_sku(&b.sku)) else { return false };
            if p == o {
                return false;
            }
            let (pp, op) = (catalog.product(p), catalog.product(o));
            let family = pp.family.is_some() && pp.family == op.family;
            let linked = catalog.links_from(p).any(|l| l.to == o) || catalog.links_to(p).any(|l| l.from == o);
            let made_for = |acc: &crate::catalog::Product, base: &crate::catalog::Product| {
                acc.role.as_deref().and_then(|r| r.split_once(':')).is_some_and(|(_, target)| {
                    base.sku.starts_with(target) || base.family.as_deref() == Some(target)
                })
            };
            family || linked || made_for(pp, op) || made_for(op, pp)
        })
    }
}
