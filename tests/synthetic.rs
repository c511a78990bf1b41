//! The synthetic catalog generator: it imports cleanly, is deterministic for a
//! seed, copes with tiny sizes and has the shape the suggestion engine needs.

use std::collections::{HashMap, HashSet};

use counterpart::catalog::{Catalog, LinkKind, ProductIdx};
use counterpart::config::SuggestionConfig;
use counterpart::money::{Currency, Money};
use counterpart::rng::Rng;
use counterpart::store::Store;
use counterpart::store::rules::{RuleSetInfo, StoredRule};
use counterpart::suggest::{Engine, Request, Suggestions};
use counterpart::synthetic::{generate, write_into};

fn fresh_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("x.db")).unwrap();
    (dir, store)
}

#[test]
fn two_thousand_products_import_cleanly_with_families_links_and_bundles() {
    let (_dir, mut store) = fresh_store();
    let doc = generate(2000, 7, &Currency::usd());
    let summary = store.import("synthetic:2000", &doc, false).unwrap();
    assert_eq!(summary.products_created, 2000);
    assert_eq!(summary.links.values().sum::<usize>(), doc.links.len());
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
    for (i, p) in cat.product_indices().zip(&cat.products).filter(|(_, p)| p.role.is_none()) {
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
        assert!(cat.category(cl.from).parent.is_none());
        let to = cat.category_path(cl.to);
        assert!(to.starts_with("Accessories > ") || to.starts_with("Services > "), "{to}");
        assert!(!cl.talking_point.is_empty());
    }
}

#[test]
fn every_product_row_is_well_formed() {
    let doc = generate(5000, 11, &Currency::usd());
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
        let (cost, stock) = (p.cost.expect("a known cost").0, p.stock.expect("a stock count"));
        assert!(cost * 100 >= p.price.0 * 50 - 100 && cost * 100 <= p.price.0 * 80, "{}", p.sku);
        assert!((0..=80).contains(&stock));
        zero_stock += usize::from(stock == 0);
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
    let a = generate(1500, 42, &Currency::usd());
    let b = generate(1500, 42, &Currency::usd());
    assert_eq!(a, b);
    let c = generate(1500, 43, &Currency::usd());
    assert_ne!(a, c);
    assert_ne!(a.products, c.products);
}

#[test]
fn tiny_catalogs_import() {
    for n in [0, 1, 2, 3, 5, 10, 49, 199] {
        let (_dir, mut store) = fresh_store();
        let summary =
            write_into(&mut store, n, 3, &Currency::usd()).unwrap_or_else(|e| panic!("n = {n}: {e}"));
        assert_eq!(summary.products_created, n);
        assert_eq!(store.product_count().unwrap(), n as i64);
        assert!(store.check().unwrap().is_empty());
        store.load_catalog().unwrap();
    }
}

#[test]
fn importing_twice_updates_in_place() {
    let (_dir, mut store) = fresh_store();
    write_into(&mut store, 300, 1, &Currency::usd()).unwrap();
    let again = write_into(&mut store, 300, 2, &Currency::usd()).unwrap();
    assert_eq!(again.products_created, 0);
    assert_eq!(again.products_changed + again.products_unchanged, 300);
    assert!(again.products_changed > 0, "another seed changes prices and stock");
    assert!(store.check().unwrap().is_empty());
}

#[test]
fn upgrades_go_to_a_dearer_product_within_the_default_step() {
    let (_dir, mut store) = fresh_store();
    write_into(&mut store, 3000, 5, &Currency::usd()).unwrap();
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

// ---------------------------------------------------------------------------
// One engine, one neighbourhood: the selling screen suggests from the whole
// catalog, `counterpart suggest` from the cart's neighbourhood
// (`Store::load_neighbourhood`); for the same cart both must say the same.

/// Mined rules over random products, so the `mined` source takes part too.
/// Their counts hang together as mining makes them: one count per item and
/// per antecedent, whatever rule carries it.
#[allow(clippy::disallowed_types, reason = "rule ratios, not money")]
fn add_random_rules(store: &mut Store, cat: &Catalog, rng: &mut Rng) {
    const BASKETS: u64 = 5_000;
    let n = cat.products.len();
    let mut item_counts: HashMap<String, u64> = HashMap::new();
    let mut set_counts: HashMap<Vec<String>, u64> = HashMap::new();
    let mut rules = Vec::new();
    for _ in 0..n / 4 {
        let mut antecedent: Vec<String> =
            (0..1 + rng.below(2)).map(|_| cat.product(ProductIdx::new(rng.below(n))).sku.clone()).collect();
        antecedent.sort();
        antecedent.dedup();
        let consequent = cat.product(ProductIdx::new(rng.below(n))).sku.clone();
        if antecedent.contains(&consequent) {
            continue;
        }
        let mut count_of =
            |sku: &String| *item_counts.entry(sku.clone()).or_insert_with(|| 100 + rng.below(900) as u64);
        let consequent_count = count_of(&consequent);
        let antecedent_count = match antecedent.as_slice() {
            [one] => count_of(one),
            _ => *set_counts.entry(antecedent.clone()).or_insert_with(|| 60 + rng.below(40) as u64),
        };
        let count = 5 + rng.below(50) as u64;
        let confidence = count as f64 / antecedent_count as f64;
        rules.push(StoredRule {
            antecedent,
            consequent,
            count,
            antecedent_count,
            consequent_count,
            support: count as f64 / BASKETS as f64,
            confidence,
            lift: confidence / (consequent_count as f64 / BASKETS as f64),
        });
    }
    let info = RuleSetInfo {
        origin: "imported",
        baskets: BASKETS,
        min_support: None,
        min_confidence: None,
        min_lift: None,
        params: "{}".to_string(),
        counted: true,
    };
    store.replace_rules(&info, &rules).unwrap();
}

/// Both lists with the catalog-specific product indexes blanked out.
fn comparable(mut s: Suggestions) -> Suggestions {
    s.cross_sell.iter_mut().for_each(|x| x.product = ProductIdx::default());
    s.upsell.iter_mut().for_each(|u| u.product = ProductIdx::default());
    s
}

fn suggest_on(
    cat: &Catalog,
    cfg: &SuggestionConfig,
    cart: &[(&str, i64)],
    focus: Option<&str>,
    budget_room: Option<Money>,
    dismissed: &[&str],
) -> Suggestions {
    let usd = Currency::usd();
    let engine = Engine { catalog: cat, config: cfg, currency: &usd };
    let cart = cart.iter().map(|(s, q)| (cat.by_sku(s).unwrap(), *q)).collect();
    let focus = focus.map(|f| cat.by_sku(f).unwrap());
    comparable(engine.suggest(&Request {
        cart,
        focus,
        budget_room,
        dismissed: dismissed.to_vec(),
        ..Request::default()
    }))
}

/// Random carts of 1-4 SKUs, drawn from pools that stress the category
/// source: main products priced in every protection-plan band, out-of-stock
/// and inactive products, accessories with substitutes, family members, and
/// anything at all; with and without out-of-stock suggestions, a focus, a
/// budget or dismissed suggestions. Set SWEEP_PRODUCTS=100000 to run it on
/// the 100k store by hand.
#[test]
fn the_neighbourhood_and_the_whole_catalog_agree_on_random_carts() {
    let n: usize = std::env::var("SWEEP_PRODUCTS").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000);
    let carts: usize = std::env::var("SWEEP_CARTS").ok().and_then(|v| v.parse().ok()).unwrap_or(300);
    let (_dir, mut store) = fresh_store();
    write_into(&mut store, n, 42, &Currency::usd()).unwrap();
    let mut rng = Rng::new(2024);
    let before = store.load_catalog().unwrap();
    add_random_rules(&mut store, &before, &mut rng);
    let full = store.load_catalog().unwrap();

    let bands: Vec<(Money, Money)> = {
        let mut b: Vec<_> = full.products.iter().filter_map(|p| p.cover).collect();
        b.sort();
        b.dedup();
        b
    };
    assert!(bands.len() >= 6, "the store has protection-plan bands");
    let mains: Vec<ProductIdx> = full.product_indices().filter(|&p| full.product(p).role.is_none()).collect();
    let mut pools: Vec<Vec<ProductIdx>> = bands
        .iter()
        .map(|&(lo, hi)| {
            mains.iter().copied().filter(|&p| (lo..=hi).contains(&full.product(p).price)).collect()
        })
        .collect();
    pools.push(
        full.product_indices().filter(|&p| full.product(p).stock == 0 || !full.product(p).active).collect(),
    );
    pools.push(
        full.product_indices()
            .filter(|&p| full.links_from(p).any(|l| l.kind == LinkKind::Substitute))
            .collect(),
    );
    pools.push(mains.iter().copied().filter(|&p| full.product(p).family.is_some()).collect());
    pools.push(full.product_indices().collect());
    pools.retain(|p| !p.is_empty());

    let mut show_all = counterpart::config::Config::defaults().suggestions;
    let hide = show_all.clone();
    show_all.hide_out_of_stock = false;
    for round in 0..carts {
        let mut cart: Vec<(&str, i64)> = Vec::new();
        for _ in 0..1 + rng.below(4) {
            let pool = &pools[rng.below(pools.len())];
            let sku = full.product(rng.pick(pool)).sku.as_str();
            if !cart.iter().any(|(s, _)| *s == sku) {
                cart.push((sku, 1 + rng.below(3) as i64));
            }
        }
        let focus = rng.chance(20).then(|| full.product(rng.pick(&mains)).sku.as_str());
        let mut wanted: Vec<&str> = cart.iter().map(|(s, _)| *s).collect();
        wanted.extend(focus);
        let part = store.load_neighbourhood(&wanted).unwrap();
        for cfg in [&hide, &show_all] {
            let plain = suggest_on(&full, cfg, &cart, focus, None, &[]);
            // What a customer's budget leaves for one more item.
            let room = rng.chance(25).then(|| Money(rng.range(0, 50_000)));
            // Dismissing the top suggestions makes the engine look further down.
            let dismissed: Vec<&str> = if rng.chance(30) {
                plain.cross_sell.iter().take(3).map(|x| x.sku.as_str()).collect()
            } else {
                Vec::new()
            };
            let a = suggest_on(&full, cfg, &cart, focus, room, &dismissed);
            let b = suggest_on(&part, cfg, &cart, focus, room, &dismissed);
            assert_eq!(
                a, b,
                "round {round}: cart {cart:?}, focus {focus:?}, budget room {room:?}, dismissed {dismissed:?}, \
                 hide_out_of_stock {}",
                cfg.hide_out_of_stock
            );
        }
    }
}

/// A customer the store knows, on random carts: what they own (family
/// members, accessories made for something, consumables with refill windows,
/// anything at all) changes the lists, and the neighbourhood `suggest
/// --customer` loads (`Store::load_neighbourhood_owning`: what the cart
/// touches in full, the rest bare) must change them exactly as the whole
/// catalog does.
#[test]
fn the_neighbourhood_and_the_whole_catalog_agree_for_a_customer_who_owns_things() {
    use counterpart::customers::owned::{CustomerHistory, Owned, RefillWindows};
    let n: usize = std::env::var("SWEEP_PRODUCTS").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000);
    let carts: usize = std::env::var("SWEEP_CARTS").ok().and_then(|v| v.parse().ok()).unwrap_or(150);
    let (_dir, mut store) = fresh_store();
    write_into(&mut store, n, 7, &Currency::usd()).unwrap();
    let full = store.load_catalog().unwrap();
    let mut rng = Rng::new(99);
    let family: Vec<ProductIdx> =
        full.product_indices().filter(|&p| full.product(p).family.is_some()).collect();
    let made_for: Vec<ProductIdx> =
        full.product_indices().filter(|&p| full.product(p).made_for_something()).collect();
    let any: Vec<ProductIdx> = full.product_indices().collect();
    assert!(!family.is_empty() && !made_for.is_empty());
    let cfg = counterpart::config::Config::defaults().suggestions;
    let usd = Currency::usd();
    let today = 20_000;
    let mut changed = 0;
    for round in 0..carts {
        let pools = [&family, &made_for, &any];
        let mut cart: Vec<(&str, i64)> = Vec::new();
        for _ in 0..1 + rng.below(3) {
            let pool = pools[rng.below(3)];
            let sku = full.product(rng.pick(pool)).sku.as_str();
            if !cart.iter().any(|(s, _)| *s == sku) {
                cart.push((sku, 1));
            }
        }
        // What they own: often the cart's own family, what it links to, or what links to it.
        let mut owned: Vec<Owned> = Vec::new();
        for _ in 0..5 + rng.below(40) {
            let p = match rng.below(4) {
                0 => {
                    let c = full.by_sku(cart[0].0).unwrap();
                    let near: Vec<ProductIdx> = full
                        .links_from(c)
                        .map(|l| l.to)
                        .chain(full.links_to(c).map(|l| l.from))
                        .chain(full.product(c).family.iter().flat_map(|f| full.family(f).iter().copied()))
                        .collect();
                    if near.is_empty() { rng.pick(&any) } else { rng.pick(&near) }
                }
                1 => rng.pick(&family),
                2 => rng.pick(&made_for),
                _ => rng.pick(&any),
            };
            let sku = full.product(p).sku.clone();
            if !owned.iter().any(|o| o.sku == sku) {
                let last_day = today - rng.range(0, 400);
                owned.push(Owned { sku, qty: 1, first_day: last_day, last_day });
            }
        }
        // Refill windows on the categories of a few owned products.
        let windows = (0..rng.below(3))
            .map(|_| {
                let p = full.by_sku(&owned[rng.below(owned.len())].sku).unwrap();
                (full.category_path(full.product(p).category).to_string(), [0, 30, 90][rng.below(3)])
            })
            .collect();
        let refill = RefillWindows { windows };
        let history = CustomerHistory::new(1, today, owned, refill.clone());
        let skus: Vec<&str> = cart.iter().map(|(s, _)| *s).collect();
        let owned_skus: Vec<&str> = history.skus().collect();
        let part = store.load_neighbourhood_owning(&skus, &owned_skus, &refill).unwrap();
        let on = |cat: &Catalog, who: Option<&CustomerHistory>| {
            let engine = Engine { catalog: cat, config: &cfg, currency: &usd };
            let cart = cart.iter().map(|(s, q)| (cat.by_sku(s).unwrap(), *q)).collect();
            comparable(engine.suggest(&Request { cart, customer: who, ..Request::default() }))
        };
        let whole = on(&full, Some(&history));
        changed += usize::from(whole != on(&full, None));
        assert_eq!(whole, on(&part, Some(&history)), "round {round}: cart {cart:?}, history {history:?}");
    }
    assert!(changed > carts / 3, "what they own changed the lists in only {changed} of {carts} carts");
}
