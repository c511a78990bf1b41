//! Shared test fixtures: temp databases loaded from the catalogs in tests/data.
#![allow(dead_code)]

pub mod imports;
pub mod tmux;

use std::path::{Path, PathBuf};

use counterpart::catalog::Catalog;
use counterpart::config::Config;
use counterpart::money::Currency;
use counterpart::store::Store;

pub fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name)
}

/// A fresh database in a temp dir holding `tests/data/<name>`.
pub fn store_with(name: &str) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    let path = data(name);
    let bytes = std::fs::read(&path).unwrap();
    let doc = counterpart::catalog::toml_format::read(name, &bytes, &Currency::usd()).unwrap();
    store.import(name, &doc, false).unwrap();
    (dir, store)
}

/// The catalog of `tests/data/<name>`, built in memory.
pub fn catalog(name: &str) -> Catalog {
    let bytes = std::fs::read(data(name)).unwrap();
    Catalog::from_doc(&counterpart::catalog::toml_format::read(name, &bytes, &Currency::usd()).unwrap())
}

/// The small shop of `tests/data/shop.toml`, in memory.
pub fn shop() -> Catalog {
    catalog("shop.toml")
}

pub fn config() -> Config {
    Config::defaults()
}

/// Runs the binary in `dir` with no user configuration around it.
pub fn run(dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_counterpart"))
        .current_dir(dir)
        .env_remove("COUNTERPART_CONFIG")
        .env("XDG_CONFIG_HOME", dir.join("no-xdg"))
        .args(args)
        .output()
        .unwrap()
}

/// Runs the binary, which must fail without a panic; returns its standard error.
pub fn fails(dir: &Path, args: &[&str]) -> String {
    let out = run(dir, args);
    assert!(!out.status.success(), "{args:?} should fail");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!err.contains("panicked"), "{err}");
    err
}

/// Runs the binary and returns its standard output, failing the test when it fails.
pub fn ok(dir: &Path, args: &[&str]) -> String {
    let out = run(dir, args);
    assert!(out.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The demo store in a temp dir, as `c.db` (what `demo_cmd` runs against).
pub fn demo_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["--db", "c.db", "init", "--demo"]);
    dir
}

/// `counterpart --db c.db ARGS…` in `d`, its standard output; the test fails when it does.
pub fn demo_cmd(d: &Path, args: &[&str]) -> String {
    let mut all = vec!["--db", "c.db"];
    all.extend_from_slice(args);
    ok(d, &all)
}

/// Makes the strongest current mined add-on that no seller ever offered
/// "shown" for its item in six sales completed from `since` (or at all):
/// an entry for the report's missed list.
#[allow(dead_code, reason = "used by the report and dashboard suites only")]
pub fn plant_missed_add_on(raw: &rusqlite::Connection, since: &str) {
    let (item, addon): (String, String) = raw
        .query_row(
            "SELECT r.antecedent, p.sku FROM rules r JOIN products p ON p.id = r.consequent_id \
             WHERE r.count >= 5 AND r.lift >= 2 AND r.confidence >= 0.1 AND instr(r.antecedent, char(31)) = 0 \
             AND p.sku NOT IN (SELECT sku FROM suggestion_events WHERE kind = 'cross_sell' AND event <> 'shown') \
             ORDER BY r.lift DESC, p.sku LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    raw.execute(
        "INSERT INTO suggestion_events (at, terminal, staff_id, cart_id, sale_id, kind, event, anchor_sku, sku, source, rank) \
         SELECT s.completed_at, s.terminal, s.staff_id, e.cart_id, s.id, 'cross_sell', 'shown', ?1, ?2, 'mined', 5 \
         FROM sales s JOIN (SELECT DISTINCT sale_id, cart_id FROM suggestion_events) e ON e.sale_id = s.id \
         WHERE s.completed_at >= ?3 ORDER BY s.rowid LIMIT 6",
        [&item, &addon, since],
    )
    .unwrap();
}

/// A cart of `(SKU, quantity)` from the store's catalog, as if scanned.
#[allow(dead_code, reason = "used by the sales and shifts suites only")]
pub fn cart_of(store: &Store, items: &[(&str, i64)]) -> counterpart::cart::Cart {
    let c = store.load_catalog().unwrap();
    let mut cart = counterpart::cart::Cart::default();
    for (sku, qty) in items {
        cart.add(c.product(c.by_sku(sku).unwrap()), *qty, counterpart::cart::Origin::Scan);
    }
    cart
}
