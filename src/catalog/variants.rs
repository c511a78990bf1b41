//! Variants told apart in a list: when several listed products are one
//! family (or share one name), what tells each from the others — the end of
//! its name after the words they share, or the specs that differ among them
//! (storage, colour, size). Worked out once per list, so drawing a row only
//! picks what fits.

use std::collections::HashMap;

use super::{Catalog, ProductIdx};

/// How one listed product differs from the others of its group.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Variant {
    /// The words the group's names start with ("Aurora X5"); may be cut to fit.
    pub stem: String,
    /// What follows the stem and tells this one apart, with its separator
    /// (" 128 GB", or " · Black" for names that are the same): never cut.
    /// The stem and this are the whole name (and the specs, for the same names).
    pub tell: String,
    /// Specs that differ within the group and that the name does not say
    /// (" · Memory 8 GB"), shown after the whole name when there is room.
    pub extra: String,
    /// The display width of the name's start up to the last word that tells
    /// it apart ("Harbor Quiet 500" of "Harbor Quiet 500 Headphones"): a name
    /// cut after it still tells. `usize::MAX` when the name alone cannot.
    pub told_within: usize,
}

/// At most this many specs in `extra`.
const EXTRA_SPECS: usize = 2;

/// For each product of `shown` (a list's rows, in order), how it differs from
/// the others of its family or name among them; `None` for one alone.
pub fn tell_apart(catalog: &Catalog, shown: &[ProductIdx]) -> Vec<Option<Variant>> {
    let mut groups: HashMap<String, Vec<usize>> = HashMap::new();
    for (row, &p) in shown.iter().enumerate() {
        let product = catalog.product(p);
        let key = match &product.family {
            Some(f) => format!("f:{f}"),
            None => format!("n:{}", product.name.to_lowercase()),
        };
        groups.entry(key).or_default().push(row);
    }
    let mut out = vec![None; shown.len()];
    for rows in groups.values().filter(|rows| rows.len() > 1) {
        let members: Vec<ProductIdx> = rows.iter().map(|&r| shown[r]).collect();
        for (&row, variant) in rows.iter().zip(group(catalog, &members)) {
            out[row] = Some(variant);
        }
    }
    out
}

/// The variants of one group of two or more products.
fn group(catalog: &Catalog, members: &[ProductIdx]) -> Vec<Variant> {
    let products: Vec<&super::Product> = members.iter().map(|&p| catalog.product(p)).collect();
    // The attribute keys whose values differ within the group, in display order.
    let mut keys: Vec<&str> = Vec::new();
    for p in &products {
        for (k, _) in &p.attributes {
            if !keys.contains(&k.as_str()) {
                keys.push(k);
            }
        }
    }
    keys.retain(|k| products.iter().any(|p| p.attribute(k) != products[0].attribute(k)));
    let (told_by, specs) = telling_specs(&products, &keys);
    // The words every name starts with.
    let words: Vec<Vec<&str>> = products.iter().map(|p| p.name.split(' ').collect()).collect();
    let shared = (0..words[0].len())
        .take_while(|&i| words.iter().all(|w| w.len() > i && w[i].eq_ignore_ascii_case(words[0][i])))
        .count();
    // The words every name ends with, after the shared start.
    let shortest = words.iter().map(Vec::len).min().unwrap_or(0);
    fn last<'a>(w: &[&'a str], i: usize) -> &'a str {
        w[w.len() - 1 - i]
    }
    let ending = (0..shortest.saturating_sub(shared))
        .take_while(|&i| words.iter().all(|w| last(w, i).eq_ignore_ascii_case(last(&words[0], i))))
        .count();
    products
        .iter()
        .zip(&words)
        .zip(&specs)
        .map(|((p, w), specs)| {
            let same_name = products.iter().filter(|o| o.name.eq_ignore_ascii_case(&p.name)).count() > 1;
            let tail = w[shared.min(w.len())..].join(" ");
            let mut tell = String::new();
            if !tail.is_empty() {
                if shared > 0 {
                    tell.push(' ');
                }
                tell.push_str(&tail);
            }
            if same_name && !specs.is_empty() {
                tell.push_str(" · ");
                tell.push_str(specs);
            }
            let name = p.name.to_lowercase();
            let mut extra = String::new();
            // The specs the name does not say (nor the tell, for the same names).
            let unsaid = |k: &&&str| {
                !(same_name && told_by.contains(*k))
                    && p.attribute(k).is_some_and(|v| !says(&name, &v.to_lowercase()))
            };
            for k in keys.iter().filter(unsaid) {
                if extra.matches(" · ").count() == EXTRA_SPECS {
                    break;
                }
                extra.push_str(" · ");
                extra.push_str(k);
                extra.push(' ');
                extra.push_str(p.attribute(k).unwrap_or_default());
            }
            let stem = if shared == 0 { String::new() } else { w[..shared].join(" ") };
            let told_within = match same_name {
                true => usize::MAX,
                false => unicode_width::UnicodeWidthStr::width(w[..w.len() - ending].join(" ").as_str()),
            };
            Variant { stem, tell, extra, told_within }
        })
        .collect()
}

/// Whether `name` holds `value` as whole words ("128 gb" holds "128 gb", not "8 gb").
fn says(name: &str, value: &str) -> bool {
    let edge = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    !value.is_empty()
        && name.match_indices(value).any(|(at, _)| {
            edge(name[..at].chars().next_back()) && edge(name[at + value.len()..].chars().next())
        })
}

/// The fewest differing specs (in order) that tell the products apart, and
/// each product's values of them, "128 GB · Black".
fn telling_specs<'k>(products: &[&super::Product], keys: &[&'k str]) -> (Vec<&'k str>, Vec<String>) {
    let mut chosen: Vec<&str> = Vec::new();
    let distinct = |chosen: &[&str]| {
        let mut seen: Vec<Vec<Option<&str>>> =
            products.iter().map(|p| chosen.iter().map(|k| p.attribute(k)).collect()).collect();
        seen.sort();
        seen.dedup();
        seen.len()
    };
    let mut have = 1;
    for k in keys {
        if have == products.len() {
            break;
        }
        chosen.push(k);
        let now = distinct(&chosen);
        if now > have {
            have = now;
        } else {
            chosen.pop();
        }
    }
    let values = products
        .iter()
        .map(|p| chosen.iter().filter_map(|k| p.attribute(k)).collect::<Vec<_>>().join(" · "))
        .collect();
    (chosen, values)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Category, CategoryIdx, Product};

    fn product(sku: &str, name: &str, family: Option<&str>, attrs: &[(&str, &str)]) -> Product {
        Product {
            sku: sku.into(),
            name: name.into(),
            family: family.map(Into::into),
            category: CategoryIdx::new(0),
            attributes: attrs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            active: true,
            ..Product::default()
        }
    }

    fn catalog() -> Catalog {
        let products = vec![
            product("X5-128", "Aurora X5 128 GB", Some("x5"), &[("Storage", "128 GB"), ("Memory", "8 GB")]),
            product("X5-256", "Aurora X5 256 GB", Some("x5"), &[("Storage", "256 GB"), ("Memory", "8 GB")]),
            product("X5-512", "Aurora X5 512 GB", Some("x5"), &[("Storage", "512 GB"), ("Memory", "12 GB")]),
            product("HP-BLK", "Harbor Studio Headphones", None, &[("Colour", "Black"), ("Weight", "250 g")]),
            product("HP-BLU", "Harbor Studio Headphones", None, &[("Colour", "Blue"), ("Weight", "250 g")]),
            product("HP-RED", "Harbor Studio Headphones", None, &[("Colour", "Red"), ("Weight", "250 g")]),
            product("CASE", "Clear Case", None, &[("Colour", "Clear")]),
        ];
        let categories = vec![Category { path: "All".into(), parent: None }];
        Catalog::new(categories, products, vec![], vec![], vec![])
    }

    fn ix(c: &Catalog, sku: &str) -> ProductIdx {
        c.by_sku(sku).unwrap()
    }

    #[test]
    fn a_family_is_told_apart_by_the_end_of_its_names_and_by_the_specs_the_names_leave_out() {
        let c = catalog();
        let shown = ["X5-128", "CASE", "X5-256", "X5-512"].map(|s| ix(&c, s));
        let v = tell_apart(&c, &shown);
        assert_eq!(v[1], None, "alone in its group");
        let v: Vec<Variant> = v.into_iter().flatten().collect();
        assert_eq!(v.iter().map(|v| v.stem.as_str()).collect::<Vec<_>>(), ["Aurora X5"; 3]);
        assert_eq!(v.iter().map(|v| v.tell.as_str()).collect::<Vec<_>>(), [" 128 GB", " 256 GB", " 512 GB"]);
        assert_eq!(
            v.iter().map(|v| v.extra.as_str()).collect::<Vec<_>>(),
            [" · Memory 8 GB", " · Memory 8 GB", " · Memory 12 GB"]
        );
        // "GB" ends every name: "Aurora X5 128" tells this one apart.
        assert_eq!(v[0].told_within, "Aurora X5 128".len());
    }

    #[test]
    fn the_same_name_is_told_apart_by_the_fewest_specs_that_differ() {
        let c = catalog();
        let shown = ["HP-BLK", "HP-BLU", "HP-RED"].map(|s| ix(&c, s));
        let v: Vec<Variant> = tell_apart(&c, &shown).into_iter().flatten().collect();
        assert_eq!(v.len(), 3);
        assert_eq!(v[0].stem, "Harbor Studio Headphones");
        assert_eq!(v.iter().map(|v| v.tell.as_str()).collect::<Vec<_>>(), [" · Black", " · Blue", " · Red"]);
        assert_eq!(v[2].extra, "", "the colour is told already; the weight is the same");
        assert_eq!(v[2].told_within, usize::MAX, "the name alone never tells");
    }

    #[test]
    fn one_of_a_family_listed_alone_is_not_a_variant() {
        let c = catalog();
        assert_eq!(tell_apart(&c, &[ix(&c, "X5-128"), ix(&c, "HP-BLK")]), vec![None, None]);
        assert!(tell_apart(&c, &[]).is_empty());
    }
}
