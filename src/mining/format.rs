//! Rule output and input: JSON Lines in the shape Spark MLlib's FPGrowth
//! writes (`associationRules.write.json`), and a fixed-width text table.
//!
//! A line is one [`SparkRule`], written and read with serde:
//! `{"antecedent": ["a","b"], "consequent": ["c"], "support": 0.00122,
//! "confidence": 0.6315789473684, "lift": 18.99, "count": 12}`; floats use
//! Rust's shortest round-trip `Display`. The reader takes any key order,
//! whitespace and unknown keys; `antecedent`, `consequent`, `support`,
//! `confidence` and `lift` are required, `count` is optional (Spark omits it).

use std::fmt;
use std::io::{self, Write};

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};

use super::rules::Rule;

/// One association rule in the shape Spark MLlib's FPGrowth writes; the
/// items are labels (SKUs in a store).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SparkRule {
    /// At least one item (a bare string is taken as one item).
    #[serde(deserialize_with = "antecedent")]
    pub antecedent: Vec<String>,
    /// Written as a one-item array, as Spark does (a bare string is accepted).
    #[serde(serialize_with = "one_item", deserialize_with = "consequent")]
    pub consequent: String,
    /// In [0, 1].
    #[serde(deserialize_with = "unit_ratio")]
    pub support: f64,
    /// In [0, 1].
    #[serde(deserialize_with = "unit_ratio")]
    pub confidence: f64,
    /// Finite, 0 or more.
    #[serde(deserialize_with = "lift")]
    pub lift: f64,
    /// Baskets holding the whole rule; Spark's own output leaves it out.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "count")]
    pub count: Option<u64>,
    /// Baskets holding the antecedent (spark/mine_rules.py writes it).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "count")]
    pub antecedent_count: Option<u64>,
    /// Baskets holding the consequent (spark/mine_rules.py writes it).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "count")]
    pub consequent_count: Option<u64>,
    /// The number of baskets mined (spark/mine_rules.py writes it on every line).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "count")]
    pub baskets: Option<u64>,
}

impl SparkRule {
    /// The rule with its item ids replaced by their labels; `InvalidInput`
    /// when an id has no label.
    pub fn from_rule(r: &Rule, labels: &[String]) -> io::Result<SparkRule> {
        let label = |id: u32| label(labels, id).map(str::to_string);
        Ok(SparkRule {
            antecedent: r.antecedent.iter().map(|&a| label(a)).collect::<io::Result<_>>()?,
            consequent: label(r.consequent)?,
            support: r.support,
            confidence: r.confidence,
            lift: r.lift,
            count: Some(u64::from(r.count)),
            antecedent_count: None,
            consequent_count: None,
            baskets: None,
        })
    }
}

fn label(labels: &[String], id: u32) -> io::Result<&str> {
    labels
        .get(id as usize)
        .map(String::as_str)
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, format!("item id {id} has no label")))
}

/// serde_json's output with a space after `:` and after the `,` between an
/// object's members, and floats in Rust's shortest round-trip `Display`
/// (`2`, `0.00001`): the lines `counterpart mine` has always written.
struct Spaced;

impl serde_json::ser::Formatter for Spaced {
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        if first { Ok(()) } else { w.write_all(b", ") }
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn write_f64<W: ?Sized + Write>(&mut self, w: &mut W, value: f64) -> io::Result<()> {
        write!(w, "{value}")
    }
}

/// Writes `value` as one line of JSON in the spaced style of the rules file.
fn write_line<T: Serialize + ?Sized>(out: &mut impl Write, value: &T) -> io::Result<()> {
    value.serialize(&mut serde_json::Serializer::with_formatter(&mut *out, Spaced))?;
    out.write_all(b"\n")
}

/// `value` as JSON in the spaced style of the rules file, on one line.
pub(crate) fn spaced_json<T: Serialize + ?Sized>(value: &T) -> String {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail, and serde_json writes UTF-8.
    let _ = value.serialize(&mut serde_json::Serializer::with_formatter(&mut out, Spaced));
    String::from_utf8(out).unwrap_or_default()
}

/// Writes one JSON object a line for each rule (see the module doc for the
/// shape). Fails with `InvalidInput` if a rule names an id without a label.
pub fn write_jsonl(rules: &[Rule], labels: &[String], out: &mut impl Write) -> io::Result<()> {
    for r in rules {
        write_line(out, &SparkRule::from_rule(r, labels)?)?;
    }
    Ok(())
}

fn one_item<S: Serializer>(item: &str, s: S) -> Result<S::Ok, S::Error> {
    [item].serialize(s)
}

/// `["a", "b"]`, or a bare `"a"` for one item.
struct Items;

impl<'de> de::Visitor<'de> for Items {
    type Value = Vec<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of strings")
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Vec<String>, E> {
        Ok(vec![s.to_string()])
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<String>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<String>()? {
            items.push(item);
        }
        Ok(items)
    }
}

fn antecedent<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let items = d.deserialize_any(Items)?;
    if items.is_empty() {
        return Err(de::Error::custom("empty"));
    }
    Ok(items)
}

fn consequent<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let mut items = d.deserialize_any(Items)?;
    match items.pop() {
        Some(item) if items.is_empty() => Ok(item),
        _ => Err(de::Error::custom(format!("expected exactly one item, found {}", items.len() + 1))),
    }
}

/// Any JSON number, as `f64`.
struct Number;

impl de::Visitor<'_> for Number {
    type Value = f64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number")
    }

    fn visit_u64<E: de::Error>(self, x: u64) -> Result<f64, E> {
        Ok(x as f64)
    }

    fn visit_i64<E: de::Error>(self, x: i64) -> Result<f64, E> {
        Ok(x as f64)
    }

    fn visit_f64<E: de::Error>(self, x: f64) -> Result<f64, E> {
        Ok(x)
    }
}

fn number_up_to<'de, D: Deserializer<'de>>(d: D, max: f64) -> Result<f64, D::Error> {
    let x = d.deserialize_any(Number)?;
    if x.is_finite() && (0.0..=max).contains(&x) {
        Ok(x)
    } else {
        Err(de::Error::custom(format!("{x} is out of range")))
    }
}

/// Support and confidence: in [0, 1], with room for a last-digit rounding above 1.
fn unit_ratio<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    number_up_to(d, 1.0 + 1e-9)
}

fn lift<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    number_up_to(d, f64::MAX)
}

/// A non-negative integer (`3` or `3.0`), or `null` for none.
struct Count;

impl de::Visitor<'_> for Count {
    type Value = Option<u64>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a non-negative integer")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<u64>, E> {
        Ok(None)
    }

    fn visit_u64<E: de::Error>(self, x: u64) -> Result<Option<u64>, E> {
        Ok(Some(x))
    }

    fn visit_i64<E: de::Error>(self, x: i64) -> Result<Option<u64>, E> {
        u64::try_from(x).map(Some).map_err(|_| E::invalid_value(de::Unexpected::Signed(x), &self))
    }

    fn visit_f64<E: de::Error>(self, x: f64) -> Result<Option<u64>, E> {
        if x >= 0.0 && x.fract() == 0.0 && x < 1.8e19 {
            Ok(Some(x as u64))
        } else {
            Err(E::invalid_value(de::Unexpected::Float(x), &self))
        }
    }
}

fn count<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    d.deserialize_any(Count)
}

/// A rule written as an object: a derived struct would also take an array.
struct Line(SparkRule);

impl<'de> Deserialize<'de> for Line {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Line, D::Error> {
        struct Object;
        impl<'de> de::Visitor<'de> for Object {
            type Value = Line;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Line, A::Error> {
                SparkRule::deserialize(de::value::MapAccessDeserializer::new(map)).map(Line)
            }
        }
        d.deserialize_map(Object)
    }
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

/// Reads rules, one JSON object a line (blank lines are skipped), with
/// serde_json's streaming deserializer straight into [`SparkRule`]s.
pub fn parse_rules_jsonl(text: &str) -> Result<Vec<SparkRule>, RulesError> {
    serde_json::Deserializer::from_str(text)
        .into_iter::<Line>()
        .map(|line| line.map(|Line(rule)| rule).map_err(|e| rules_error(text, &e)))
        .collect()
}

/// The error for `e`, naming the field to blame when the line is a JSON
/// object: the first required field that is missing or fails its check.
fn rules_error(text: &str, e: &serde_json::Error) -> RulesError {
    let line = e.line().max(1);
    let position = format!(" at line {} column {}", e.line(), e.column());
    let what = e.to_string();
    let what = what.strip_suffix(&position).unwrap_or(&what).to_string();
    if !e.is_data() {
        let message = format!("invalid JSON at column {}: {what}", e.column());
        return RulesError { line, field: None, message };
    }
    let raw = text.split('\n').nth(line - 1).unwrap_or("");
    let blame = serde_json::from_str::<Map<String, Value>>(raw).ok().and_then(|object| blame(&object));
    match blame {
        Some((field, message)) => RulesError { line, field: Some(field), message },
        None => RulesError { line, field: None, message: what },
    }
}

type Check = fn(&Value) -> Result<(), serde_json::Error>;

fn blame(object: &Map<String, Value>) -> Option<(&'static str, String)> {
    let checks: [(&'static str, bool, Check); 6] = [
        ("antecedent", true, |v| antecedent(v).map(drop)),
        ("consequent", true, |v| consequent(v).map(drop)),
        ("support", true, |v| unit_ratio(v).map(drop)),
        ("confidence", true, |v| unit_ratio(v).map(drop)),
        ("lift", true, |v| lift(v).map(drop)),
        ("count", false, |v| count(v).map(drop)),
    ];
    checks.into_iter().find_map(|(name, required, check)| match object.get(name) {
        None => required.then(|| (name, "missing".to_string())),
        Some(v) => check(v).err().map(|e| (name, e.to_string())),
    })
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
            vec![SparkRule {
                antecedent: vec![labels()[0].clone(), labels()[1].clone()],
                consequent: labels()[2].clone(),
                support: r.support,
                confidence: r.confidence,
                lift: r.lift,
                count: Some(12),
                antecedent_count: None,
                consequent_count: None,
                baskets: None,
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
    fn counts_may_be_written_as_floats_and_keys_only_once() {
        let line = |count: &str, extra: &str| {
            format!(
                "{{\"antecedent\": [\"a\"], \"consequent\": [\"b\"], \"support\": 0.1, \"confidence\": 0.5, \"lift\": 2{count}{extra}}}"
            )
        };
        assert_eq!(parse_rules_jsonl(&line(", \"count\": 3.0", "")).expect("parses")[0].count, Some(3));
        assert_eq!(parse_rules_jsonl(&line(", \"count\": null", "")).expect("parses")[0].count, None);
        let e = parse_rules_jsonl(&line(", \"count\": -1", "")).expect_err("negative");
        assert_eq!((e.line, e.field), (1, Some("count")));
        let e = parse_rules_jsonl(&line("", ", \"lift\": 3")).expect_err("twice");
        assert!(e.to_string().contains("duplicate field `lift`"), "{e}");
        // A derived struct would take its fields as an array; a rule is an object.
        let e = parse_rules_jsonl("[[\"a\"], [\"b\"], 0.1, 0.5, 2]").expect_err("array");
        assert_eq!((e.line, e.field), (1, None));
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
