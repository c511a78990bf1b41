//! Text fitted to columns by display width (CJK and emoji take two columns),
//! never by bytes.

use std::borrow::Cow;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Display width of a string.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// `s` cut to at most `max` columns, with `…` when something was cut.
/// Text that fits is handed back as it came (borrowed text stays borrowed,
/// an owned string is moved, not copied).
pub fn fit<'a>(s: impl Into<Cow<'a, str>>, max: usize) -> Cow<'a, str> {
    let s = s.into();
    if width(&s) <= max {
        return s;
    }
    if max == 0 {
        return Cow::Borrowed("");
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
    Cow::Owned(out)
}

/// `s` broken into lines of at most `max` columns, between words when it
/// can (a word wider than a line is broken where it must be).
pub fn wrap(s: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in s.split(' ') {
        let sep = usize::from(!line.is_empty());
        if !line.is_empty() && width(&line) + sep + width(word) > max {
            lines.push(std::mem::take(&mut line));
        } else if sep == 1 {
            line.push(' ');
        }
        for c in word.chars() {
            if width(&line) + c.width().unwrap_or(0) > max && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            line.push(c);
        }
    }
    lines.push(line);
    lines
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
    }

    #[test]
    fn wraps_between_words_by_display_width() {
        assert_eq!(wrap("Move the selection up", 10), ["Move the", "selection", "up"]);
        assert_eq!(wrap("静音ヘッドホン pro", 6), ["静音ヘ", "ッドホ", "ン pro"]);
        assert_eq!(wrap("abcdef", 4), ["abcd", "ef"]);
        assert_eq!(wrap("", 4), [""]);
        assert_eq!(wrap("fits", 4), ["fits"]);
    }
}
