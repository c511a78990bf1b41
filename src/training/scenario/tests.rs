//! Reading and checking scenario files: every error names its file, line and key.

use super::*;
use crate::catalog::Catalog;

fn demo() -> Catalog {
    Catalog::from_doc(&crate::demo::catalog(&Currency::usd()).unwrap())
}

const GOOD: &str = r#"id = "t"
title = "Test"
budget = "250.00"
patience = 2
declines = ["No thanks."]

[customer]
name = "Sam"
opening = "Hello."

[wants]
skus = ["PH-VEY-L5-64"]

[[accepts]]
sku = "CS-VEY-L5-CLR"
says = "Yes please."
"#;

fn err(text: &str) -> String {
    let mut s = match parse("x.toml", text, &Currency::usd()) {
        Ok(s) => s,
        Err(e) => return e.to_string(),
    };
    s.validate(&demo()).map(|()| "ok".to_string()).unwrap_or_else(|e| e.to_string())
}

#[test]
fn a_good_file_parses_with_its_budget_in_minor_units() {
    let s = parse("x.toml", GOOD, &Currency::usd()).unwrap();
    assert_eq!(s.budget, Money(25_000));
    assert_eq!((s.patience, s.accepts.len(), s.accepts[0].line), (2, 1, 15));
    assert_eq!(err(GOOD), "ok");
}

#[test]
fn an_unknown_sku_names_file_line_key_and_sku() {
    let bad = GOOD.replace("\"CS-VEY-L5-CLR\"", "\"CS-NOPE\"");
    assert_eq!(err(&bad), "x.toml:15: accepts.sku: unknown SKU `CS-NOPE` (not in the catalog)");
    let bad = GOOD.replace("skus = [\"PH-VEY-L5-64\"]", "skus = [\"PH-VEY-L5-64\",\n  \"PH-GONE\"]");
    assert_eq!(err(&bad), "x.toml:13: wants.skus: unknown SKU `PH-GONE` (not in the catalog)");
    let bad = GOOD.replace("patience = 2", "patience = 2\nreturns = \"AU-NOPE\"");
    assert_eq!(err(&bad), "x.toml:5: returns: unknown SKU `AU-NOPE` (not in the catalog)");
}

#[test]
fn an_unknown_category_is_named() {
    let bad = GOOD.replace("sku = \"CS-VEY-L5-CLR\"", "category = \"Cases > Nope\"");
    assert_eq!(
        err(&bad),
        "x.toml:15: accepts.category: unknown category `Cases > Nope` (not in the catalog)"
    );
}

#[test]
fn an_unknown_key_is_refused_by_name() {
    let e = err(&GOOD.replace("patience = 2", "patience = 2\nmood = \"grumpy\""));
    assert!(e.starts_with("x.toml:5: mood: unknown key `mood`"), "{e}");
    let e = err(&GOOD.replace("name = \"Sam\"", "name = \"Sam\"\nage = 40"));
    assert!(e.starts_with("x.toml:9: customer.age: unknown key `age`"), "{e}");
}

#[test]
fn a_bad_budget_is_refused_with_its_line() {
    let e = err(&GOOD.replace("\"250.00\"", "\"lots\""));
    assert!(e.starts_with("x.toml:3: budget: "), "{e}");
    let e = err(&GOOD.replace("\"250.00\"", "\"2.505\""));
    assert!(e.starts_with("x.toml:3: budget: "), "{e}");
    assert_eq!(err(&GOOD.replace("\"250.00\"", "\"-5\"")), "x.toml:3: budget: `-5` is negative");
    let e = err(&GOOD.replace("\"250.00\"", "250"));
    assert!(e.starts_with("x.toml:3: budget: "), "{e}");
}

#[test]
fn patience_runs_from_one_to_nine() {
    assert_eq!(err(&GOOD.replace("patience = 2", "patience = 0")), "x.toml:4: patience: 0 is not 1 to 9");
    assert_eq!(err(&GOOD.replace("patience = 2", "patience = 10")), "x.toml:4: patience: 10 is not 1 to 9");
    assert_eq!(err(&GOOD.replace("patience = 2", "patience = 9")), "ok");
}

#[test]
fn objections_need_exactly_two_wrong_replies() {
    let with = |wrong: &str| {
        format!("{GOOD}\n[[objections]]\nsays = \"Really?\"\nanswer = \"Yes.\"\nwrong = {wrong}\n")
    };
    assert_eq!(err(&with("[\"No.\", \"Maybe.\"]")), "ok");
    assert_eq!(err(&with("[\"No.\"]")), "x.toml:21: objections.wrong: give exactly two wrong replies");
    assert!(err(&with("[\"Yes.\", \"No.\"]")).contains("must all differ"));
}

#[test]
fn a_want_cannot_also_be_accepted() {
    let bad = GOOD.replace("\"CS-VEY-L5-CLR\"", "\"PH-VEY-L5-64\"");
    assert!(err(&bad).starts_with("x.toml:15: accepts.sku: `PH-VEY-L5-64` is what they came for"));
}

#[test]
fn a_missing_table_is_named() {
    let bad = GOOD.replace("[wants]\nskus = [\"PH-VEY-L5-64\"]\n", "");
    let e = err(&bad);
    assert!(e.contains("wants") && e.contains("missing"), "{e}");
}

#[test]
fn ids_are_unique_across_files() {
    let a = parse("a.toml", GOOD, &Currency::usd()).unwrap();
    let b = parse("b.toml", GOOD, &Currency::usd()).unwrap();
    assert_eq!(
        check_unique(&[a, b]).unwrap_err().to_string(),
        "b.toml:1: id: `t` is already the id of a.toml"
    );
}

#[test]
fn a_return_is_credited_at_its_shelf_price() {
    let text = GOOD.replace("patience = 2", "patience = 2\nreturns = \"AU-HAR-Q500\"");
    let mut s = parse("x.toml", &text, &Currency::usd()).unwrap();
    s.validate(&demo()).unwrap();
    assert_eq!(s.budget_with_credit(), Money(25_000 + 17_900));
}

#[test]
fn the_list_json_has_the_budget_as_a_decimal_string() {
    let s = parse("x.toml", GOOD, &Currency::usd()).unwrap();
    assert_eq!(
        serde_json::to_string(&s).unwrap(),
        r#"{"id":"t","title":"Test","customer":"Sam","budget":"250.00","wants":{"skus":["PH-VEY-L5-64"]}}"#
    );
}

#[test]
fn every_shipped_file_loads_against_the_demo_store() {
    let all = builtin(&demo(), &Currency::usd()).unwrap();
    assert_eq!(all.len(), SHIPPED.len());
    assert!(all.len() >= 12);
}
