//! counterpart's native catalog TOML: everything — categories, products with
//! attributes and selling points, links, category links and bundles. See
//! `assets/demo_catalog.toml` for a full example.

use std::fmt::Write as _;

use serde::Deserialize;
use toml::Spanned;

use super::doc::{
    BundleRow, CatalogDoc, CategoryLinkRow, ImportError, Lines, LinkRow, Problem, ProductRow, line_of, utf8,
};
use super::{Catalog, LinkKind, normalize_path};
use crate::money::{Currency, Money};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDoc {
    #[serde(default)]
    category: Vec<Spanned<CategoryDoc>>,
    #[serde(default)]
    product: Vec<Spanned<ProductDoc>>,
    #[serde(default)]
    link: Vec<Spanned<LinkDoc>>,
    #[serde(default)]
    category_link: Vec<Spanned<CategoryLinkDoc>>,
    #[serde(default)]
    bundle: Vec<Spanned<BundleDoc>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoryDoc {
    path: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProductDoc {
    sku: Spanned<String>,
    barcode: Option<Spanned<String>>,
    name: String,
    #[serde(default)]
    brand: String,
    category: Spanned<String>,
    family: Option<String>,
    tier: Option<Spanned<i64>>,
    price: Spanned<String>,
    cost: Option<Spanned<String>>,
    was_price: Option<Spanned<String>>,
    stock: Option<i64>,
    #[serde(default = "yes")]
    active: bool,
    #[serde(default)]
    description: String,
    #[serde(default)]
    selling_points: Vec<String>,
    role: Option<String>,
    cover_min: Option<Spanned<String>>,
    cover_max: Option<Spanned<String>>,
    #[serde(default)]
    attributes: toml::Table,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LinkDoc {
    from: String,
    to: String,
    kind: Spanned<String>,
    priority: Option<Spanned<i64>>,
    #[serde(default)]
    talking_point: String,
    source: Option<String>,
}

/// The priority of a link or category link that gives none.
const LINK_PRIORITY: i64 = 50;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoryLinkDoc {
    from: String,
    to: String,
    priority: Option<Spanned<i64>>,
    #[serde(default)]
    talking_point: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BundleDoc {
    code: String,
    name: String,
    items: Vec<String>,
    #[serde(default)]
    discount: Option<Spanned<String>>,
    #[serde(default)]
    talking_point: String,
}

/// The longest SKU, in characters (Magento's limit too).
pub const SKU_MAX: usize = 64;

/// A SKU is 1–64 characters, none of them a control character, with no
/// space at either end. Spaces, commas and any other printable character
/// are fine: Magento accepts them ("Configurable 1-Option 1").
pub fn check_sku(v: &str) -> Result<String, String> {
    if v.is_empty() {
        return Err("empty SKU".into());
    }
    if v.chars().count() > SKU_MAX || v.chars().any(char::is_control) || v.trim() != v {
        return Err(format!(
            "`{v}` is not a SKU (1-{SKU_MAX} characters, no control characters or spaces at either end)"
        ));
    }
    Ok(v.to_string())
}

/// Reads a catalog TOML file.
pub fn read(file: &str, bytes: &[u8], currency: &Currency) -> Result<CatalogDoc, ImportError> {
    let text = utf8(file, bytes)?;
    let fail = |problems: Vec<Problem>| ImportError::new(file, problems);
    let parsed: FileDoc = toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(1, |s| line_of(text, s.start));
        let msg = e.message().trim().replace('\n', " ");
        fail(vec![Problem::line(line, msg)])
    })?;
    let mut doc = CatalogDoc::default();
    let mut problems = Vec::new();
    // Every problem names the line of the value it is about.
    let lines = Lines::new(text.as_bytes());
    let at = |span: std::ops::Range<usize>| lines.line_of(span.start);
    let money =
        |field: &str, v: &Spanned<String>, problems: &mut Vec<Problem>| match currency.parse(v.get_ref()) {
            Ok(m) if m.0 >= 0 => m,
            Ok(_) => {
                problems.push(Problem::at(at(v.span()), field, format!("`{}` is negative", v.get_ref())));
                Money::ZERO
            }
            Err(e) => {
                problems.push(Problem::at(at(v.span()), field, e.to_string()));
                Money::ZERO
            }
        };
    for c in parsed.category {
        let line = at(c.span());
        let path = normalize_path(&c.get_ref().path);
        if path.is_empty() {
            problems.push(Problem::at(line, "path", "empty category path"));
        }
        doc.categories.push((line, path));
    }
    for p in parsed.product {
        let line = at(p.span());
        let p = p.into_inner();
        let sku = check_sku(p.sku.get_ref()).unwrap_or_else(|e| {
            problems.push(Problem::at(at(p.sku.span()), "sku", e));
            p.sku.get_ref().clone()
        });
        let barcode = p.barcode.as_ref().filter(|b| !b.get_ref().is_empty()).and_then(|b| {
            crate::barcode::normalize(b.get_ref())
                .map_err(|e| problems.push(Problem::at(at(b.span()), "barcode", e.to_string())))
                .ok()
        });
        let cover = match (&p.cover_min, &p.cover_max) {
            (Some(lo), Some(hi)) => {
                Some((money("cover_min", lo, &mut problems), money("cover_max", hi, &mut problems)))
            }
            (None, None) => None,
            (Some(one), None) | (None, Some(one)) => {
                problems.push(Problem::at(
                    at(one.span()),
                    "cover_max",
                    "give both cover_min and cover_max, or neither",
                ));
                None
            }
        };
        if let Some(t) = p.tier.as_ref().filter(|t| *t.get_ref() < 0) {
            problems.push(Problem::at(at(t.span()), "tier", "a tier is 0 or more"));
        }
        let attributes = p
            .attributes
            .into_iter()
            .map(|(k, v)| match v {
                toml::Value::String(s) => (k, s),
                other => (k, other.to_string()),
            })
            .collect();
        let category = normalize_path(p.category.get_ref());
        if category.is_empty() {
            problems.push(Problem::at(at(p.category.span()), "category", "empty category"));
        }
        doc.products.push(ProductRow {
            line,
            sku,
            barcode,
            name: p.name,
            brand: p.brand,
            category,
            family: p.family.filter(|f| !f.is_empty()),
            tier: p.tier.map(Spanned::into_inner),
            price: money("price", &p.price, &mut problems),
            cost: p.cost.map(|c| money("cost", &c, &mut problems)),
            stock: p.stock,
            was_price: p.was_price.map(|w| money("was_price", &w, &mut problems)),
            active: p.active,
            description: p.description,
            selling_points: p.selling_points,
            role: p.role.filter(|r| !r.is_empty()),
            cover,
            attributes,
        });
    }
    let priority = |p: Option<Spanned<i64>>, problems: &mut Vec<Problem>| match p {
        None => LINK_PRIORITY,
        Some(p) => {
            if !(0..=100).contains(p.get_ref()) {
                problems.push(Problem::at(at(p.span()), "priority", "priority runs from 0 to 100"));
            }
            p.into_inner()
        }
    };
    for l in parsed.link {
        let line = at(l.span());
        let l = l.into_inner();
        let Some(kind) = LinkKind::parse(l.kind.get_ref()) else {
            problems.push(Problem::at(
                at(l.kind.span()),
                "kind",
                format!("`{}` is not complement, upgrade or substitute", l.kind.get_ref()),
            ));
            continue;
        };
        doc.links.push(LinkRow {
            line,
            from: l.from,
            to: l.to,
            kind,
            priority: priority(l.priority, &mut problems),
            talking_point: l.talking_point,
            source: l.source.unwrap_or_else(|| "curated".into()),
        });
    }
    for cl in parsed.category_link {
        let line = at(cl.span());
        let cl = cl.into_inner();
        doc.category_links.push(CategoryLinkRow {
            line,
            from: normalize_path(&cl.from),
            to: normalize_path(&cl.to),
            priority: priority(cl.priority, &mut problems),
            talking_point: cl.talking_point,
        });
    }
    for b in parsed.bundle {
        let line = at(b.span());
        let b = b.into_inner();
        let discount = b.discount.map_or(Money::ZERO, |d| money("discount", &d, &mut problems));
        doc.bundles.push(BundleRow {
            line,
            code: b.code,
            name: b.name,
            items: b.items,
            discount,
            talking_point: b.talking_point,
        });
    }
    if problems.is_empty() { Ok(doc) } else { Err(fail(problems)) }
}

fn q(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// Writes the whole catalog as TOML in a canonical order (categories by path,
/// products by SKU, links by from/kind/to, bundles by code).
pub fn write(catalog: &Catalog, currency: &Currency) -> String {
    let mut out = String::from("# counterpart catalog\n");
    let mut cats: Vec<&str> = catalog.categories.iter().map(|c| c.path.as_str()).collect();
    cats.sort();
    for c in cats {
        let _ = write!(out, "\n[[category]]\npath = {}\n", q(c));
    }
    let mut products: Vec<&super::Product> = catalog.products.iter().collect();
    products.sort_by(|a, b| a.sku.cmp(&b.sku));
    for p in products {
        let _ = write!(out, "\n[[product]]\nsku = {}\n", q(&p.sku));
        if let Some(b) = &p.barcode {
            let _ = writeln!(out, "barcode = {}", q(crate::barcode::display(b)));
        }
        let _ = writeln!(out, "name = {}\nbrand = {}", q(&p.name), q(&p.brand));
        let _ = writeln!(out, "category = {}", q(catalog.category_path(p.category)));
        if let Some(f) = &p.family {
            let _ = writeln!(out, "family = {}", q(f));
        }
        if let Some(t) = p.tier {
            let _ = writeln!(out, "tier = {t}");
        }
        let _ = writeln!(out, "price = {}", q(&currency.plain(p.price)));
        if let Some(was) = p.was_price {
            let _ = writeln!(out, "was_price = {}", q(&currency.plain(was)));
        }
        if let Some(cost) = p.cost {
            let _ = writeln!(out, "cost = {}", q(&currency.plain(cost)));
        }
        if !p.stock_unknown {
            let _ = writeln!(out, "stock = {}", p.stock);
        }
        let _ = writeln!(out, "active = {}\ndescription = {}", p.active, q(&p.description));
        let points: Vec<String> = p.selling_points.iter().map(|s| q(s)).collect();
        let _ = writeln!(out, "selling_points = [{}]", points.join(", "));
        if let Some(r) = &p.role {
            let _ = writeln!(out, "role = {}", q(r));
        }
        if let Some((lo, hi)) = p.cover {
            let _ = writeln!(
                out,
                "cover_min = {}\ncover_max = {}",
                q(&currency.plain(lo)),
                q(&currency.plain(hi))
            );
        }
        let attrs: Vec<String> = p.attributes.iter().map(|(k, v)| format!("{} = {}", key(k), q(v))).collect();
        let _ = writeln!(out, "attributes = {{ {} }}", attrs.join(", "));
    }
    let mut links: Vec<&super::Link> = catalog.links.iter().collect();
    let sku = |i: super::ProductIdx| catalog.product(i).sku.as_str();
    links.sort_by(|a, b| (sku(a.from), a.kind, sku(a.to)).cmp(&(sku(b.from), b.kind, sku(b.to))));
    for l in links {
        let _ = write!(
            out,
            "\n[[link]]\nfrom = {}\nto = {}\nkind = {}\npriority = {}\ntalking_point = {}\nsource = {}\n",
            q(sku(l.from)),
            q(sku(l.to)),
            q(l.kind.as_str()),
            l.priority,
            q(&l.talking_point),
            q(&l.source)
        );
    }
    let mut cls: Vec<&super::CategoryLink> = catalog.category_links.iter().collect();
    let path = |c: super::CategoryIdx| catalog.category_path(c);
    cls.sort_by(|a, b| (path(a.from), path(a.to)).cmp(&(path(b.from), path(b.to))));
    for cl in cls {
        let _ = write!(
            out,
            "\n[[category_link]]\nfrom = {}\nto = {}\npriority = {}\ntalking_point = {}\n",
            q(path(cl.from)),
            q(path(cl.to)),
            cl.priority,
            q(&cl.talking_point)
        );
    }
    let mut bundles: Vec<&super::Bundle> = catalog.bundles.iter().collect();
    bundles.sort_by(|a, b| a.code.cmp(&b.code));
    for b in bundles {
        let items: Vec<String> = b.items.iter().map(|&i| q(sku(i))).collect();
        let _ = write!(
            out,
            "\n[[bundle]]\ncode = {}\nname = {}\nitems = [{}]\ndiscount = {}\ntalking_point = {}\n",
            q(&b.code),
            q(&b.name),
            items.join(", "),
            q(&currency.plain(b.discount)),
            q(&b.talking_point)
        );
    }
    out
}

/// A bare TOML key when possible, else a quoted one.
fn key(k: &str) -> String {
    if !k.is_empty() && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
        k.to_string()
    } else {
        q(k)
    }
}
