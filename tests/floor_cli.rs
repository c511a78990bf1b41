//! The shop floor in a real terminal (tmux): a suggestion added with its one
//! key while typed digits stay text, three products compared, and
//! `counterpart browse` on a read-only database file, which it leaves byte
//! for byte as it was, with no write-ahead log or shared-memory file made.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use common::tmux::{Tmux, quote};
use common::{fails, ok};

/// `counterpart --db DB ARGS` in tmux at 120×40, the exit status echoed after it.
fn start(tmux: &Tmux, d: &Path, db: &str, args: &str) {
    let script = format!(
        "cd {dir} && env -u COUNTERPART_CONFIG XDG_CONFIG_HOME={dir} TERM=xterm-256color {bin} --db {db} {args}; \
         echo exit=$?; sleep 30",
        dir = quote(d),
        bin = quote(Path::new(env!("CARGO_BIN_EXE_counterpart"))),
    );
    tmux.start("main", 120, 40, &script);
}

/// The entry line's text as the screen shows it.
fn entry(screen: &str) -> String {
    let line = screen.lines().find(|l| l.starts_with("│> ")).unwrap_or_default();
    line.trim_start_matches("│> ").trim_end_matches('│').trim_end().to_string()
}

#[test]
fn a_suggestion_added_with_its_key_typed_digits_staying_text_and_three_products_compared() {
    let Some(tmux) = Tmux::new() else { return };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["--db", "t.db", "init", "--demo"]);
    start(&tmux, d, "t.db", "");
    // The catalog is loaded when the results pane says what to type.
    tmux.wait_for_text("main", "Type to search");
    tmux.keys("main", &["PH-AUR-X5-128", "Enter"]);
    let screen = tmux.wait_for_text("main", "Alt-3 ");
    // The third suggestion's name, as the row with its key shows it.
    let row = screen.lines().find(|l| l.contains("Alt-3 ")).unwrap();
    let third: String = row.split("Alt-3 ").nth(1).unwrap().chars().take(12).collect();
    // Alt-3 as every terminal sends it: Esc, then 3.
    tmux.keys("main", &["Escape", "3"]);
    // Waits for the status line, the last row drawn: a capture may catch a frame halfway.
    let added = format!("Added 1 × {}", third.trim_end());
    let screen = tmux.wait_for("main", "the third suggestion added", |s| s.contains(&added));
    assert!(screen.contains("2 lines"), "{screen}");
    tmux.keys("main", &["123"]);
    let screen = tmux.wait_for("main", "123 in the entry line", |s| entry(s) == "123");
    assert!(screen.contains("2 lines"), "typing added nothing: {screen}");
    // Mark three variants from the results, compare them, add the second with its digit.
    tmux.keys("main", &["BSpace", "BSpace", "BSpace", "aurora x5"]);
    tmux.wait_for_text("main", "Aurora X5 512 GB");
    tmux.keys("main", &["C-k", "Down", "C-k", "Down", "C-k", "C-o"]);
    let screen = tmux.wait_for_text("main", "Compare");
    for text in ["1 Aurora X5 128 GB", "2 Aurora X5 256 GB", "3 Aurora X5 512 GB", "Storage", "1 → 2: “"]
    {
        assert!(screen.contains(text), "{text}: {screen}");
    }
    tmux.keys("main", &["2"]);
    let screen = tmux.wait_for_text("main", "Added 1 × Aurora X5 256 GB");
    assert!(screen.contains("3 lines"), "{screen}");
    tmux.keys("main", &["C-c", "y"]);
    tmux.wait_for_text("main", "exit=0");
}

#[test]
fn browse_on_a_read_only_file_leaves_it_byte_for_byte_and_makes_nothing_beside_it() {
    let Some(tmux) = Tmux::new() else { return };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("store");
    std::fs::create_dir(&d).unwrap();
    ok(&d, &["--db", "ro.db", "init", "--demo"]);
    let db = d.join("ro.db");
    let beside = |ext: &str| d.join(format!("ro.db-{ext}"));
    assert!(!beside("wal").exists() && !beside("shm").exists());
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o444)).unwrap();
    std::fs::set_permissions(&d, std::fs::Permissions::from_mode(0o555)).unwrap();
    let before = std::fs::read(&db).unwrap();
    start(&tmux, &d, "ro.db", "browse");
    let screen = tmux.wait_for_text("main", "Type to search");
    assert!(screen.contains("Browse — read-only"), "{screen}");
    assert!(!screen.contains("Total"), "no cart total: {screen}");
    tmux.keys("main", &["aurora x5"]);
    tmux.wait_for_text("main", "Aurora X5 512 GB");
    // Enter, a suggestion's key and the checkout key write nothing and say so.
    for keys in [&["Enter"][..], &["Escape", "1"], &["F12"], &["F4"]] {
        tmux.keys("main", keys);
        tmux.wait_for_text("main", "Browse — read-only: ");
    }
    tmux.keys("main", &["C-k", "Down", "C-k", "Down", "C-k", "C-o"]);
    tmux.wait_for_text("main", "3 Aurora X5 512 GB");
    tmux.keys("main", &["1"]);
    tmux.wait_for_text("main", "nothing is added to a cart here");
    // Esc alone (followed at once by another key, a terminal sends Alt with it).
    tmux.keys("main", &["Escape"]);
    tmux.wait_for("main", "the window closed", |s| !s.contains("┌ Compare"));
    tmux.keys("main", &["C-c"]);
    tmux.wait_for_text("main", "exit=0");
    std::fs::set_permissions(&d, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert!(std::fs::read(&db).unwrap() == before, "the database file changed");
    assert!(!beside("wal").exists() && !beside("shm").exists(), "a -wal or -shm was made");
}

#[test]
fn browse_without_a_database_says_so_and_creates_none() {
    let dir = tempfile::tempdir().unwrap();
    let err = fails(dir.path(), &["--db", "none.db", "browse"]);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("none.db"), "{err}");
    assert!(!dir.path().join("none.db").exists());
}
