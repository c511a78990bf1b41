use super::*;
use crate::catalog::{Category, CategoryIdx, Product};

fn usd() -> Currency {
    Currency::usd()
}

fn eur_comma() -> Currency {
    Currency::from_code("EUR", "€").unwrap().with_decimal_comma(true)
}

fn price(lo: Option<i64>, hi: Option<i64>, label: &str) -> Facet {
    Facet::Price { lo: lo.map(Money), hi: hi.map(Money), label: label.into() }
}

#[test]
fn a_half_typed_filter_says_what_to_type() {
    let usd = Currency::usd();
    assert!(pending_hint("brand:", &usd).unwrap().contains("brand:harbor"));
    assert!(pending_hint("x5 in:", &usd).unwrap().contains("in:audio"));
    assert!(pending_hint("<", &usd).unwrap().contains("<200"));
    assert!(pending_hint("cable 100-", &usd).unwrap().contains("100-300"));
    for done in ["brand:harbor", "x5", "<200", "", "colour:"] {
        assert_eq!(pending_hint(done, &usd), None, "{done:?}");
    }
}

#[test]
fn plain_words_are_text() {
    let q = parse("aurora  x5", &usd());
    assert_eq!(q, Query { text: "aurora x5".into(), ..Query::default() });
    // A trailing space is kept: the searcher narrows on it.
    assert_eq!(parse("aurora ", &usd()).text, "aurora ");
    assert!(!parse("aurora", &usd()).filters());
}

#[test]
fn every_facet_form() {
    let cur = usd();
    assert_eq!(parse("brand:Harbor", &cur).facets, vec![Facet::Brand(vec!["harbor".into()])]);
    assert_eq!(parse("BRAND:harbor", &cur).facets, vec![Facet::Brand(vec!["harbor".into()])]);
    assert_eq!(parse("brand:\"north star\"", &cur).facets, vec![Facet::Brand(vec!["north star".into()])]);
    assert_eq!(parse("brand:north-star", &cur).facets, vec![Facet::Brand(vec!["north star".into()])]);
    assert_eq!(parse("in:Audio", &cur).facets, vec![Facet::In("audio".into())]);
    assert_eq!(parse("category:tv", &cur).facets, vec![Facet::In("tv".into())]);
    assert_eq!(parse("<200", &cur).facets, vec![price(None, Some(19_999), "< $200")]);
    assert_eq!(parse("<=200", &cur).facets, vec![price(None, Some(20_000), "≤ $200")]);
    assert_eq!(parse(">100", &cur).facets, vec![price(Some(10_001), None, "> $100")]);
    assert_eq!(parse(">=99.50", &cur).facets, vec![price(Some(9_950), None, "≥ $99.50")]);
    assert_eq!(parse("<$200", &cur).facets, vec![price(None, Some(19_999), "< $200")]);
    assert_eq!(parse("100-300", &cur).facets, vec![price(Some(10_000), Some(30_000), "$100–$300")]);
    assert_eq!(parse("$100-$1,300", &cur).facets, vec![price(Some(10_000), Some(130_000), "$100–$1,300")]);
    assert_eq!(parse("instock", &cur).facets, vec![Facet::InStock]);
    assert_eq!(parse("In-Stock", &cur).facets, vec![Facet::InStock]);
    for q in ["brand:harbor", "in:audio", "<200", "100-300", "instock"] {
        let q = parse(q, &cur);
        assert_eq!(q.text, "", "{q:?}");
        assert!(q.filters() && q.problems.is_empty(), "{q:?}");
    }
}

#[test]
fn words_and_facets_mix_and_combine() {
    let q = parse("buds brand:harbor <200 instock pro", &usd());
    assert_eq!(q.text, "buds pro");
    assert_eq!(
        q.facets,
        vec![Facet::Brand(vec!["harbor".into()]), price(None, Some(19_999), "< $200"), Facet::InStock]
    );
    // Two brands are one filter that keeps either.
    let q = parse("brand:harbor brand:aurora in:audio", &usd());
    assert_eq!(
        q.facets,
        vec![Facet::Brand(vec!["harbor".into(), "aurora".into()]), Facet::In("audio".into())]
    );
}

#[test]
fn a_half_typed_facet_is_neither_filter_nor_text() {
    for typed in
        ["aurora brand:", "aurora <", "aurora <=", "aurora >", "aurora 100-", "aurora in:", "aurora brand:\""]
    {
        let q = parse(typed, &usd());
        assert_eq!(q, Query { text: "aurora".into(), ..Query::default() }, "{typed}");
    }
    // Still typing the brand's name narrows by what is there.
    assert_eq!(parse("brand:\"north st", &usd()).facets, vec![Facet::Brand(vec!["north st".into()])]);
}

#[test]
fn skus_and_barcodes_are_never_facets() {
    for code in ["SKU-0123", "4006381333931", "PH-128", "2*", "12345", "USB-C", "3-in-1", "2-pack", "10,000"]
    {
        let q = parse(code, &usd());
        assert_eq!(q, Query { text: code.into(), ..Query::default() }, "{code}");
    }
}

#[test]
fn a_decimal_comma_store_reads_its_prices() {
    let cur = eur_comma();
    assert_eq!(parse("<12,50", &cur).facets, vec![price(None, Some(1_249), "< €12.50")]);
    assert_eq!(parse("9,99-20", &cur).facets, vec![price(Some(999), Some(2_000), "€9.99–€20")]);
    // A point store refuses a decimal comma rather than guessing.
    let q = parse("<12,5", &usd());
    assert!(q.facets.is_empty() && q.problems.len() == 1, "{q:?}");
}

#[test]
fn problems_are_reported_and_not_searched() {
    let q = parse("aurora colour:red <abc 300-100", &usd());
    assert_eq!(q.text, "aurora");
    assert!(q.facets.is_empty());
    assert_eq!(
        q.problems,
        vec![
            "unknown filter `colour:`".to_string(),
            "`<abc` is not a price".into(),
            "`300-100`: the lower price comes first".into()
        ]
    );
    assert!(q.filters());
}

/// Audio > Headphones, Audio, Phones; products with brands, prices and stock.
fn catalog() -> Catalog {
    let categories = vec![
        Category { path: "Audio".into(), parent: None },
        Category { path: "Audio > Headphones".into(), parent: Some(CategoryIdx::new(0)) },
        Category { path: "Phones".into(), parent: None },
    ];
    let p = |sku: &str, brand: &str, cat: usize, price: i64, stock: i64, counted: bool| Product {
        sku: sku.into(),
        name: sku.into(),
        brand: brand.into(),
        category: CategoryIdx::new(cat),
        price: Money(price),
        stock,
        stock_unknown: !counted,
        active: true,
        ..Product::default()
    };
    let products = vec![
        p("SPK", "Harbor Audio", 0, 9_900, 3, true),
        p("HP", "Harbor Audio", 1, 29_900, 0, true),
        p("HP-NS", "North Star", 1, 19_900, 0, false),
        p("PH", "Aurora", 2, 69_900, 5, true),
    ];
    Catalog::new(categories, products, vec![], vec![], vec![])
}

fn kept(q: &str) -> Vec<String> {
    let c = catalog();
    let q = parse(q, &usd());
    let keep = q.keep(&c);
    let by_keep: Vec<String> =
        c.product_indices().filter(|&p| keep(p)).map(|p| c.product(p).sku.clone()).collect();
    // Each facet alone agrees with the closure.
    let by_facets: Vec<String> = c
        .product_indices()
        .filter(|&p| q.facets.iter().all(|f| f.keeps(&c, p)))
        .map(|p| c.product(p).sku.clone())
        .collect();
    assert_eq!(by_keep, by_facets);
    by_keep
}

#[test]
fn facets_filter_a_catalog() {
    assert_eq!(kept("brand:harbor"), ["SPK", "HP"]);
    assert_eq!(kept("brand:HARBOR-audio"), ["SPK", "HP"]);
    assert_eq!(kept("brand:\"north star\""), ["HP-NS"]);
    assert_eq!(kept("brand:audio"), Vec::<String>::new(), "a brand is matched from its start");
    assert_eq!(kept("brand:harbor brand:aurora"), ["SPK", "HP", "PH"]);
    assert_eq!(kept("in:audio"), ["SPK", "HP", "HP-NS"], "a category keeps those under it");
    assert_eq!(kept("in:headphones"), ["HP", "HP-NS"]);
    assert_eq!(kept("<200"), ["SPK", "HP-NS"]);
    assert_eq!(kept("<199"), ["SPK"], "under is strictly under");
    assert_eq!(kept("<=199"), ["SPK", "HP-NS"]);
    assert_eq!(kept(">199"), ["HP", "PH"]);
    assert_eq!(kept(">=199"), ["HP", "HP-NS", "PH"]);
    assert_eq!(kept(">=299"), ["HP", "PH"]);
    assert_eq!(kept("100-300"), ["HP", "HP-NS"]);
    assert_eq!(kept("instock"), ["SPK", "HP-NS", "PH"], "not counted is available");
    assert_eq!(kept("in:audio instock <200"), ["SPK", "HP-NS"]);
    assert_eq!(kept("in:audio brand:aurora"), Vec::<String>::new());
}

#[test]
fn stock_is_read_live() {
    let c = catalog();
    let q = parse("instock", &usd());
    let hp = c.by_sku("HP").unwrap();
    assert!(!q.facets[0].keeps(&c, hp));
    c.set_stock(hp, 2);
    assert!(q.keep(&c)(hp));
}

#[test]
fn labels_name_the_category_and_say_what_is_wrong() {
    let c = catalog();
    let label = |q: &str| parse(q, &usd()).facets.iter().map(|f| f.label(&c)).collect::<Vec<_>>();
    assert_eq!(label("in:aud"), ["in: Audio"]);
    assert_eq!(label("in:head"), ["in: Headphones"]);
    assert_eq!(label("in:o"), ["in: o"], "several trees: the word as typed");
    assert_eq!(label("brand:harbor brand:aurora instock"), ["brand: harbor or aurora", "in stock"]);
    assert_eq!(label("<200 100-300"), ["< $200", "$100–$300"]);
    let q = parse("in:garden brand:x", &usd());
    assert_eq!(q.facets[0].problem(&c), Some("no category `garden`".into()));
    assert_eq!(q.facets[1].problem(&c), None);
}
