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
fn events_recorded_before_checkout_offers_were_told_apart_are_pane_events() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let before = schema::MIGRATIONS.iter().position(|m| *m == schema::EVENTS_PLACE).unwrap();
    {
        let conn = Connection::open(&path).unwrap();
        let mut store = Store { conn, path: path.clone() };
        store.migrate_to(before as i64).unwrap();
        store
            .conn
            .execute(
                "INSERT INTO suggestion_events (at, terminal, cart_id, kind, event, sku, source) \
                 VALUES ('2026-01-02T10:00:00.000Z', 'T1', 'c1', 'cross_sell', 'shown', 'CASE', 'curated')",
                [],
            )
            .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let place: String =
        store.conn().query_row("SELECT place FROM suggestion_events", [], |r| r.get(0)).unwrap();
    assert_eq!(place, "pane");
    let bad = store.conn().execute("UPDATE suggestion_events SET place = 'till'", []);
    assert!(bad.unwrap_err().to_string().contains("CHECK constraint failed"));
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

/// Opens `path` as a process that may not write it would (file modes do not stop root).
fn open_read_only(path: &Path, access: Access) -> Result<Store> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    Store::setup(conn, path, access)
}

#[test]
fn a_read_only_file_serves_readers_and_names_itself_to_writers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ro.db");
    drop(Store::open(&path).unwrap());
    let store = open_read_only(&path, Access::Read).unwrap();
    assert_eq!(store.version().unwrap(), schema::VERSION);
    assert!(store.check().unwrap().is_empty());
    let err = open_read_only(&path, Access::Write).err().unwrap();
    assert!(matches!(err, StoreError::ReadOnly { .. }), "{err}");
    assert!(err.to_string().starts_with(&format!("{}: the database file is read-only", path.display())));
}

#[test]
fn a_read_only_connection_beside_a_writer_reads_what_it_commits_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("till.db");
    let mut writer = Store::open(&path).unwrap();
    let reader = Store::open_read_only(&path).unwrap();
    writer.ensure_staff("ann", "Ann").unwrap();
    assert_eq!(reader.staff("ann").unwrap().map(|s| s.name).as_deref(), Some("Ann"));
    let write = reader.conn().execute("DELETE FROM staff", []);
    assert!(write.unwrap_err().to_string().contains("readonly"));
    let missing = Store::open_read_only(&dir.path().join("none.db")).err().unwrap();
    assert!(matches!(missing, StoreError::Missing { .. }), "{missing}");
}

#[test]
fn a_read_only_file_that_needs_a_migration_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let conn = Connection::open(&path).unwrap();
        let mut store = Store { conn, path: path.clone() };
        store.migrate_to(schema::VERSION - 1).unwrap();
    }
    let err = open_read_only(&path, Access::Read).err().unwrap();
    let want = format!(
        "{}: the database is schema version {} and needs upgrading to {}, which a read-only open cannot do",
        path.display(),
        schema::VERSION - 1,
        schema::VERSION
    );
    assert!(err.to_string().starts_with(&want), "{err}");
    // A file that can be written is migrated by a reader as by anyone.
    let store = Store::open_existing_for(&path, Access::Read).unwrap();
    assert_eq!(store.version().unwrap(), schema::VERSION);
}

#[test]
fn the_immutable_uri_escapes_what_a_uri_must() {
    assert_eq!(
        immutable_uri(Path::new("/a b/c?d#e%f/é.db")),
        "file:/a b/c%3Fd%23e%25f/%C3%A9.db?immutable=1"
    );
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
