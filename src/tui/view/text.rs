//! Text fitted to columns by display width (CJK and emoji take two columns),
//! never by bytes.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Display width of a string.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// `s` cut to at most `max` columns, with `…` when something was cut.
pub fn fit(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// `s` fitted to exactly `cols` columns, padded on the right.
pub fn pad(s: &str, cols: usize) -> String {
    let mut out = fit(s, cols);
    let w = width(&out);
    out.extend(std::iter::repeat_n(' ', cols.saturating_sub(w)));
    out
}

/// `s` fitted to exactly `cols` columns, padded on the left.
pub fn pad_left(s: &str, cols: usize) -> String {
    let fitted = fit(s, cols);
    let w = width(&fitted);
    let mut out: String = std::iter::repeat_n(' ', cols.saturating_sub(w)).collect();
    out.push_str(&fitted);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_by_display_width() {
        assert_eq!(fit("Aurora X5", 20), "Aurora X5");
        assert_eq!(fit("Aurora X5 128 GB", 8), "Aurora …");
        assert_eq!(fit("静音ヘッドホン", 5), "静音…");
        assert_eq!(width(&fit("静音ヘッドホン", 6)), 5);
        assert_eq!(fit("🎧🎧🎧", 4), "🎧…");
        assert_eq!(fit("abc", 0), "");
        assert_eq!(pad("静音", 6), "静音  ");
        assert_eq!(pad_left("$5", 4), "  $5");
        assert_eq!(width(&pad("静音ヘッドホン", 5)), 5);
    }
}
