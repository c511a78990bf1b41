//! SQLite storage: the only module that speaks SQL.
//!
//! One [`Store`] owns one connection. Opening applies the pragmas (WAL,
//! foreign keys, `synchronous=FULL`, a busy timeout) and any pending
//! migrations, each atomically. Every write runs in a short
//! `BEGIN IMMEDIATE` transaction with bound parameters.

pub mod catalog;
pub mod import;
pub mod rules;
pub mod sales;
pub mod schema;
pub mod staff;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

/// How long a writer waits for another terminal's transaction before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// What can go wrong with the database.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "{path}: the database is schema version {found}, newer than this counterpart understands ({supported}); upgrade counterpart"
    )]
    NewerSchema { path: String, found: i64, supported: i64 },
    #[error("{path}: not a counterpart database ({detail})")]
    NotADatabase { path: String, detail: String },
    #[error("{path}: no database here; run `counterpart init` first")]
    Missing { path: String },
    #[error("database busy, retrying did not help: another terminal holds the write lock")]
    Busy,
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    Import(crate::catalog::doc::ImportError),
    #[error("database error: {0}")]
    Sql(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => StoreError::Busy,
            _ => StoreError::Sql(e),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// An open counterpart database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating when missing) the database at `path` and migrates it.
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| StoreError::Invalid(format!("{}: cannot create folder: {e}", dir.display())))?;
        }
        let conn = Connection::open(path)?;
        Store::setup(conn, path)
    }

    /// Opens an existing database; refuses to create one.
    pub fn open_existing(path: &Path) -> Result<Store> {
        if !path.exists() {
            return Err(StoreError::Missing { path: path.display().to_string() });
        }
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        Store::setup(conn, path)
    }

    fn setup(conn: Connection, path: &Path) -> Result<Store> {
        let shown = path.display().to_string();
        let not_db =
            |e: rusqlite::Error| StoreError::NotADatabase { path: shown.clone(), detail: e.to_string() };
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.pragma_update(None, "journal_mode", "WAL").map_err(not_db)?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // Big imports and catalog loads stay in memory instead of spilling to temp files.
        conn.pragma_update(None, "cache_size", -32_768)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        let mut store = Store { conn, path: path.to_path_buf() };
        store.migrate()?;
        Ok(store)
    }

    /// The schema version stored in the file.
    pub fn version(&self) -> Result<i64> {
        Ok(self.conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// Applies pending migrations, each with its version bump in one transaction.
    fn migrate(&mut self) -> Result<()> {
        self.migrate_to(schema::VERSION)
    }

    /// Migrates up to `target` (tests use it to build an older database).
    #[doc(hidden)]
    pub fn migrate_to(&mut self, target: i64) -> Result<()> {
        let found = self.version()?;
        if found > schema::VERSION {
            return Err(StoreError::NewerSchema {
                path: self.path.display().to_string(),
                found,
                supported: schema::VERSION,
            });
        }
        for v in found..target {
            let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            // Another terminal may have migrated while we waited for the lock.
            let now: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
            if now > v {
                continue;
            }
            tx.execute_batch(schema::MIGRATIONS[v as usize])?;
            tx.pragma_update(None, "user_version", v + 1)?;
            tx.commit()?;
        }
        Ok(())
    }

    /// Integrity, foreign keys and schema version; an empty list means all is well.
    pub fn check(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        for row in stmt.query_map([], |r| r.get::<_, String>(0))? {
            let row = row?;
            if row != "ok" {
                problems.push(format!("integrity: {row}"));
            }
        }
        let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Option<i64>>(1)?, r.get::<_, String>(2)?))
        })?;
        for row in rows {
            let (table, rowid, parent) = row?;
            problems.push(format!(
                "foreign key: {table} row {} points to a missing {parent}",
                rowid.unwrap_or(0)
            ));
        }
        if self.version()? >= 2 {
            let mut stmt = self.conn.prepare(
                "SELECT s.id, s.line_count, (SELECT count(*) FROM sale_lines l WHERE l.sale_id = s.id) AS n, \
                 (SELECT count(*) FROM payments p WHERE p.sale_id = s.id) FROM sales s \
                 WHERE n <> s.line_count OR (s.kind = 'sale' AND (SELECT count(*) FROM payments p WHERE p.sale_id = s.id) = 0)",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?, r.get::<_, i64>(3)?))
            })?;
            for row in rows {
                let (id, want, have, payments) = row?;
                problems.push(format!("sale {id}: {have} lines of {want}, {payments} payments"));
            }
        }
        let v = self.version()?;
        if v != schema::VERSION {
            problems.push(format!("schema version {v}, expected {}", schema::VERSION));
        }
        Ok(problems)
    }

    /// A number that changes whenever another connection (another till, an
    /// import, a refund from the command line) commits a change.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self.conn.pragma_query_value(None, "data_version", |r| r.get(0))?)
    }

    /// A number that changes whenever the catalog or the mined rules change.
    pub fn catalog_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached("SELECT value FROM meta WHERE key = 'catalog_version'")?
            .query_row([], |r| r.get(0))?)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` in a `BEGIN IMMEDIATE` transaction, committing when it returns Ok.
    pub(crate) fn write<T>(&mut self, f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    #[cfg(test)]
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }
}

impl Store {
    /// A stored UTC time as people read it at this till: "2026-11-26 17:05" in local time.
    pub fn local_time(&self, iso: &str) -> String {
        self.conn
            .query_row("SELECT strftime('%Y-%m-%d %H:%M', ?1, 'localtime')", [iso], |r| {
                r.get::<_, Option<String>>(0)
            })
            .ok()
            .flatten()
            .unwrap_or_else(|| iso.to_string())
    }
}

/// The local wall clock, read through SQLite's time zone handling (the
/// standard library has none); an in-memory connection, no file.
pub struct LocalTime(Connection);

impl LocalTime {
    pub fn new() -> Option<LocalTime> {
        Connection::open_in_memory().ok().map(LocalTime)
    }

    /// "17:05" in local time.
    pub fn hours_minutes(&self) -> Option<String> {
        self.0.query_row("SELECT strftime('%H:%M', 'now', 'localtime')", [], |r| r.get(0)).ok()
    }
}

/// Marks the catalog changed (inside the transaction that changes it).
pub(crate) fn bump_catalog_version(tx: &rusqlite::Transaction<'_>) -> Result<()> {
    tx.prepare_cached("UPDATE meta SET value = value + 1 WHERE key = 'catalog_version'")?.execute([])?;
    Ok(())
}

/// Current UTC time as ISO 8601 with milliseconds, the form every table stores.
pub fn now_iso(conn: &Connection) -> Result<String> {
    Ok(conn.query_row("SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now')", [], |r| r.get(0))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_database_is_at_the_current_version_in_wal_mode() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("a.db")).unwrap();
        assert_eq!(store.version().unwrap(), schema::VERSION);
        let mode: String = store.conn().pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
        let fk: i64 = store.conn().pragma_query_value(None, "foreign_keys", |r| r.get(0)).unwrap();
        assert_eq!(fk, 1);
        assert!(store.check().unwrap().is_empty());
    }

    #[test]
    fn older_database_is_migrated_keeping_its_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let conn = Connection::open(&path).unwrap();
            let mut store = Store { conn, path: path.clone() };
            store.migrate_to(1).unwrap();
            assert_eq!(store.version().unwrap(), 1);
            store.conn.execute("INSERT INTO categories (id, path) VALUES (1, 'Phones')", []).unwrap();
            store
                .conn
                .execute(
                    "INSERT INTO products (sku, name, category_id, price) VALUES ('P1', 'Phone', 1, 100)",
                    [],
                )
                .unwrap();
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(store.version().unwrap(), schema::VERSION);
        let n: i64 = store.conn().query_row("SELECT count(*) FROM products", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 1);
        let sales: i64 = store.conn().query_row("SELECT count(*) FROM sales", [], |r| r.get(0)).unwrap();
        assert_eq!(sales, 0);
    }

    #[test]
    fn newer_database_is_refused_clearly() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.db");
        Connection::open(&path).unwrap().pragma_update(None, "user_version", 99).unwrap();
        let err = Store::open(&path).err().unwrap();
        assert!(err.to_string().contains("schema version 99"), "{err}");
    }

    #[test]
    fn a_file_that_is_not_a_database_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("junk.db");
        std::fs::write(&path, b"this is not sqlite, just some text that is long enough to matter").unwrap();
        let err = Store::open(&path).err().unwrap();
        assert!(err.to_string().contains("junk.db"), "{err}");
    }

    #[test]
    fn check_finds_a_sale_missing_its_lines() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("a.db")).unwrap();
        store
            .conn()
            .execute(
                "INSERT INTO sales (id, terminal, completed_at, currency, subtotal, tax, total, line_count) \
                 VALUES ('S1', 'T1', 'now', 'USD', 100, 0, 100, 2)",
                [],
            )
            .unwrap();
        let problems = store.check().unwrap();
        assert_eq!(problems, ["sale S1: 0 lines of 2, 0 payments"]);
    }

    #[test]
    fn the_audit_log_is_append_only() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("a.db")).unwrap();
        store
            .conn()
            .execute("INSERT INTO audit_log (at, terminal, action) VALUES ('t', 'T1', 'void')", [])
            .unwrap();
        let upd = store.conn().execute("UPDATE audit_log SET action = 'x'", []);
        assert!(upd.unwrap_err().to_string().contains("append-only"));
        let del = store.conn().execute("DELETE FROM audit_log", []);
        assert!(del.unwrap_err().to_string().contains("append-only"));
    }
}
