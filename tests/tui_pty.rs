//! A real-terminal smoke test of the binary, run inside tmux: start on a temp
//! database holding the shop catalog, scan a barcode, see it in the cart with
//! its suggestions, quit with Ctrl-C and `y`, and check the exit status.
//! Skipped, with a note, when tmux is not installed (CI installs it).

mod common;

use common::tmux::{Tmux, quote, wait_for_line};
use counterpart::store::Store;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The binary on the shop catalog in a private tmux session at 140×42; its
/// exit status lands in the returned file. `None`, with a note, without tmux.
fn start_in_tmux(dir: &Path) -> Option<(Tmux, PathBuf, PathBuf)> {
    let tmux = Tmux::new()?;
    let db = shop_db(dir);
    let exit_file = start_till(&tmux, "main", dir, &db);
    tmux.wait_for("main", "the catalog", |s| s.contains("Catalog loaded") && s.contains("Goes well with"));
    Some((tmux, db, exit_file))
}

/// A temp database holding the shop catalog.
fn shop_db(dir: &Path) -> PathBuf {
    let bin = Path::new(env!("CARGO_BIN_EXE_counterpart"));
    let db = dir.join("shop.db");
    let shop = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/shop.toml");
    let import = Command::new(bin).arg("--db").arg(&db).arg("import").arg(&shop).current_dir(dir).output();
    let import = import.unwrap();
    assert!(import.status.success(), "{}", String::from_utf8_lossy(&import.stderr));
    db
}

/// Starts the till on `db` with no configuration (so terminal T1) in a new
/// tmux session; its exit status lands in the returned file.
fn start_till(tmux: &Tmux, session: &str, dir: &Path, db: &Path) -> PathBuf {
    let bin = Path::new(env!("CARGO_BIN_EXE_counterpart"));
    let exit_file = dir.join(format!("exit-{session}"));
    let script = format!(
        "cd {dir} && env -u COUNTERPART_CONFIG -u NO_COLOR XDG_CONFIG_HOME={dir} TERM=xterm-256color {bin} --db {db}; \
         echo $? > {exit}; sleep 30",
        dir = quote(dir),
        bin = quote(bin),
        db = quote(db),
        exit = quote(&exit_file),
    );
    tmux.start(session, 140, 42, &script);
    exit_file
}

/// The till running in a tmux session: the child of the session's shell.
fn till_pid_in(tmux: &Tmux, session: &str) -> Option<u32> {
    let shell: u32 = tmux.run(&["list-panes", "-t", session, "-F", "#{pane_pid}"]).trim().parse().ok()?;
    let bin = env!("CARGO_BIN_EXE_counterpart");
    std::fs::read_dir("/proc").ok()?.flatten().find_map(|entry| {
        let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
        let stat = std::fs::read_to_string(entry.path().join("stat")).ok()?;
        // "pid (comm) state ppid ...": the name may hold spaces, so read after its ')'.
        let ppid: u32 = stat.rsplit_once(')')?.1.split_whitespace().nth(1)?.parse().ok()?;
        let cmdline = std::fs::read(entry.path().join("cmdline")).ok()?;
        let program = cmdline.split(|b| *b == 0).next()?;
        (ppid == shell && program == bin.as_bytes()).then_some(pid)
    })
}

/// The open cart of a terminal, as its SKUs.
fn open_cart_skus(db: &Path, terminal: &str) -> Vec<String> {
    let open = Store::open(db).unwrap().open_cart(terminal).unwrap();
    open.map(|(_, cart, _)| cart.lines.iter().map(|l| l.sku.clone()).collect()).unwrap_or_default()
}

/// The process whose arguments are exactly `counterpart --db DB` (the shell
/// around it names the same paths, but quoted, in one argument).
fn till_pid(db: &Path) -> Option<u32> {
    let want = [env!("CARGO_BIN_EXE_counterpart").to_string(), "--db".into(), db.display().to_string()];
    std::fs::read_dir("/proc").ok()?.flatten().find_map(|entry| {
        let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
        let cmdline = std::fs::read(entry.path().join("cmdline")).ok()?;
        let args: Vec<String> = cmdline
            .split(|b| *b == 0)
            .filter(|a| !a.is_empty())
            .map(|a| String::from_utf8_lossy(a).into_owned())
            .collect();
        (args == want).then_some(pid)
    })
}

#[test]
fn sigterm_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let Some((tmux, db, exit_file)) = start_in_tmux(dir.path()) else { return };
    tmux.keys("main", &["2000000000015", "Enter"]);
    tmux.wait_for("main", "the phone in the cart", |s| s.contains("1 × Aurora X5 128 GB"));
    let pid = till_pid(&db).expect("the till is running");
    let killed = Command::new("kill").args(["-TERM", &pid.to_string()]).status().unwrap();
    assert!(killed.success(), "kill -TERM {pid}");
    assert_eq!(wait_for_line(&exit_file).trim(), "143", "128 + SIGTERM");
    let after = tmux.screen("main");
    assert!(!after.contains("Goes well with"), "the selling screen is gone:\n{after}");
    // The cart was saved as it changed: the next start brings it back.
    let reopened = Store::open(&db).unwrap().open_cart("T1").unwrap();
    assert_eq!(reopened.map(|(_, c, _)| c.lines.len()), Some(1));
}

#[test]
fn scan_a_barcode_and_quit_in_a_real_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let Some((tmux, _db, exit_file)) = start_in_tmux(dir.path()) else { return };
    let first = tmux.screen("main");
    assert!(first.contains("Upgrade options"), "{first}");
    assert!(first.contains("SELL"), "{first}");

    tmux.keys("main", &["2000000000015", "Enter"]);
    // The upgrade's name is whole in its detail, drawn below its row.
    tmux.wait_for("main", "the phone in the cart and its upgrade offered", |s| {
        s.contains("1 × Aurora X5 128 GB") && s.contains("Clear Case X5") && s.contains("Aurora X5 256 GB")
    });

    tmux.keys("main", &["C-c"]);
    tmux.wait_for("main", "the quit question", |s| s.contains("Quit?"));
    tmux.keys("main", &["y"]);
    assert_eq!(wait_for_line(&exit_file).trim(), "0");
}

/// Issue 10: two tills on one terminal id shared one cart. The second till
/// started with the default configuration is T2; killing the first with
/// SIGKILL frees T1, and the restarted first till gets T1 and its own cart
/// back while T2's cart stays as it was.
#[test]
fn a_second_till_on_the_same_terminal_id_takes_the_next_one() {
    let dir = tempfile::tempdir().unwrap();
    let Some((tmux, db, _)) = start_in_tmux(dir.path()) else { return };
    let header = |t: &str| format!(" · {t} · ");
    let first = tmux.screen("main");
    assert!(first.contains(&header("T1")), "the first till is T1:\n{first}");

    start_till(&tmux, "second", dir.path(), &db);
    let second = tmux
        .wait_for("second", "the second till", |s| s.contains(&header("T2")) && s.contains("Catalog loaded"));
    assert!(second.contains("Till T1 is open in another window: this one is T2."), "{second}");

    // A phone in the first till's cart, saved as T1's open cart.
    tmux.keys("main", &["2000000000015", "Enter"]);
    tmux.wait_for("main", "the phone in the cart", |s| s.contains("1 × Aurora X5 128 GB"));
    let start = Instant::now();
    while open_cart_skus(&db, "T1") != ["PH-128"] {
        assert!(start.elapsed() < Duration::from_secs(20), "T1's cart was not saved");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(open_cart_skus(&db, "T2").is_empty(), "the second till's cart is its own");

    let pid = till_pid_in(&tmux, "main").expect("the first till is running");
    assert!(Command::new("kill").args(["-KILL", &pid.to_string()]).status().unwrap().success());
    assert_eq!(wait_for_line(&dir.path().join("exit-main")).trim(), "137", "128 + SIGKILL");

    start_till(&tmux, "again", dir.path(), &db);
    let again = tmux.wait_for("again", "the first till back with its cart", |s| {
        s.contains("1 × Aurora X5 128 GB") && s.contains("Recovered the cart")
    });
    assert!(again.contains(&header("T1")), "the restarted till is T1 again:\n{again}");
    assert!(!again.contains("is open in another window"), "{again}");

    let second = tmux.screen("second");
    assert!(second.contains(&header("T2")) && !second.contains("1 × Aurora X5 128 GB"), "{second}");
    assert!(open_cart_skus(&db, "T2").is_empty());
    assert_eq!(open_cart_skus(&db, "T1"), ["PH-128"]);
}

/// Issue 9, cases 7 and 8 in a real terminal: everything typed reaches the
/// entry line, even a first letter that is a key elsewhere and even right
/// after a scan moved the focus to the cart; and a scan while the receipt is
/// showing starts the next customer's cart with that item.
#[test]
fn no_key_is_lost_and_a_scan_on_the_receipt_starts_the_next_cart() {
    let dir = tempfile::tempdir().unwrap();
    let Some((tmux, db, _)) = start_in_tmux(dir.path()) else { return };
    let keys = |k: &[&str]| tmux.keys("main", k);
    keys(&["keyboard"]);
    tmux.wait_for("main", "keyboard in the entry line", |s| s.contains("> keyboard"));
    // Esc on its own: a terminal reads Esc followed at once by a key as Alt+key.
    keys(&["Escape"]);
    tmux.wait_for("main", "the entry line cleared", |s| !s.contains("> keyboard"));
    // A scanner's burst: the phone goes in and the cart takes the focus.
    keys(&["2000000000015", "Enter"]);
    tmux.wait_for("main", "the phone in the cart", |s| {
        s.contains("1 × Aurora X5 128 GB") && s.contains("▶ Cart")
    });
    keys(&["+"]);
    tmux.wait_for("main", "+ on the cart adds one more", |s| s.contains("2 × Aurora X5 128 GB"));
    keys(&["kable -c?"]);
    tmux.wait_for("main", "every character typed", |s| s.contains("> kable -c?"));
    keys(&["Escape"]);
    tmux.wait_for("main", "the entry line cleared", |s| !s.contains("> kable"));
    keys(&["F12"]);
    tmux.wait_for("main", "the payment window", |s| s.contains("Payment:"));
    keys(&["Enter"]);
    tmux.wait_for("main", "the receipt", |s| s.contains("Thank you!"));
    // The next customer walks up with a TV: the scan closes the receipt and lands in the new cart.
    keys(&["2000000000091", "Enter"]);
    // Waits for the whole frame: a capture may catch one drawn halfway (the cart new, the receipt not yet wiped).
    let screen = tmux.wait_for("main", "the TV in the next cart and the receipt closed", |s| {
        s.contains("1 × Tessel 50 in TV") && !s.contains("Thank you!")
    });
    assert!(!screen.contains("Aurora X5 128 GB      "), "the last customer's phone is gone:\n{screen}");
    let start = Instant::now();
    while open_cart_skus(&db, "T1") != ["TV-50"] {
        assert!(start.elapsed() < Duration::from_secs(20), "the new cart was not saved");
        std::thread::sleep(Duration::from_millis(50));
    }
}
