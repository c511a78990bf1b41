//! `--since` and `--until`: a calendar date or an ISO 8601 date-time,
//! checked for real. `--since` is on or after; `--until` on or before, a date
//! taking in that whole day and a date-time that second (the store compares
//! the stored time cut to the length of the value).

/// The forms `--since` accepts, for messages.
const FORMS: &str = "use YYYY-MM-DD or an ISO date-time such as 2026-11-26T17:05";

/// Checks a `--since` value and returns it in the form sales store their
/// times (`2026-11-26`, `2026-11-26T17:05:00`), so it compares as text: a
/// date, or a date and time (`T` or a space between, seconds and a fraction
/// optional, a trailing `Z`). Times are UTC, as stored.
pub fn parse_since(flag: &str, value: &str) -> anyhow::Result<String> {
    let v = value.trim();
    let bad = |why: &str| anyhow::anyhow!("{flag}: `{value}` is not {why}; {FORMS}");
    let (date, time) = match v.find(['T', 't', ' ']) {
        Some(i) => (&v[..i], Some(&v[i + 1..])),
        None => (v, None),
    };
    let parts: Vec<&str> = date.split('-').collect();
    let [y, m, d] = parts[..] else { return Err(bad("a date")) };
    let (Some(year), Some(month), Some(day)) = (digits(y, 4), digits(m, 2), digits(d, 2)) else {
        return Err(bad("a date"));
    };
    if !(1..=12).contains(&month) {
        return Err(bad(&format!("a real date (there is no month {month})")));
    }
    if day == 0 || day > days_in_month(year, month) {
        return Err(bad(&format!(
            "a real date (month {month} of {year} has {} days)",
            days_in_month(year, month)
        )));
    }
    let Some(time) = time else { return Ok(date.to_string()) };
    let time = time.strip_suffix(['Z', 'z']).unwrap_or(time);
    let (hms, fraction) = match time.split_once('.') {
        Some((hms, f)) if !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()) => (hms, Some(f)),
        Some(_) => return Err(bad("a time")),
        None => (time, None),
    };
    let fields: Vec<&str> = hms.split(':').collect();
    let (hh, mm, ss) = match fields[..] {
        [h, m] if fraction.is_none() => (h, m, "00"),
        [h, m, s] => (h, m, s),
        _ => return Err(bad("a date-time")),
    };
    let (Some(h), Some(mi), Some(s)) = (digits(hh, 2), digits(mm, 2), digits(ss, 2)) else {
        return Err(bad("a date-time"));
    };
    if h > 23 || mi > 59 || s > 59 {
        return Err(bad("a real time of day"));
    }
    let mut out = format!("{date}T{hh}:{mm}:{ss}");
    if let Some(f) = fraction {
        out.push('.');
        out.push_str(f);
    }
    Ok(out)
}

/// `--since` and `--until` checked, in the stored form; refused when no
/// moment can be on or after the one and on or before the other.
pub fn parse_period(
    since: Option<&str>,
    until: Option<&str>,
) -> anyhow::Result<(Option<String>, Option<String>)> {
    let since = since.map(|s| parse_since("--since", s)).transpose()?;
    let until = until.map(|u| parse_since("--until", u)).transpose()?;
    if let (Some(s), Some(u)) = (&since, &until) {
        let cut = &s[..s.len().min(u.len())];
        if cut > u.as_str() {
            anyhow::bail!("--since {s} is after --until {u}: the period is empty");
        }
    }
    Ok((since, until))
}

/// Exactly `len` ASCII digits, as a number.
fn digits(s: &str, len: usize) -> Option<u32> {
    (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_date_times_are_accepted_in_the_stored_form() {
        assert_eq!(parse_since("--since", "2026-11-26").unwrap(), "2026-11-26");
        assert_eq!(parse_since("--since", "2024-02-29").unwrap(), "2024-02-29");
        assert_eq!(parse_since("--since", "2026-11-26T17:05").unwrap(), "2026-11-26T17:05:00");
        assert_eq!(parse_since("--since", "2026-11-26 17:05:09").unwrap(), "2026-11-26T17:05:09");
        assert_eq!(parse_since("--since", "2026-11-26T17:05:09.250Z").unwrap(), "2026-11-26T17:05:09.250");
    }

    #[test]
    fn anything_else_names_the_value_and_the_accepted_forms() {
        for bad in [
            "yesterday",
            "2026-13-45",
            "2026-02-29",
            "2100-02-29",
            "2026-04-31",
            "2026-00-10",
            "2026-1-5",
            "26-11-26",
            "2026-11-26T25:00",
            "2026-11-26T17",
            "2026-11-26T17:05+02:00",
            "2026-11-26T17:05:00.",
            "",
        ] {
            let e = parse_since("--since", bad).unwrap_err().to_string();
            assert!(e.starts_with(&format!("--since: `{bad}` is not")), "{bad}: {e}");
            assert!(e.contains("YYYY-MM-DD"), "{bad}: {e}");
        }
        let e = parse_since("--since", "2026-13-45").unwrap_err().to_string();
        assert!(e.contains("no month 13"), "{e}");
    }

    #[test]
    fn a_period_may_be_one_day_or_one_second_but_not_end_before_it_starts() {
        let p = |s: &str, u: &str| parse_period(Some(s), Some(u)).map_err(|e| e.to_string());
        assert!(p("2026-11-26", "2026-11-26").is_ok());
        assert!(p("2026-11-26T10:00", "2026-11-26").is_ok());
        assert!(p("2026-11-26T10:00", "2026-11-26T10:00").is_ok());
        let e = p("2026-11-27", "2026-11-26T23:00").unwrap_err();
        assert_eq!(e, "--since 2026-11-27 is after --until 2026-11-26T23:00:00: the period is empty");
        assert!(p("2026-11-26T10:00", "2026-11-26T09:59").is_err());
        let e = parse_period(None, Some("tomorrow")).unwrap_err().to_string();
        assert!(e.starts_with("--until: `tomorrow` is not"), "{e}");
    }
}
