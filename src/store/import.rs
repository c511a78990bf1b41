//! Importing a catalog file: validated against what the database holds, then
//! written in one `BEGIN IMMEDIATE` transaction (all rows or none).

use std::collections::HashMap;

use rusqlite::{OptionalExtension, Transaction, params};

use super::{Result, Store, StoreError};
use crate::catalog::doc::{CatalogDoc, ImportError};
use crate::catalog::validate::{Existing, validate};

/// What an import changed (or, for a dry run, would change).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub products_added: usize,
    pub products_updated: usize,
    pub categories_added: usize,
    pub links: usize,
    pub category_links: usize,
    pub bundles: usize,
}

impl Store {
    /// Imports a catalog file's rows in one transaction: all or nothing.
    /// With `dry_run` the transaction is rolled back and the summary says
    /// what would have changed.
    pub fn import(&mut self, file: &str, doc: &CatalogDoc, dry_run: bool) -> Result<ImportSummary> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let existing = existing(&tx)?;
        let problems = validate(doc, &existing);
        if !problems.is_empty() {
            return Err(StoreError::Import(ImportError::new(file, problems)));
        }
        let summary = write_doc(&tx, doc, &existing)?;
        super::bump_catalog_version(&tx)?;
        if dry_run {
            tx.rollback()?;
        } else {
            tx.commit()?;
        }
        Ok(summary)
    }
}

fn existing(tx: &Transaction<'_>) -> Result<Existing> {
    let mut e = Existing::default();
    let mut stmt = tx.prepare("SELECT sku, barcode FROM products")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let sku: String = r.get(0)?;
        if let Some(b) = r.get::<_, Option<String>>(1)? {
            e.barcodes.insert(b, sku.clone());
        }
        e.skus.insert(sku);
    }
    let mut stmt = tx.prepare(
        "SELECT f.sku, t.sku FROM product_links l JOIN products f ON f.id = l.from_id JOIN products t ON t.id = l.to_id \
         WHERE l.kind = 'upgrade'",
    )?;
    e.upgrades = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    let mut stmt = tx.prepare("SELECT path FROM categories")?;
    e.categories = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(e)
}

/// Finds or creates a category path (and its parents); returns its id.
fn ensure_category(tx: &Transaction<'_>, path: &str, added: &mut usize) -> Result<i64> {
    if let Some(id) = tx
        .prepare_cached("SELECT id FROM categories WHERE path = ?1")?
        .query_row([path], |r| r.get(0))
        .optional()?
    {
        return Ok(id);
    }
    let parent = match path.rsplit_once(crate::catalog::PATH_SEP) {
        Some((parent, _)) => Some(ensure_category(tx, parent, added)?),
        None => None,
    };
    tx.prepare_cached("INSERT INTO categories (parent_id, path) VALUES (?1, ?2)")?
        .execute(params![parent, path])?;
    *added += 1;
    Ok(tx.last_insert_rowid())
}

fn product_id(tx: &Transaction<'_>, sku: &str) -> Result<i64> {
    tx.prepare_cached("SELECT id FROM products WHERE sku = ?1")?
        .query_row([sku], |r| r.get(0))
        .optional()?
        .ok_or_else(|| StoreError::Invalid(format!("unknown SKU `{sku}`")))
}

fn write_doc(tx: &Transaction<'_>, doc: &CatalogDoc, existing: &Existing) -> Result<ImportSummary> {
    let mut s = ImportSummary::default();
    let mut ids: HashMap<&str, i64> = HashMap::with_capacity(doc.products.len());
    let id_of = |tx: &Transaction<'_>, ids: &HashMap<&str, i64>, sku: &str| -> Result<i64> {
        match ids.get(sku) {
            Some(id) => Ok(*id),
            None => product_id(tx, sku),
        }
    };
    for (_, path) in &doc.categories {
        ensure_category(tx, path, &mut s.categories_added)?;
    }
    // Barcodes may move between products of this file: clear them first.
    {
        let mut clear = tx.prepare_cached("UPDATE products SET barcode = NULL WHERE sku = ?1")?;
        for p in doc.products.iter().filter(|p| existing.skus.contains(&p.sku)) {
            clear.execute([&p.sku])?;
        }
    }
    for p in &doc.products {
        let category = ensure_category(tx, &p.category, &mut s.categories_added)?;
        tx.prepare_cached(
            "INSERT INTO products (sku, barcode, name, brand, category_id, family, tier, price, cost, stock, active, \
             description, role, cover_min, cover_max, stock_tracked, cost_known, was_price) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18) \
             ON CONFLICT (sku) DO UPDATE SET barcode = excluded.barcode, name = excluded.name, brand = excluded.brand, \
             category_id = excluded.category_id, family = excluded.family, tier = excluded.tier, price = excluded.price, \
             cost = excluded.cost, stock = excluded.stock, active = excluded.active, description = excluded.description, \
             role = excluded.role, cover_min = excluded.cover_min, cover_max = excluded.cover_max, \
             stock_tracked = excluded.stock_tracked, cost_known = excluded.cost_known, was_price = excluded.was_price, \
             updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
        )?
        .execute(params![
            p.sku,
            p.barcode,
            p.name,
            p.brand,
            category,
            p.family,
            p.tier,
            p.price.0,
            p.cost.unwrap_or_default().0,
            p.stock.unwrap_or(0),
            p.active,
            p.description,
            p.role,
            p.cover.map(|c| c.0.0),
            p.cover.map(|c| c.1.0),
            p.stock.is_some(),
            p.cost.is_some(),
            p.was_price.map(|m| m.0),
        ])?;
        let id = product_id(tx, &p.sku)?;
        ids.insert(&p.sku, id);
        if existing.skus.contains(&p.sku) {
            s.products_updated += 1;
            tx.prepare_cached("DELETE FROM product_attributes WHERE product_id = ?1")?.execute([id])?;
            tx.prepare_cached("DELETE FROM selling_points WHERE product_id = ?1")?.execute([id])?;
        } else {
            s.products_added += 1;
        }
        let mut attr = tx.prepare_cached(
            "INSERT INTO product_attributes (product_id, position, key, value) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT DO UPDATE SET value = excluded.value",
        )?;
        for (pos, (k, v)) in p.attributes.iter().enumerate() {
            attr.execute(params![id, pos as i64, k, v])?;
        }
        let mut point =
            tx.prepare_cached("INSERT INTO selling_points (product_id, position, text) VALUES (?1, ?2, ?3)")?;
        for (pos, text) in p.selling_points.iter().filter(|t| !t.trim().is_empty()).enumerate() {
            point.execute(params![id, pos as i64, text])?;
        }
    }
    for l in &doc.links {
        let (from, to) = (id_of(tx, &ids, &l.from)?, id_of(tx, &ids, &l.to)?);
        tx.prepare_cached(
            "INSERT INTO product_links (from_id, to_id, kind, priority, talking_point, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
             ON CONFLICT DO UPDATE SET priority = excluded.priority, talking_point = excluded.talking_point, source = excluded.source",
        )?
        .execute(params![from, to, l.kind.as_str(), l.priority, l.talking_point, l.source])?;
        s.links += 1;
    }
    for cl in &doc.category_links {
        let from = ensure_category(tx, &cl.from, &mut s.categories_added)?;
        let to = ensure_category(tx, &cl.to, &mut s.categories_added)?;
        tx.prepare_cached(
            "INSERT INTO category_links (from_id, to_id, priority, talking_point) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT DO UPDATE SET priority = excluded.priority, talking_point = excluded.talking_point",
        )?
        .execute(params![from, to, cl.priority, cl.talking_point])?;
        s.category_links += 1;
    }
    for b in &doc.bundles {
        tx.prepare_cached(
            "INSERT INTO bundles (code, name, discount, talking_point) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT (code) DO UPDATE SET name = excluded.name, discount = excluded.discount, \
             talking_point = excluded.talking_point, active = 1",
        )?
        .execute(params![b.code, b.name, b.discount.0, b.talking_point])?;
        let id: i64 = tx
            .prepare_cached("SELECT id FROM bundles WHERE code = ?1")?
            .query_row([&b.code], |r| r.get(0))?;
        tx.prepare_cached("DELETE FROM bundle_items WHERE bundle_id = ?1")?.execute([id])?;
        for (pos, sku) in b.items.iter().enumerate() {
            let pid = id_of(tx, &ids, sku)?;
            tx.prepare_cached(
                "INSERT INTO bundle_items (bundle_id, position, product_id) VALUES (?1, ?2, ?3) \
                 ON CONFLICT DO UPDATE SET qty = qty + 1",
            )?
            .execute(params![id, pos as i64, pid])?;
        }
        s.bundles += 1;
    }
    Ok(s)
}
