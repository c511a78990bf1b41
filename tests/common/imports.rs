//! Helpers for the import suites: the small export files in tests/data/imports
//! and a fresh store to import them into.

use counterpart::catalog::doc::CatalogDoc;
use counterpart::catalog::{Catalog, Product};
use counterpart::store::Store;
use counterpart::store::import::ImportSummary;

/// The bytes of `tests/data/imports/<name>`.
pub fn imports(name: &str) -> Vec<u8> {
    std::fs::read(super::data(&format!("imports/{name}"))).unwrap()
}

/// A fresh store in a temp dir.
pub fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("t.db")).unwrap();
    (dir, store)
}

/// Imports a read document for real, checks the database, and gives the summary and the catalog.
pub fn import(store: &mut Store, doc: &CatalogDoc) -> (ImportSummary, Catalog) {
    let summary = store.import("file", doc, false).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(store.check().unwrap(), Vec::<String>::new());
    (summary, store.load_catalog().unwrap())
}

pub fn product<'a>(cat: &'a Catalog, sku: &str) -> &'a Product {
    cat.product(cat.by_sku(sku).unwrap_or_else(|| panic!("no product {sku}")))
}
