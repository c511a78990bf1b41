//! Configuration: the embedded defaults (the repository's `config.toml`) with
//! the user's file merged over them. Unknown keys and wrong types are errors
//! naming the file and the key, with the nearest valid key as a hint.
#![allow(clippy::disallowed_types, reason = "weights and mining thresholds are ratios, not money")]

mod shop;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

pub use self::shop::Shop;
use self::shop::{CheckoutConfig, StaffConfig, StoreConfig};

/// The default configuration, documented key by key.
pub const DEFAULT_TOML: &str = include_str!("../config.toml");

/// Where the defaults "come from" in messages.
const BUILT_IN: &str = "built-in defaults";

/// The configuration, typed: made once at load and passed by reference.
#[derive(Debug, Clone)]
pub struct Config {
    /// `[store]`, `[checkout]` and `[staff]`: shared, never copied.
    pub shop: Arc<Shop>,
    pub database: DatabaseConfig,
    pub suggestions: SuggestionConfig,
    pub mining: MiningConfig,
    pub ui: UiConfig,
    pub keys: toml::Table,
    pub scanner: ScannerConfig,
    /// The file the user's settings came from, if any.
    pub source: Option<PathBuf>,
}

/// The file's sections as written, before the shop's are typed.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Sections {
    store: StoreConfig,
    database: DatabaseConfig,
    suggestions: SuggestionConfig,
    mining: MiningConfig,
    ui: UiConfig,
    keys: toml::Table,
    scanner: ScannerConfig,
    checkout: CheckoutConfig,
    staff: StaffConfig,
    refill: toml::Table,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseConfig {
    pub path: PathBuf,
}

/// How many suggestions to show, which to allow, and how to rank them.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SuggestionConfig {
    pub cross_sell: usize,
    pub upsell: usize,
    pub max_upsell_step_percent: u32,
    pub hide_out_of_stock: bool,
    pub weight_curated: f64,
    pub weight_bundle: f64,
    pub weight_category: f64,
    pub weight_family: f64,
    pub weight_mined: f64,
    pub weight_more_items: f64,
    pub price_sanity_percent: u32,
    pub weight_margin: f64,
    /// How much what customers took and declined moves a suggestion (see
    /// `suggest::learned`); 0 turns learning off.
    pub weight_learned: f64,
    /// Weight of what a customer with profiling consent owns: add-ons for it, refills due.
    pub weight_history: f64,
    pub mined_smoothing: f64,
    pub mined_popularity_exponent: f64,
}

impl SuggestionConfig {
    /// How mined rules are ranked (the design measured in docs/mining.md).
    pub fn rank_params(&self) -> crate::mining::RankParams {
        crate::mining::RankParams {
            max_antecedent: crate::mining::RankParams::default().max_antecedent,
            m: self.mined_smoothing,
            popularity_exponent: self.mined_popularity_exponent,
        }
    }
}

/// Association-rule mining and how mined rules are ranked.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MiningConfig {
    pub min_support: f64,
    pub min_confidence: f64,
    pub min_lift: f64,
    pub max_antecedent: usize,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Theme {
    Default,
    HighContrast,
    Mono,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UiConfig {
    pub theme: Theme,
    pub mouse: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScannerConfig {
    pub suffix: String,
    pub max_gap_ms: u64,
    pub min_length: usize,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SignIn {
    None,
    Id,
    Pin,
}

/// A configuration problem, naming the file and the key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {message}")]
pub struct ConfigError {
    pub file: String,
    pub message: String,
}

impl Config {
    /// The built-in defaults.
    pub fn defaults() -> Config {
        // The embedded file is checked by the tests; failing here is a build defect.
        Config::from_str(DEFAULT_TOML, BUILT_IN, None)
            .unwrap_or_else(|e| panic!("built-in config.toml is invalid: {e}"))
    }

    /// Finds and loads the configuration: `explicit` (from `--config`), then
    /// `$COUNTERPART_CONFIG`, `./config.toml`, the XDG config dir, else defaults.
    pub fn load(explicit: Option<&Path>) -> Result<Config, ConfigError> {
        if let Some(p) = explicit {
            return Config::from_file(p);
        }
        if let Some(p) = std::env::var_os("COUNTERPART_CONFIG").filter(|v| !v.is_empty()) {
            return Config::from_file(Path::new(&p));
        }
        let local = Path::new("config.toml");
        if local.is_file() {
            return Config::from_file(local);
        }
        let xdg = std::env::var_os("XDG_CONFIG_HOME")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".config")));
        if let Some(p) = xdg.map(|d| d.join("counterpart").join("config.toml")).filter(|p| p.is_file()) {
            return Config::from_file(&p);
        }
        Ok(Config::defaults())
    }

    /// Loads a user file merged over the defaults.
    pub fn from_file(path: &Path) -> Result<Config, ConfigError> {
        let file = path.display().to_string();
        let bytes = std::fs::read(path)
            .map_err(|e| ConfigError { file: file.clone(), message: format!("cannot read: {e}") })?;
        let text = std::str::from_utf8(&bytes)
            .map_err(|_| ConfigError { file: file.clone(), message: "not valid UTF-8".into() })?;
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let mut config = Config::from_str(text, &file, Some(&base))?;
        config.source = Some(path.to_path_buf());
        Ok(config)
    }

    /// Parses `text` (named `file` in errors) merged over the defaults; relative
    /// paths are resolved against `base`.
    pub fn from_str(text: &str, file: &str, base: Option<&Path>) -> Result<Config, ConfigError> {
        let err = |message: String| ConfigError { file: file.to_string(), message };
        let defaults: toml::Table =
            DEFAULT_TOML.parse().map_err(|e| err(format!("built-in defaults: {e}")))?;
        let user: toml::Table = text.parse().map_err(|e: toml::de::Error| {
            let line = e.span().map(|s| crate::catalog::doc::line_of(text, s.start));
            let at = line.map(|l| format!("line {l}: ")).unwrap_or_default();
            err(format!("{at}{}", e.message().trim()))
        })?;
        let mut merged = defaults.clone();
        merge(&mut merged, &defaults, &user, "").map_err(err)?;
        check_ranges(&merged).map_err(err)?;
        check_keys(&merged).map_err(err)?;
        let mut s: Sections = toml::Value::Table(merged)
            .try_into()
            .map_err(|e: toml::de::Error| err(e.message().trim().replace('\n', " ")))?;
        if let Some(base) = base {
            for p in [&mut s.database.path, &mut s.checkout.receipt_dir] {
                if !p.as_os_str().is_empty() && p.is_relative() {
                    *p = base.join(&*p);
                }
            }
        }
        let shop = Shop::from_sections(s.store, s.checkout, s.staff, &s.refill).map_err(err)?;
        Ok(Config {
            shop: Arc::new(shop),
            database: s.database,
            suggestions: s.suggestions,
            mining: s.mining,
            ui: s.ui,
            keys: s.keys,
            scanner: s.scanner,
            source: None,
        })
    }

    /// The file name to show in messages about this configuration.
    pub fn file_name(&self) -> String {
        self.source.as_ref().map_or_else(|| BUILT_IN.to_string(), |p| p.display().to_string())
    }
}

/// Numeric keys and the values they take, from `min` to `max` (`None`: no
/// upper bound). Checked on the merged table before it is typed, so a
/// negative count or an out-of-range percentage names its key.
const RANGES: &[(&str, f64, Option<f64>)] = &[
    ("suggestions.cross_sell", 0.0, Some(50.0)),
    ("suggestions.upsell", 0.0, Some(50.0)),
    ("suggestions.max_upsell_step_percent", 0.0, Some(1000.0)),
    ("suggestions.weight_curated", 0.0, Some(100.0)),
    ("suggestions.weight_bundle", 0.0, Some(100.0)),
    ("suggestions.weight_category", 0.0, Some(100.0)),
    ("suggestions.weight_family", 0.0, Some(100.0)),
    ("suggestions.weight_mined", 0.0, Some(100.0)),
    ("suggestions.weight_more_items", 0.0, Some(100.0)),
    ("suggestions.price_sanity_percent", 0.0, Some(1000.0)),
    ("suggestions.weight_margin", 0.0, Some(100.0)),
    ("suggestions.weight_learned", 0.0, Some(10.0)),
    ("suggestions.weight_history", 0.0, Some(100.0)),
    ("suggestions.mined_smoothing", 0.0, None),
    ("suggestions.mined_popularity_exponent", 0.0, Some(2.0)),
    ("mining.min_support", 0.0, Some(1.0)),
    ("mining.min_confidence", 0.0, Some(1.0)),
    ("mining.min_lift", 0.0, None),
    ("mining.max_antecedent", 1.0, Some(10.0)),
    ("scanner.max_gap_ms", 1.0, Some(1000.0)),
    ("scanner.min_length", 1.0, Some(128.0)),
    ("checkout.max_discount_percent", 0.0, Some(100.0)),
    ("staff.max_pin_tries", 1.0, Some(100.0)),
    ("staff.lockout_minutes", 0.0, Some(10_080.0)),
];

/// Every key of [`RANGES`] within its range: "`checkout.max_discount_percent`: must be 0–100, not -5".
fn check_ranges(merged: &toml::Table) -> Result<(), String> {
    for &(key, min, max) in RANGES {
        let (section, name) = key.split_once('.').unwrap_or(("", key));
        let value = merged.get(section).and_then(|t| t.get(name));
        let (v, shown) = match value {
            Some(toml::Value::Integer(i)) => (*i as f64, i.to_string()),
            Some(toml::Value::Float(f)) => (*f, f.to_string()),
            _ => continue, // a wrong type was named by the merge
        };
        let fits = v >= min && max.is_none_or(|m| v <= m); // NaN fits nowhere
        if !fits {
            let range = match max {
                Some(m) => format!("{min}–{m}"),
                None => format!("{min} or more"),
            };
            return Err(format!("`{key}`: must be {range}, not {shown}"));
        }
    }
    Ok(())
}

/// Every action in `[keys]` keeps at least one key: an action with none
/// could never be used (quit, check out...).
fn check_keys(merged: &toml::Table) -> Result<(), String> {
    let Some(toml::Value::Table(keys)) = merged.get("keys") else { return Ok(()) };
    for (action, list) in keys {
        if list.as_array().is_some_and(Vec::is_empty) {
            return Err(format!("`keys.{action}`: no key given; every action needs at least one"));
        }
    }
    Ok(())
}

/// Keys whose value is text in the file but may be written as a TOML
/// number: `tax_rate = 8.25` means "8.25".
const NUMBER_AS_TEXT: &[&str] = &["store.tax_rate"];

/// Tables whose keys are the user's own (category paths), not the defaults'.
const OPEN_TABLES: &[&str] = &["refill"];

/// Merges `user` over `into`, refusing keys the defaults do not have and
/// values whose type differs from the default's.
fn merge(
    into: &mut toml::Table,
    defaults: &toml::Table,
    user: &toml::Table,
    prefix: &str,
) -> Result<(), String> {
    for (key, value) in user {
        let full = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
        if OPEN_TABLES.contains(&prefix) {
            // Keys of their own (category paths): any name, the default's value type.
            if !matches!(value, toml::Value::Integer(_)) {
                return Err(format!("`{full}` must be a whole number of days, not {}", type_name(value)));
            }
            into.insert(key.clone(), value.clone());
            continue;
        }
        let Some(default) = defaults.get(key) else {
            let hint = nearest(key, defaults.keys().map(String::as_str))
                .map(|k| {
                    let k = if prefix.is_empty() { k.to_string() } else { format!("{prefix}.{k}") };
                    format!(" (did you mean `{k}`?)")
                })
                .unwrap_or_default();
            return Err(format!("unknown key `{full}`{hint}"));
        };
        match (default, value) {
            (toml::Value::Table(d), toml::Value::Table(u)) => {
                let Some(toml::Value::Table(target)) = into.get_mut(key) else {
                    return Err(format!("`{full}` must be a table"));
                };
                merge(target, d, u, &full)?;
            }
            (d, u) if same_type(d, u) => {
                into.insert(key.clone(), u.clone());
            }
            (toml::Value::String(_), toml::Value::Integer(_) | toml::Value::Float(_))
                if NUMBER_AS_TEXT.contains(&full.as_str()) =>
            {
                into.insert(key.clone(), toml::Value::String(number_text(value)));
            }
            (d, u) => {
                return Err(format!("`{full}` must be {}, not {}", type_name(d), type_name(u)));
            }
        }
    }
    Ok(())
}

/// A TOML number as the text it was written as (`8.25`, `21`).
fn number_text(v: &toml::Value) -> String {
    match v {
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Float(f) => f.to_string(),
        other => other.to_string(),
    }
}

fn same_type(a: &toml::Value, b: &toml::Value) -> bool {
    use toml::Value::*;
    match (a, b) {
        (Float(_), Integer(_)) => true, // 1 is a fine weight
        (Array(x), Array(y)) => y.iter().all(|v| x.first().is_none_or(|f| same_type(f, v))),
        _ => std::mem::discriminant(a) == std::mem::discriminant(b),
    }
}

fn type_name(v: &toml::Value) -> &'static str {
    match v {
        toml::Value::String(_) => "a string",
        toml::Value::Integer(_) => "an integer",
        toml::Value::Float(_) => "a number",
        toml::Value::Boolean(_) => "true or false",
        toml::Value::Datetime(_) => "a date",
        toml::Value::Array(_) => "a list",
        toml::Value::Table(_) => "a table",
    }
}

/// The candidate closest to `key` by edit distance (Levenshtein, in chars), when it is close enough.
pub fn nearest<'a>(key: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (strsim::levenshtein(key, c), c))
        .filter(|(d, c)| *d <= (c.len().max(key.len()) / 3).max(2))
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::TaxRate;

    #[test]
    fn the_embedded_default_parses() {
        let c = Config::defaults();
        assert_eq!(c.suggestions.max_upsell_step_percent, 50);
        assert_eq!(c.shop.currency.code, "USD");
        assert_eq!(c.shop.tax.rate, TaxRate(82_500));
        assert_eq!(c.shop.sign_in, SignIn::None);
        assert_eq!(c.shop.receipt_dir, None, "an empty receipt_dir writes no files");
        assert!(c.source.is_none());
    }

    #[test]
    fn every_default_key_is_documented_by_a_comment() {
        let lines: Vec<&str> = DEFAULT_TOML.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let t = line.trim();
            if t.is_empty() || t.starts_with('#') || t.starts_with('[') {
                continue;
            }
            let prev = lines[..i].iter().rev().find(|l| !l.trim().is_empty()).map(|l| l.trim());
            assert!(prev.is_some_and(|p| p.starts_with('#')), "key without a comment: {t}");
        }
    }

    #[test]
    fn refill_windows_take_any_category_and_name_a_bad_one() {
        let c = Config::defaults();
        assert_eq!(c.shop.refill.windows, [("Cameras > Batteries".to_string(), 365)]);
        let c = Config::from_str("[refill]\n\"Printers >Ink\" = 90\n", "x.toml", None).unwrap();
        assert!(c.shop.refill.windows.contains(&("Printers > Ink".to_string(), 90)));
        let e = Config::from_str("[refill]\n\"Ink\" = -3\n", "my.toml", None).unwrap_err();
        assert!(e.to_string().contains("my.toml") && e.to_string().contains("refill.\"Ink\""), "{e}");
        let e = Config::from_str("[refill]\n\"Ink\" = \"soon\"\n", "my.toml", None).unwrap_err();
        assert!(e.to_string().contains("`refill.Ink`"), "{e}");
    }

    #[test]
    fn a_partial_file_merges_over_the_defaults() {
        let c =
            Config::from_str("[store]\nname = \"Corner Shop\"\n[suggestions]\nupsell = 2\n", "x.toml", None)
                .unwrap();
        assert_eq!(c.shop.store_name, "Corner Shop");
        assert_eq!(c.shop.terminal, "T1");
        assert_eq!(c.suggestions.upsell, 2);
        assert_eq!(c.suggestions.cross_sell, 5);
    }

    #[test]
    fn an_unknown_key_names_the_file_the_key_and_the_nearest() {
        let e = Config::from_str("[store]\nnmae = \"x\"\n", "my.toml", None).unwrap_err();
        assert_eq!(e.to_string(), "my.toml: unknown key `store.nmae` (did you mean `store.name`?)");
        let e = Config::from_str("[stroe]\n", "my.toml", None).unwrap_err();
        assert!(e.to_string().contains("unknown key `stroe` (did you mean `store`?)"), "{e}");
        let e = Config::from_str("[keys]\nfly = [\"x\"]\n", "my.toml", None).unwrap_err();
        assert!(e.to_string().contains("unknown key `keys.fly`"), "{e}");
    }

    #[test]
    fn a_wrong_type_names_the_key() {
        let e = Config::from_str("[suggestions]\ncross_sell = \"five\"\n", "my.toml", None).unwrap_err();
        assert_eq!(e.to_string(), "my.toml: `suggestions.cross_sell` must be an integer, not a string");
        let e = Config::from_str("[ui]\ntheme = \"pink\"\n", "my.toml", None).unwrap_err();
        assert!(e.to_string().contains("pink"), "{e}");
        let e = Config::from_str("[store]\ncurrency = \"usd\"\n", "my.toml", None).unwrap_err();
        assert!(e.to_string().contains("store.currency"), "{e}");
        let e = Config::from_str("not toml = = =", "my.toml", None).unwrap_err();
        assert!(e.to_string().starts_with("my.toml: line 1"), "{e}");
    }

    #[test]
    fn numbers_out_of_range_name_the_key_and_the_range() {
        let e = |text: &str| Config::from_str(text, "my.toml", None).unwrap_err().to_string();
        assert_eq!(
            e("[checkout]\nmax_discount_percent = -5\n"),
            "my.toml: `checkout.max_discount_percent`: must be 0–100, not -5"
        );
        assert_eq!(
            e("[checkout]\nmax_discount_percent = 101\n"),
            "my.toml: `checkout.max_discount_percent`: must be 0–100, not 101"
        );
        assert_eq!(e("[suggestions]\nupsell = -1\n"), "my.toml: `suggestions.upsell`: must be 0–50, not -1");
        assert_eq!(
            e("[suggestions]\nweight_mined = 150.0\n"),
            "my.toml: `suggestions.weight_mined`: must be 0–100, not 150"
        );
        assert_eq!(
            e("[suggestions]\nweight_learned = -0.5\n"),
            "my.toml: `suggestions.weight_learned`: must be 0–10, not -0.5"
        );
        assert_eq!(
            e("[suggestions]\nweight_learnt = 0\n"),
            "my.toml: unknown key `suggestions.weight_learnt` (did you mean `suggestions.weight_learned`?)"
        );
        let off = Config::from_str("[suggestions]\nweight_learned = 0\n", "my.toml", None).unwrap();
        assert_eq!(off.suggestions.weight_learned, 0.0);
        assert_eq!(Config::from_str("", "my.toml", None).unwrap().suggestions.weight_learned, 1.0);
        assert_eq!(e("[mining]\nmin_lift = -1\n"), "my.toml: `mining.min_lift`: must be 0 or more, not -1");
        assert_eq!(e("[mining]\nmin_support = nan\n"), "my.toml: `mining.min_support`: must be 0–1, not NaN");
        assert_eq!(e("[scanner]\nmax_gap_ms = 0\n"), "my.toml: `scanner.max_gap_ms`: must be 1–1000, not 0");
        assert_eq!(
            e("[staff]\nlockout_minutes = 99999999999\n"),
            "my.toml: `staff.lockout_minutes`: must be 0–10080, not 99999999999"
        );
        let c = Config::from_str("[checkout]\nmax_discount_percent = 100\n", "my.toml", None).unwrap();
        assert_eq!(c.shop.max_discount_percent, 100);
    }

    #[test]
    fn the_return_approval_is_an_amount_or_none_and_a_bad_one_names_the_key() {
        use crate::money::Money;
        let shop = |text: &str| Config::from_str(text, "my.toml", None).map(|c| c.shop);
        let every = shop("").unwrap();
        assert!(every.return_needs_manager(Money(1)), "the default asks for every return");
        let above = shop("[checkout]\nreturn_approval_above = \"50.00\"\n").unwrap();
        assert!(!above.return_needs_manager(Money(5_000)) && above.return_needs_manager(Money(5_001)));
        let never = shop("[checkout]\nreturn_approval_above = \"none\"\n").unwrap();
        assert!(!never.return_needs_manager(Money(1_000_000)));
        let e = shop("[checkout]\nreturn_approval_above = \"lots\"\n").unwrap_err().to_string();
        assert!(e.starts_with("my.toml: `checkout.return_approval_above`: `lots` is not an amount"), "{e}");
    }

    #[test]
    fn the_tax_rate_may_be_written_as_a_number() {
        let c = Config::from_str("[store]\ntax_rate = 8.25\n", "my.toml", None).unwrap();
        assert_eq!(c.shop.tax.rate, TaxRate(82_500));
        let c = Config::from_str("[store]\ntax_rate = 21\n", "my.toml", None).unwrap();
        assert_eq!(c.shop.tax.rate, TaxRate(210_000));
        let e = Config::from_str("[store]\ntax_rate = -3\n", "my.toml", None).unwrap_err();
        assert!(e.to_string().contains("`store.tax_rate`: `-3` is not a percentage from 0 to 100"), "{e}");
        let e = Config::from_str("[store]\nterminal = 8.25\n", "my.toml", None).unwrap_err();
        assert!(e.to_string().contains("`store.terminal` must be a string, not a number"), "{e}");
    }

    #[test]
    fn an_action_with_no_key_is_refused() {
        let e = Config::from_str("[keys]\nquit = []\n", "my.toml", None).unwrap_err();
        assert_eq!(e.to_string(), "my.toml: `keys.quit`: no key given; every action needs at least one");
        assert!(Config::from_str("[keys]\nquit = [\"Ctrl-q\"]\n", "my.toml", None).is_ok());
    }

    #[test]
    fn paths_are_relative_to_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c.toml");
        std::fs::write(
            &file,
            "[database]\npath = \"data/shop.db\"\n[checkout]\nreceipt_dir = \"receipts\"\n",
        )
        .unwrap();
        let c = Config::from_file(&file).unwrap();
        assert_eq!(c.database.path, dir.path().join("data/shop.db"));
        assert_eq!(c.shop.receipt_dir, Some(dir.path().join("receipts")));
        assert_eq!(c.source.as_deref(), Some(file.as_path()));
    }

    #[test]
    fn currency_and_tax_follow_the_config() {
        let c = Config::from_str(
            "[store]\ncurrency = \"JPY\"\ntax_rate = \"10\"\nprices_include_tax = true\n",
            "x",
            None,
        )
        .unwrap();
        assert_eq!(c.shop.currency.exponent, 0);
        assert_eq!(c.shop.tax.rate, TaxRate(100_000));
        assert!(c.shop.tax.prices_include_tax);
        assert!(!c.shop.currency.decimal_comma);
        let c = Config::from_str("[store]\ncurrency = \"EUR\"\ndecimal_comma = true\n", "x", None).unwrap();
        assert_eq!(c.shop.currency.parse("12,50"), Ok(crate::money::Money(1250)));
    }

    #[test]
    fn the_shop_is_typed_once_and_shared_by_every_copy_of_the_config() {
        let c = Config::from_str(
            "[store]\ncurrency = \"EUR\"\ncurrency_symbol = \"€\"\ntax_rate = \"21\"\n[staff]\nsign_in = \"pin\"\n",
            "x",
            None,
        )
        .unwrap();
        assert_eq!((c.shop.currency.code.as_str(), c.shop.currency.symbol.as_str()), ("EUR", "€"));
        assert_eq!(c.shop.tax.rate, TaxRate(210_000));
        assert_eq!(c.shop.sign_in, SignIn::Pin);
        let copy = c.clone();
        assert!(Arc::ptr_eq(&c.shop, &copy.shop), "a copy of the config shares its shop");
    }

    #[test]
    fn a_bad_currency_or_tax_rate_is_refused_at_load_naming_the_file_and_key() {
        let e = |text: &str| Config::from_str(text, "my.toml", None).unwrap_err().to_string();
        assert_eq!(
            e("[store]\ncurrency = \"dollars\"\n"),
            "my.toml: `store.currency`: `dollars` is not an ISO 4217 code"
        );
        assert_eq!(
            e("[store]\ntax_rate = \"eight\"\n"),
            "my.toml: `store.tax_rate`: `eight` is not a percentage from 0 to 100"
        );
        assert_eq!(e("[store]\nterminal = \" \"\n"), "my.toml: `store.terminal` is empty");
    }
}
