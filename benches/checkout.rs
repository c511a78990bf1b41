//! A checkout commit with synchronous=FULL (fsync included) on the demo store.

use criterion::{Criterion, criterion_group, criterion_main};

use counterpart::cart::{Cart, Origin};
use counterpart::checkout::{PaymentMethod, SaleContext, SaleKind, Tender, prepare};
use counterpart::config::Config;
use counterpart::money::Currency;
use counterpart::store::Store;

fn bench(c: &mut Criterion) {
    // A real file on the working disk, not tmpfs, so fsync costs what it costs at the till.
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let mut store = Store::open(&dir.path().join("bench.db")).unwrap();
    let doc = counterpart::demo::catalog(&Currency::usd()).unwrap();
    store.import("demo", &doc, false).unwrap();
    let catalog = store.load_catalog().unwrap();
    let mut cart = Cart::default();
    for p in catalog.products.iter().filter(|p| p.active).take(4) {
        cart.add(p, 1, Origin::Scan);
    }
    let config = Config::defaults();
    let ctx = SaleContext { shop: &config.shop, terminal: "B1", staff_id: None, kind: SaleKind::Sale };
    c.bench_function("checkout_commit_4_lines_fsync", |b| {
        b.iter(|| {
            let draft = prepare(&ctx, &cart, None, &[Tender::rest(PaymentMethod::Card)], vec![]).unwrap();
            store.commit_sale(&draft, true).unwrap()
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(100);
    targets = bench
}
criterion_main!(benches);
