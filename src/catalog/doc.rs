//! A catalog file as read, before it touches the database: rows with the line
//! they came from, so every problem can name file, line and field.

use std::collections::BTreeMap;
use std::fmt;

use crate::money::Money;

/// One problem found in an import file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: Option<usize>,
    pub field: Option<String>,
    pub message: String,
}

impl Problem {
    pub fn at(line: usize, field: &str, message: impl Into<String>) -> Problem {
        Problem { line: Some(line), field: Some(field.to_string()), message: message.into() }
    }
    pub fn line(line: usize, message: impl Into<String>) -> Problem {
        Problem { line: Some(line), field: None, message: message.into() }
    }
    pub fn file(message: impl Into<String>) -> Problem {
        Problem { line: None, field: None, message: message.into() }
    }
}

/// An import refused, with every problem found (nothing was written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub file: String,
    pub problems: Vec<Problem>,
}

impl ImportError {
    /// The problems in file order: the file's own first, then by line (a
    /// line's problems in the order they were found).
    pub fn new(file: &str, mut problems: Vec<Problem>) -> ImportError {
        problems.sort_by_key(|p| p.line.unwrap_or(0));
        ImportError { file: file.to_string(), problems }
    }
}

/// At most this many problems are listed; the count says how many more.
const SHOWN: usize = 20;

impl Problem {
    /// "file.csv:12: field `price`: `abc` is not a number".
    pub fn in_file(&self, file: &str) -> String {
        let mut s = file.to_string();
        if let Some(line) = self.line {
            s.push_str(&format!(":{line}"));
        }
        if let Some(field) = &self.field {
            s.push_str(&format!(": field `{field}`"));
        }
        s.push_str(&format!(": {}", self.message));
        s
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().take(SHOWN).enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}", p.in_file(&self.file))?;
        }
        if self.problems.len() > SHOWN {
            write!(f, "\n{}: {} more problems not shown", self.file, self.problems.len() - SHOWN)?;
        }
        Ok(())
    }
}

impl std::error::Error for ImportError {}

/// A product row. `category` is a path; `barcode` is already a GTIN-14.
/// `stock` and `cost` are `None` when the file does not say (an export
/// without quantities or costs): they stay unknown rather than become 0.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProductRow {
    pub line: usize,
    pub sku: String,
    pub barcode: Option<String>,
    pub name: String,
    pub brand: String,
    pub category: String,
    pub family: Option<String>,
    pub tier: Option<i64>,
    pub price: Money,
    pub cost: Option<Money>,
    pub stock: Option<i64>,
    /// The regular price when `price` is a reduction (a sale, a special price).
    pub was_price: Option<Money>,
    pub active: bool,
    pub description: String,
    pub selling_points: Vec<String>,
    pub role: Option<String>,
    pub cover: Option<(Money, Money)>,
    pub attributes: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRow {
    pub line: usize,
    pub from: String,
    pub to: String,
    pub kind: super::LinkKind,
    pub priority: i64,
    pub talking_point: String,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryLinkRow {
    pub line: usize,
    pub from: String,
    pub to: String,
    pub priority: i64,
    pub talking_point: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleRow {
    pub line: usize,
    pub code: String,
    pub name: String,
    pub items: Vec<String>,
    pub discount: Money,
    pub talking_point: String,
}

/// Everything an import file holds.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CatalogDoc {
    /// Declared category paths (products may also name new ones).
    pub categories: Vec<(usize, String)>,
    pub products: Vec<ProductRow>,
    pub links: Vec<LinkRow>,
    pub category_links: Vec<CategoryLinkRow>,
    pub bundles: Vec<BundleRow>,
    /// A shop export is the whole truth about its own links: the stored
    /// links of this source from the file's products are replaced by the
    /// file's (a link the merchant removed goes, a re-priced upsell changes kind).
    pub replaces_links_of: Option<String>,
    /// What the reader noticed, for the import summary.
    pub notes: ReadNotes,
}

/// What a reader noticed that the database cannot tell: rows it left out
/// and why, offer prices it did not apply, values it dropped, how it named
/// products without a SKU. Reported in the import summary, never a reason
/// to refuse the file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReadNotes {
    /// Rows not imported, counted by what they are ("gift card", "external product").
    pub skipped: BTreeMap<String, usize>,
    /// Sale or special prices not applied on the day of the import: the line,
    /// the column and why ("ended 2019-06-30").
    pub prices_not_applied: Vec<Problem>,
    /// Values dropped with a warning (a barcode a spreadsheet turned into a number).
    pub warnings: Vec<Problem>,
    /// Products without a SKU, counted by the identity they were given instead.
    pub identities: BTreeMap<String, usize>,
    /// Upsells that are not dearer than their product: kept as alternatives
    /// (substitute links) rather than upgrades.
    pub upsells_as_alternatives: usize,
}

impl ReadNotes {
    /// Counts one row left out for `reason`.
    pub fn skip(&mut self, reason: &str) {
        *self.skipped.entry(reason.to_string()).or_default() += 1;
    }
}

/// The 1-based line of byte offset `at` in `text`.
pub fn line_of(text: &str, at: usize) -> usize {
    Lines::new(text.as_bytes()).line_of(at)
}

/// Line numbers as an editor shows them: a line ends at "\n", "\r\n" or a
/// lone "\r", so a CRLF file and a field spanning lines count like any other.
#[derive(Debug)]
pub struct Lines<'a> {
    bytes: &'a [u8],
    /// Byte offset where each line after the first starts.
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub fn new(bytes: &'a [u8]) -> Lines<'a> {
        let mut starts = Vec::new();
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' || b == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
                starts.push(i + 1);
            }
        }
        Lines { bytes, starts }
    }

    /// A CSV reader's error, named by the line an editor shows.
    pub fn csv_problem(&self, e: &csv::Error) -> Problem {
        let line = e.position().map_or(0, |p| self.record_line(p.byte() as usize));
        Problem::line(line, e.to_string())
    }

    /// The 1-based line holding byte `at`.
    pub fn line_of(&self, at: usize) -> usize {
        self.starts.partition_point(|&s| s <= at) + 1
    }

    /// The line a record starting at byte `at` is on: a CSV reader's record
    /// position may point at blank lines it skipped before the record.
    pub fn record_line(&self, at: usize) -> usize {
        let skip = self
            .bytes
            .get(at..)
            .map_or(0, |rest| rest.iter().take_while(|b| matches!(b, b'\r' | b'\n')).count());
        self.line_of(at + skip)
    }
}

/// Decodes a file as UTF-8, naming the line of the first bad byte.
pub fn utf8<'a>(file: &str, bytes: &'a [u8]) -> Result<&'a str, ImportError> {
    std::str::from_utf8(bytes).map_err(|e| {
        let line = Lines::new(&bytes[..e.valid_up_to()]).line_of(e.valid_up_to());
        ImportError::new(file, vec![Problem::line(line, "invalid UTF-8")])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_count_as_an_editor_does() {
        let text = b"a\r\nb\rc\n\n\"d\ne\"\nf";
        let lines = Lines::new(text);
        let at = |c: u8| text.iter().position(|b| *b == c).unwrap();
        let got: Vec<usize> = [b'a', b'b', b'c', b'd', b'e', b'f'].map(|c| lines.line_of(at(c))).to_vec();
        assert_eq!(got, [1, 2, 3, 5, 6, 7]);
        assert_eq!(lines.record_line(at(b'c') + 1), 5, "blank line 4 skipped");
    }

    #[test]
    fn problems_are_listed_by_line() {
        let e = ImportError::new(
            "f",
            vec![
                Problem::line(9, "c"),
                Problem::at(2, "x", "a"),
                Problem::file("file"),
                Problem::line(2, "b"),
            ],
        );
        let order: Vec<&str> = e.problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(order, ["file", "a", "b", "c"]);
    }
}
