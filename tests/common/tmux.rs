//! A private tmux server for tests of the binary in a real terminal, killed
//! on drop. Tests skip, with a note, when tmux is not installed.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

pub struct Tmux {
    socket: String,
}

impl Tmux {
    /// A server of its own (named for this process and the moment), or
    /// `None`, with a note, when tmux is not installed.
    pub fn new() -> Option<Tmux> {
        let missing = Command::new("tmux").arg("-V").output().map(|o| !o.status.success()).unwrap_or(true);
        if missing {
            eprintln!("note: tmux is not installed; skipping the real-terminal test");
            return None;
        }
        let nanos =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
        Some(Tmux { socket: format!("counterpart-test-{}-{nanos}", std::process::id()) })
    }

    fn cmd(&self) -> Command {
        let mut c = Command::new("tmux");
        c.args(["-L", &self.socket, "-f", "/dev/null"]);
        c
    }

    pub fn run(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().expect("tmux runs");
        assert!(out.status.success(), "tmux {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn screen(&self, session: &str) -> String {
        self.run(&["capture-pane", "-p", "-t", session])
    }

    /// Starts `script` in a new session `session` of `width`×`height`. A
    /// server that dies while starting (tmux's "server exited unexpectedly",
    /// seen on this shared machine before the script ever ran) is started
    /// again, twice at most; any other failure fails the test.
    pub fn start(&self, session: &str, width: u16, height: u16, script: &str) {
        let (w, h) = (width.to_string(), height.to_string());
        let args = ["new-session", "-d", "-s", session, "-x", &w, "-y", &h, script];
        for _ in 0..2 {
            let out = self.cmd().args(args).output().expect("tmux runs");
            if out.status.success() {
                return;
            }
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(err.contains("server exited unexpectedly"), "tmux {args:?}: {err}");
            std::thread::sleep(Duration::from_millis(200));
        }
        self.run(&args);
    }

    /// Types `keys` (tmux key names or text) into `session`.
    pub fn keys(&self, session: &str, keys: &[&str]) {
        self.run(&[&["send-keys", "-t", session][..], keys].concat());
    }

    /// Waits until the screen of `session` shows `text`.
    pub fn wait_for_text(&self, session: &str, text: &str) -> String {
        self.wait_for(session, text, |s| s.contains(text))
    }

    /// Waits until the screen of `session` satisfies `ok`, or fails showing it.
    pub fn wait_for(&self, session: &str, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen(session);
            if ok(&screen) {
                return screen;
            }
            assert!(start.elapsed() < Duration::from_secs(30), "waiting for {what}; the screen:\n{screen}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd().arg("kill-server").output();
    }
}

/// A path quoted for the shell.
pub fn quote(p: &Path) -> String {
    format!("'{}'", p.display().to_string().replace('\'', r"'\''"))
}

/// Waits for a file holding a whole line (an exit status a script wrote).
pub fn wait_for_line(path: &Path) -> String {
    let start = Instant::now();
    loop {
        if let Ok(text) = std::fs::read_to_string(path)
            && text.ends_with('\n')
        {
            return text;
        }
        assert!(start.elapsed() < Duration::from_secs(30), "the program did not exit");
        std::thread::sleep(Duration::from_millis(50));
    }
}
