//! Unique ids for sales and carts, made before any transaction so a retried
//! commit can never double a sale.

use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// "T1-20261126-170512-3f9a0c1b2d4e": terminal, UTC time, and 48 random bits
/// (process-random key, pid, clock and a counter), unique across terminals.
pub fn new_id(terminal: &str) -> String {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(now.as_nanos());
    h.write_u32(std::process::id());
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    let secs = now.as_secs() as i64;
    let (y, mo, d, hh, mm, ss) = civil(secs);
    format!("{terminal}-{y:04}{mo:02}{d:02}-{hh:02}{mm:02}{ss:02}-{:012x}", h.finish() & 0xffff_ffff_ffff)
}

/// UTC calendar fields from Unix seconds.
fn civil(secs: i64) -> (i64, i64, i64, i64, i64, i64) {
    let (y, m, d) = crate::calendar::civil_from_days(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    (y, m, d, rem / 3600, rem % 3600 / 60, rem % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_name_the_terminal() {
        let ids: std::collections::HashSet<String> = (0..1000).map(|_| new_id("T7")).collect();
        assert_eq!(ids.len(), 1000);
        assert!(ids.iter().all(|i| i.starts_with("T7-20")));
    }

    #[test]
    fn civil_dates_are_right() {
        assert_eq!(civil(0), (1970, 1, 1, 0, 0, 0));
        assert_eq!(civil(1_795_651_200), (2026, 11, 26, 0, 0, 0));
    }
}
