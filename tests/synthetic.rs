//! The synthetic catalog generator: it imports cleanly, is deterministic for a
//! seed, copes with tiny sizes and has the shape the suggestion engine needs.

use std::collections::{HashMap, HashSet};

use counterpart::catalog::LinkKind;
use counterpart::store::Store;
use counterpart::synthetic::{generate, write_into};

fn fresh_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("x.db")).unwrap();
    (dir, store)
}

#[test]
fn two_thousand_products_import_cleanly_with_families_links_and_bundles() {
    let (_dir, mut store) = fresh_store();
    let doc = generate(2000, 7);
    let summary = store.import("synthetic:2000", &doc, false).unwrap();
    assert_eq!(summary.products_added, 2000);
    assert_eq!(summary.links, doc.links.len());
    assert_eq!(summary.bundles, doc.bundles.len());
    assert!(store.check().unwrap().is_empty());
    assert_eq!(store.product_count().unwrap(), 2000);

    let cat = store.load_catalog().unwrap();
    assert_eq!(cat.products.len(), 2000);
    let families: HashSet<&str> = cat.products.iter().filter_map(|p| p.family.as_deref()).collect();
    assert!(families.len() > 50, "only {} families", families.len());
    for f in &families {
        let members = cat.family(f);
        assert!((2..=4).contains(&members.len()), "family {f} has {}", members.len());
        let tiers: Vec<i64> = members.iter().map(|&i| cat.product(i).tier.unwrap()).collect();
        assert_eq!(tiers, (1..=members.len() as i64).collect::<Vec<_>>());
    }
    let in_family = cat.products.iter().filter(|p| p.family.is_some()).count();
    let accessories = cat.products.iter().filter(|p| p.role.is_some()).count();
    let mains = 2000 - accessories;
    assert!(
        in_family * 100 / mains >= 35 && in_family * 100 / mains <= 65,
        "{in_family} of {mains} in families"
    );
    assert!((700..=900).contains(&accessories), "{accessories} accessories and services");

    let count = |k: LinkKind| cat.links.iter().filter(|l| l.kind == k).count();
    assert!(count(LinkKind::Upgrade) > 50);
    assert!(count(LinkKind::Complement) >= 2 * mains * 9 / 10);
    assert!(count(LinkKind::Substitute) > 20);
    assert_eq!(cat.bundles.len(), 10);
    assert!(!cat.category_links.is_empty());

    // Every main product has 2-6 complements, and a family member always gets
    // an accessory made for its family when the catalog has one.
    let fitted: HashSet<&str> =
        cat.products.iter().filter_map(|p| p.role.as_deref()?.split_once(':').map(|(_, f)| f)).collect();
    let (mut could, mut did) = (0, 0);
    for (i, p) in cat.products.iter().enumerate().filter(|(_, p)| p.role.is_none()) {
        let comps: Vec<_> = cat.links_from(i).filter(|l| l.kind == LinkKind::Complement).collect();
        assert!((2..=6).contains(&comps.len()), "{} has {} complements", p.sku, comps.len());
        if let Some(f) = p.family.as_deref().filter(|f| fitted.contains(f)) {
            could += 1;
            let suffix = format!(":{f}");
            if comps.iter().any(|l| cat.product(l.to).role.as_deref().is_some_and(|r| r.ends_with(&suffix))) {
                did += 1;
            }
        }
    }
    assert!(could > 100, "only {could} family members have fitting accessories");
    assert_eq!(did, could, "family members offered an accessory made for them");

    // Category links go from a department to an accessory or service category.
    for cl in &cat.category_links {
        assert!(cat.categories[cl.from].parent.is_none());
        let to = cat.category_path(cl.to);
        assert!(to.starts_with("Accessories > ") || to.starts_with("Services > "), "{to}");
        assert!(!cl.talking_point.is_empty());
    }
}

#[test]
fn every_product_row_is_well_formed() {
    let doc = generate(5000, 11);
    assert_eq!(doc.products.len(), 5000);
    let mut skus = HashSet::new();
    let mut barcodes = HashSet::new();
    let (mut zero_stock, mut inactive) = (0, 0);
    for (i, p) in doc.products.iter().enumerate() {
        assert_eq!(p.line, i + 1);
        assert!(skus.insert(p.sku.clone()), "duplicate {}", p.sku);
        assert!(p.sku.starts_with("SYN-"));
        let b = p.barcode.as_deref().expect("every product has a barcode");
        assert_eq!(b.len(), 14);
        assert_eq!(counterpart::barcode::normalize(counterpart::barcode::display(b)).unwrap(), b);
        assert_eq!(counterpart::barcode::display(b).len(), 13, "EAN-13");
        assert!(barcodes.insert(b.to_string()));
        assert!((500..=300_000).contains(&p.price.0), "{} costs {}", p.sku, p.price.0);
        assert!(p.cost.0 * 100 >= p.price.0 * 50 - 100 && p.cost.0 * 100 <= p.price.0 * 80, "{}", p.sku);
        assert!((0..=80).contains(&p.stock));
        zero_stock += usize::from(p.stock == 0);
        inactive += usize::from(!p.active);
        assert!((3..=6).contains(&p.attributes.len()), "{} has {} attributes", p.sku, p.attributes.len());
        let keys: HashSet<&str> = p.attributes.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys.len(), p.attributes.len(), "{} repeats an attribute", p.sku);
        assert!((1..=2).contains(&p.selling_points.len()));
        assert!(!p.name.is_empty() && !p.brand.is_empty() && !p.description.is_empty());
        if let Some((lo, hi)) = p.cover {
            assert!(lo <= hi && hi.0 <= 500_000);
        }
    }
    assert!((100..=400).contains(&zero_stock), "{zero_stock} out of stock");
    assert!((40..=200).contains(&inactive), "{inactive} inactive");

    // Services' bands span 0.00-5000.00 with no gap.
    let mut bands: Vec<_> =
        doc.products.iter().filter_map(|p| p.cover).map(|(lo, hi)| (lo.0, hi.0)).collect();
    bands.sort_unstable();
    bands.dedup();
    assert_eq!(bands.first().map(|b| b.0), Some(0));
    assert_eq!(bands.iter().map(|b| b.1).max(), Some(500_000));
    for w in bands.windows(2) {
        assert!(w[1].0 <= w[0].1 + 1, "gap between {:?} and {:?}", w[0], w[1]);
    }

    // Family tiers: 15-45 % steps (give or take the rounding to .99), shared attribute keys.
    let by_sku: HashMap<&str, usize> =
        doc.products.iter().enumerate().map(|(i, p)| (p.sku.as_str(), i)).collect();
    let mut families: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, p) in doc.products.iter().enumerate() {
        if let Some(f) = &p.family {
            families.entry(f).or_default().push(i);
        }
    }
    for members in families.values() {
        for w in members.windows(2) {
            let (a, b) = (&doc.products[w[0]], &doc.products[w[1]]);
            assert_eq!(b.tier, a.tier.map(|t| t + 1));
            assert!(
                b.price.0 * 100 >= a.price.0 * 114 && b.price.0 * 100 <= a.price.0 * 146,
                "{} → {}",
                a.sku,
                b.sku
            );
            let keys = |p: &counterpart::catalog::doc::ProductRow| {
                p.attributes.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>()
            };
            assert_eq!(keys(a), keys(b));
            assert_ne!(a.attributes[0].1, b.attributes[0].1, "the ladder attribute differs");
        }
    }

    // Links: known SKUs, priorities 1..=100, talking points naming the products.
    for l in &doc.links {
        let (from, to) = (&doc.products[by_sku[l.from.as_str()]], &doc.products[by_sku[l.to.as_str()]]);
        assert!((1..=100).contains(&l.priority));
        assert!(l.talking_point.contains(&to.name), "{}", l.talking_point);
        match l.kind {
            LinkKind::Complement => assert!(from.role.is_none() && to.role.is_some()),
            LinkKind::Upgrade => assert_eq!(from.family, to.family),
            LinkKind::Substitute => assert_eq!(from.role, to.role),
        }
    }

    // Bundles: 2-4 distinct items, 5-15 % off their sum.
    assert_eq!(doc.bundles.len(), 25);
    for b in &doc.bundles {
        assert!((2..=4).contains(&b.items.len()));
        assert_eq!(b.items.iter().collect::<HashSet<_>>().len(), b.items.len());
        let sum: i64 = b.items.iter().map(|s| doc.products[by_sku[s.as_str()]].price.0).sum();
        assert!(b.discount.0 * 100 >= sum * 5 - 100 && b.discount.0 * 100 <= sum * 15, "{}", b.code);
    }
}

#[test]
fn the_same_seed_gives_the_same_catalog() {
    let a = generate(1500, 42);
    let b = generate(1500, 42);
    assert_eq!(a, b);
    let c = generate(1500, 43);
    assert_ne!(a, c);
    assert_ne!(a.products, c.products);
}

#[test]
fn tiny_catalogs_import() {
    for n in [0, 1, 2, 3, 5, 10, 49, 199] {
        let (_dir, mut store) = fresh_store();
        let summary = write_into(&mut store, n, 3).unwrap_or_else(|e| panic!("n = {n}: {e}"));
        assert_eq!(summary.products_added, n);
        assert_eq!(store.product_count().unwrap(), n as i64);
        assert!(store.check().unwrap().is_empty());
        store.load_catalog().unwrap();
    }
}

#[test]
fn importing_twice_updates_in_place() {
    let (_dir, mut store) = fresh_store();
    write_into(&mut store, 300, 1).unwrap();
    let again = write_into(&mut store, 300, 2).unwrap();
    assert_eq!(again.products_added, 0);
    assert_eq!(again.products_updated, 300);
    assert!(store.check().unwrap().is_empty());
}

#[test]
fn upgrades_go_to_a_dearer_product_within_the_default_step() {
    let (_dir, mut store) = fresh_store();
    write_into(&mut store, 3000, 5).unwrap();
    let cat = store.load_catalog().unwrap();
    let upgrades: Vec<_> = cat.links.iter().filter(|l| l.kind == LinkKind::Upgrade).collect();
    assert!(!upgrades.is_empty());
    let within = upgrades
        .iter()
        .filter(|l| {
            let (from, to) = (cat.product(l.from).price.0, cat.product(l.to).price.0);
            to > from && to * 100 <= from * 150
        })
        .count();
    assert!(within * 100 >= upgrades.len() * 90, "{within} of {} upgrades within +50 %", upgrades.len());
    for l in &upgrades {
        assert!(cat.product(l.to).price > cat.product(l.from).price, "upgrades are dearer");
    }
}
