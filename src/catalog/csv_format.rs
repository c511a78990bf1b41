//! counterpart's native catalog CSV: products and their attributes.
//!
//! The header begins exactly with [`HEADER`]; the optional columns in
//! [`EXTRA`] may follow, and every other column is an attribute whose name is
//! the column name. Prices are major units ("19.99"); the category is a path
//! ("Audio > Headphones"); selling points are separated by " | ". An empty
//! `stock` or `cost` is unknown (not counted, not known), never 0.

use std::collections::BTreeSet;

use super::doc::{CatalogDoc, ImportError, Lines, Problem, ProductRow, utf8};
use super::{Catalog, normalize_path};
use crate::money::Currency;

/// The columns every catalog CSV starts with, in this order.
pub const HEADER: [&str; 12] = [
    "sku",
    "barcode",
    "name",
    "brand",
    "category",
    "family",
    "tier",
    "price",
    "cost",
    "stock",
    "active",
    "description",
];

/// Optional known columns after the header; the rest are attributes.
pub const EXTRA: [&str; 5] = ["selling_points", "role", "cover_min", "cover_max", "was_price"];

const POINT_SEP: &str = " | ";

/// Reads a catalog CSV. All field problems are collected; none is skipped.
pub fn read(file: &str, bytes: &[u8], currency: &Currency) -> Result<CatalogDoc, ImportError> {
    let text = utf8(file, bytes)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text); // a spreadsheet's byte-order mark
    let fail = |problems: Vec<Problem>| ImportError::new(file, problems);
    let mut reader = csv::ReaderBuilder::new().flexible(true).has_headers(false).from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Err(fail(vec![Problem::line(1, e.to_string())])),
        None => return Err(fail(vec![Problem::file("empty file: expected a header line")])),
    };
    let names: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
    if names.len() < HEADER.len() || names[..HEADER.len()] != HEADER {
        return Err(fail(vec![Problem::line(
            1,
            format!("the header must begin with `{}`", HEADER.join(",")),
        )]));
    }
    let mut seen = BTreeSet::new();
    for n in &names {
        if n.is_empty() || !seen.insert(n.as_str()) {
            return Err(fail(vec![Problem::line(1, format!("column `{n}` is empty or repeated"))]));
        }
    }
    let mut doc = CatalogDoc::default();
    let mut problems = Vec::new();
    let lines = Lines::new(text.as_bytes());
    for rec in records {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                problems.push(lines.csv_problem(&e));
                continue;
            }
        };
        let line = rec.position().map_or(0, |p| lines.record_line(p.byte() as usize));
        if rec.len() == 1 && rec.get(0).is_some_and(|f| f.trim().is_empty()) {
            continue; // blank line
        }
        if rec.len() != names.len() {
            problems
                .push(Problem::line(line, format!("{} fields, the header has {}", rec.len(), names.len())));
            continue;
        }
        let mut row = ProductRow { line, active: true, ..ProductRow::default() };
        for (name, value) in names.iter().zip(rec.iter()) {
            if let Err(msg) = set_field(&mut row, name, value, currency) {
                problems.push(Problem::at(line, name, msg));
            }
        }
        if row.sku.is_empty() {
            problems.push(Problem::at(line, "sku", "empty SKU"));
        }
        if row.name.is_empty() {
            problems.push(Problem::at(line, "name", "empty name"));
        }
        doc.products.push(row);
    }
    if problems.is_empty() { Ok(doc) } else { Err(fail(problems)) }
}

fn set_field(row: &mut ProductRow, name: &str, value: &str, currency: &Currency) -> Result<(), String> {
    let money = |v: &str| currency.parse(v).map_err(|e| e.to_string());
    let v = value.trim();
    match name {
        "sku" => row.sku = super::toml_format::check_sku(v)?,
        "barcode" if v.is_empty() => row.barcode = None,
        "barcode" => row.barcode = Some(crate::barcode::normalize(v).map_err(|e| e.to_string())?),
        "name" => row.name = v.to_string(),
        "brand" => row.brand = v.to_string(),
        "category" if normalize_path(v).is_empty() => return Err("empty category".into()),
        "category" => row.category = normalize_path(v),
        "family" => row.family = (!v.is_empty()).then(|| v.to_string()),
        "tier" if v.is_empty() => row.tier = None,
        "tier" => {
            row.tier = Some(
                v.parse::<i64>()
                    .ok()
                    .filter(|t| *t >= 0)
                    .ok_or(format!("`{v}` is not a tier (0, 1, 2, ...)"))?,
            )
        }
        // An empty cost, stock or was_price is unknown, not 0.
        "cost" | "was_price" if v.is_empty() => {}
        "price" | "cost" | "was_price" => {
            let m = money(v)?;
            if m.0 < 0 {
                return Err(format!("`{v}` is negative"));
            }
            match name {
                "price" => row.price = m,
                "cost" => row.cost = Some(m),
                _ => row.was_price = Some(m),
            }
        }
        "stock" if v.is_empty() => row.stock = None,
        "stock" => row.stock = Some(v.parse().map_err(|_| format!("`{v}` is not a whole number"))?),
        "active" => row.active = parse_bool(v)?,
        "description" => row.description = value.to_string(),
        "selling_points" => {
            row.selling_points =
                v.split(POINT_SEP).map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect()
        }
        "role" => row.role = (!v.is_empty()).then(|| v.to_string()),
        "cover_min" | "cover_max" if v.is_empty() => {}
        "cover_min" | "cover_max" => {
            let m = money(v)?;
            let (lo, hi) = row.cover.unwrap_or((m, m));
            row.cover = Some(if name == "cover_min" { (m, hi) } else { (lo, m) });
        }
        attr if !v.is_empty() => row.attributes.push((attr.to_string(), v.to_string())),
        _ => {}
    }
    Ok(())
}

/// "true"/"false", "yes"/"no", "1"/"0" (any case).
pub fn parse_bool(v: &str) -> Result<bool, String> {
    match v.to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" | "y" => Ok(true),
        "false" | "no" | "0" | "n" => Ok(false),
        _ => Err(format!("`{v}` is not true or false")),
    }
}

/// Writes the catalog's products as CSV, ordered by SKU; attribute columns sorted by name.
pub fn write(catalog: &Catalog, currency: &Currency, out: &mut impl std::io::Write) -> std::io::Result<()> {
    let attrs: BTreeSet<&str> =
        catalog.products.iter().flat_map(|p| p.attributes.iter().map(|(k, _)| k.as_str())).collect();
    let mut w = csv::WriterBuilder::new().from_writer(out);
    let header = HEADER.iter().chain(EXTRA.iter()).copied().chain(attrs.iter().copied());
    w.write_record(header)?;
    let mut order: Vec<usize> = (0..catalog.products.len()).collect();
    order.sort_by(|a, b| catalog.products[*a].sku.cmp(&catalog.products[*b].sku));
    for i in order {
        let p = &catalog.products[i];
        let mut rec: Vec<String> = vec![
            p.sku.clone(),
            p.barcode.as_deref().map(crate::barcode::display).unwrap_or_default().to_string(),
            p.name.clone(),
            p.brand.clone(),
            catalog.category_path(p.category).to_string(),
            p.family.clone().unwrap_or_default(),
            p.tier.map(|t| t.to_string()).unwrap_or_default(),
            currency.plain(p.price),
            p.cost.map(|c| currency.plain(c)).unwrap_or_default(),
            if p.stock_unknown { String::new() } else { p.stock.to_string() },
            p.active.to_string(),
            p.description.clone(),
            p.selling_points.join(POINT_SEP),
            p.role.clone().unwrap_or_default(),
            p.cover.map(|c| currency.plain(c.0)).unwrap_or_default(),
            p.cover.map(|c| currency.plain(c.1)).unwrap_or_default(),
            p.was_price.map(|m| currency.plain(m)).unwrap_or_default(),
        ];
        rec.extend(attrs.iter().map(|k| p.attribute(k).unwrap_or_default().to_string()));
        w.write_record(&rec)?;
    }
    w.flush()
}
