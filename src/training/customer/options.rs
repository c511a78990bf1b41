//! The talking points a trainee chooses from: the right one and two wrong
//! ones the catalog says about other products.

use crate::catalog::{Catalog, ProductIdx};
use crate::rng::Rng;

/// How many products each pool of [`distractors`] draws from.
const DRAWS: usize = 64;

/// Two wrong talking points for `p`: texts the catalog says about other
/// products (selling points, and the talking points of links to them),
/// drawn first from products of the same department on another shelf (a
/// screen protector's point for a case), then from anywhere; never the right
/// text, nothing the catalog says about `p` itself, never one text twice.
/// A bounded number of draws, so a big catalog costs the same.
pub(super) fn distractors(catalog: &Catalog, p: ProductIdx, right: &str, rng: &mut Rng) -> [String; 2] {
    let product = catalog.product(p);
    let same = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
    let texts_of = |q: ProductIdx| {
        let product = catalog.product(q);
        product
            .selling_points
            .iter()
            .map(String::as_str)
            .chain(catalog.links_to(q).map(|l| l.talking_point.as_str()))
    };
    let own: Vec<&str> = texts_of(p).collect();
    let usable = |t: &str| !t.trim().is_empty() && !same(t, right) && !own.iter().any(|o| same(o, t));
    let mut home = product.category;
    for _ in 0..64 {
        match catalog.category(home).parent {
            Some(parent) => home = parent,
            None => break,
        }
    }
    let n = catalog.products.len();
    let mut out: Vec<String> = Vec::with_capacity(2);
    // The department's products, then the whole catalog (`None`).
    for pool in [Some(catalog.in_category(home)), None] {
        let size = pool.map_or(n, <[ProductIdx]>::len);
        let mut texts: Vec<&str> = Vec::new();
        for _ in 0..DRAWS.min(size * 4) {
            let i = rng.below(size);
            let q = pool.map_or(ProductIdx::new(i), |pool| pool[i]);
            if q == p || catalog.product(q).category == product.category {
                continue;
            }
            for t in texts_of(q) {
                if usable(t) && !texts.iter().any(|x| same(x, t)) && !out.iter().any(|o| same(o, t)) {
                    texts.push(t);
                }
            }
        }
        while out.len() < 2 && !texts.is_empty() {
            let t = texts.swap_remove(rng.below(texts.len()));
            out.push(t.to_string());
        }
    }
    // A catalog with almost nothing written about its products.
    for filler in [
        "It's the best-selling item in the shop.",
        "It comes with a lifetime guarantee.",
        "It's made here in town.",
    ] {
        if out.len() < 2 && usable(filler) && !out.iter().any(|o| same(o, filler)) {
            out.push(filler.to_string());
        }
    }
    [out[0].clone(), out[1].clone()]
}
