//! WooCommerce's built-in product CSV export (Products → Export). Simple
//! products and variations are sold; a variable product is the parent of its
//! variations (family, name, description, category, links) and is not sold
//! itself. Grouped and external products are not imported. Lists (categories,
//! brands, attribute values, up-sells, cross-sells) are comma-separated with
//! `\,` for a comma inside an entry; references are SKUs or `id:NNN`.

use std::collections::HashMap;

use super::{
    Col, Date, LinkBuilder, OfferCols, Reading, Row, Sheet, ShopSystem, bundle, category, entry_level,
    identity, make_family, most_specific, ranked, split_escaped, strip_html,
};
use crate::catalog::doc::{CatalogDoc, ImportError, Problem, ProductRow};
use crate::money::{Currency, Money};

struct Cols {
    id: Col,
    kind: Col,
    sku: Col,
    gtin: Col,
    name: Col,
    published: Col,
    short: Col,
    description: Col,
    stock: Col,
    in_stock: Col,
    sale: Col,
    sale_from: Col,
    sale_to: Col,
    regular: Col,
    cost: Col,
    categories: Col,
    parent: Col,
    upsells: Col,
    cross_sells: Col,
    grouped: Col,
    brands: Col,
    /// Each attribute's name, value(s) and visible columns.
    attributes: Vec<(Col, Col, Col)>,
}

impl Cols {
    fn of(sheet: &Sheet) -> Cols {
        let names = sheet.numbered("Attribute {} name");
        let attributes = (1..=names.len())
            .zip(names)
            .map(|(n, name)| {
                let values = sheet.col(&[&format!("Attribute {n} value(s)")]);
                (name, values, sheet.col(&[&format!("Attribute {n} visible")]))
            })
            .collect();
        Cols {
            id: sheet.col(&["ID"]),
            kind: sheet.col(&["Type"]),
            sku: sheet.col(&["SKU"]),
            gtin: sheet.col(&["GTIN, UPC, EAN, or ISBN"]),
            name: sheet.col(&["Name"]),
            published: sheet.col(&["Published"]),
            short: sheet.col(&["Short description"]),
            description: sheet.col(&["Description"]),
            stock: sheet.col(&["Stock"]),
            in_stock: sheet.col(&["In stock?"]),
            sale: sheet.col(&["Sale price"]),
            regular: sheet.col(&["Regular price"]),
            sale_from: sheet.col(&["Date sale price starts"]),
            sale_to: sheet.col(&["Date sale price ends"]),
            cost: sheet.col(&["Cost of goods"]),
            categories: sheet.col(&["Categories"]),
            parent: sheet.col(&["Parent"]),
            upsells: sheet.col(&["Upsells"]),
            cross_sells: sheet.col(&["Cross-sells"]),
            grouped: sheet.col(&["Grouped products"]),
            brands: sheet.col(&["Brands", "Brand"]),
            attributes,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Simple,
    Variable,
    Variation,
    /// Products sold side by side: a bundle here.
    Grouped,
    /// Not sold at the counter (external, a gift card, a plugin's type, no
    /// price): counted in the summary, and links to it are left out.
    Skipped(String),
}

struct Item {
    kind: Kind,
    row: ProductRow,
    /// The ID column.
    id: String,
    /// Whether the row named its own category and brand.
    has_category: bool,
    has_brand: bool,
    /// The Parent column: `id:NNN` or a SKU.
    parent_ref: String,
    /// The variation's Stock is "parent": the variable product counts it.
    stock_from_parent: bool,
    /// For a variable product: its variations (item indexes).
    variations: Vec<usize>,
    /// Index into the document's products, for sold items.
    product: Option<usize>,
    upsells: String,
    cross_sells: String,
    /// For a grouped product: its Grouped products column.
    grouped: String,
}

/// Reads a WooCommerce product CSV export as on `today`.
pub(super) fn read(
    file: &str,
    bytes: &[u8],
    currency: &Currency,
    today: Date,
) -> Result<CatalogDoc, ImportError> {
    let sheet = Sheet::read(file, bytes, ShopSystem::WooCommerce)?;
    let c = Cols::of(&sheet);
    if !(c.kind.present() && c.regular.present()) {
        let names: Vec<String> = sheet.names().iter().map(|n| n.to_lowercase()).collect();
        if localised(&names) || sheet.names().iter().any(|n| !n.is_ascii()) {
            return Err(ImportError::new(file, vec![Problem::line(1, not_english(sheet.names()))]));
        }
    }
    sheet.require(file, ShopSystem::WooCommerce, &[&c.kind, &c.regular])?;
    let mut r = Reading::new(currency, today, sheet.problems);
    let mut items: Vec<Item> = Vec::with_capacity(sheet.rows.len());
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut by_sku: HashMap<String, usize> = HashMap::new();
    for row in &sheet.rows {
        let item = item(row, &c, &mut r);
        if !item.id.is_empty() {
            by_id.entry(item.id.clone()).or_insert(items.len());
        }
        if !item.row.sku.is_empty() {
            by_sku.entry(item.row.sku.clone()).or_insert(items.len());
        }
        items.push(item);
    }
    let resolve = |r: &str| match r.strip_prefix("id:") {
        Some(id) => by_id.get(id.trim()).copied(),
        None => by_sku.get(r).copied(),
    };
    // Each variation's variable product.
    for i in 0..items.len() {
        if items[i].kind != Kind::Variation {
            continue;
        }
        let line = items[i].row.line;
        let parent_ref = items[i].parent_ref.clone();
        if parent_ref.is_empty() {
            r.problem(line, &c.parent, "a variation needs its parent");
            continue;
        }
        match resolve(&parent_ref) {
            Some(p) if items[p].kind == Kind::Variable => items[p].variations.push(i),
            Some(_) => r.problem(line, &c.parent, format!("`{parent_ref}` is not a variable product")),
            None => r.problem(line, &c.parent, format!("`{parent_ref}` is not in this file")),
        }
    }
    let mut doc = CatalogDoc::default();
    name_without_sku(&mut items, &mut r);
    // Variations take what they lack from their parent.
    for parent in 0..items.len() {
        let from = items[parent].row.clone();
        for v in items[parent].variations.clone() {
            let (inherit_category, inherit_brand) = (!items[v].has_category, !items[v].has_brand);
            let parent_stock = items[v].stock_from_parent;
            inherit(&mut items[v].row, &from, inherit_category, inherit_brand, parent_stock);
        }
    }
    for item in items.iter_mut().filter(|it| matches!(it.kind, Kind::Simple | Kind::Variation)) {
        item.product = Some(doc.products.len());
        doc.products.push(item.row.clone());
    }
    for item in items.iter().filter(|it| it.kind == Kind::Variable) {
        let members: Vec<usize> = item.variations.iter().filter_map(|&v| items[v].product).collect();
        make_family(&mut doc.products, &members, &item.row.sku);
    }
    // The SKU a reference stands for: the product, or a variable product's
    // entry-level variation; `None` for one not imported.
    let target = |r: &str| -> Result<Option<String>, String> {
        let it = resolve(r).ok_or_else(|| format!("`{r}` is not in this file"))?;
        let item = &items[it];
        Ok(match item.kind {
            Kind::Simple | Kind::Variation => item.product.map(|_| item.row.sku.clone()),
            Kind::Variable => entry_level(&doc.products, item.variations.iter().map(|&v| items[v].product)),
            Kind::Grouped | Kind::Skipped(_) => None,
        })
    };
    for item in items.iter().filter(|it| it.kind == Kind::Grouped) {
        let children = split_escaped(&item.grouped, ',');
        let mut skus = Vec::new();
        for child in &children {
            match target(child) {
                Ok(Some(sku)) if !skus.contains(&sku) => skus.push(sku),
                Ok(_) => {}
                Err(msg) => r.problem(item.row.line, &c.grouped, msg),
            }
        }
        if skus.len() < 2 {
            r.notes.skip("grouped product of fewer than two products sold here");
            continue;
        }
        doc.bundles.push(bundle(item.row.line, &item.row, skus, Money::ZERO));
    }
    let mut builder = LinkBuilder::new(ShopSystem::WooCommerce, &doc.products);
    for item in &items {
        let sources: Vec<&str> = match item.kind {
            Kind::Simple | Kind::Variation => vec![item.row.sku.as_str()],
            Kind::Variable => item.variations.iter().map(|&v| items[v].row.sku.as_str()).collect(),
            Kind::Grouped | Kind::Skipped(_) => continue,
        };
        let line = item.row.line;
        for (list, col, upsells) in
            [(&item.cross_sells, &c.cross_sells, false), (&item.upsells, &c.upsells, true)]
        {
            let refs = ranked(line, list, None, &mut r);
            builder.add(line, &sources, col, &refs, upsells, &target, &mut r);
        }
    }
    let links = builder.into_links();
    doc.links.extend(links);
    r.finish(file, doc)
}

/// Reads one row.
fn item(row: &Row, c: &Cols, r: &mut Reading<'_>) -> Item {
    let line = row.line;
    // "simple, downloadable, virtual": the type, and what it also is. No type is simple, as WooCommerce reads it.
    let types: Vec<String> =
        split_escaped(row.get(&c.kind), ',').iter().map(|t| t.to_ascii_lowercase()).collect();
    let main = types.iter().find(|t| !matches!(t.as_str(), "virtual" | "downloadable"));
    let mut kind = match main.map_or("simple", String::as_str) {
        "simple" => Kind::Simple,
        "variable" => Kind::Variable,
        "variation" => Kind::Variation,
        "grouped" => Kind::Grouped,
        "external" => Kind::Skipped("external product".into()),
        t if t.contains("gift") => Kind::Skipped("gift card".into()),
        t => Kind::Skipped(format!("`{t}` product")),
    };
    let sold = matches!(kind, Kind::Simple | Kind::Variation);
    let mut p = ProductRow { line, name: row.get(&c.name).to_string(), ..ProductRow::default() };
    // SKUs are optional in WooCommerce; a row without one is named later (`name_without_sku`).
    p.sku = row.get(&c.sku).to_string();
    if !p.sku.is_empty()
        && let Err(msg) = crate::catalog::toml_format::check_sku(&p.sku)
    {
        r.problem(line, &c.sku, msg);
    }
    if sold && p.name.is_empty() && kind == Kind::Simple {
        r.problem(line, &c.name, "empty name");
    }
    // Published 1; private 0, draft -1 and pending review 2 are not on sale (as WooCommerce writes them).
    p.active = match row.get(&c.published).to_ascii_lowercase().as_str() {
        "" | "1" | "true" => true,
        "0" | "-1" | "2" | "false" => false,
        v => {
            r.problem(line, &c.published, format!("`{v}` is not 1, 0, -1 or 2"));
            false
        }
    };
    // A count where WooCommerce manages stock (a variable product's counts
    // for variations whose Stock is "parent"); without one only "out of
    // stock" is known (0): "in stock" or "on backorder" is not counted.
    if sold || kind == Kind::Variable {
        p.stock = match row.get(&c.stock) {
            "" if row.get(&c.in_stock) == "0" => Some(0),
            "parent" => None,
            _ => r.count(row, &c.stock),
        };
    }
    if sold {
        let offer = OfferCols {
            regular: &c.regular,
            offer: &c.sale,
            from: &c.sale_from,
            to: &c.sale_to,
            what: "sale price",
        };
        if !r.price_into(row, &offer, &mut p) {
            kind = Kind::Skipped("product without a price".into());
        }
        p.cost = r.amount(row, &c.cost);
        let gtin: String = row.get(&c.gtin).chars().filter(|ch| *ch != '-' && *ch != ' ').collect();
        p.barcode = r.barcode(line, &c.gtin, "", &gtin);
    }
    p.description = text(row.raw(&c.description));
    let short = text(row.raw(&c.short));
    if !short.is_empty() {
        p.selling_points.push(short);
    }
    // "Clothing, Clothing > T-shirts": the product's place is the most specific.
    let path = most_specific(split_escaped(row.get(&c.categories), ','));
    let has_category = path.is_some();
    p.category = category(path.as_deref().unwrap_or_default());
    let brand = most_specific(split_escaped(row.get(&c.brands), ',')).unwrap_or_default();
    p.brand = brand.rsplit('>').next().unwrap_or_default().trim().to_string();
    for (name_col, value_col, visible) in &c.attributes {
        let name = row.get(name_col);
        let value = split_escaped(row.get(value_col), ',').join(", ");
        if name.is_empty() || value.is_empty() {
            continue;
        }
        if name.eq_ignore_ascii_case("brand") {
            if p.brand.is_empty() {
                p.brand = value;
            }
        } else if row.get(visible) != "0" {
            // One not visible on the product page is not a spec the customer compares.
            p.attributes.push((name.to_string(), value));
        }
    }
    if let Kind::Skipped(why) = &kind {
        r.notes.skip(why);
    }
    Item {
        kind,
        id: row.get(&c.id).to_string(),
        has_brand: !p.brand.is_empty(),
        row: p,
        has_category,
        parent_ref: row.get(&c.parent).to_string(),
        stock_from_parent: row.get(&c.stock) == "parent",
        variations: Vec::new(),
        product: None,
        upsells: row.get(&c.upsells).to_string(),
        cross_sells: row.get(&c.cross_sells).to_string(),
        grouped: row.get(&c.grouped).to_string(),
    }
}

/// Whether a header is WooCommerce's export in a language other than
/// English. WooCommerce names the columns in the site's language, but keeps
/// their shape: `ID` first, and the weight and three dimension columns with
/// the store's units in brackets ("Вес (кг)", "Длина (см)", "Ширина (см)",
/// "Высота (см)").
pub(super) fn localised(names: &[String]) -> bool {
    let unit = |n: &String| {
        n.trim_end().strip_suffix(')').and_then(|n| n.rsplit_once(" (")).map(|(_, u)| u.to_string())
    };
    let mut units: HashMap<String, usize> = HashMap::new();
    for u in names.iter().filter_map(unit) {
        *units.entry(u).or_default() += 1;
    }
    names.first().is_some_and(|n| n.eq_ignore_ascii_case("id"))
        && names.len() >= 20
        && units.values().any(|&n| n >= 3)
        && !names.iter().any(|n| n.eq_ignore_ascii_case("regular price"))
}

/// The one problem of a header in another language.
fn not_english(names: &[String]) -> String {
    let shown: Vec<String> = names.iter().skip(1).take(3).map(|n| format!("`{n}`")).collect();
    format!(
        "the column names ({}, ...) are not WooCommerce's English ones: WooCommerce writes them in the site's \
         language; export again with the site language (or your profile's language) set to English",
        shown.join(", ")
    )
}

/// Gives every item without a SKU a stable identity: its WooCommerce ID
/// (`wc:123`); failing that, for a variation, its parent's and its attribute
/// values; for anything else, its name. Counted for the summary by kind.
fn name_without_sku(items: &mut [Item], r: &mut Reading<'_>) {
    let mut note = |how: &str, item: &Item| {
        if matches!(item.kind, Kind::Simple | Kind::Variation) {
            *r.notes.identities.entry(how.to_string()).or_default() += 1;
        }
    };
    let mut parent_of: HashMap<usize, usize> = HashMap::new();
    for (p, item) in items.iter().enumerate() {
        parent_of.extend(item.variations.iter().map(|&v| (v, p)));
    }
    // Parents first: a variation may be named after its parent.
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| items[i].kind == Kind::Variation);
    for i in order {
        if !items[i].row.sku.is_empty() {
            continue;
        }
        let parent = parent_of.get(&i).map(|&p| items[p].row.sku.clone());
        let item = &items[i];
        let (sku, how) = if !item.id.is_empty() {
            (format!("wc:{}", item.id), "their WooCommerce ID (wc:ID)")
        } else if let Some(parent) = parent.filter(|_| item.kind == Kind::Variation) {
            let values: Vec<&str> = item.row.attributes.iter().map(|(_, v)| v.as_str()).collect();
            (identity(&parent, &values), "their parent and attribute values (parent/value)")
        } else {
            (identity("wc:", &[&item.row.name]), "their name (wc:name)")
        };
        note(how, item);
        items[i].row.sku = sku;
    }
}

/// A variation's missing fields from its variable product.
fn inherit(v: &mut ProductRow, parent: &ProductRow, category: bool, brand: bool, stock_from_parent: bool) {
    if v.name.is_empty() {
        let values: Vec<&str> = v.attributes.iter().map(|(_, val)| val.as_str()).collect();
        v.name = format!("{} {}", parent.name, values.join(" ")).trim().to_string();
    }
    if category {
        v.category = parent.category.clone();
    }
    if brand {
        v.brand = parent.brand.clone();
    }
    if v.description.is_empty() {
        v.description = parent.description.clone();
    }
    if v.selling_points.is_empty() {
        v.selling_points = parent.selling_points.clone();
    }
    if stock_from_parent {
        v.stock = parent.stock;
    }
    v.active &= parent.active;
    // The parent's single-valued attributes (a list is what the variations choose from).
    for (k, val) in &parent.attributes {
        if !val.contains(", ") && !v.attributes.iter().any(|(vk, _)| vk == k) {
            v.attributes.push((k.clone(), val.clone()));
        }
    }
}

/// A description as plain text (the exporter writes line breaks as `\n`).
fn text(v: &str) -> String {
    strip_html(&v.replace("\\n", "\n"))
}
