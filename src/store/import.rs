//! Importing a catalog file: validated against what the database holds, then
//! written in one `BEGIN IMMEDIATE` transaction (all rows or none).

use std::collections::{BTreeMap, HashMap, HashSet};

use rusqlite::{OptionalExtension, Transaction, params};

use super::{Result, Store, StoreError};
use crate::catalog::LinkKind;
use crate::catalog::doc::{CatalogDoc, ImportError, ProductRow};
use crate::catalog::normalize_path;
use crate::catalog::validate::{Existing, validate};
use crate::money::Money;

/// What an import changed (or, for a dry run, would change).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// Products new to the store.
    pub products_created: usize,
    /// Products already stored that the file changes (any field, attribute or selling point).
    pub products_changed: usize,
    /// Products already stored exactly as the file has them.
    pub products_unchanged: usize,
    pub categories_added: usize,
    /// Product families (good/better/best ladders) in the file.
    pub families: usize,
    /// The file's product links, by kind.
    pub links: BTreeMap<LinkKind, usize>,
    pub category_links: usize,
    pub bundles: usize,
    /// Products of the file whose stock it does not give: not counted, sold as available.
    pub stock_unknown: usize,
    /// Products of the file whose cost it does not give.
    pub cost_unknown: usize,
}

impl Store {
    /// Imports a catalog file's rows in one transaction: all or nothing.
    /// With `dry_run` the transaction is rolled back and the summary says
    /// what would have changed.
    pub fn import(&mut self, file: &str, doc: &CatalogDoc, dry_run: bool) -> Result<ImportSummary> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let existing = existing(&tx, doc)?;
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

fn existing(tx: &Transaction<'_>, doc: &CatalogDoc) -> Result<Existing> {
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
        "SELECT f.sku, t.sku, l.source FROM product_links l JOIN products f ON f.id = l.from_id \
         JOIN products t ON t.id = l.to_id WHERE l.kind = 'upgrade'",
    )?;
    // Links the file replaces do not count: they are gone once it is imported.
    let in_file: HashSet<&str> = doc.products.iter().map(|p| p.sku.as_str()).collect();
    let replaced =
        |from: &str, source: &str| doc.replaces_links_of.as_deref() == Some(source) && in_file.contains(from);
    for row in
        stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?
    {
        let (from, to, source) = row?;
        if !replaced(&from, &source) {
            e.upgrades.push((from, to));
        }
    }
    let mut stmt = tx.prepare("SELECT path FROM categories")?;
    e.categories = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    let mut stmt = tx.prepare("SELECT card, id FROM customers WHERE card IS NOT NULL")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
        let (card, id) = row?;
        if let Ok(gtin) = crate::barcode::normalize(&card) {
            e.card_barcodes.insert(gtin, id);
        }
        e.cards.insert(card, id);
    }
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

/// A product as stored, in the shape of an import row (line 0), to tell
/// whether a file changes it.
fn stored_row(tx: &Transaction<'_>, sku: &str) -> Result<Option<ProductRow>> {
    let row = tx
        .prepare_cached(
            "SELECT p.id, p.barcode, p.name, p.brand, c.path, p.family, p.tier, p.price, p.cost, p.cost_known, \
             p.stock, p.stock_tracked, p.was_price, p.active, p.description, p.role, p.cover_min, p.cover_max \
             FROM products p JOIN categories c ON c.id = p.category_id WHERE p.sku = ?1",
        )?
        .query_row([sku], |r| {
            let cover = match (r.get::<_, Option<i64>>(16)?, r.get::<_, Option<i64>>(17)?) {
                (Some(lo), Some(hi)) => Some((Money(lo), Money(hi))),
                _ => None,
            };
            Ok((
                r.get::<_, i64>(0)?,
                ProductRow {
                    line: 0,
                    sku: sku.to_string(),
                    barcode: r.get(1)?,
                    name: r.get(2)?,
                    brand: r.get(3)?,
                    category: r.get(4)?,
                    family: r.get(5)?,
                    tier: r.get(6)?,
                    price: Money(r.get(7)?),
                    cost: r.get::<_, bool>(9)?.then_some(Money(r.get(8)?)),
                    stock: r.get::<_, bool>(11)?.then_some(r.get(10)?),
                    was_price: r.get::<_, Option<i64>>(12)?.map(Money),
                    active: r.get(13)?,
                    description: r.get(14)?,
                    role: r.get(15)?,
                    cover,
                    selling_points: Vec::new(),
                    attributes: Vec::new(),
                },
            ))
        })
        .optional()?;
    let Some((id, mut row)) = row else { return Ok(None) };
    let mut attrs = tx.prepare_cached(
        "SELECT key, value FROM product_attributes WHERE product_id = ?1 ORDER BY position",
    )?;
    row.attributes =
        attrs.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    let mut points =
        tx.prepare_cached("SELECT text FROM selling_points WHERE product_id = ?1 ORDER BY position")?;
    row.selling_points = points.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(Some(row))
}

/// The row as the database will hold it: category normalised, empty selling
/// points dropped, a repeated attribute key keeping its first place and last value.
fn as_stored(p: &ProductRow) -> ProductRow {
    let mut attributes: Vec<(String, String)> = Vec::with_capacity(p.attributes.len());
    for (k, v) in &p.attributes {
        match attributes.iter_mut().find(|(ek, _)| ek == k) {
            Some(slot) => slot.1 = v.clone(),
            None => attributes.push((k.clone(), v.clone())),
        }
    }
    ProductRow {
        line: 0,
        category: normalize_path(&p.category),
        selling_points: p.selling_points.iter().filter(|t| !t.trim().is_empty()).cloned().collect(),
        attributes,
        ..p.clone()
    }
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
    // What the file changes, against the products as stored before any write.
    let mut changes: Vec<bool> = Vec::with_capacity(doc.products.len());
    for p in &doc.products {
        let stored = if existing.skus.contains(&p.sku) { stored_row(tx, &p.sku)? } else { None };
        changes.push(stored.is_none_or(|stored| stored != as_stored(p)));
    }
    // Barcodes may move between products of this file: clear them first.
    {
        let mut clear = tx.prepare_cached("UPDATE products SET barcode = NULL WHERE sku = ?1")?;
        for (p, _) in doc
            .products
            .iter()
            .zip(&changes)
            .filter(|(p, changed)| **changed && existing.skus.contains(&p.sku))
        {
            clear.execute([&p.sku])?;
        }
    }
    for (p, changed) in doc.products.iter().zip(changes) {
        s.stock_unknown += usize::from(p.stock.is_none());
        s.cost_unknown += usize::from(p.cost.is_none());
        if !changed {
            s.products_unchanged += 1;
            ids.insert(&p.sku, product_id(tx, &p.sku)?);
            continue;
        }
        write_product(tx, p, &mut s.categories_added)?;
        let id = product_id(tx, &p.sku)?;
        ids.insert(&p.sku, id);
        if existing.skus.contains(&p.sku) {
            s.products_changed += 1;
            tx.prepare_cached("DELETE FROM product_attributes WHERE product_id = ?1")?.execute([id])?;
            tx.prepare_cached("DELETE FROM selling_points WHERE product_id = ?1")?.execute([id])?;
        } else {
            s.products_created += 1;
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
    let families: HashSet<&str> = doc.products.iter().filter_map(|p| p.family.as_deref()).collect();
    s.families = families.len();
    if let Some(source) = &doc.replaces_links_of {
        let mut drop = tx.prepare_cached("DELETE FROM product_links WHERE from_id = ?1 AND source = ?2")?;
        for p in &doc.products {
            drop.execute(params![ids[p.sku.as_str()], source])?;
        }
    }
    for l in &doc.links {
        let (from, to) = (id_of(tx, &ids, &l.from)?, id_of(tx, &ids, &l.to)?);
        tx.prepare_cached(
            "INSERT INTO product_links (from_id, to_id, kind, priority, talking_point, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
             ON CONFLICT DO UPDATE SET priority = excluded.priority, talking_point = excluded.talking_point, source = excluded.source",
        )?
        .execute(params![from, to, l.kind.as_str(), l.priority, l.talking_point, l.source])?;
        *s.links.entry(l.kind).or_default() += 1;
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

/// Inserts or updates one product's own columns.
fn write_product(tx: &Transaction<'_>, p: &ProductRow, categories_added: &mut usize) -> Result<()> {
    let category = ensure_category(tx, &p.category, categories_added)?;
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
    Ok(())
}
