//! A shop system's CSV export as columns and rows, each row with the line
//! an editor shows it on.

use super::ShopSystem;
use crate::catalog::doc::{ImportError, Lines, Problem, utf8};

/// A column of the file: where it is and what the file calls it. A column
/// the file lacks reads as empty everywhere.
#[derive(Debug, Clone)]
pub(crate) struct Col {
    idx: Option<usize>,
    /// The header as written in the file (or the usual name when absent).
    pub name: String,
}

impl Col {
    pub fn present(&self) -> bool {
        self.idx.is_some()
    }
}

/// One data record with the file line it starts on.
#[derive(Debug)]
pub(crate) struct Row {
    pub line: usize,
    fields: Vec<String>,
}

impl Row {
    /// The field, trimmed; "" when the column is absent.
    pub fn get(&self, col: &Col) -> &str {
        self.raw(col).trim()
    }
    /// The field as written.
    pub fn raw(&self, col: &Col) -> &str {
        col.idx.and_then(|i| self.fields.get(i)).map_or("", String::as_str)
    }
}

/// A shop system's CSV: its header and rows, plus the problems of records
/// that could not be read at all.
#[derive(Debug)]
pub(crate) struct Sheet {
    names: Vec<String>,
    pub rows: Vec<Row>,
    pub problems: Vec<Problem>,
}

impl Sheet {
    /// Reads a shop system's product export: UTF-8 (a byte-order mark is
    /// dropped), a header line, then records.
    pub fn read(file: &str, bytes: &[u8], system: ShopSystem) -> Result<Sheet, ImportError> {
        let what = format!("{} product export", system.title());
        Sheet::read_export(file, bytes, &what, system == ShopSystem::WooCommerce)
    }

    /// Reads any export shaped so (`what` names it in errors: "Shopify
    /// customer export"). `pad_short_rows`: a record shorter than the header
    /// reads its missing fields as empty instead of being refused.
    pub fn read_export(
        file: &str,
        bytes: &[u8],
        what: &str,
        pad_short_rows: bool,
    ) -> Result<Sheet, ImportError> {
        let text = utf8(file, bytes)?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let fail = |p: Problem| ImportError::new(file, vec![p]);
        let mut reader =
            csv::ReaderBuilder::new().flexible(true).has_headers(false).from_reader(text.as_bytes());
        let mut records = reader.records();
        let names: Vec<String> = match records.next() {
            Some(Ok(h)) => h.iter().map(|n| n.trim().to_string()).collect(),
            Some(Err(e)) => return Err(fail(Problem::line(1, e.to_string()))),
            None => {
                return Err(fail(Problem::file(format!("empty file: expected the header of a {what}"))));
            }
        };
        let mut sheet = Sheet { names, rows: Vec::new(), problems: Vec::new() };
        let lines = Lines::new(text.as_bytes());
        for rec in records {
            let rec = match rec {
                Ok(r) => r,
                Err(e) => {
                    sheet.problems.push(lines.csv_problem(&e));
                    continue;
                }
            };
            let line = rec.position().map_or(0, |p| lines.record_line(p.byte() as usize));
            if rec.iter().all(|f| f.trim().is_empty()) {
                continue; // blank line
            }
            let mut fields: Vec<String> = rec.iter().map(String::from).collect();
            let width = sheet.names.len();
            // WooCommerce's exporter writes its rows in batches and the header
            // last, so early rows lack the columns later ones brought in; its
            // importer reads the missing fields as empty, and so does this one.
            let padded = pad_short_rows
                && (fields.len() < width || fields[width..].iter().all(|f| f.trim().is_empty()));
            if padded {
                fields.resize(width, String::new());
            } else if fields.len() != width {
                sheet
                    .problems
                    .push(Problem::line(line, format!("{} fields, the header has {width}", fields.len())));
                continue;
            }
            sheet.rows.push(Row { line, fields });
        }
        Ok(sheet)
    }

    /// The column names as the header writes them.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The first of `names` the header has (any case).
    pub fn col(&self, names: &[&str]) -> Col {
        for n in names {
            if let Some(i) = self.names.iter().position(|h| h.eq_ignore_ascii_case(n)) {
                return Col { idx: Some(i), name: self.names[i].clone() };
            }
        }
        Col { idx: None, name: names.first().copied().unwrap_or_default().to_string() }
    }

    /// Every column whose header matches `pattern` with `{}` standing for 1, 2, 3, ...
    /// (stops at the first number the header lacks).
    pub fn numbered(&self, pattern: &str) -> Vec<Col> {
        (1..=64)
            .map(|n| self.col(&[&pattern.replace("{}", &n.to_string())]))
            .take_while(Col::present)
            .collect()
    }

    /// One problem on line 1 when required columns of a product export are missing.
    pub fn require(&self, file: &str, system: ShopSystem, cols: &[&Col]) -> Result<(), ImportError> {
        self.require_of(file, &format!("{} product export", system.title()), cols)
    }

    /// One problem on line 1 when required columns of `what` are missing.
    pub fn require_of(&self, file: &str, what: &str, cols: &[&Col]) -> Result<(), ImportError> {
        let missing: Vec<String> =
            cols.iter().filter(|c| !c.present()).map(|c| format!("`{}`", c.name)).collect();
        if missing.is_empty() {
            return Ok(());
        }
        let columns = if missing.len() == 1 { "column" } else { "columns" };
        Err(ImportError::new(
            file,
            vec![Problem::line(1, format!("missing {columns} {} of a {what}", missing.join(", ")))],
        ))
    }
}
