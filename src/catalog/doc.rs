//! A catalog file as read, before it touches the database: rows with the line
//! they came from, so every problem can name file, line and field.

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

/// At most this many problems are listed; the count says how many more.
const SHOWN: usize = 20;

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().take(SHOWN).enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}", self.file)?;
            if let Some(line) = p.line {
                write!(f, ":{line}")?;
            }
            if let Some(field) = &p.field {
                write!(f, ": field `{field}`")?;
            }
            write!(f, ": {}", p.message)?;
        }
        if self.problems.len() > SHOWN {
            write!(f, "\n{}: {} more problems not shown", self.file, self.problems.len() - SHOWN)?;
        }
        Ok(())
    }
}

impl std::error::Error for ImportError {}

/// A product row. `category` is a path; `barcode` is already a GTIN-14.
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
    pub cost: Money,
    pub stock: i64,
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
}

/// The 1-based line of byte offset `at` in `text`.
pub fn line_of(text: &str, at: usize) -> usize {
    text.as_bytes()[..at.min(text.len())].iter().filter(|b| **b == b'\n').count() + 1
}

/// Decodes a file as UTF-8, naming the line of the first bad byte.
pub fn utf8<'a>(file: &str, bytes: &'a [u8]) -> Result<&'a str, ImportError> {
    std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1;
        ImportError { file: file.to_string(), problems: vec![Problem::line(line, "invalid UTF-8")] }
    })
}
