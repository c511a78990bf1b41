//! Money as integer minor units, with the currency's ISO 4217 exponent.
//!
//! There is no floating point anywhere in this module (clippy's
//! `disallowed_types` forbids `f32`/`f64` here): amounts are `i64` minor units,
//! tax rates are integer parts per million, and every rounding is half away
//! from zero on exact integer arithmetic.
#![deny(clippy::disallowed_types)]

use std::fmt;
use std::ops::{Add, AddAssign, Mul, Neg, Sub, SubAssign};
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// An amount of money in minor units (cents for USD, yen for JPY, fils for BHD).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Money(pub i64);

impl Money {
    pub const ZERO: Money = Money(0);

    /// The amount in minor units.
    pub fn minor(self) -> i64 {
        self.0
    }

    /// `self * num / den`, rounded half away from zero. `den` must be non-zero.
    pub fn mul_div(self, num: i64, den: i64) -> Money {
        Money(clamp(div_round(i128::from(self.0) * i128::from(num), i128::from(den))))
    }

    /// Whether `self` is more than `percent` % of `base` (exact, no overflow).
    pub fn exceeds_percent_of(self, base: Money, percent: u32) -> bool {
        i128::from(self.0) * 100 > i128::from(base.0) * i128::from(percent)
    }

    /// The percentage `self` is of `base`, in basis points (1/100 %), rounded.
    pub fn basis_points_of(self, base: Money) -> Option<i64> {
        (base.0 != 0).then(|| clamp(div_round(i128::from(self.0) * 10_000, i128::from(base.0))))
    }
}

// Arithmetic saturates instead of overflowing: no amount a file can hold makes
// the till panic (parsed amounts are capped at MAX_AMOUNT far below the limit).
impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0.saturating_add(rhs.0))
    }
}
impl AddAssign for Money {
    fn add_assign(&mut self, rhs: Money) {
        *self = *self + rhs;
    }
}
impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0.saturating_sub(rhs.0))
    }
}
impl SubAssign for Money {
    fn sub_assign(&mut self, rhs: Money) {
        *self = *self - rhs;
    }
}
impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(self.0.saturating_neg())
    }
}
impl Mul<i64> for Money {
    type Output = Money;
    fn mul(self, rhs: i64) -> Money {
        Money(self.0.saturating_mul(rhs))
    }
}
impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |a, b| a + b)
    }
}

fn clamp(v: i128) -> i64 {
    v.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
}

/// Integer division rounded half away from zero.
pub fn div_round(num: i128, den: i128) -> i128 {
    let (num, den) = if den < 0 { (-num, -den) } else { (num, den) };
    let q = num / den;
    let r = num % den;
    if 2 * r.abs() >= den { q + num.signum() } else { q }
}

/// `total` shared out in proportion to `weights`, each share rounded so that
/// the shares so far add up to the rounded share of the weights so far: the
/// shares add up to `total` exactly. All zero when the weights add up to zero.
pub fn spread(total: Money, weights: &[Money]) -> Vec<Money> {
    let whole: i128 = weights.iter().map(|w| i128::from(w.0)).sum();
    if whole == 0 {
        return vec![Money::ZERO; weights.len()];
    }
    let (mut so_far, mut given) = (0_i128, 0_i64);
    weights
        .iter()
        .map(|w| {
            so_far += i128::from(w.0);
            let upto = clamp(div_round(i128::from(total.0) * so_far, whole));
            let share = upto - given;
            given = upto;
            Money(share)
        })
        .collect()
}

/// A currency: its code, its ISO 4217 minor-unit exponent and its symbol,
/// and how the store writes amounts (`decimal_comma`: "12,50" rather than
/// "12.50", from `[store] decimal_comma`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Currency {
    pub code: String,
    pub exponent: u32,
    pub symbol: String,
    pub decimal_comma: bool,
}

/// ISO 4217 exponents that differ from the usual 2.
const EXPONENTS: &[(&str, u32)] = &[
    ("BHD", 3),
    ("BIF", 0),
    ("CLP", 0),
    ("DJF", 0),
    ("GNF", 0),
    ("IQD", 3),
    ("ISK", 0),
    ("JOD", 3),
    ("JPY", 0),
    ("KMF", 0),
    ("KRW", 0),
    ("KWD", 3),
    ("LYD", 3),
    ("OMR", 3),
    ("PYG", 0),
    ("RWF", 0),
    ("TND", 3),
    ("UGX", 0),
    ("UYI", 0),
    ("VND", 0),
    ("VUV", 0),
    ("XAF", 0),
    ("XOF", 0),
    ("XPF", 0),
];

impl Currency {
    /// The currency for an ISO 4217 code, with its exponent; `None` for a code
    /// that is not three ASCII capitals.
    pub fn from_code(code: &str, symbol: &str) -> Option<Currency> {
        if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
            return None;
        }
        let exponent = EXPONENTS.iter().find(|(c, _)| *c == code).map_or(2, |(_, e)| *e);
        Some(Currency { code: code.to_string(), exponent, symbol: symbol.to_string(), decimal_comma: false })
    }

    /// US dollars, the demo store's currency.
    pub fn usd() -> Currency {
        Currency { code: "USD".into(), exponent: 2, symbol: "$".into(), decimal_comma: false }
    }

    /// The same currency, its amounts written with a decimal comma ("12,50") or not.
    pub fn with_decimal_comma(self, decimal_comma: bool) -> Currency {
        Currency { decimal_comma, ..self }
    }

    fn scale(&self) -> i64 {
        10_i64.pow(self.exponent)
    }

    /// "1234.50" (no symbol, no grouping): the form files use.
    pub fn plain(&self, m: Money) -> String {
        let scale = self.scale();
        let sign = if m.0 < 0 { "-" } else { "" };
        let abs = m.0.unsigned_abs();
        let major = abs / scale as u64;
        if self.exponent == 0 {
            format!("{sign}{major}")
        } else {
            let minor = abs % scale as u64;
            format!("{sign}{major}.{minor:0width$}", width = self.exponent as usize)
        }
    }

    /// "$1,234.50": the form people read.
    pub fn display(&self, m: Money) -> String {
        let plain = self.plain(m.abs_money());
        let (int, frac) = plain.split_once('.').map_or((plain.as_str(), None), |(a, b)| (a, Some(b)));
        let mut grouped = String::new();
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        let sign = if m.0 < 0 { "-" } else { "" };
        match frac {
            Some(f) => format!("{sign}{}{grouped}.{f}", self.symbol),
            None => format!("{sign}{}{grouped}", self.symbol),
        }
    }

    /// Parses "19.99", "$19.99", "1,234.5", "-3" into minor units, by one
    /// rule: a point is the decimal separator and a comma groups thousands,
    /// only in a valid grouping ("1,234,567.50"). A store with
    /// `decimal_comma` reads "12,50" and "1.234,50" the other way round (a
    /// space may group too), and still reads "19.99" (a point that cannot be
    /// a grouping) as machine exports write it. A decimal comma in a store
    /// without it, an ambiguous amount or more decimals than the currency
    /// has is an error, never a guess.
    pub fn parse(&self, text: &str) -> Result<Money, MoneyError> {
        let t = text.trim();
        let (neg, t) = match t.strip_prefix('-') {
            Some(rest) => (true, rest.trim_start()),
            None => (false, t),
        };
        let t = if self.symbol.is_empty() { t } else { t.strip_prefix(self.symbol.as_str()).unwrap_or(t) };
        let t = t.strip_prefix(self.code.as_str()).unwrap_or(t).trim();
        if t.is_empty() {
            return Err(MoneyError::NotANumber(text.to_string()));
        }
        let (int, frac) = if self.decimal_comma {
            self.split_decimal_comma(t, text)?
        } else {
            split_decimal_point(t, text)?
        };
        if frac.len() > self.exponent as usize {
            return Err(MoneyError::TooManyDecimals { text: text.to_string(), exponent: self.exponent });
        }
        let major: i64 = if int.is_empty() {
            0
        } else {
            int.parse().map_err(|_| MoneyError::TooLarge(text.to_string()))?
        };
        let mut minor: i64 = 0;
        for (i, b) in frac.bytes().enumerate() {
            minor += i64::from(b - b'0') * 10_i64.pow(self.exponent - 1 - i as u32);
        }
        let value = major
            .checked_mul(self.scale())
            .and_then(|v| v.checked_add(minor))
            .filter(|v| *v <= MAX_AMOUNT)
            .ok_or_else(|| MoneyError::TooLarge(text.to_string()))?;
        Ok(Money(if neg { -value } else { value }))
    }

    /// Integer and fraction digits of `t` in a store that writes "1.234,50".
    fn split_decimal_comma<'a>(&self, t: &'a str, text: &str) -> Result<(String, &'a str), MoneyError> {
        let nan = || MoneyError::NotANumber(text.to_string());
        if let Some((int, frac)) = t.split_once(',') {
            if !all_digits(frac) || int.is_empty() && frac.is_empty() {
                return Err(nan());
            }
            return Ok((ungroup(int, COMMA_GROUPS).ok_or_else(nan)?, frac));
        }
        if let Some(int) = ungroup(t, COMMA_GROUPS) {
            // "1.234" groups thousands, unless the currency could hold it as 1.234 too.
            if t.matches(COMMA_GROUPS).count() == 1 && t.contains('.') && self.exponent >= 3 {
                return Err(MoneyError::Ambiguous(text.to_string()));
            }
            return Ok((int, ""));
        }
        // Not a grouping: the point is a decimal point ("19.99"), as shop exports write it.
        split_decimal_point(t, text).map_err(|_| nan())
    }
}

/// What groups thousands where the decimal separator is a comma.
const COMMA_GROUPS: &[char] = &['.', ' ', '\u{a0}', '\u{202f}'];

/// Integer and fraction digits of `t` written "1,234.50".
fn split_decimal_point<'a>(t: &'a str, text: &str) -> Result<(String, &'a str), MoneyError> {
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    if all_digits(frac)
        && !(int.is_empty() && frac.is_empty())
        && let Some(digits) = ungroup(int, &[','])
    {
        return Ok((digits, frac));
    }
    Err(if looks_like_decimal_comma(t) {
        MoneyError::DecimalComma(text.to_string())
    } else {
        MoneyError::NotANumber(text.to_string())
    })
}

/// "12,50", "0,99", "1.234,50": digits (maybe grouped), a comma, digits.
fn looks_like_decimal_comma(t: &str) -> bool {
    t.rsplit_once(',').is_some_and(|(int, frac)| {
        !int.is_empty() && !frac.is_empty() && all_digits(frac) && ungroup(int, COMMA_GROUPS).is_some()
    })
}

fn all_digits(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_digit())
}

/// The digits of an integer part, when it is plain digits or digits grouped
/// by threes with one of `seps` ("1,234,567"); `None` for anything else.
fn ungroup(int: &str, seps: &[char]) -> Option<String> {
    if all_digits(int) {
        return Some(int.to_string());
    }
    let sep = int.chars().find(|c| seps.contains(c))?;
    let mut parts = int.split(sep);
    let first = parts.next()?;
    let valid =
        (1..=3).contains(&first.len()) && all_digits(first) && parts.all(|g| g.len() == 3 && all_digits(g));
    valid.then(|| int.chars().filter(char::is_ascii_digit).collect())
}

/// Amounts are capped far above any till total so sums of many lines never overflow.
pub const MAX_AMOUNT: i64 = 1_000_000_000_000_000;

#[cfg(test)]
mod overflow {
    use super::*;

    #[test]
    fn huge_amounts_saturate_instead_of_panicking() {
        let big = Money(MAX_AMOUNT);
        assert_eq!((big * 9_999 * 9_999).0, i64::MAX);
        assert_eq!([big * 9_999; 10].into_iter().sum::<Money>().0, i64::MAX);
        assert_eq!((-(big * 9_999) - big * 9_999).0, i64::MIN);
        let tax = TaxPolicy { rate: TaxRate(1_000_000), ..TaxPolicy::default() };
        assert_eq!(tax.tax_of(Money(i64::MAX)).0, i64::MAX);
    }
}

trait AbsMoney {
    fn abs_money(self) -> Money;
}
impl AbsMoney for Money {
    fn abs_money(self) -> Money {
        Money(self.0.abs())
    }
}

/// Why a piece of text is not an amount of money.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("`{0}` is not a number")]
    NotANumber(String),
    #[error("`{text}` has more than {exponent} decimal places")]
    TooManyDecimals { text: String, exponent: u32 },
    #[error("`{0}` is too large")]
    TooLarge(String),
    #[error(
        "`{0}` has a decimal comma; if amounts are written that way, set `decimal_comma = true` under [store]"
    )]
    DecimalComma(String),
    #[error("`{0}` could be read with a decimal point or a thousands point; write it with a decimal comma")]
    Ambiguous(String),
}

/// A tax rate in parts per million (8.25 % is 82,500).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct TaxRate(pub i64);

impl TaxRate {
    /// Parses a percentage such as "8.25" (up to four decimals).
    pub fn parse_percent(text: &str) -> Result<TaxRate, MoneyError> {
        let pct = Currency { code: "PCT".into(), exponent: 4, symbol: String::new(), decimal_comma: false };
        let t = text.trim().trim_end_matches('%');
        let v = pct.parse(t)?;
        if v.0 < 0 || v.0 > 1_000_000 {
            return Err(MoneyError::NotANumber(text.to_string()));
        }
        Ok(TaxRate(v.0))
    }
    /// "8.25 %"
    pub fn display(self) -> String {
        let pct = Currency { code: "PCT".into(), exponent: 4, symbol: String::new(), decimal_comma: false };
        let s = pct.plain(Money(self.0));
        let s = s.trim_end_matches('0').trim_end_matches('.');
        format!("{s} %")
    }
}

/// Whether shelf prices already include tax.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum TaxRounding {
    /// Round the tax of each line, then add the rounded amounts.
    #[default]
    Line,
    /// Add the lines, then round the tax once for the invoice.
    Invoice,
}

/// How tax is worked out: rate, inclusive or exclusive prices, rounding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TaxPolicy {
    pub rate: TaxRate,
    pub prices_include_tax: bool,
    pub rounding: TaxRounding,
}

/// Subtotal (what the lines add up to), tax, and what the customer pays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Totals {
    pub subtotal: Money,
    pub tax: Money,
    pub total: Money,
}

impl TaxPolicy {
    /// Tax contained in (inclusive) or added to (exclusive) one amount, rounded.
    pub fn tax_of(&self, amount: Money) -> Money {
        let rate = i128::from(self.rate.0);
        let den = if self.prices_include_tax { 1_000_000 + rate } else { 1_000_000 };
        Money(clamp(div_round(i128::from(amount.0) * rate, den)))
    }

    /// The most a shelf price may be for the customer to pay at most `left`
    /// more: `left` itself where prices include tax, else `left` less the tax
    /// it would add (one minor unit kept back for rounding). Negative when
    /// nothing fits.
    pub fn shelf_room(&self, left: Money) -> Money {
        if self.prices_include_tax || self.rate.0 == 0 || left <= Money::ZERO {
            return left;
        }
        let num = i128::from((left - Money(1)).0) * 1_000_000;
        Money(clamp(num / (1_000_000 + i128::from(self.rate.0))))
    }

    /// Each line's share of the tax of [`totals`](Self::totals): under `Line`
    /// rounding each line's own rounded tax; under `Invoice` the one rounded
    /// tax spread over the lines by amount. Either way they add up to the
    /// totals' tax exactly, so a refund of some lines can give back theirs.
    pub fn line_taxes(&self, lines: &[Money]) -> Vec<Money> {
        match self.rounding {
            TaxRounding::Line => lines.iter().map(|l| self.tax_of(*l)).collect(),
            TaxRounding::Invoice => spread(self.totals(lines).tax, lines),
        }
    }

    /// Totals for line amounts (each already quantity × price − discount).
    /// Under `Line` rounding the tax is the sum of the rounded line taxes;
    /// under `Invoice` it is rounded once on the sum.
    pub fn totals(&self, lines: &[Money]) -> Totals {
        let subtotal: Money = lines.iter().copied().sum();
        let tax = match self.rounding {
            TaxRounding::Line => lines.iter().map(|l| self.tax_of(*l)).sum(),
            TaxRounding::Invoice => self.tax_of(subtotal),
        };
        let total = if self.prices_include_tax { subtotal } else { subtotal + tax };
        Totals { subtotal, tax, total }
    }
}

impl fmt::Display for Money {
    /// Minor units with no currency; use [`Currency::display`] for people.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl FromStr for TaxRounding {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "line" => Ok(TaxRounding::Line),
            "invoice" => Ok(TaxRounding::Invoice),
            other => Err(format!("`{other}` is not `line` or `invoice`")),
        }
    }
}

#[cfg(test)]
mod tests;
