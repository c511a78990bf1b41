//! counterpart's native catalog TOML: everything — categories, products with
//! attributes and selling points, links, category links and bundles. See
//! `assets/demo_catalog.toml` for a full example.

use std::fmt::Write as _;

use serde::Deserialize;
use toml::Spanned;

use super::doc::{
    BundleRow, CatalogDoc, CategoryLinkRow, ImportError, LinkRow, Problem, ProductRow, line_of, utf8,
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
    sku: String,
    barcode: Option<String>,
    name: String,
    #[serde(default)]
    brand: String,
    category: String,
    family: Option<String>,
    tier: Option<i64>,
    price: String,
    cost: Option<String>,
    #[serde(default)]
    stock: i64,
    #[serde(default = "yes")]
    active: bool,
    #[serde(default)]
    description: String,
    #[serde(default)]
    selling_points: Vec<String>,
    role: Option<String>,
    cover_min: Option<String>,
    cover_max: Option<String>,
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
    kind: String,
    #[serde(default = "mid")]
    priority: i64,
    #[serde(default)]
    talking_point: String,
    source: Option<String>,
}

fn mid() -> i64 {
    50
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoryLinkDoc {
    from: String,
    to: String,
    #[serde(default = "mid")]
    priority: i64,
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
    discount: Option<String>,
    #[serde(default)]
    talking_point: String,
}

/// A SKU is 1–64 printable characters without spaces or commas.
pub fn check_sku(v: &str) -> Result<String, String> {
    if v.is_empty() {
        return Err("empty SKU".into());
    }
    if v.len() > 64 || v.chars().any(|c| c.is_whitespace() || c.is_control() || c == ',') {
        return Err(format!("`{v}` is not a SKU (1-64 characters, no spaces or commas)"));
    }
    Ok(v.to_string())
}

/// Reads a catalog TOML file.
pub fn read(file: &str, bytes: &[u8], currency: &Currency) -> Result<CatalogDoc, ImportError> {
    let text = utf8(file, bytes)?;
    let fail = |problems: Vec<Problem>| ImportError { file: file.to_string(), problems };
    let parsed: FileDoc = toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(1, |s| line_of(text, s.start));
        let msg = e.message().trim().replace('\n', " ");
        fail(vec![Problem::line(line, msg)])
    })?;
    let mut doc = CatalogDoc::default();
    let mut problems = Vec::new();
    let money = |line: usize, field: &str, v: &str, problems: &mut Vec<Problem>| match currency.parse(v) {
        Ok(m) if m.0 >= 0 => m,
        Ok(_) => {
            problems.push(Problem::at(line, field, format!("`{v}` is negative")));
            Money::ZERO
        }
        Err(e) => {
            problems.push(Problem::at(line, field, e.to_string()));
            Money::ZERO
        }
    };
    for c in parsed.category {
        let line = line_of(text, c.span().start);
        let path = normalize_path(&c.get_ref().path);
        if path.is_empty() {
            problems.push(Problem::at(line, "path", "empty category path"));
        }
        doc.categories.push((line, path));
    }
    for p in parsed.product {
        let line = line_of(text, p.span().start);
        let p = p.into_inner();
        let sku = check_sku(&p.sku).unwrap_or_else(|e| {
            problems.push(Problem::at(line, "sku", e));
            p.sku.clone()
        });
        let barcode = p.barcode.as_deref().filter(|b| !b.is_empty()).and_then(|b| {
            crate::barcode::normalize(b)
                .map_err(|e| problems.push(Problem::at(line, "barcode", e.to_string())))
                .ok()
        });
        let cover = match (&p.cover_min, &p.cover_max) {
            (Some(lo), Some(hi)) => Some((
                money(line, "cover_min", lo, &mut problems),
                money(line, "cover_max", hi, &mut problems),
            )),
            (None, None) => None,
            _ => {
                problems.push(Problem::at(
                    line,
                    "cover_max",
                    "give both cover_min and cover_max, or neither",
                ));
                None
            }
        };
        if p.tier.is_some_and(|t| t < 0) {
            problems.push(Problem::at(line, "tier", "a tier is 0 or more"));
        }
        let attributes = p
            .attributes
            .into_iter()
            .map(|(k, v)| match v {
                toml::Value::String(s) => (k, s),
                other => (k, other.to_string()),
            })
            .collect();
        let category = normalize_path(&p.category);
        if category.is_empty() {
            problems.push(Problem::at(line, "category", "empty category"));
        }
        doc.products.push(ProductRow {
            line,
            sku,
            barcode,
            name: p.name,
            brand: p.brand,
            category,
            family: p.family.filter(|f| !f.is_empty()),
            tier: p.tier,
            price: money(line, "price", &p.price, &mut problems),
            cost: p.cost.map_or(Money::ZERO, |c| money(line, "cost", &c, &mut problems)),
            stock: p.stock,
            active: p.active,
            description: p.description,
            selling_points: p.selling_points,
            role: p.role.filter(|r| !r.is_empty()),
            cover,
            attributes,
        });
    }
    for l in parsed.link {
        let line = line_of(text, l.span().start);
        let l = l.into_inner();
        let Some(kind) = LinkKind::parse(&l.kind) else {
            problems.push(Problem::at(
                line,
                "kind",
                format!("`{}` is not complement, upgrade or substitute", l.kind),
            ));
            continue;
        };
        if !(0..=100).contains(&l.priority) {
            problems.push(Problem::at(line, "priority", "priority runs from 0 to 100"));
        }
        doc.links.push(LinkRow {
            line,
            from: l.from,
            to: l.to,
            kind,
            priority: l.priority,
            talking_point: l.talking_point,
            source: l.source.unwrap_or_else(|| "curated".into()),
        });
    }
    for cl in parsed.category_link {
        let line = line_of(text, cl.span().start);
        let cl = cl.into_inner();
        if !(0..=100).contains(&cl.priority) {
            problems.push(Problem::at(line, "priority", "priority runs from 0 to 100"));
        }
        doc.category_links.push(CategoryLinkRow {
            line,
            from: normalize_path(&cl.from),
            to: normalize_path(&cl.to),
            priority: cl.priority,
            talking_point: cl.talking_point,
        });
    }
    for b in parsed.bundle {
        let line = line_of(text, b.span().start);
        let b = b.into_inner();
        let discount = b.discount.map_or(Money::ZERO, |d| money(line, "discount", &d, &mut problems));
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
        let _ =
            writeln!(out, "price = {}\ncost = {}", q(&currency.plain(p.price)), q(&currency.plain(p.cost)));
        let _ =
            writeln!(out, "stock = {}\nactive = {}\ndescription = {}", p.stock, p.active, q(&p.description));
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
