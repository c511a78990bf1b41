//! Magento 2's catalog product export (System → Data Transfer → Export,
//! entity "Products"). Only the default rows (empty `store_view_code`) are
//! read; store-view rows only override texts for one storefront. Simple,
//! virtual and downloadable products are sold; a configurable product is the
//! parent of the simple products in its `configurable_variations` (family,
//! category, description, links) and is not sold itself. Bundle, grouped and
//! gift-card products are not imported.

use std::collections::HashMap;

use super::magento_attrs::{self, AttrColumn};
use super::magento_bundle::{self, BundleCols, Selection};
use super::{
    Col, Date, LinkBuilder, OfferCols, Reading, Row, Sheet, ShopSystem, bundle, category, entry_level,
    make_family, money, most_specific, ranked, split_escaped, strip_html, title_case,
};
use crate::catalog::doc::{CatalogDoc, ImportError, ProductRow};
use crate::money::{Currency, Money};

/// The root category every Magento category path starts with.
const ROOT: &str = "Default Category";

struct Cols {
    sku: Col,
    store_view: Col,
    kind: Col,
    categories: Col,
    name: Col,
    description: Col,
    short: Col,
    online: Col,
    price: Col,
    special: Col,
    special_from: Col,
    special_to: Col,
    additional: Col,
    cost: Col,
    qty: Col,
    in_stock: Col,
    manage_stock: Col,
    use_config_manage_stock: Col,
    related: Col,
    related_position: Col,
    cross_sells: Col,
    cross_position: Col,
    upsells: Col,
    up_position: Col,
    variations: Col,
    associated: Col,
    bundle_values: Col,
    bundle_price_type: Col,
    variation_labels: Col,
    brand: Col,
    gtin: Col,
    /// Attributes carried as columns of their own.
    attributes: Vec<AttrColumn>,
}

impl Cols {
    fn of(s: &Sheet) -> Cols {
        Cols {
            sku: s.col(&["sku"]),
            store_view: s.col(&["store_view_code"]),
            kind: s.col(&["product_type"]),
            categories: s.col(&["categories"]),
            name: s.col(&["name"]),
            description: s.col(&["description"]),
            short: s.col(&["short_description"]),
            online: s.col(&["product_online"]),
            price: s.col(&["price"]),
            special: s.col(&["special_price"]),
            special_from: s.col(&["special_price_from_date"]),
            special_to: s.col(&["special_price_to_date"]),
            additional: s.col(&["additional_attributes"]),
            qty: s.col(&["qty"]),
            cost: s.col(&["cost"]),
            in_stock: s.col(&["is_in_stock"]),
            manage_stock: s.col(&["manage_stock"]),
            use_config_manage_stock: s.col(&["use_config_manage_stock"]),
            related: s.col(&["related_skus"]),
            related_position: s.col(&["related_position"]),
            cross_sells: s.col(&["crosssell_skus"]),
            cross_position: s.col(&["crosssell_position"]),
            upsells: s.col(&["upsell_skus"]),
            up_position: s.col(&["upsell_position"]),
            variations: s.col(&["configurable_variations"]),
            associated: s.col(&["associated_skus"]),
            bundle_values: s.col(&["bundle_values"]),
            bundle_price_type: s.col(&["bundle_price_type"]),
            variation_labels: s.col(&["configurable_variation_labels"]),
            brand: s.col(&["brand", "manufacturer"]),
            gtin: s.col(&["ean", "gtin", "upc", "barcode"]),
            attributes: magento_attrs::attribute_columns(s),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Sold,
    Configurable,
    /// Products sold side by side: a bundle here.
    Grouped,
    /// Products sold together for a price: a bundle here when its content is fixed.
    Bundle,
    /// Not sold at the counter (a gift card, an extension's type, no price):
    /// counted in the summary, and links to it are left out.
    Skipped(String),
}

struct Item {
    kind: Kind,
    row: ProductRow,
    has_category: bool,
    has_brand: bool,
    /// For a configurable product: its variations (item indexes).
    variations: Vec<usize>,
    /// Index into the document's products, for sold items.
    product: Option<usize>,
    /// Related, cross-sell and upsell lists, each with its positions.
    links: [(String, String); 3],
    configurable_variations: String,
    /// The labels of the attributes its variations differ in.
    variation_labels: String,
    /// What a grouped or bundle product holds.
    associated: String,
    bundle_values: String,
}

/// Reads a Magento 2 catalog product export as on `today`.
pub(super) fn read(
    file: &str,
    bytes: &[u8],
    currency: &Currency,
    today: Date,
) -> Result<CatalogDoc, ImportError> {
    let sheet = Sheet::read(file, bytes, ShopSystem::Magento)?;
    let c = Cols::of(&sheet);
    sheet.require(file, ShopSystem::Magento, &[&c.sku, &c.kind, &c.name, &c.price])?;
    let mut r = Reading::new(currency, today, sheet.problems);
    let mut items: Vec<Item> = Vec::new();
    let mut by_sku: HashMap<String, usize> = HashMap::new();
    let mut rows: HashMap<String, &Row> = HashMap::new();
    for row in &sheet.rows {
        if !row.get(&c.store_view).is_empty() {
            r.notes.skip("store-view row (texts for one storefront)");
            continue;
        }
        let item = item(row, &c, &mut r);
        if !item.row.sku.is_empty() {
            by_sku.entry(item.row.sku.clone()).or_insert(items.len());
            rows.entry(item.row.sku.clone()).or_insert(row);
        }
        items.push(item);
    }
    for parent in 0..items.len() {
        if items[parent].kind != Kind::Configurable {
            continue;
        }
        let line = items[parent].row.line;
        for entry in split_escaped(&items[parent].configurable_variations.clone(), '|') {
            let pairs = key_values(&entry);
            let Some((_, sku)) = pairs.iter().find(|(k, _)| k.eq_ignore_ascii_case("sku")) else {
                r.problem(line, &c.variations, format!("`{entry}` names no sku"));
                continue;
            };
            let child = match by_sku.get(sku.as_str()) {
                Some(&ch) if items[ch].kind == Kind::Sold => ch,
                Some(_) => {
                    let msg = format!("`{sku}` is not a simple product");
                    r.problem(line, &c.variations, msg);
                    continue;
                }
                None => {
                    r.problem(line, &c.variations, format!("`{sku}` is not in this file"));
                    continue;
                }
            };
            let from = items[parent].row.clone();
            let labels = magento_attrs::labels(&items[parent].variation_labels);
            let ch = &mut items[child];
            for (k, v) in pairs.iter().filter(|(k, _)| !k.eq_ignore_ascii_case("sku")) {
                // What the variations differ in, by the configurable's label for it.
                let key = magento_attrs::shown_name(k, &labels);
                let plain = title_case(k);
                match ch.row.attributes.iter_mut().find(|(ck, _)| *ck == key || *ck == plain) {
                    Some(slot) => slot.0 = key,
                    None => ch.row.attributes.push((key, v.clone())),
                }
            }
            inherit(&mut ch.row, &from, !ch.has_category, !ch.has_brand);
            if !items[parent].variations.contains(&child) {
                items[parent].variations.push(child);
            }
        }
    }
    let mut doc = CatalogDoc::default();
    for item in items.iter_mut().filter(|it| it.kind == Kind::Sold) {
        item.product = Some(doc.products.len());
        doc.products.push(item.row.clone());
    }
    for item in items.iter().filter(|it| it.kind == Kind::Configurable) {
        let members: Vec<usize> = item.variations.iter().filter_map(|&v| items[v].product).collect();
        make_family(&mut doc.products, &members, &item.row.sku);
    }
    // The SKU a reference stands for: the product, or a configurable's
    // entry-level variation; `None` for one not imported.
    let target = |r: &str| -> Result<Option<String>, String> {
        let item =
            by_sku.get(r).and_then(|&i| items.get(i)).ok_or_else(|| format!("`{r}` is not in this file"))?;
        Ok(match item.kind {
            Kind::Sold => item.product.map(|_| item.row.sku.clone()),
            Kind::Configurable => {
                entry_level(&doc.products, item.variations.iter().map(|&v| items[v].product))
            }
            Kind::Grouped | Kind::Bundle | Kind::Skipped(_) => None,
        })
    };
    let prices: HashMap<&str, Money> = doc.products.iter().map(|p| (p.sku.as_str(), p.price)).collect();
    let bundle_cols = BundleCols {
        price: &c.price,
        price_type: &c.bundle_price_type,
        special: &c.special,
        from: &c.special_from,
        to: &c.special_to,
    };
    let mut bundles = Vec::new();
    for item in items.iter().filter(|it| matches!(it.kind, Kind::Grouped | Kind::Bundle)) {
        let line = item.row.line;
        let (col, selections) = if item.kind == Kind::Grouped {
            let one = |sku: String| Selection { sku, ..Selection::default() };
            (&c.associated, Ok(magento_bundle::associated(&item.associated).into_iter().map(one).collect()))
        } else {
            (
                &c.bundle_values,
                magento_bundle::fixed_content(&item.bundle_values, line, &c.bundle_values, &mut r),
            )
        };
        let selections: Vec<Selection> = match selections {
            Ok(s) => s,
            Err(why) => {
                r.notes.skip(why);
                continue;
            }
        };
        let mut content = Vec::new();
        for s in selections {
            match target(&s.sku) {
                Ok(Some(sku)) => {
                    let price = prices.get(sku.as_str()).copied().unwrap_or_default();
                    content.push((Selection { sku, ..s }, price));
                }
                Ok(None) => {}
                Err(msg) => r.problem(line, col, msg),
            }
        }
        let skus: Vec<String> = content.iter().map(|(s, _)| s.sku.clone()).collect();
        if (1..skus.len()).any(|i| skus[..i].contains(&skus[i])) {
            r.notes.skip("bundle with more than one of a product");
            continue;
        }
        if skus.len() < 2 {
            r.notes.skip("bundle or grouped product of fewer than two products sold here");
            continue;
        }
        let discount = match (item.kind == Kind::Bundle, rows.get(&item.row.sku)) {
            (true, Some(row)) => magento_bundle::discount(row, &bundle_cols, &content, &mut r),
            _ => Money::ZERO,
        };
        bundles.push(bundle(line, &item.row, skus, discount));
    }
    doc.bundles.extend(bundles);
    let lists = [
        (&c.related, &c.related_position),
        (&c.cross_sells, &c.cross_position),
        (&c.upsells, &c.up_position),
    ];
    let mut builder = LinkBuilder::new(ShopSystem::Magento, &doc.products);
    for item in &items {
        let sources: Vec<&str> = match item.kind {
            Kind::Sold => vec![item.row.sku.as_str()],
            Kind::Configurable => item.variations.iter().map(|&v| items[v].row.sku.as_str()).collect(),
            Kind::Grouped | Kind::Bundle | Kind::Skipped(_) => continue,
        };
        let line = item.row.line;
        for (i, ((col, position_col), (list, positions))) in lists.iter().zip(&item.links).enumerate() {
            let refs = ranked(line, list, Some((position_col, positions)), &mut r);
            builder.add(line, &sources, col, &refs, i == 2, &target, &mut r);
        }
    }
    let links = builder.into_links();
    doc.links.extend(links);
    r.finish(file, doc)
}

/// Reads one default-view row.
fn item(row: &Row, c: &Cols, r: &mut Reading<'_>) -> Item {
    let line = row.line;
    let mut kind = match row.get(&c.kind).to_ascii_lowercase().as_str() {
        "simple" | "virtual" | "downloadable" => Kind::Sold,
        "configurable" => Kind::Configurable,
        "grouped" => Kind::Grouped,
        "bundle" => Kind::Bundle,
        "giftcard" => Kind::Skipped("gift card".into()),
        "" => {
            r.problem(line, &c.kind, "no product type");
            Kind::Skipped("product without a type".into())
        }
        t => Kind::Skipped(format!("`{t}` product")),
    };
    let sold = kind == Kind::Sold;
    let mut p = ProductRow { line, name: row.get(&c.name).to_string(), ..ProductRow::default() };
    // A SKU that is refused still names its row, so references to it raise no second problem.
    p.sku = row.get(&c.sku).to_string();
    if let Err(msg) = crate::catalog::toml_format::check_sku(&p.sku) {
        r.problem(line, &c.sku, msg);
    }
    if p.name.is_empty() {
        r.problem(line, &c.name, "empty name");
    }
    p.active = match row.get(&c.online) {
        "" | "1" => true,
        "0" | "2" => false,
        v => {
            r.problem(line, &c.online, format!("`{v}` is not 1 (enabled) or 2 (disabled)"));
            false
        }
    };
    if sold {
        let offer = OfferCols {
            regular: &c.price,
            offer: &c.special,
            from: &c.special_from,
            to: &c.special_to,
            what: "special price",
        };
        if !r.price_into(row, &offer, &mut p) {
            kind = Kind::Skipped("product without a price".into());
        }
        p.cost = r.amount(row, &c.cost); // or `cost=` in additional_attributes, below
        // Out of stock is 0; a quantity counts where Magento manages stock
        // (its own setting, or the store's default, which manages it).
        let managed = !(row.get(&c.use_config_manage_stock) == "0" && row.get(&c.manage_stock) == "0");
        p.stock = if row.get(&c.in_stock) == "0" {
            Some(0)
        } else if managed {
            r.count(row, &c.qty)
        } else {
            None
        };
    }
    p.description = strip_html(row.raw(&c.description));
    let short = strip_html(row.raw(&c.short));
    if !short.is_empty() {
        p.selling_points.push(short);
    }
    let path = magento_path(row.get(&c.categories));
    let has_category = !path.is_empty();
    p.category = category(&path);
    for (key, value) in key_values(row.get(&c.additional)) {
        let value = value.split('|').map(str::trim).filter(|v| !v.is_empty()).collect::<Vec<_>>().join(", ");
        match key.to_ascii_lowercase().as_str() {
            _ if value.is_empty() => {}
            "brand" | "manufacturer" => p.brand = value,
            "ean" | "gtin" | "upc" | "barcode" if sold => {
                p.barcode = r.barcode(line, &c.additional, &format!("{key}: "), &value);
            }
            "cost" if sold => match money(r.currency, &value) {
                Ok(m) => p.cost = Some(m),
                Err(msg) => r.problem(line, &c.additional, format!("cost: {msg}")),
            },
            // Only what describes the product: not Magento's own bookkeeping.
            k if !magento_attrs::customer_facing(k) => {}
            _ => p.attributes.push((title_case(&key), value)),
        }
    }
    if p.brand.is_empty() {
        p.brand = row.get(&c.brand).to_string();
    }
    if sold && p.barcode.is_none() {
        p.barcode = r.barcode(line, &c.gtin, "", row.get(&c.gtin));
    }
    for attr in &c.attributes {
        let value = row
            .get(&attr.col)
            .split([',', '|'])
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        let key = title_case(&attr.code);
        if !value.is_empty() && !p.attributes.iter().any(|(k, _)| *k == key) {
            p.attributes.push((key, value));
        }
    }
    if let Kind::Skipped(why) = &kind {
        r.notes.skip(why);
    }
    Item {
        kind,
        has_brand: !p.brand.is_empty(),
        row: p,
        has_category,
        variations: Vec::new(),
        product: None,
        links: [
            (&c.related, &c.related_position),
            (&c.cross_sells, &c.cross_position),
            (&c.upsells, &c.up_position),
        ]
        .map(|(list, positions)| (row.get(list).to_string(), row.get(positions).to_string())),
        configurable_variations: row.get(&c.variations).to_string(),
        variation_labels: row.get(&c.variation_labels).to_string(),
        associated: row.get(&c.associated).to_string(),
        bundle_values: row.get(&c.bundle_values).to_string(),
    }
}

/// The most specific category of "Default Category/Gear,Default
/// Category/Gear/Bags" without its root: "Gear > Bags".
fn magento_path(categories: &str) -> String {
    let paths = categories.split(',').map(|path| {
        let segments: Vec<&str> = path.split('/').map(str::trim).filter(|s| !s.is_empty()).collect();
        let segments = match segments.as_slice() {
            [only] if *only == ROOT => &[][..],
            [_root, rest @ ..] if !rest.is_empty() => rest,
            all => all,
        };
        segments.join(" > ")
    });
    most_specific(paths).unwrap_or_default()
}

/// `color=Black,storage=256 GB` as pairs; a piece without `=` continues the
/// previous value (a value with a comma in it). Quotes around values are dropped.
pub(super) fn key_values(v: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for piece in v.split(',') {
        match piece.split_once('=') {
            Some((k, val)) if !k.trim().is_empty() => {
                out.push((k.trim().to_string(), val.trim().trim_matches('"').to_string()));
            }
            _ => {
                if let Some((_, val)) = out.last_mut() {
                    val.push(',');
                    val.push_str(piece);
                }
            }
        }
    }
    out
}

/// A variation's missing fields from its configurable product.
fn inherit(v: &mut ProductRow, parent: &ProductRow, category: bool, brand: bool) {
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
    v.active &= parent.active;
    for (k, val) in &parent.attributes {
        if !v.attributes.iter().any(|(vk, _)| vk == k) {
            v.attributes.push((k.clone(), val.clone()));
        }
    }
}
