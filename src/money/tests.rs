//! Parsing, formatting, rounding and tax, with property tests.

use super::*;
use proptest::prelude::*;

fn cur(code: &str) -> Currency {
    Currency::from_code(code, "$").unwrap()
}

#[test]
fn exponents_follow_iso_4217() {
    assert_eq!(cur("USD").exponent, 2);
    assert_eq!(cur("JPY").exponent, 0);
    assert_eq!(cur("BHD").exponent, 3);
    assert!(Currency::from_code("usd", "$").is_none());
}

#[test]
fn parses_and_formats_common_forms() {
    let usd = Currency::usd();
    assert_eq!(usd.parse("19.99"), Ok(Money(1999)));
    assert_eq!(usd.parse("$19.99"), Ok(Money(1999)));
    assert_eq!(usd.parse("1,234.5"), Ok(Money(123_450)));
    assert_eq!(usd.parse("7"), Ok(Money(700)));
    assert_eq!(usd.parse(".5"), Ok(Money(50)));
    assert_eq!(usd.parse("-3.10"), Ok(Money(-310)));
    assert_eq!(usd.display(Money(123_450)), "$1,234.50");
    assert_eq!(usd.display(Money(-5)), "-$0.05");
    assert_eq!(usd.plain(Money(1999)), "19.99");
    let jpy = Currency::from_code("JPY", "¥").unwrap();
    assert_eq!(jpy.display(Money(1_500_000)), "¥1,500,000");
    assert!(jpy.parse("10.5").is_err());
    let bhd = Currency::from_code("BHD", "BD ").unwrap();
    assert_eq!(bhd.parse("1.234"), Ok(Money(1234)));
}

#[test]
fn rejects_what_is_not_money() {
    let usd = Currency::usd();
    for bad in ["", "abc", "12.3.4", "1.999", "$", "1e5", "--1", "99999999999999999999"] {
        assert!(usd.parse(bad).is_err(), "{bad:?} should be refused");
    }
}

#[test]
fn a_comma_groups_thousands_only_in_a_valid_grouping() {
    let usd = Currency::usd();
    assert_eq!(usd.parse("1,234.50"), Ok(Money(123_450)));
    assert_eq!(usd.parse("1,234"), Ok(Money(123_400)));
    assert_eq!(usd.parse("12,345,678"), Ok(Money(1_234_567_800)));
    for decimal_comma in ["12,50", "9,99", "0,99", "12,5", "1.234,50", "1,2345"] {
        assert_eq!(usd.parse(decimal_comma), Err(MoneyError::DecimalComma(decimal_comma.into())));
    }
    let e = usd.parse("12,50").unwrap_err().to_string();
    assert!(e.contains("decimal comma") && e.contains("decimal_comma = true"), "{e}");
    for bad in ["1,23,456.00", ",5", "1,,234", "12,3.4", "1 234.50", "12.50,1"] {
        assert!(matches!(usd.parse(bad), Err(MoneyError::NotANumber(_))), "{bad:?}: {:?}", usd.parse(bad));
    }
}

#[test]
fn a_store_with_decimal_commas_reads_them_and_still_reads_points_that_cannot_group() {
    let eur = Currency::from_code("EUR", "€").unwrap().with_decimal_comma(true);
    assert_eq!(eur.parse("12,50"), Ok(Money(1250)));
    assert_eq!(eur.parse("9,99"), Ok(Money(999)));
    assert_eq!(eur.parse("€1.234,50"), Ok(Money(123_450)));
    assert_eq!(eur.parse("1 234,5"), Ok(Money(123_450)));
    assert_eq!(eur.parse("1.234"), Ok(Money(123_400)), "1.234 cannot be 1.234 EUR (2 decimals)");
    assert_eq!(eur.parse("19.99"), Ok(Money(1999)), "not a grouping: a decimal point");
    assert_eq!(
        eur.parse("34.0000").unwrap_err(),
        MoneyError::TooManyDecimals { text: "34.0000".into(), exponent: 2 }
    );
    assert_eq!(eur.parse("-3,10"), Ok(Money(-310)));
    assert!(eur.parse("1,234.50").is_err());
    assert!(eur.parse("12,3,4").is_err());
    let bhd = Currency::from_code("BHD", "BD").unwrap().with_decimal_comma(true);
    assert_eq!(bhd.parse("1.234"), Err(MoneyError::Ambiguous("1.234".into())));
    assert_eq!(bhd.parse("1,234"), Ok(Money(1234)));
}

#[test]
fn rounding_is_half_away_from_zero() {
    assert_eq!(div_round(5, 2), 3);
    assert_eq!(div_round(-5, 2), -3);
    assert_eq!(div_round(4, 3), 1);
    assert_eq!(div_round(-4, 3), -1);
    assert_eq!(Money(1000).mul_div(1, 3), Money(333));
}

#[test]
fn tax_exclusive_and_inclusive() {
    let rate = TaxRate::parse_percent("8.25").unwrap();
    assert_eq!(rate, TaxRate(82_500));
    assert_eq!(rate.display(), "8.25 %");
    let excl = TaxPolicy { rate, prices_include_tax: false, rounding: TaxRounding::Line };
    assert_eq!(excl.tax_of(Money(1000)), Money(83)); // 82.5 → 83
    let t = excl.totals(&[Money(1000), Money(1000)]);
    assert_eq!(t, Totals { subtotal: Money(2000), tax: Money(166), total: Money(2166) });
    let inv = TaxPolicy { rounding: TaxRounding::Invoice, ..excl };
    assert_eq!(inv.totals(&[Money(1000), Money(1000)]).tax, Money(165));
    let vat = TaxPolicy {
        rate: TaxRate::parse_percent("20").unwrap(),
        prices_include_tax: true,
        rounding: TaxRounding::Line,
    };
    let t = vat.totals(&[Money(1200)]);
    assert_eq!(t, Totals { subtotal: Money(1200), tax: Money(200), total: Money(1200) });
}

fn any_currency() -> impl Strategy<Value = Currency> {
    prop_oneof![Just(cur("USD")), Just(cur("JPY")), Just(cur("BHD"))]
}

fn any_policy() -> impl Strategy<Value = TaxPolicy> {
    (0_i64..300_000, any::<bool>(), any::<bool>()).prop_map(|(r, incl, inv)| TaxPolicy {
        rate: TaxRate(r),
        prices_include_tax: incl,
        rounding: if inv { TaxRounding::Invoice } else { TaxRounding::Line },
    })
}

proptest! {
    #[test]
    fn format_then_parse_gives_the_value_back(c in any_currency(), v in -MAX_AMOUNT..MAX_AMOUNT) {
        prop_assert_eq!(c.parse(&c.plain(Money(v))), Ok(Money(v)));
        prop_assert_eq!(c.parse(&c.display(Money(v))), Ok(Money(v)));
    }

    #[test]
    fn any_text_parses_to_money_or_a_reason_in_either_locale(text in "[0-9.,€$ a-z\\PC-]{0,16}", comma in any::<bool>()) {
        let _ = cur("EUR").with_decimal_comma(comma).parse(&text);
    }

    #[test]
    fn totals_equal_the_sum_of_lines(p in any_policy(), lines in prop::collection::vec(0_i64..10_000_000, 0..40)) {
        let lines: Vec<Money> = lines.into_iter().map(Money).collect();
        let t = p.totals(&lines);
        prop_assert_eq!(t.subtotal, lines.iter().copied().sum::<Money>());
        if p.rounding == TaxRounding::Line {
            prop_assert_eq!(t.tax, lines.iter().map(|l| p.tax_of(*l)).sum::<Money>());
        } else {
            prop_assert_eq!(t.tax, p.tax_of(t.subtotal));
        }
        let expected_total = if p.prices_include_tax { t.subtotal } else { t.subtotal + t.tax };
        prop_assert_eq!(t.total, expected_total);
        // Line and invoice rounding never differ by more than half a minor unit per line.
        let other = TaxPolicy { rounding: TaxRounding::Line, ..p }.totals(&lines).tax;
        let inv = TaxPolicy { rounding: TaxRounding::Invoice, ..p }.totals(&lines).tax;
        prop_assert!((other.0 - inv.0).abs() <= (lines.len() as i64 + 1) / 2 + 1);
    }
}

#[test]
fn line_taxes_add_up_to_the_tax_and_spreading_is_exact() {
    let lines = [Money(1_000), Money(333), Money(4_501)];
    for rounding in [TaxRounding::Line, TaxRounding::Invoice] {
        for prices_include_tax in [false, true] {
            let p = TaxPolicy { rate: TaxRate(82_500), prices_include_tax, rounding };
            let shares = p.line_taxes(&lines);
            assert_eq!(shares.iter().copied().sum::<Money>(), p.totals(&lines).tax, "{p:?}");
        }
    }
    assert_eq!(spread(Money(100), &[Money(1), Money(1), Money(1)]), [Money(33), Money(34), Money(33)]);
    assert_eq!(spread(Money(5), &[Money::ZERO, Money::ZERO]), [Money::ZERO, Money::ZERO]);
    assert_eq!(spread(Money(-7), &[Money(2), Money(1)]), [Money(-5), Money(-2)]);
}
