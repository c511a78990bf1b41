//! Barcode scanner detection. A scanner "types" a whole code in well under
//! 100 ms and ends it with a suffix key (usually Enter); a person types far
//! slower. A burst of at least `min_length` characters, each at most
//! `max_gap_ms` after the one before, ended by the suffix within the same gap,
//! is a scan — even when search results are showing.

use std::time::{Duration, Instant};

use super::keymap::Key;
use crate::config::{ConfigError, ScannerConfig};

/// Burst detection from key timestamps. Pure: the caller passes the times.
#[derive(Debug, Clone)]
pub struct Scanner {
    suffix: Key,
    max_gap: Duration,
    min_length: usize,
    burst: String,
    last: Option<Instant>,
}

impl Scanner {
    pub fn new(suffix: Key, max_gap: Duration, min_length: usize) -> Scanner {
        Scanner { suffix, max_gap, min_length: min_length.max(1), burst: String::new(), last: None }
    }

    /// The scanner of the configuration's `[scanner]` section; `file` names it in errors.
    pub fn from_config(c: &ScannerConfig, file: &str) -> Result<Scanner, ConfigError> {
        let suffix = Key::parse(&c.suffix).ok_or_else(|| ConfigError {
            file: file.to_string(),
            message: format!("`scanner.suffix`: `{}` is not a key name", c.suffix),
        })?;
        Ok(Scanner::new(suffix, Duration::from_millis(c.max_gap_ms), c.min_length))
    }

    /// Feeds one key pressed at `at`. Returns the code when this key ends a scan.
    pub fn feed(&mut self, key: Key, at: Instant) -> Option<String> {
        let in_burst = self.last.is_some_and(|last| at.saturating_duration_since(last) <= self.max_gap);
        if key == self.suffix {
            let done = in_burst && self.burst.chars().count() >= self.min_length;
            let code = std::mem::take(&mut self.burst);
            self.last = None;
            return done.then_some(code);
        }
        match key.printable() {
            Some(c) if !c.is_whitespace() => {
                if !in_burst {
                    self.burst.clear();
                }
                self.burst.push(c);
                self.last = Some(at);
            }
            _ => {
                self.burst.clear();
                self.last = None;
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyCode;

    fn scanner() -> Scanner {
        Scanner::new(Key::plain(KeyCode::Enter), Duration::from_millis(30), 8)
    }

    fn feed_all(s: &mut Scanner, text: &str, start: Instant, gap_ms: u64) -> (Option<String>, Instant) {
        let mut t = start;
        for c in text.chars() {
            assert_eq!(s.feed(Key::plain(KeyCode::Char(c)), t), None);
            t += Duration::from_millis(gap_ms);
        }
        (s.feed(Key::plain(KeyCode::Enter), t), t)
    }

    #[test]
    fn a_fast_burst_ending_in_the_suffix_is_a_scan() {
        let mut s = scanner();
        let (code, _) = feed_all(&mut s, "2000000000015", Instant::now(), 5);
        assert_eq!(code.as_deref(), Some("2000000000015"));
    }

    #[test]
    fn typing_by_hand_is_not_a_scan() {
        let mut s = scanner();
        let (code, _) = feed_all(&mut s, "2000000000015", Instant::now(), 120);
        assert_eq!(code, None);
    }

    #[test]
    fn a_short_burst_is_not_a_scan() {
        let mut s = scanner();
        let (code, _) = feed_all(&mut s, "1234", Instant::now(), 2);
        assert_eq!(code, None);
    }

    #[test]
    fn a_slow_suffix_is_not_a_scan() {
        let mut s = scanner();
        let t0 = Instant::now();
        for (i, c) in "20000000".chars().enumerate() {
            s.feed(Key::plain(KeyCode::Char(c)), t0 + Duration::from_millis(i as u64));
        }
        assert_eq!(s.feed(Key::plain(KeyCode::Enter), t0 + Duration::from_millis(500)), None);
    }

    #[test]
    fn hand_typed_text_before_a_burst_is_not_part_of_the_code() {
        let mut s = scanner();
        let t0 = Instant::now();
        let (none, t) = (s.feed(Key::plain(KeyCode::Char('c')), t0), t0 + Duration::from_millis(400));
        assert_eq!(none, None);
        let (code, _) = feed_all(&mut s, "96385074", t, 3);
        assert_eq!(code.as_deref(), Some("96385074"));
    }

    #[test]
    fn another_key_breaks_the_burst() {
        let mut s = scanner();
        let t0 = Instant::now();
        for (i, c) in "2000".chars().enumerate() {
            s.feed(Key::plain(KeyCode::Char(c)), t0 + Duration::from_millis(i as u64));
        }
        s.feed(Key::plain(KeyCode::Down), t0 + Duration::from_millis(5));
        let (code, _) = feed_all(&mut s, "0000", t0 + Duration::from_millis(6), 1);
        assert_eq!(code, None);
    }
}
