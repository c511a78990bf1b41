//! Suggestions for a 10-line cart on a 100,000-product synthetic catalog,
//! in process (the whole catalog in memory, as the selling screen holds it),
//! and the cart's neighbourhood load the command line does instead; then the
//! same cart for a customer with profiling consent and 200 past sales.

use criterion::{Criterion, criterion_group, criterion_main};

use counterpart::catalog::{Catalog, ProductIdx};
use counterpart::config::Config;
use counterpart::customers::owned::{CustomerHistory, Owned};
use counterpart::money::Currency;
use counterpart::store::Store;
use counterpart::suggest::{Engine, Request};

fn bench(c: &mut Criterion) {
    let usd = Currency::usd();
    let doc = counterpart::synthetic::generate(100_000, 42, &usd);
    // The engine reads the catalog built in memory; only the neighbourhood load needs the store.
    let catalog = Catalog::from_doc(&doc);
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("bench.db")).unwrap();
    store.import("synthetic:100000", &doc, false).unwrap();
    let config = Config::defaults();
    let engine = Engine { catalog: &catalog, config: &config.suggestions, currency: &usd };
    // Ten products that have families and links: a busy cart.
    let cart: Vec<(ProductIdx, i64)> = catalog
        .product_indices()
        .filter(|&p| catalog.product(p).family.is_some() && catalog.links_from(p).next().is_some())
        .step_by(997)
        .take(10)
        .map(|p| (p, 1))
        .collect();
    assert_eq!(cart.len(), 10);
    let req = Request { cart: cart.clone(), ..Request::default() };
    assert!(!engine.suggest(&req).cross_sell.is_empty());
    c.bench_function("suggest_10_line_cart_100k", |b| b.iter(|| engine.suggest(std::hint::black_box(&req))));
    // A customer of 200 past sales: two products each (a main product with a
    // family and links, and the one before it), over the last 600 days.
    let today = 20_000;
    let owned: Vec<Owned> = catalog
        .product_indices()
        .filter(|&p| catalog.product(p).family.is_some() && catalog.links_from(p).next().is_some())
        .step_by(211)
        .take(200)
        .enumerate()
        .flat_map(|(i, p)| {
            let day = today - 3 * i64::try_from(i).unwrap();
            let before = counterpart::catalog::ProductIdx::new(p.index().saturating_sub(1));
            [p, before].map(|q| Owned {
                sku: catalog.product(q).sku.clone(),
                qty: 1,
                first_day: day,
                last_day: day,
            })
        })
        .collect();
    let history = CustomerHistory::new(7, today, owned, config.shop.refill.clone());
    let known = Request { cart: cart.clone(), customer: Some(&history), ..Request::default() };
    assert_ne!(engine.suggest(&known), engine.suggest(&req));
    c.bench_function("suggest_10_line_cart_100k_customer_200_sales", |b| {
        b.iter(|| engine.suggest(std::hint::black_box(&known)))
    });
    let skus: Vec<&str> = cart.iter().map(|(p, _)| catalog.product(*p).sku.as_str()).collect();
    c.bench_function("neighbourhood_load_10_line_cart_100k", |b| {
        b.iter(|| store.load_neighbourhood(std::hint::black_box(&skus)).unwrap())
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50);
    targets = bench
}
criterion_main!(benches);
