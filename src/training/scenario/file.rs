//! Reading a scenario file: TOML with spans, so every error is one line
//! `file:line: key: what is wrong`, unknown keys refused by name.

use serde::Deserialize;
use toml::Spanned;

use super::{Accept, Customer, KeyLines, Objection, Returned, Scenario, ScenarioError, Target, Wants};
use crate::catalog::doc::Lines;
use crate::money::{Currency, Money};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDoc {
    id: Spanned<String>,
    title: Spanned<String>,
    budget: Spanned<String>,
    patience: Spanned<i64>,
    returns: Option<Spanned<String>>,
    declines: Spanned<Vec<String>>,
    customer: CustomerDoc,
    wants: Spanned<WantsDoc>,
    #[serde(default)]
    accepts: Vec<Spanned<AcceptDoc>>,
    #[serde(default)]
    objections: Vec<Spanned<ObjectionDoc>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CustomerDoc {
    name: Spanned<String>,
    opening: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WantsDoc {
    #[serde(default)]
    skus: Vec<Spanned<String>>,
    category: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AcceptDoc {
    sku: Option<Spanned<String>>,
    category: Option<Spanned<String>>,
    says: Spanned<String>,
    #[serde(default)]
    upgrade: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ObjectionDoc {
    says: Spanned<String>,
    answer: Spanned<String>,
    wrong: Spanned<Vec<String>>,
}

/// The most patience a customer has.
pub const MAX_PATIENCE: u8 = 9;

/// Reads one scenario file (`file` names it in errors). SKUs and categories
/// are checked later, against the catalog, by [`Scenario::validate`].
pub fn parse(file: &str, text: &str, currency: &Currency) -> Result<Scenario, ScenarioError> {
    let lines = Lines::new(text.as_bytes());
    let at = |span: std::ops::Range<usize>| lines.line_of(span.start);
    let doc: FileDoc = toml::from_str(text).map_err(|e| toml_error(file, text, &e))?;
    let fail =
        |span: std::ops::Range<usize>, key: &str, what: &str| ScenarioError::at(file, at(span), key, what);
    let text_of = |v: Spanned<String>, key: &str| -> Result<String, ScenarioError> {
        let span = v.span();
        let s = v.into_inner().trim().to_string();
        if s.is_empty() { Err(fail(span, key, "must not be empty")) } else { Ok(s) }
    };

    let id_line = at(doc.id.span());
    let id = text_of(doc.id, "id")?;
    if !id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
        return Err(ScenarioError::at(
            file,
            id_line,
            "id",
            format!("`{id}` is not an id (lowercase letters, digits and '-')"),
        ));
    }
    let title = text_of(doc.title, "title")?;

    let budget_span = doc.budget.span();
    let budget = match currency.parse(doc.budget.get_ref()) {
        Ok(m) if m < Money::ZERO => {
            return Err(fail(budget_span, "budget", &format!("`{}` is negative", doc.budget.get_ref())));
        }
        Ok(m) => m,
        Err(e) => return Err(fail(budget_span, "budget", &e.to_string())),
    };
    if budget == Money::ZERO && doc.returns.is_none() {
        return Err(fail(budget_span, "budget", "a customer with a budget of zero cannot buy anything"));
    }

    let patience = match u8::try_from(*doc.patience.get_ref()) {
        Ok(p) if (1..=MAX_PATIENCE).contains(&p) => p,
        _ => {
            return Err(fail(
                doc.patience.span(),
                "patience",
                &format!("{} is not 1 to {MAX_PATIENCE}", doc.patience.get_ref()),
            ));
        }
    };

    let (returns, returns_line) = match doc.returns {
        Some(r) => {
            let line = at(r.span());
            let sku = text_of(r, "returns")?;
            (Some(Returned { sku, credit: Money::ZERO }), line)
        }
        None => (None, 0),
    };

    let declines_span = doc.declines.span();
    let declines: Vec<String> = doc
        .declines
        .into_inner()
        .into_iter()
        .map(|d| d.trim().to_string())
        .filter(|d| !d.is_empty())
        .collect();
    if declines.is_empty() {
        return Err(fail(declines_span, "declines", "give at least one line for an offer that misses"));
    }

    let customer = Customer {
        name: text_of(doc.customer.name, "customer.name")?,
        opening: text_of(doc.customer.opening, "customer.opening")?,
    };

    let wants_span = doc.wants.span();
    let w = doc.wants.into_inner();
    let mut key_lines = KeyLines { id: id_line, returns: returns_line, ..KeyLines::default() };
    let mut wants = Wants::default();
    for s in w.skus {
        key_lines.wants_skus.push(at(s.span()));
        wants.skus.push(text_of(s, "wants.skus")?);
    }
    if let Some(c) = w.category {
        key_lines.wants_category = at(c.span());
        wants.category = Some(crate::catalog::normalize_path(&text_of(c, "wants.category")?));
    }
    if wants.skus.is_empty() && wants.category.is_none() {
        return Err(fail(wants_span, "wants", "say what they came for: `skus`, `category` or both"));
    }

    let mut accepts = Vec::new();
    for a in doc.accepts {
        let entry_line = at(a.span());
        let a = a.into_inner();
        let nonempty = |s: Option<Spanned<String>>| {
            s.map(|s| (at(s.span()), s.into_inner().trim().to_string())).filter(|(_, s)| !s.is_empty())
        };
        let (line, target) = match (nonempty(a.sku), nonempty(a.category)) {
            (Some((line, sku)), None) => (line, Target::Sku(sku)),
            (None, Some((line, c))) => (line, Target::Category(crate::catalog::normalize_path(&c))),
            _ => {
                return Err(ScenarioError::at(
                    file,
                    entry_line,
                    "accepts",
                    "give exactly one of `sku` and `category`",
                ));
            }
        };
        if accepts.iter().any(|x: &Accept| x.target == target) {
            return Err(ScenarioError::at(
                file,
                line,
                "accepts",
                format!("`{}` is accepted twice", target.name()),
            ));
        }
        accepts.push(Accept { target, says: text_of(a.says, "accepts.says")?, upgrade: a.upgrade, line });
    }

    let mut objections = Vec::new();
    for o in doc.objections {
        let o = o.into_inner();
        let wrong_span = o.wrong.span();
        let says = text_of(o.says, "objections.says")?;
        let answer_span = o.answer.span();
        let answer = text_of(o.answer, "objections.answer")?;
        let wrong: Vec<String> = o.wrong.into_inner().into_iter().map(|w| w.trim().to_string()).collect();
        let Ok(wrong) = <[String; 2]>::try_from(wrong) else {
            return Err(fail(wrong_span, "objections.wrong", "give exactly two wrong replies"));
        };
        if wrong.iter().any(String::is_empty) {
            return Err(fail(wrong_span, "objections.wrong", "a wrong reply must not be empty"));
        }
        if wrong[0] == wrong[1] || wrong.contains(&answer) {
            return Err(fail(
                answer_span,
                "objections",
                "the answer and the two wrong replies must all differ",
            ));
        }
        objections.push(Objection { says, answer, wrong });
    }

    Ok(Scenario {
        id,
        title,
        file: file.to_string(),
        customer,
        budget,
        returns,
        wants,
        accepts,
        declines,
        patience,
        objections,
        currency: currency.clone(),
        lines: key_lines,
    })
}

/// A TOML or shape error as `file:line: key: message`: the key is the one the
/// message names (an unknown or missing field), else the one written on the
/// line, prefixed by its table (`customer.name`).
fn toml_error(file: &str, text: &str, e: &toml::de::Error) -> ScenarioError {
    let lines = Lines::new(text.as_bytes());
    let start = e.span().map_or(0, |s| s.start);
    let line = lines.line_of(start);
    let message = e.message().trim().replace('\n', " ");
    let named = ["unknown field `", "missing field `"]
        .iter()
        .find_map(|p| message.strip_prefix(p))
        .and_then(|rest| rest.split_once('`'))
        .map(|(k, _)| k.to_string());
    let source_line = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
    let written = source_line.split_once('=').map(|(k, _)| k.trim().trim_matches('"').to_string());
    let table = table_at(text, line);
    let key = match (named, written) {
        (Some(k), _) if message.starts_with("unknown") => qualify(&table, &k),
        (Some(k), _) => {
            // A missing field is reported at its table's span.
            let header = source_line.trim().trim_start_matches('[').trim_end_matches(']').trim();
            if header.is_empty() || source_line.contains('=') { k } else { format!("{header}.{k}") }
        }
        (None, Some(k)) if !k.is_empty() => qualify(&table, &k),
        _ => table.unwrap_or_else(|| "file".to_string()),
    };
    let message = match message.split_once(", expected") {
        Some((head, expected)) if message.starts_with("unknown field") => {
            format!("unknown key {} (expected{})", head.trim_start_matches("unknown field "), expected)
        }
        _ => message,
    };
    ScenarioError::at(file, line, &key, message)
}

fn qualify(table: &Option<String>, key: &str) -> String {
    match table {
        Some(t) => format!("{t}.{key}"),
        None => key.to_string(),
    }
}

/// The table whose keys line `line` is among: the nearest header above it.
fn table_at(text: &str, line: usize) -> Option<String> {
    text.lines().take(line).collect::<Vec<_>>().iter().rev().find_map(|l| {
        let l = l.trim();
        l.starts_with('[')
            .then(|| l.trim_start_matches('[').split(']').next().unwrap_or("").trim().to_string())
            .filter(|t| !t.is_empty())
    })
}
