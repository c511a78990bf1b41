//! Rule output and input: JSON Lines in the shape Spark MLlib's FPGrowth
//! writes (`associationRules.write.json`), and a fixed-width text table.
//!
//! Written lines look like
//! `{"antecedent": ["a","b"], "consequent": ["c"], "support": 0.00122,
//! "confidence": 0.6315789473684, "lift": 18.99, "count": 12}` (one line);
//! floats use Rust's shortest round-trip `Display`. The reader accepts any
//! key order, whitespace and unknown keys; `antecedent`, `consequent`,
//! `support`, `confidence` and `lift` are required, `count` is optional
//! (Spark omits it).

use std::fmt;
use std::io::{self, Write};

use super::json::{self, Value};
use super::rules::Rule;

/// Writes `s` as a JSON string literal, quotes included.
pub fn write_json_string(out: &mut impl Write, s: &str) -> io::Result<()> {
    out.write_all(b"\"")?;
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let esc: Option<&[u8]> = match b {
            b'"' => Some(b"\\\""),
            b'\\' => Some(b"\\\\"),
            b'\n' => Some(b"\\n"),
            b'\r' => Some(b"\\r"),
            b'\t' => Some(b"\\t"),
            0x08 => Some(b"\\b"),
            0x0c => Some(b"\\f"),
            _ => None,
        };
        if esc.is_none() && b >= 0x20 {
            continue;
        }
        out.write_all(&bytes[start..i])?;
        match esc {
            Some(e) => out.write_all(e)?,
            None => write!(out, "\\u{b:04x}")?,
        }
        start = i + 1;
    }
    out.write_all(&bytes[start..])?;
    out.write_all(b"\"")
}

fn write_number(out: &mut impl Write, x: f64) -> io::Result<()> {
    if x.is_finite() { write!(out, "{x}") } else { out.write_all(b"null") }
}

fn label(labels: &[String], id: u32) -> io::Result<&str> {
    labels
        .get(id as usize)
        .map(String::as_str)
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, format!("item id {id} has no label")))
}

/// Writes one JSON object a line for each rule (see the module doc for the
/// shape). Fails with `InvalidInput` if a rule names an id without a label.
pub fn write_jsonl(rules: &[Rule], labels: &[String], out: &mut impl Write) -> io::Result<()> {
    for r in rules {
        out.write_all(b"{\"antecedent\": [")?;
        for (i, &id) in r.antecedent.iter().enumerate() {
            if i > 0 {
                out.write_all(b",")?;
            }
            write_json_string(out, label(labels, id)?)?;
        }
        out.write_all(b"], \"consequent\": [")?;
        write_json_string(out, label(labels, r.consequent)?)?;
        out.write_all(b"], \"support\": ")?;
        write_number(out, r.support)?;
        out.write_all(b", \"confidence\": ")?;
        write_number(out, r.confidence)?;
        out.write_all(b", \"lift\": ")?;
        write_number(out, r.lift)?;
        writeln!(out, ", \"count\": {}}}", r.count)?;
    }
    Ok(())
}

/// A rule read back from JSON Lines, with labels instead of ids.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedRule {
    pub antecedent: Vec<String>,
    pub consequent: String,
    pub support: f64,
    pub confidence: f64,
    pub lift: f64,
    pub count: Option<u64>,
}

/// Why a rules file was rejected: the 1-based line, the field when one is
/// to blame, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RulesError {
    pub line: usize,
    pub field: Option<&'static str>,
    pub message: String,
}

impl fmt::Display for RulesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.field {
            Some(field) => write!(f, "line {}: field \"{field}\": {}", self.line, self.message),
            None => write!(f, "line {}: {}", self.line, self.message),
        }
    }
}

impl std::error::Error for RulesError {}

/// Parses JSON Lines rules; blank lines are skipped.
pub fn parse_rules_jsonl(text: &str) -> Result<Vec<ImportedRule>, RulesError> {
    let mut rules = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let line = i + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let err = |field: Option<&'static str>, message: String| RulesError { line, field, message };
        let value = json::parse(raw).map_err(|e| err(None, e))?;
        let Value::Object(fields) = value else {
            return Err(err(None, "expected a JSON object".into()));
        };
        let get = |name: &'static str| {
            fields
                .iter()
                .rev()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v)
                .ok_or_else(|| err(Some(name), "missing".into()))
        };
        let strings = |name: &'static str| -> Result<Vec<String>, RulesError> {
            match get(name)? {
                Value::Array(items) => items
                    .iter()
                    .map(|v| match v {
                        Value::String(s) => Ok(s.clone()),
                        _ => Err(err(Some(name), "expected an array of strings".into())),
                    })
                    .collect(),
                Value::String(s) => Ok(vec![s.clone()]),
                _ => Err(err(Some(name), "expected an array of strings".into())),
            }
        };
        let number = |name: &'static str, max: f64| -> Result<f64, RulesError> {
            match get(name)? {
                Value::Number(x) if x.is_finite() && *x >= 0.0 && *x <= max => Ok(*x),
                Value::Number(x) => Err(err(Some(name), format!("{x} is out of range"))),
                _ => Err(err(Some(name), "expected a number".into())),
            }
        };
        let antecedent = strings("antecedent")?;
        if antecedent.is_empty() {
            return Err(err(Some("antecedent"), "empty".into()));
        }
        let mut consequent = strings("consequent")?;
        if consequent.len() != 1 {
            return Err(err(
                Some("consequent"),
                format!("expected exactly one item, found {}", consequent.len()),
            ));
        }
        let support = number("support", 1.0 + 1e-9)?;
        let confidence = number("confidence", 1.0 + 1e-9)?;
        let lift = number("lift", f64::MAX)?;
        let count = match fields.iter().rev().find(|(k, _)| k == "count") {
            None | Some((_, Value::Null)) => None,
            Some((_, Value::Number(x))) if *x >= 0.0 && x.fract() == 0.0 && *x < 1.8e19 => Some(*x as u64),
            Some(_) => {
                return Err(err(Some("count"), "expected a non-negative integer".into()));
            }
        };
        rules.push(ImportedRule {
            antecedent,
            consequent: consequent.pop().unwrap_or_default(),
            support,
            confidence,
            lift,
            count,
        });
    }
    Ok(rules)
}

/// Writes the rules as a fixed-width table with a header line: antecedent,
/// consequent, support (6 decimals), confidence (4), lift (3), count. Columns
/// are as wide as their widest cell (counted in chars).
pub fn write_table(rules: &[Rule], labels: &[String], out: &mut impl Write) -> io::Result<()> {
    let mut rows: Vec<[String; 6]> = Vec::with_capacity(rules.len() + 1);
    rows.push([
        "antecedent".into(),
        "consequent".into(),
        "support".into(),
        "confidence".into(),
        "lift".into(),
        "count".into(),
    ]);
    for r in rules {
        let mut ante = String::from("{");
        for (i, &id) in r.antecedent.iter().enumerate() {
            if i > 0 {
                ante.push_str(", ");
            }
            ante.push_str(label(labels, id)?);
        }
        ante.push('}');
        rows.push([
            ante,
            format!("{{{}}}", label(labels, r.consequent)?),
            format!("{:.6}", r.support),
            format!("{:.4}", r.confidence),
            format!("{:.3}", r.lift),
            r.count.to_string(),
        ]);
    }
    let mut widths = [0usize; 6];
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    for row in &rows {
        let mut line = String::new();
        for (col, (cell, &w)) in row.iter().zip(&widths).enumerate() {
            let pad = w - cell.chars().count();
            if col > 0 {
                line.push_str("  ");
            }
            // Text columns align left, numbers right.
            if col < 2 {
                line.push_str(cell);
                if col + 1 < row.len() {
                    line.extend(std::iter::repeat_n(' ', pad));
                }
            } else {
                line.extend(std::iter::repeat_n(' ', pad));
                line.push_str(cell);
            }
        }
        writeln!(out, "{line}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule() -> Rule {
        Rule {
            antecedent: vec![0, 1],
            consequent: 2,
            count: 12,
            antecedent_count: 19,
            consequent_count: 327,
            support: 12.0 / 9835.0,
            confidence: 12.0 / 19.0,
            lift: (12.0 / 19.0) / (327.0 / 9835.0),
        }
    }

    fn labels() -> Vec<String> {
        vec!["a \"q\"".into(), "b\\n\u{1}".into(), "cream cheese ".into()]
    }

    #[test]
    fn jsonl_shape_and_round_trip() {
        let mut out = Vec::new();
        write_jsonl(&[rule()], &labels(), &mut out).expect("writes");
        let text = String::from_utf8(out).expect("utf8");
        assert!(text.starts_with(
            "{\"antecedent\": [\"a \\\"q\\\"\",\"b\\\\n\\u0001\"], \"consequent\": [\"cream cheese \"], \"support\": 0.00122"
        ));
        assert!(text.ends_with(", \"count\": 12}\n"));
        let back = parse_rules_jsonl(&text).expect("parses");
        let r = rule();
        assert_eq!(
            back,
            vec![ImportedRule {
                antecedent: vec![labels()[0].clone(), labels()[1].clone()],
                consequent: labels()[2].clone(),
                support: r.support,
                confidence: r.confidence,
                lift: r.lift,
                count: Some(12),
            }]
        );
        let mut bad = Vec::new();
        assert!(write_jsonl(&[rule()], &labels()[..2], &mut bad).is_err());
    }

    #[test]
    fn spark_shape_is_accepted() {
        let text = "{\"antecedent\":[\"x\"],\"consequent\":[\"y\"],\"confidence\":0.5,\"lift\":1.2e0,\"support\":0.25}\r\n\n  { \"lift\" : 2 , \"extra\": {\"a\": [1, null, true]}, \"support\": 1E-3, \"confidence\": 1, \"antecedent\": [\"\\u00e9\\ud83d\\ude00\", \"b\"], \"consequent\": \"c\", \"count\": 3 }\n";
        let rules = parse_rules_jsonl(text).expect("parses");
        assert_eq!(rules.len(), 2);
        assert_eq!(rules[0].count, None);
        assert_eq!(rules[0].lift, 1.2);
        assert_eq!(rules[1].antecedent[0], "é😀");
        assert_eq!(rules[1].consequent, "c");
        assert_eq!(rules[1].count, Some(3));
        assert_eq!(rules[1].support, 0.001);
    }

    #[test]
    fn errors_name_line_and_field() {
        let ok = "{\"antecedent\": [\"a\"], \"consequent\": [\"b\"], \"support\": 0.1, \"confidence\": 0.5, \"lift\": 2}\n";
        let cases = [
            (
                "{\"antecedent\": [\"a\"], \"consequent\": [\"b\"], \"confidence\": 0.5, \"lift\": 2}",
                Some("support"),
            ),
            (
                "{\"antecedent\": [\"a\"], \"consequent\": [\"b\"], \"support\": \"x\", \"confidence\": 0.5, \"lift\": 2}",
                Some("support"),
            ),
            (
                "{\"antecedent\": [], \"consequent\": [\"b\"], \"support\": 0.1, \"confidence\": 0.5, \"lift\": 2}",
                Some("antecedent"),
            ),
            (
                "{\"antecedent\": [\"a\"], \"consequent\": [\"b\", \"c\"], \"support\": 0.1, \"confidence\": 0.5, \"lift\": 2}",
                Some("consequent"),
            ),
            (
                "{\"antecedent\": [\"a\"], \"consequent\": [\"b\"], \"support\": 0.1, \"confidence\": 1.5, \"lift\": 2}",
                Some("confidence"),
            ),
            (
                "{\"antecedent\": [\"a\"], \"consequent\": [\"b\"], \"support\": 0.1, \"confidence\": 0.5, \"lift\": 2, \"count\": 1.5}",
                Some("count"),
            ),
            (
                "{\"antecedent\": [\"a\"], \"consequent\": [\"b\"], \"support\": 0.1, \"confidence\": 0.5}",
                Some("lift"),
            ),
            (
                "{\"antecedent\": [\"a\"], \"consequent\": [1], \"support\": 0.1, \"confidence\": 0.5, \"lift\": 2}",
                Some("consequent"),
            ),
            ("{\"antecedent\": [\"a\"] \"consequent\"}", None),
            ("[1, 2]", None),
            ("{\"a\": \"\\x\"}", None),
            ("{\"a\": 01}", None),
            ("{} x", None),
        ];
        for (bad, field) in cases {
            let text = format!("{ok}\n{bad}\n");
            let e = parse_rules_jsonl(&text).expect_err(bad);
            assert_eq!(e.line, 3, "{bad}");
            assert_eq!(e.field, field, "{bad}");
            assert!(e.to_string().starts_with("line 3"));
        }
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(parse_rules_jsonl(&deep).is_err());
    }

    #[test]
    fn table_is_aligned() {
        let mut out = Vec::new();
        write_table(&[rule()], &labels(), &mut out).expect("writes");
        let text = String::from_utf8(out).expect("utf8");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].starts_with("antecedent"));
        assert!(lines[1].contains("{cream cheese }"));
        assert!(lines[1].ends_with("0.001220      0.6316  18.996     12"));
        assert_eq!(lines[0].chars().count(), lines[1].chars().count());
    }
}
