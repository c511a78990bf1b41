//! Shopify's product CSV: one row per variant, grouped by handle. The first
//! row of a handle carries the product columns (Title, Body (HTML), Vendor,
//! ...); the handle's further rows carry only variant columns, or only an
//! image (those are skipped). Both the classic headers ("Handle",
//! "Variant SKU", "Variant Price") and the newer ones ("URL handle", "SKU",
//! "Price") are read.

use std::collections::HashMap;

use super::{
    Col, Date, LINK_PRIORITY, Reading, Row, Sheet, ShopSystem, category, identity, make_family, strip_html,
};
use crate::catalog::LinkKind;
use crate::catalog::csv_format::parse_bool;
use crate::catalog::doc::{CatalogDoc, ImportError, LinkRow, ProductRow};
use crate::money::Currency;

struct Cols {
    handle: Col,
    title: Col,
    body: Col,
    vendor: Col,
    product_category: Col,
    kind: Col,
    published: Col,
    status: Col,
    option_names: [Col; 3],
    option_values: [Col; 3],
    sku: Col,
    qty: Col,
    tracker: Col,
    price: Col,
    compare_at: Col,
    barcode: Col,
    cost: Col,
    gift_card: Col,
    /// Metafield columns: "Colour (product.metafields.custom.colour)".
    metafields: Vec<Metafield>,
}

/// A metafield column and the attribute it is.
struct Metafield {
    col: Col,
    /// What the column calls it: "Colour".
    name: String,
    /// A variant's own (`variant.metafields…`) rather than the product's.
    variant: bool,
    namespace: String,
}

/// Namespaces and keys of metafields that are not specs: feeds, SEO, reviews.
const NOT_SPECS: &[&str] =
    &["mm-google-shopping", "google", "global", "seo", "reviews", "title_tag", "description_tag"];

impl Metafield {
    /// "Colour (product.metafields.custom.colour)" as a metafield column.
    fn of(sheet: &Sheet, header: &str) -> Option<Metafield> {
        let (name, rest) = header.trim_end().strip_suffix(')')?.rsplit_once(" (")?;
        let (owner, path) = rest.split_once(".metafields.")?;
        let (namespace, key) = path.split_once('.')?;
        let variant = match owner {
            "product" => false,
            "variant" => true,
            _ => return None,
        };
        if NOT_SPECS.contains(&namespace) || NOT_SPECS.contains(&key) {
            return None;
        }
        let name = if name.trim().is_empty() { super::title_case(key) } else { name.trim().to_string() };
        Some(Metafield { col: sheet.col(&[header]), name, variant, namespace: namespace.to_string() })
    }

    /// The value as a customer reads it: a list ("[\"a\",\"b\"]" or "a; b")
    /// joined; Shopify's category values ("dark-blue") as words; references
    /// to other objects (gid://…) left out.
    fn value(&self, row: &Row) -> Option<String> {
        let v = row.get(&self.col);
        let items: Vec<String> = match serde_json::from_str::<Vec<serde_json::Value>>(v) {
            Ok(list) => list.iter().filter_map(|x| x.as_str().map(String::from)).collect(),
            Err(_) => v.split(';').map(|s| s.trim().to_string()).collect(),
        };
        let words = |s: &str| {
            let handle = s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            if self.namespace == "shopify" && handle {
                let spaced = s.replace('-', " ");
                let mut c = spaced.chars();
                c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
            } else {
                s.to_string()
            }
        };
        let values: Vec<String> =
            items.iter().filter(|s| !s.is_empty() && !s.starts_with("gid://")).map(|s| words(s)).collect();
        (!values.is_empty()).then(|| values.join(", "))
    }
}

impl Cols {
    fn of(sheet: &Sheet) -> Cols {
        let option = |n: usize, what: &str| sheet.col(&[&format!("Option{n} {what}")]);
        Cols {
            handle: sheet.col(&["Handle", "URL handle"]),
            title: sheet.col(&["Title"]),
            body: sheet.col(&["Body (HTML)", "Description"]),
            vendor: sheet.col(&["Vendor"]),
            product_category: sheet.col(&["Product Category"]),
            kind: sheet.col(&["Type"]),
            published: sheet.col(&["Published", "Published on online store"]),
            status: sheet.col(&["Status"]),
            option_names: [option(1, "Name"), option(2, "Name"), option(3, "Name")],
            option_values: [option(1, "Value"), option(2, "Value"), option(3, "Value")],
            sku: sheet.col(&["Variant SKU", "SKU"]),
            qty: sheet.col(&["Variant Inventory Qty", "Inventory quantity"]),
            tracker: sheet.col(&["Variant Inventory Tracker", "Inventory tracker"]),
            price: sheet.col(&["Variant Price", "Price"]),
            compare_at: sheet.col(&["Variant Compare At Price", "Compare-at price"]),
            barcode: sheet.col(&["Variant Barcode", "Barcode"]),
            cost: sheet.col(&["Cost per item"]),
            gift_card: sheet.col(&["Gift Card", "Gift card"]),
            metafields: sheet.names().iter().filter_map(|h| Metafield::of(sheet, h)).collect(),
        }
    }
}

/// How a variant without a SKU is named, in the import summary.
const IDENTITY: &str = "their Shopify handle and option values (handle/value)";

/// What the first row of a handle says for all its variants.
struct Head {
    handle: String,
    title: String,
    description: String,
    vendor: String,
    category: String,
    active: bool,
    /// A gift card: not sold at the counter.
    gift_card: bool,
    option_names: [String; 3],
    /// The product's metafields: specs of every variant.
    specs: Vec<(String, String)>,
    /// Indexes into the document's products.
    members: Vec<usize>,
}

/// Reads a Shopify product CSV export as on `today`.
pub(super) fn read(
    file: &str,
    bytes: &[u8],
    currency: &Currency,
    today: Date,
) -> Result<CatalogDoc, ImportError> {
    let sheet = Sheet::read(file, bytes, ShopSystem::Shopify)?;
    let c = Cols::of(&sheet);
    sheet.require(file, ShopSystem::Shopify, &[&c.handle, &c.title, &c.price])?;
    let mut r = Reading::new(currency, today, sheet.problems);
    let mut doc = CatalogDoc::default();
    let mut heads: Vec<Head> = Vec::new();
    let mut by_handle: HashMap<String, usize> = HashMap::new();
    for row in &sheet.rows {
        let handle = row.get(&c.handle);
        if handle.is_empty() {
            r.problem(row.line, &c.handle, "empty handle");
            continue;
        }
        let first = !by_handle.contains_key(handle);
        if first {
            by_handle.insert(handle.to_string(), heads.len());
            heads.push(head(row, &c, &mut r));
        }
        let Some(head) = by_handle.get(handle).and_then(|&h| heads.get_mut(h)) else { continue };
        let is_variant = first
            || !row.get(&c.sku).is_empty()
            || !row.get(&c.price).is_empty()
            || c.option_values.iter().any(|v| !row.get(v).is_empty());
        if !is_variant {
            r.notes.skip("image row (a product's further image)");
            continue;
        }
        if head.gift_card {
            r.notes.skip("gift card");
            continue;
        }
        head.members.push(doc.products.len());
        let p = variant(row, &c, head, &mut r);
        if row.get(&c.sku).is_empty() {
            *r.notes.identities.entry(IDENTITY.to_string()).or_default() += 1;
        }
        doc.products.push(p);
    }
    for head in &heads {
        let ladder = make_family(&mut doc.products, &head.members, &head.handle);
        if ladder.len() < 2 {
            continue;
        }
        for pair in ladder.windows(2) {
            let (Some(from), Some(to)) = (doc.products.get(pair[0]), doc.products.get(pair[1])) else {
                continue;
            };
            if to.price <= from.price {
                continue;
            }
            // No talking point of its own: the engine says it from the differences (\"twice the storage\").
            doc.links.push(LinkRow {
                line: to.line,
                from: from.sku.clone(),
                to: to.sku.clone(),
                kind: LinkKind::Upgrade,
                priority: LINK_PRIORITY,
                talking_point: String::new(),
                source: ShopSystem::Shopify.as_str().to_string(),
            });
        }
    }
    r.finish(file, doc)
}

fn head(row: &Row, c: &Cols, r: &mut Reading<'_>) -> Head {
    let title = row.get(&c.title).to_string();
    if title.is_empty() {
        r.problem(row.line, &c.title, "empty title on the handle's first row");
    }
    let active = if c.status.present() {
        row.get(&c.status).eq_ignore_ascii_case("active")
    } else {
        let v = row.get(&c.published);
        v.is_empty()
            || parse_bool(v).unwrap_or_else(|msg| {
                r.problem(row.line, &c.published, msg);
                false
            })
    };
    let cat = match row.get(&c.product_category) {
        "" => row.get(&c.kind),
        pc => pc,
    };
    Head {
        handle: row.get(&c.handle).to_string(),
        title,
        description: strip_html(row.raw(&c.body)),
        vendor: row.get(&c.vendor).to_string(),
        category: category(cat),
        active,
        gift_card: row.get(&c.gift_card).eq_ignore_ascii_case("true"),
        specs: c
            .metafields
            .iter()
            .filter(|m| !m.variant)
            .filter_map(|m| Some((m.name.clone(), m.value(row)?)))
            .collect(),
        option_names: [0, 1, 2].map(|i| row.get(&c.option_names[i]).to_string()),
        members: Vec::new(),
    }
}

fn variant(row: &Row, c: &Cols, head: &mut Head, r: &mut Reading<'_>) -> ProductRow {
    let line = row.line;
    let mut p = ProductRow {
        line,
        brand: head.vendor.clone(),
        category: head.category.clone(),
        active: head.active,
        description: head.description.clone(),
        ..ProductRow::default()
    };
    p.sku = row.get(&c.sku).to_string();
    if !p.sku.is_empty()
        && let Err(msg) = crate::catalog::toml_format::check_sku(&p.sku)
    {
        r.problem(line, &c.sku, msg);
    }
    let mut name = head.title.clone();
    let mut naming = Vec::new();
    for i in 0..3 {
        let given = row.get(&c.option_names[i]);
        if !given.is_empty() {
            head.option_names[i] = given.to_string();
        }
        let value = row.get(&c.option_values[i]);
        if value.is_empty() || value == "Default Title" {
            continue;
        }
        let key = match head.option_names[i].as_str() {
            "" => format!("Option {}", i + 1),
            k => k.to_string(),
        };
        name.push(' ');
        name.push_str(value);
        naming.push(value);
        p.attributes.push((key, value.to_string()));
    }
    p.name = name.trim().to_string();
    // Then the specs its metafields give: the variant's own first.
    let own = c.metafields.iter().filter(|m| m.variant).filter_map(|m| Some((m.name.clone(), m.value(row)?)));
    for (key, value) in own.collect::<Vec<_>>().into_iter().chain(head.specs.iter().cloned()) {
        if !p.attributes.iter().any(|(k, _)| *k == key) {
            p.attributes.push((key, value));
        }
    }
    if p.sku.is_empty() {
        // SKUs are optional in Shopify: the handle and the option values name the variant.
        p.sku = identity(&head.handle, &naming);
    }
    if row.get(&c.price).is_empty() {
        r.problem(line, &c.price, "empty price");
    }
    p.price = r.amount(row, &c.price).unwrap_or_default();
    // "Compare at" is the price the product was: kept when it is above the price.
    p.was_price = r.amount(row, &c.compare_at).filter(|was| *was > p.price);
    p.cost = r.amount(row, &c.cost);
    // Stock Shopify does not track (no tracker) or the file does not give is unknown, not 0.
    let tracked = !c.tracker.present() || !row.get(&c.tracker).is_empty();
    p.stock = if tracked { r.count(row, &c.qty) } else { None };
    p.barcode = r.barcode(line, &c.barcode, "", row.get(&c.barcode));
    p
}
