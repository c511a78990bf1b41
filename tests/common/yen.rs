//! A yen store for the tests: the demo catalog with its amounts in whole yen
//! (every amount's minor units become yen: `19.99` → `1999`, `699.00` →
//! `69900`, the protection plans' bands in their names with them), and a
//! check that every amount in a text reads as whole yen. Shared by
//! tests/currency_jpy.rs and the selling screen's yen test
//! (src/tui/tests/yen.rs), which include it by path.
#![allow(dead_code)]

use counterpart::money::Currency;

pub fn yen() -> Currency {
    Currency::from_code("JPY", "¥").unwrap()
}

/// `"699.00"` → `"69900"`: the amount's minor units as whole yen.
pub fn to_yen(amount: &str) -> String {
    let (major, minor) = amount.split_once('.').expect("two decimals");
    assert_eq!(minor.len(), 2, "{amount}");
    let yen = major.parse::<i64>().unwrap() * 100 + minor.parse::<i64>().unwrap();
    yen.to_string()
}

/// Every `123.45` token in `text` (a number with exactly two decimals) in yen.
pub fn tokens_to_yen(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::new();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let two_decimals = i > start
            && bytes.get(i) == Some(&b'.')
            && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
            && bytes.get(i + 2).is_some_and(u8::is_ascii_digit)
            && !bytes.get(i + 3).is_some_and(u8::is_ascii_digit);
        if two_decimals {
            out.push_str(&to_yen(&text[start..i + 3]));
            i += 3;
        } else if i > start {
            out.push_str(&text[start..i]);
        } else {
            let c = text[i..].chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// The demo catalog with its prices, costs, bands and bundle savings in yen.
pub fn demo_in_yen() -> String {
    let mut out = String::new();
    for line in counterpart::demo::CATALOG_TOML.lines() {
        let key = line.split(" = ").next().unwrap_or("");
        let money = ["price", "cost", "cover_min", "cover_max", "discount"].contains(&key);
        let band_text = line.contains("priced ") || line.contains("(items ");
        out.push_str(&if money || band_text { tokens_to_yen(line) } else { line.to_string() });
        out.push('\n');
    }
    out
}

/// Every amount in `text` reads as whole yen with grouped thousands; returns how many there are.
pub fn assert_yen(what: &str, text: &str) -> usize {
    assert!(!text.contains('$'), "{what} shows a dollar sign:\n{text}");
    let mut amounts = 0;
    for (i, _) in text.match_indices('¥') {
        let rest = &text[i + '¥'.len_utf8()..];
        let digits: String = rest.chars().take_while(|c| c.is_ascii_digit() || *c == ',').collect();
        let after = &rest[digits.len()..];
        let decimals = after.starts_with('.') && after[1..].starts_with(|c: char| c.is_ascii_digit());
        assert!(!digits.is_empty() && !decimals, "{what}: `¥{digits}{}` is not whole yen:\n{text}", {
            after.chars().take(4).collect::<String>()
        });
        let groups: Vec<&str> = digits.split(',').collect();
        if !after.starts_with('…') {
            assert!(
                groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3),
                "{what}: `¥{digits}` is not grouped by thousands:\n{text}"
            );
        }
        amounts += 1;
    }
    amounts
}
