//! A real-terminal smoke test of the binary, run inside tmux: start on a temp
//! database holding the shop catalog, scan a barcode, see it in the cart with
//! its suggestions, quit with Ctrl-C and `y`, and check the exit status.
//! Skipped, with a note, when tmux is not installed (CI installs it).

use counterpart::store::Store;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// A private tmux server, killed on drop.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn cmd(&self) -> Command {
        let mut c = Command::new("tmux");
        c.args(["-L", &self.socket, "-f", "/dev/null"]);
        c
    }

    fn run(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().expect("tmux runs");
        assert!(out.status.success(), "tmux {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "main"])
    }

    /// Waits until the screen satisfies `ok`, or fails showing the last screen.
    fn wait_for(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ok(&screen) {
                return screen;
            }
            assert!(start.elapsed() < Duration::from_secs(20), "waiting for {what}; the screen:\n{screen}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd().arg("kill-server").output();
    }
}

fn quote(p: &Path) -> String {
    format!("'{}'", p.display().to_string().replace('\'', r"'\''"))
}

fn wait_for_file(path: &PathBuf) -> String {
    let start = Instant::now();
    loop {
        if let Ok(text) = std::fs::read_to_string(path)
            && text.ends_with('\n')
        {
            return text;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "the program did not exit");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn tmux_missing() -> bool {
    let missing = Command::new("tmux").arg("-V").output().map(|o| !o.status.success()).unwrap_or(true);
    if missing {
        eprintln!("note: tmux is not installed; skipping the real-terminal test");
    }
    missing
}

/// The binary on the shop catalog in a private tmux session at 140×42; its
/// exit status lands in the returned file.
fn start_in_tmux(dir: &Path) -> (Tmux, PathBuf, PathBuf) {
    let bin = Path::new(env!("CARGO_BIN_EXE_counterpart"));
    let db = dir.join("shop.db");
    let shop = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/shop.toml");
    let import = Command::new(bin).arg("--db").arg(&db).arg("import").arg(&shop).current_dir(dir).output();
    let import = import.unwrap();
    assert!(import.status.success(), "{}", String::from_utf8_lossy(&import.stderr));
    let exit_file = dir.join("exit");
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
    let tmux = Tmux { socket: format!("counterpart-test-{}-{nanos}", std::process::id()) };
    let script = format!(
        "cd {dir} && env -u COUNTERPART_CONFIG -u NO_COLOR XDG_CONFIG_HOME={dir} TERM=xterm-256color {bin} --db {db}; \
         echo $? > {exit}; sleep 30",
        dir = quote(dir),
        bin = quote(bin),
        db = quote(&db),
        exit = quote(&exit_file),
    );
    tmux.run(&["new-session", "-d", "-s", "main", "-x", "140", "-y", "42", &script]);
    tmux.wait_for("the catalog", |s| s.contains("Catalog loaded") && s.contains("Goes well with"));
    (tmux, db, exit_file)
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
    if tmux_missing() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (tmux, db, exit_file) = start_in_tmux(dir.path());
    tmux.run(&["send-keys", "-t", "main", "2000000000015", "Enter"]);
    tmux.wait_for("the phone in the cart", |s| s.contains("1 × Aurora X5 128 GB"));
    let pid = till_pid(&db).expect("the till is running");
    let killed = Command::new("kill").args(["-TERM", &pid.to_string()]).status().unwrap();
    assert!(killed.success(), "kill -TERM {pid}");
    assert_eq!(wait_for_file(&exit_file).trim(), "143", "128 + SIGTERM");
    let after = tmux.screen();
    assert!(!after.contains("Goes well with"), "the selling screen is gone:\n{after}");
    // The cart was saved as it changed: the next start brings it back.
    let reopened = Store::open(&db).unwrap().open_cart("T1").unwrap();
    assert_eq!(reopened.map(|(_, c)| c.lines.len()), Some(1));
}

#[test]
fn scan_a_barcode_and_quit_in_a_real_terminal() {
    if tmux_missing() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (tmux, _db, exit_file) = start_in_tmux(dir.path());
    let first = tmux.screen();
    assert!(first.contains("Upgrade options"), "{first}");
    assert!(first.contains("SELL"), "{first}");

    tmux.run(&["send-keys", "-t", "main", "2000000000015", "Enter"]);
    let screen = tmux.wait_for("the phone in the cart", |s| {
        s.contains("1 × Aurora X5 128 GB") && s.contains("Clear Case X5")
    });
    assert!(screen.contains("Aurora X5 256 GB"), "the upgrade is offered:\n{screen}");

    tmux.run(&["send-keys", "-t", "main", "C-c"]);
    tmux.wait_for("the quit question", |s| s.contains("Quit?"));
    tmux.run(&["send-keys", "-t", "main", "y"]);
    assert_eq!(wait_for_file(&exit_file).trim(), "0");
}
