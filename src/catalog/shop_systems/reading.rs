//! One reading of a shop export: the store's currency, the day offer prices
//! are judged on, and what is found on the way — problems that refuse the
//! file and notes for the summary — with the field readers every system shares.

use super::{Col, Date, Row};
use crate::catalog::doc::{CatalogDoc, ImportError, Problem, ProductRow, ReadNotes};
use crate::money::{Currency, Money};

/// The columns of a price that may be reduced for a while.
pub(crate) struct OfferCols<'c> {
    pub regular: &'c Col,
    pub offer: &'c Col,
    pub from: &'c Col,
    pub to: &'c Col,
    /// What the offer is called, for the summary: "sale price", "special price".
    pub what: &'static str,
}

pub(crate) struct Reading<'a> {
    pub currency: &'a Currency,
    pub today: Date,
    pub problems: Vec<Problem>,
    pub notes: ReadNotes,
}

impl<'a> Reading<'a> {
    pub fn new(currency: &'a Currency, today: Date, problems: Vec<Problem>) -> Reading<'a> {
        Reading { currency, today, problems, notes: ReadNotes::default() }
    }

    /// A problem with a field: the file is refused.
    pub fn problem(&mut self, line: usize, col: &Col, message: impl Into<String>) {
        self.problems.push(Problem::at(line, &col.name, message));
    }

    /// A value dropped with a warning: the row imports without it.
    pub fn warn(&mut self, line: usize, col: &Col, message: impl Into<String>) {
        self.notes.warnings.push(Problem::at(line, &col.name, message));
    }

    /// An amount of money in `col`: `None` when the field is empty or bad
    /// (a bad one is a problem).
    pub fn amount(&mut self, row: &Row, col: &Col) -> Option<Money> {
        match row.get(col) {
            "" => None,
            v => money(self.currency, v).map_err(|msg| self.problem(row.line, col, msg)).ok(),
        }
    }

    /// Puts the row's shelf price (and the regular price under an offer) on
    /// `p`. False when no price applies: the product is not sold here. A bad
    /// field is a problem already, and the row stays so that references to
    /// it raise no second one.
    pub fn price_into(&mut self, row: &Row, cols: &OfferCols<'_>, p: &mut ProductRow) -> bool {
        match self.shelf_price(row, cols) {
            Ok(Some((price, was))) => {
                (p.price, p.was_price) = (price, was);
                true
            }
            Ok(None) => false,
            Err(()) => true,
        }
    }

    /// The shelf price and, under a reduction, the regular price it was:
    /// the offer (a WooCommerce sale price, a Magento special price) when it
    /// applies today — between its dates, either of which may be open — and
    /// is below the regular price; the regular price otherwise. An offer
    /// outside its dates is noted as not applied. `Ok(None)` when the row
    /// has no price that applies; `Err` when a field is bad (a problem).
    pub fn shelf_price(
        &mut self,
        row: &Row,
        cols: &OfferCols<'_>,
    ) -> Result<Option<(Money, Option<Money>)>, ()> {
        let line = row.line;
        let problems = self.problems.len();
        let regular = self.amount(row, cols.regular);
        let offer = self.amount(row, cols.offer);
        let from = self.date(row, cols.from);
        let to = self.date(row, cols.to);
        if self.problems.len() > problems {
            return Err(());
        }
        let Some(offer) = offer else { return Ok(regular.map(|r| (r, None))) };
        let shown = self.currency.display(offer);
        let why = match (from, to) {
            (Some(from), _) if self.today < from => Some(format!("{} {shown} starts {from}", cols.what)),
            (_, Some(to)) if self.today > to => Some(format!("{} {shown} ended {to}", cols.what)),
            _ => None,
        };
        Ok(match (why, regular) {
            (Some(why), Some(regular)) => {
                self.notes.prices_not_applied.push(Problem::at(line, &cols.offer.name, why));
                Some((regular, None))
            }
            (Some(_), None) => None,
            (None, Some(regular)) if regular > offer => Some((offer, Some(regular))),
            (None, Some(regular)) => Some((regular, None)),
            (None, None) => Some((offer, None)),
        })
    }

    /// Whether an offer between the dates in `from` and `to` (either may be
    /// open) applies today.
    pub fn offer_applies(&mut self, row: &Row, from: &Col, to: &Col) -> bool {
        let (from, to) = (self.date(row, from), self.date(row, to));
        from.is_none_or(|f| f <= self.today) && to.is_none_or(|t| self.today <= t)
    }

    /// A date in `col`; `None` when empty or bad (a problem).
    fn date(&mut self, row: &Row, col: &Col) -> Option<Date> {
        match row.get(col) {
            "" => None,
            v => Date::parse(v).map_err(|msg| self.problem(row.line, col, msg)).ok(),
        }
    }

    /// A stock count in `col`: "12" or "12.0000"; `None` when empty (not
    /// known, which is not 0) or bad (a problem).
    pub fn count(&mut self, row: &Row, col: &Col) -> Option<i64> {
        match row.get(col) {
            "" => None,
            v => whole_number(v).map_err(|msg| self.problem(row.line, col, msg)).ok(),
        }
    }

    /// A barcode: a valid GTIN, stored as GTIN-14. The apostrophe Shopify
    /// puts before one (so spreadsheets keep it as text) is dropped; a code
    /// a spreadsheet turned into a number ("3.65275E+11", digits lost) is
    /// dropped with a warning; anything else that is not a GTIN is a
    /// problem. `key` prefixes the message (a key inside the column).
    pub fn barcode(&mut self, line: usize, col: &Col, key: &str, value: &str) -> Option<String> {
        let v = value.trim();
        let v = v.strip_prefix('\'').unwrap_or(v).trim();
        if v.is_empty() {
            return None;
        }
        if spreadsheet_number(v) {
            let msg = format!(
                "{key}`{v}` is not a barcode: a spreadsheet wrote it as a number and lost digits; the product imports without it"
            );
            self.warn(line, col, msg);
            return None;
        }
        crate::barcode::normalize(v).map_err(|e| self.problem(line, col, format!("{key}{e}"))).ok()
    }

    /// The document with the notes, or every problem found.
    pub fn finish(self, file: &str, mut doc: CatalogDoc) -> Result<CatalogDoc, ImportError> {
        if !self.problems.is_empty() {
            return Err(ImportError::new(file, self.problems));
        }
        doc.notes = self.notes;
        Ok(doc)
    }
}

/// "3.65275E+11", "7.35018E+12": a number in scientific notation.
fn spreadsheet_number(v: &str) -> bool {
    let Some((mantissa, exponent)) = v.split_once(['E', 'e']) else { return false };
    let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once(['.', ',']) {
        Some((a, b)) => digits(a) && digits(b),
        None => digits(mantissa),
    };
    mantissa_ok && digits(exponent)
}

/// A price or cost: the currency's major units ("19.99", or "19,99" in a
/// store with decimal commas), never negative. Zeros past the currency's
/// decimals are dropped ("34.0000" is 34.00, as Magento writes it); any other
/// extra decimal is an error.
pub(crate) fn money(currency: &Currency, v: &str) -> Result<Money, String> {
    let v = v.trim();
    let seps: &[char] = if currency.decimal_comma { &[',', '.'] } else { &['.'] };
    let m = currency
        .parse(v)
        .or_else(|e| {
            seps.iter()
                .map(|&sep| drop_extra_zeros(v, sep, currency.exponent as usize))
                .find_map(|t| (t != v).then(|| currency.parse(&t).ok()).flatten())
                .ok_or(e)
        })
        .map_err(|e| e.to_string())?;
    if m.0 < 0 {
        return Err(format!("`{v}` is negative"));
    }
    Ok(m)
}

fn drop_extra_zeros(v: &str, sep: char, exponent: usize) -> String {
    let Some((int, frac)) = v.rsplit_once(sep) else { return v.to_string() };
    let mut frac = frac;
    while frac.len() > exponent && frac.ends_with('0') {
        frac = &frac[..frac.len() - 1];
    }
    if frac.is_empty() { int.to_string() } else { format!("{int}{sep}{frac}") }
}

/// A whole number, "12" or "12.0000".
pub(crate) fn whole_number(v: &str) -> Result<i64, String> {
    let v = v.trim();
    let int = match v.split_once('.') {
        Some((int, frac)) if !frac.is_empty() && frac.bytes().all(|b| b == b'0') => int,
        Some(_) => return Err(format!("`{v}` is not a whole number")),
        None => v,
    };
    int.parse().map_err(|_| format!("`{v}` is not a whole number"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_drops_only_zero_extra_decimals() {
        let usd = Currency::usd();
        assert_eq!(money(&usd, "34.0000"), Ok(Money(3400)));
        assert_eq!(money(&usd, "19.990"), Ok(Money(1999)));
        assert_eq!(money(&usd, "12"), Ok(Money(1200)));
        assert!(money(&usd, "19.995").unwrap_err().contains("decimal"));
        assert!(money(&usd, "-1.00").unwrap_err().contains("negative"));
        let eur = Currency::from_code("EUR", "€").unwrap().with_decimal_comma(true);
        assert_eq!(money(&eur, "34,0000"), Ok(Money(3400)));
        assert_eq!(money(&eur, "34.0000"), Ok(Money(3400)));
        assert_eq!(money(&eur, "1.000"), Ok(Money(100_000)), "a thousands point, kept");
        assert_eq!(whole_number("12.0000"), Ok(12));
        assert!(whole_number("1.5").is_err());
        assert!(whole_number("").is_err());
    }

    #[test]
    fn spreadsheet_numbers_are_told_from_barcodes() {
        for mangled in ["3.65275E+11", "7.35018e+12", "1E+13", "3,65275E+11"] {
            assert!(spreadsheet_number(mangled), "{mangled}");
        }
        for other in ["4006381333931", "E+11", "3.6E", "ABC123", "3.65E+1x"] {
            assert!(!spreadsheet_number(other), "{other}");
        }
    }
}
