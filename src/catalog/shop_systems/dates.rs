//! Calendar dates as shop exports write them, to judge sale and special
//! prices on the day of the import: WooCommerce's "Date sale price starts /
//! ends" and Magento's special_price_from_date / special_price_to_date.

use std::fmt;

/// A calendar day. Orders as dates do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

const MONTHS: [&str; 12] =
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

impl Date {
    /// A real date, or `None` (no 31 June, no 29 February 2023).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)).then_some(Date {
            year,
            month,
            day,
        })
    }

    /// Today by the system clock, in UTC.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        Date::from_days(secs.div_euclid(86_400))
    }

    /// The date `days` days after 1970-01-01.
    fn from_days(days: i64) -> Date {
        let (year, month, day) = crate::calendar::civil_from_days(days);
        Date {
            year: i32::try_from(year).unwrap_or(i32::MAX),
            month: u32::try_from(month).unwrap_or(1),
            day: u32::try_from(day).unwrap_or(1),
        }
    }

    /// Reads a date as shop exports write it, any time of day ignored:
    /// `2019-06-30`, `2019/06/30`, `2030-01-01 0:00:00`, `2023-07-08T05:10:15`
    /// (WooCommerce); `6/30/19` and `6/30/2019` (Magento in US English, month
    /// first), `30.06.2019` (day first); `Jul 8, 2023` or `8 July 2023`; a
    /// Unix timestamp (`1689239400`). A day and month that could be either
    /// way round with a four-digit year (`03/04/2019`) is refused rather than
    /// guessed.
    pub fn parse(text: &str) -> Result<Date, String> {
        let v = text.trim();
        let bad = || format!("`{v}` is not a date (write it as YYYY-MM-DD)");
        if v.len() >= 9 && v.bytes().all(|b| b.is_ascii_digit()) {
            let secs: i64 = v.parse().map_err(|_| bad())?;
            return Ok(Date::from_days(secs.div_euclid(86_400)));
        }
        // The date is what comes before a time of day.
        let date = v.split(['T', ',']).next().unwrap_or(v).trim();
        let date = match date.split_once(' ') {
            Some((d, rest)) if rest.contains(':') => d,
            _ => date,
        };
        if date.chars().any(|c| c.is_ascii_alphabetic()) {
            return named_month(v).ok_or_else(bad);
        }
        let sep = date.chars().find(|c| matches!(c, '-' | '/' | '.')).ok_or_else(bad)?;
        let parts: Vec<&str> = date.split(sep).collect();
        let [a, b, c] = parts[..] else { return Err(bad()) };
        let num = |s: &str| s.parse::<i32>().ok().filter(|_| !s.is_empty() && s.len() <= 4);
        let (Some(a), Some(b), Some(c)) = (num(a), num(b), num(c)) else { return Err(bad()) };
        let (year, month, day) = if parts[0].len() == 4 {
            (a, b, c)
        } else if sep == '.' {
            (c, b, a)
        } else if parts[2].len() == 2 && sep == '/' {
            (c, a, b) // Magento's US short date: month first, two-digit year
        } else if a > 12 && b <= 12 {
            (c, b, a)
        } else if b > 12 && a <= 12 || a == b {
            (c, a, b)
        } else {
            return Err(format!(
                "`{v}` could be {a} {} or {b} {}: write it as YYYY-MM-DD",
                month_name(b),
                month_name(a)
            ));
        };
        let year = if parts[2].len() == 2 && parts[0].len() != 4 { 2000 + year } else { year };
        Date::new(year, u32::try_from(month).unwrap_or(0), u32::try_from(day).unwrap_or(0)).ok_or_else(bad)
    }
}

fn month_name(m: i32) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    usize::try_from(m - 1).ok().and_then(|i| NAMES.get(i)).copied().unwrap_or("?")
}

/// "Jul 8, 2023", "July 8 2023", "8 Jul 2023".
fn named_month(v: &str) -> Option<Date> {
    let words: Vec<&str> = v.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    let month_of = |w: &str| {
        let w = w.to_ascii_lowercase();
        MONTHS.iter().position(|m| {
            w.len() >= 3 && w.chars().all(|c| c.is_ascii_alphabetic()) && m.starts_with(&w[..3])
        })
    };
    let (m, d, y) = match words.as_slice() {
        [m, d, y, ..] if month_of(m).is_some() => (month_of(m)?, d, y),
        [d, m, y, ..] if month_of(m).is_some() => (month_of(m)?, d, y),
        _ => return None,
    };
    Date::new(y.parse().ok()?, m as u32 + 1, d.trim_end_matches(['s', 't', 'n', 'd', 'r', 'h']).parse().ok()?)
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn the_forms_shop_exports_write() {
        for (text, want) in [
            ("2019-06-30", d(2019, 6, 30)),
            ("2030-01-01 0:00:00", d(2030, 1, 1)),
            ("2023-07-08 05:10:15", d(2023, 7, 8)),
            ("2023-07-08T05:10:15+02:00", d(2023, 7, 8)),
            ("2023/07/13", d(2023, 7, 13)),
            ("1689239400", d(2023, 7, 13)),
            ("Jul 8, 2023", d(2023, 7, 8)),
            ("8 July 2023", d(2023, 7, 8)),
            ("6/30/18", d(2018, 6, 30)),
            ("1/2/40, 12:00 AM", d(2040, 1, 2)),
            ("6/30/2018", d(2018, 6, 30)),
            ("30/06/2018", d(2018, 6, 30)),
            ("30.06.2018", d(2018, 6, 30)),
            ("01.02.18", d(2018, 2, 1)),
            ("5/5/2018", d(2018, 5, 5)),
        ] {
            assert_eq!(Date::parse(text), Ok(want), "{text}");
        }
    }

    #[test]
    fn what_is_not_a_date_or_could_be_two_is_refused() {
        assert!(Date::parse("03/04/2019").unwrap_err().contains("could be 3 April or 4 March"));
        for bad in ["soon", "2019-02-30", "2019-13-01", "12", "1/2", "2019-06", ""] {
            assert!(Date::parse(bad).is_err(), "{bad}");
        }
    }

    proptest::proptest! {
        /// Whatever a date field holds, reading it gives a date or a reason, never a panic.
        #[test]
        fn any_text_reads_without_panicking(text in "\\PC{0,24}") {
            let _ = Date::parse(&text);
        }
    }

    #[test]
    fn days_count_from_1970() {
        assert_eq!(Date::from_days(0), d(1970, 1, 1));
        assert_eq!(Date::from_days(19_723), d(2024, 1, 1));
        assert_eq!(Date::from_days(-1), d(1969, 12, 31));
        assert!(d(2019, 6, 30) < d(2019, 7, 1) && d(2019, 12, 31) < d(2020, 1, 1));
        assert!(Date::today() > d(2024, 1, 1));
    }
}
