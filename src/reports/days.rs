//! UTC calendar days as the store writes them (`2026-11-26`): the day a
//! number of days before or after another, and the clock's day and hour now.
//! Reports count in UTC days (`--by day`, `--since`), so the dashboard does
//! too. The calendar arithmetic is `crate::calendar`'s.

/// Now, in UTC: the day and the hour of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Now {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// 0–23.
    pub hour: u8,
}

impl Now {
    /// The system clock, in UTC.
    pub fn utc() -> Now {
        let secs =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let days = i64::try_from(secs / 86_400).unwrap_or(0);
        Now { date: date_of(days), hour: u8::try_from(secs / 3600 % 24).unwrap_or(0) }
    }

    /// A fixed moment (tests, and screens that show a day other than today).
    pub fn at(date: &str, hour: u8) -> Now {
        Now { date: date.to_string(), hour: hour.min(23) }
    }
}

/// The day `n` days after `date` (before it when `n` is negative), or `None`
/// when `date` is not a `YYYY-MM-DD` day.
pub fn add(date: &str, n: i64) -> Option<String> {
    Some(date_of(day_number(date)? + n))
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` day.
fn day_number(date: &str) -> Option<i64> {
    let mut parts = date.splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d): (i64, i64, i64) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(crate::calendar::days_from_civil(y, m, d))
}

/// The `YYYY-MM-DD` day `n` days after 1970-01-01.
fn date_of(n: i64) -> String {
    let (y, m, d) = crate::calendar::civil_from_days(n);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_step_over_months_years_and_leap_days() {
        assert_eq!(add("2026-03-01", -1).as_deref(), Some("2026-02-28"));
        assert_eq!(add("2024-03-01", -1).as_deref(), Some("2024-02-29"));
        assert_eq!(add("2026-12-31", 1).as_deref(), Some("2027-01-01"));
        assert_eq!(add("2026-11-26", -28).as_deref(), Some("2026-10-29"));
        assert_eq!(add("1970-01-01", 0).as_deref(), Some("1970-01-01"));
        assert_eq!(add("2000-02-29", 365).as_deref(), Some("2001-02-28"));
        assert_eq!(add("26-11-2026", 1), None);
        assert_eq!(add("2026-13-01", 1), None);
    }

    #[test]
    fn every_day_of_four_centuries_round_trips() {
        let start = day_number("1900-01-01").unwrap();
        for n in start..start + 146_097 {
            assert_eq!(day_number(&date_of(n)), Some(n));
        }
        let now = Now::utc();
        assert!(now.hour < 24 && day_number(&now.date).is_some(), "{now:?}");
    }
}
