//! One running till per terminal id.
//!
//! A till's terminal id keys its open cart, its parked carts and its sales,
//! so two selling screens on one id would share (and overwrite) one cart. The
//! selling screen therefore holds an exclusive OS file lock for its id while
//! it runs: `<db file name>.till-<id>.lock` beside the database. The OS drops
//! the lock when the process ends, however it ends (even `kill -9`), so a
//! restarted till gets its id back and recovers its own cart. When the wanted
//! id is taken the next free one is used: `T1` → `T2` → `T3`…, an id not
//! ending in digits gets `-2`, `-3`…
//!
//! The lock files stay behind (removing one could race another till opening
//! it); they are empty apart from the holder's process id.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// How many ids are tried before giving up.
const MAX_TRIES: usize = 1000;

/// A terminal id held by this process until dropped.
#[derive(Debug)]
pub struct TillLock {
    terminal: String,
    path: PathBuf,
    _file: File,
}

impl TillLock {
    /// Locks `wanted` for the database at `db_path`, or the next free id when
    /// another running till holds it.
    pub fn acquire(db_path: &Path, wanted: &str) -> io::Result<TillLock> {
        for k in 0..MAX_TRIES {
            let terminal = candidate(wanted, k);
            let path = lock_path(db_path, &terminal);
            let mut file = OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)
                .map_err(|e| with_path(&path, e))?;
            match file.try_lock() {
                Ok(()) => {
                    // For whoever wonders which process holds it; the lock is what counts.
                    let _ = file.set_len(0).and_then(|()| writeln!(file, "{}", std::process::id()));
                    return Ok(TillLock { terminal, path, _file: file });
                }
                Err(TryLockError::WouldBlock) => continue,
                // No file locks here: nothing to coordinate with, keep the wanted id.
                Err(TryLockError::Error(e)) if e.kind() == io::ErrorKind::Unsupported => {
                    return Ok(TillLock { terminal, path, _file: file });
                }
                Err(TryLockError::Error(e)) => return Err(with_path(&path, e)),
            }
        }
        Err(io::Error::other(format!(
            "{}: no free terminal id after {wanted} ({MAX_TRIES} tills open?)",
            db_path.display()
        )))
    }

    /// The terminal id this till holds.
    pub fn terminal(&self) -> &str {
        &self.terminal
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

fn with_path(path: &Path, e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("{}: cannot lock the till ({e})", path.display()))
}

/// The `k`-th id to try for `wanted`: itself, then counting on from its
/// trailing number ("T1" → "T2", "T09" → "T10"), or with "-2", "-3"… after it.
fn candidate(wanted: &str, k: usize) -> String {
    if k == 0 {
        return wanted.to_string();
    }
    let digits = wanted.len() - wanted.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let (stem, number) = wanted.split_at(wanted.len() - digits);
    match number.parse::<u64>() {
        Ok(n) => format!("{stem}{:0digits$}", n.saturating_add(k as u64)),
        Err(_) => format!("{wanted}-{}", k + 1),
    }
}

/// `<folder>/<db file name>.till-<id>.lock`; characters a file name cannot
/// safely hold become `_`.
fn lock_path(db_path: &Path, terminal: &str) -> PathBuf {
    let name = db_path.file_name().map_or_else(|| "counterpart.db".into(), |n| n.to_string_lossy());
    let id: String = terminal
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') { c } else { '_' })
        .collect();
    db_path.with_file_name(format!("{name}.till-{id}.lock"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_count_on_from_their_number_or_get_a_suffix() {
        let next = |w: &str| (0..4).map(|k| candidate(w, k)).collect::<Vec<_>>();
        assert_eq!(next("T1"), ["T1", "T2", "T3", "T4"]);
        assert_eq!(next("T09"), ["T09", "T10", "T11", "T12"]);
        assert_eq!(next("Front"), ["Front", "Front-2", "Front-3", "Front-4"]);
        assert_eq!(next("7"), ["7", "8", "9", "10"]);
    }

    #[test]
    fn the_lock_file_sits_beside_the_database() {
        let p = lock_path(Path::new("/srv/shop/counterpart.db"), "T1");
        assert_eq!(p, Path::new("/srv/shop/counterpart.db.till-T1.lock"));
        let p = lock_path(Path::new("shop.db"), "Front desk/2");
        assert_eq!(p, Path::new("shop.db.till-Front_desk_2.lock"));
    }

    #[test]
    fn a_held_id_is_never_given_twice_and_dropping_frees_it() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("x.db");
        let first = TillLock::acquire(&db, "T1").unwrap();
        assert_eq!(first.terminal(), "T1");
        assert!(first.path().exists());
        let second = TillLock::acquire(&db, "T1").unwrap();
        assert_eq!(second.terminal(), "T2");
        let third = TillLock::acquire(&db, "T1").unwrap();
        assert_eq!(third.terminal(), "T3");
        // Another database's tills are not in the way.
        assert_eq!(TillLock::acquire(&dir.path().join("y.db"), "T1").unwrap().terminal(), "T1");
        drop(first);
        let again = TillLock::acquire(&db, "T1").unwrap();
        assert_eq!(again.terminal(), "T1", "the first id is free again");
        drop(second);
        assert_eq!(TillLock::acquire(&db, "T2").unwrap().terminal(), "T2");
        assert_eq!(TillLock::acquire(&db, "T1").unwrap().terminal(), "T2", "T1 is held again, T2 is free");
    }
}
