//! SQLite storage: the only module that speaks SQL.
//!
//! One [`Store`] owns one connection. Opening applies the pragmas (WAL,
//! foreign keys, `synchronous=FULL`, `secure_delete`, a busy timeout) and any pending
//! migrations, each atomically. Every write runs in a short
//! `BEGIN IMMEDIATE` transaction with bound parameters.

pub mod catalog;
pub mod customers;
mod exchanges;
pub mod import;
pub mod refunds;
pub mod reports;
pub mod rules;
pub mod sales;
pub mod schema;
pub mod shifts;
pub mod staff;
pub mod take_counts;
pub mod till_lock;
pub mod training;

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
    #[error("{path}: the database file is read-only, and this command writes to it")]
    ReadOnly { path: String },
    #[error(
        "{path}: the database is schema version {found} and needs upgrading to {supported}, which a read-only open cannot do; run `counterpart check` once (the file must be writable)"
    )]
    NeedsUpgrade { path: String, found: i64, supported: i64 },
    #[error("{path}: cannot open the database ({detail})")]
    CannotOpen { path: String, detail: String },
    #[error(
        "read {read} rules, all skipped: they name SKUs this catalog does not have (such as `{example}`); the stored rules are kept"
    )]
    NoRuleKept { read: usize, example: String },
    #[error("cannot write: {0}")]
    Write(#[source] std::io::Error),
    #[error("database busy, retrying did not help: another terminal holds the write lock")]
    Busy,
    #[error("{0}")]
    Invalid(String),
    #[error("no staff member `{id}`")]
    UnknownStaff { id: String },
    #[error("`{id}` has no PIN set")]
    NoPin { id: String },
    #[error("`{id}` is locked after too many wrong PINs; try again later")]
    Locked { id: String },
    #[error("wrong PIN for `{id}`")]
    WrongPin { id: String },
    #[error("`{id}` is not a manager")]
    NotAManager { id: String },
    #[error("till `{terminal}` already has shift `{id}` open since {since}: close it first")]
    ShiftOpen { terminal: String, id: String, since: String },
    #[error("till `{terminal}` has no open shift{last}")]
    NoOpenShift {
        terminal: String,
        /// ": its last shift, `ID`, was closed at TIME and cannot be closed again", when it had one.
        last: String,
    },
    #[error(
        "till `{terminal}` has no open shift and `checkout.require_shift` is on: open one first (F9, or `counterpart shift open`)"
    )]
    ShiftRequired { terminal: String },
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

/// What a command means to do with the database it opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Only read: a read-only file will do, read as it is (so it must be at
    /// the current schema version); a writable one is migrated as usual.
    Read,
    /// Write: a read-only file is refused, naming it.
    Write,
}

impl Store {
    /// Opens (creating when missing) the database at `path` and migrates it.
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| StoreError::Invalid(format!("{}: cannot create folder: {e}", dir.display())))?;
        }
        let conn = Connection::open(path).map_err(|e| cannot_open(path, e))?;
        Store::setup(conn, path, Access::Write)
    }

    /// Opens an existing database to write to it; refuses to create one, and
    /// refuses a read-only file.
    pub fn open_existing(path: &Path) -> Result<Store> {
        Store::open_existing_for(path, Access::Write)
    }

    /// Opens an existing database for `access`. A writable file is migrated
    /// as usual; a read-only one is read as it is when it is current.
    pub fn open_existing_for(path: &Path, access: Access) -> Result<Store> {
        if !path.exists() {
            return Err(StoreError::Missing { path: path.display().to_string() });
        }
        // SQLite falls back to read-only when the file cannot be written.
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| cannot_open(path, e))?;
        Store::setup(conn, path, access)
    }

    /// Opens an existing database on a read-only connection (whatever the
    /// file's permissions): a reader beside the till's own connection, which
    /// can never write or migrate. The file must be at the current schema version.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        if !path.exists() {
            return Err(StoreError::Missing { path: path.display().to_string() });
        }
        // A file its permissions keep anyone from writing, with no write-ahead
        // log holding changes, is read as it is (immutable): nothing is made
        // beside it, not even the shared-memory file a privileged user could.
        let unwritable = std::fs::metadata(path).is_ok_and(|m| m.permissions().readonly());
        let conn = if unwritable && !wal_holds_changes(path) {
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_URI
                | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            Connection::open_with_flags(immutable_uri(path), flags)
        } else {
            Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
        }
        .map_err(|e| cannot_open(path, e))?;
        Store::setup_read_only(conn, path)
    }

    fn setup(conn: Connection, path: &Path, access: Access) -> Result<Store> {
        if conn.is_readonly(rusqlite::MAIN_DB)? {
            if access == Access::Write {
                return Err(StoreError::ReadOnly { path: path.display().to_string() });
            }
            return Store::setup_read_only(conn, path);
        }
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.pragma_update(None, "journal_mode", "WAL").map_err(|e| cannot_open(path, e))?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // What is deleted or overwritten is zeroed, not left in free space:
        // an erased customer's data must not survive in the file.
        conn.pragma_update(None, "secure_delete", "ON")?;
        Store::tune(&conn)?;
        let mut store = Store { conn, path: path.to_path_buf() };
        store.migrate()?;
        Ok(store)
    }

    /// A file this process may only read: no journal mode change and no
    /// migration. When its folder is read-only too, SQLite cannot make the
    /// shared-memory file WAL reading needs; the file is then read as
    /// immutable, unless a write-ahead log holds changes not yet in it.
    fn setup_read_only(conn: Connection, path: &Path) -> Result<Store> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let conn = match conn.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0)) {
            Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ReadOnly) => {
                if wal_holds_changes(path) {
                    return Err(cannot_open(path, e));
                }
                drop(conn);
                let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
                    | OpenFlags::SQLITE_OPEN_URI
                    | OpenFlags::SQLITE_OPEN_NO_MUTEX;
                Connection::open_with_flags(immutable_uri(path), flags).map_err(|e| cannot_open(path, e))?
            }
            _ => conn,
        };
        let shown = path.display().to_string();
        let found: i64 =
            conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(|e| cannot_open(path, e))?;
        if found == 0 {
            return Err(StoreError::NotADatabase { path: shown, detail: "no counterpart tables".into() });
        }
        if found > schema::VERSION {
            return Err(StoreError::NewerSchema { path: shown, found, supported: schema::VERSION });
        }
        if found < schema::VERSION {
            return Err(StoreError::NeedsUpgrade { path: shown, found, supported: schema::VERSION });
        }
        conn.pragma_update(None, "foreign_keys", "ON")?;
        Store::tune(&conn)?;
        Ok(Store { conn, path: path.to_path_buf() })
    }

    /// Big imports and catalog loads stay in memory instead of spilling to temp files.
    fn tune(conn: &Connection) -> Result<()> {
        conn.pragma_update(None, "cache_size", -32_768)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        Ok(())
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
        if self.version()? >= 2 {
            // What was paid (or paid back) is the total, however many parts it came in.
            let mut stmt = self.conn.prepare(
                "SELECT s.id, s.total, (SELECT sum(p.amount) FROM payments p WHERE p.sale_id = s.id) AS paid \
                 FROM sales s WHERE paid IS NOT NULL AND paid <> s.total",
            )?;
            let rows = stmt
                .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?)))?;
            for row in rows {
                let (id, total, paid) = row?;
                problems.push(format!(
                    "sale {id}: its payments add up to {paid}, not its total {total} (minor units)"
                ));
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
        local_time_in(&self.conn, iso)
    }
}

/// [`Store::local_time`] on a connection (or a transaction: the receipt
/// written with a sale shows the time it was written).
fn local_time_in(conn: &Connection, iso: &str) -> String {
    conn.query_row("SELECT strftime('%Y-%m-%d %H:%M', ?1, 'localtime')", [iso], |r| {
        r.get::<_, Option<String>>(0)
    })
    .ok()
    .flatten()
    .unwrap_or_else(|| iso.to_string())
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

/// An error opening `path`, named for what it is: not a database, a
/// read-only file, or something else SQLite said.
fn cannot_open(path: &Path, e: rusqlite::Error) -> StoreError {
    let shown = path.display().to_string();
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => {
            StoreError::NotADatabase { path: shown, detail: e.to_string() }
        }
        Some(rusqlite::ErrorCode::ReadOnly) => StoreError::ReadOnly { path: shown },
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => StoreError::Busy,
        _ => StoreError::CannotOpen { path: shown, detail: e.to_string() },
    }
}

/// Whether a write-ahead log beside the file holds something (changes not yet in the file).
fn wal_holds_changes(path: &Path) -> bool {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0)
}

/// `file:PATH?immutable=1`, the path escaped as a URI needs.
fn immutable_uri(path: &Path) -> String {
    let mut uri = String::from("file:");
    for b in path.as_os_str().as_encoded_bytes() {
        match b {
            b'%' | b'?' | b'#' | 0x80.. => uri.push_str(&format!("%{b:02X}")),
            _ => uri.push(char::from(*b)),
        }
    }
    uri.push_str("?immutable=1");
    uri
}

/// Current UTC time as ISO 8601 with milliseconds, the form every table stores.
pub fn now_iso(conn: &Connection) -> Result<String> {
    Ok(conn.query_row("SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now')", [], |r| r.get(0))?)
}

/// A store holding `tests/data/shop.toml` and a manager, `boss`, in a temp
/// dir: the shop the store's own tests sell from.
#[cfg(test)]
pub(crate) fn shop_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/shop.toml");
    let usd = crate::money::Currency::usd();
    let doc = crate::catalog::toml_format::read("shop.toml", &std::fs::read(path).unwrap(), &usd).unwrap();
    store.import("shop.toml", &doc, false).unwrap();
    store.upsert_staff("boss", "Boss", staff::Role::Manager, None).unwrap();
    (dir, store)
}

#[cfg(test)]
mod tests;
