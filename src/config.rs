//! Configuration: the embedded defaults (the repository's `config.toml`) with
//! the user's file merged over them. Unknown keys and wrong types are errors
//! naming the file and the key, with the nearest valid key as a hint.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::money::{Currency, TaxPolicy, TaxRate, TaxRounding};

/// The default configuration, documented key by key.
pub const DEFAULT_TOML: &str = include_str!("../config.toml");

/// Where the defaults "come from" in messages.
const BUILT_IN: &str = "built-in defaults";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub store: StoreConfig,
    pub database: DatabaseConfig,
    pub suggestions: SuggestionConfig,
    pub mining: MiningConfig,
    pub ui: UiConfig,
    pub keys: toml::Table,
    pub scanner: ScannerConfig,
    pub checkout: CheckoutConfig,
    pub staff: StaffConfig,
    /// The file the user's settings came from, if any.
    #[serde(skip)]
    pub source: Option<PathBuf>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoreConfig {
    pub name: String,
    pub terminal: String,
    pub currency: String,
    pub currency_symbol: String,
    pub tax_rate: String,
    pub prices_include_tax: bool,
    pub tax_rounding: TaxRounding,
    pub decimal_comma: bool,
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

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckoutConfig {
    pub allow_oversell: bool,
    pub max_discount_percent: u32,
    pub receipt_dir: PathBuf,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SignIn {
    None,
    Id,
    Pin,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffConfig {
    pub sign_in: SignIn,
    pub default_id: String,
    pub default_name: String,
    pub max_pin_tries: u32,
    pub lockout_minutes: u32,
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
        let mut config: Config = toml::Value::Table(merged)
            .try_into()
            .map_err(|e: toml::de::Error| err(e.message().trim().replace('\n', " ")))?;
        config.check().map_err(err)?;
        if let Some(base) = base {
            for p in [&mut config.database.path, &mut config.checkout.receipt_dir] {
                if !p.as_os_str().is_empty() && p.is_relative() {
                    *p = base.join(&*p);
                }
            }
        }
        Ok(config)
    }

    /// Checks values the types alone cannot.
    fn check(&self) -> Result<(), String> {
        self.currency()
            .ok_or_else(|| format!("`store.currency`: `{}` is not an ISO 4217 code", self.store.currency))?;
        TaxRate::parse_percent(&self.store.tax_rate).map_err(|_| {
            format!("`store.tax_rate`: `{}` is not a percentage from 0 to 100", self.store.tax_rate)
        })?;
        if self.store.terminal.trim().is_empty() {
            return Err("`store.terminal` is empty".into());
        }
        Ok(())
    }

    /// The configured currency (validated on load).
    pub fn currency(&self) -> Option<Currency> {
        Currency::from_code(&self.store.currency, &self.store.currency_symbol)
            .map(|c| c.with_decimal_comma(self.store.decimal_comma))
    }

    /// The configured tax policy (validated on load).
    pub fn tax(&self) -> TaxPolicy {
        TaxPolicy {
            rate: TaxRate::parse_percent(&self.store.tax_rate).unwrap_or_default(),
            prices_include_tax: self.store.prices_include_tax,
            rounding: self.store.tax_rounding,
        }
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

/// The candidate closest to `key` by edit distance, when it is close enough.
pub fn nearest<'a>(key: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (edit_distance(key, c), c))
        .filter(|(d, c)| *d <= (c.len().max(key.len()) / 3).max(2))
        .min()
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_default_parses() {
        let c = Config::defaults();
        assert_eq!(c.suggestions.max_upsell_step_percent, 50);
        assert_eq!(c.store.currency, "USD");
        assert_eq!(c.staff.sign_in, SignIn::None);
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
    fn a_partial_file_merges_over_the_defaults() {
        let c =
            Config::from_str("[store]\nname = \"Corner Shop\"\n[suggestions]\nupsell = 2\n", "x.toml", None)
                .unwrap();
        assert_eq!(c.store.name, "Corner Shop");
        assert_eq!(c.store.terminal, "T1");
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
        assert_eq!(e("[mining]\nmin_lift = -1\n"), "my.toml: `mining.min_lift`: must be 0 or more, not -1");
        assert_eq!(e("[mining]\nmin_support = nan\n"), "my.toml: `mining.min_support`: must be 0–1, not NaN");
        assert_eq!(e("[scanner]\nmax_gap_ms = 0\n"), "my.toml: `scanner.max_gap_ms`: must be 1–1000, not 0");
        assert_eq!(
            e("[staff]\nlockout_minutes = 99999999999\n"),
            "my.toml: `staff.lockout_minutes`: must be 0–10080, not 99999999999"
        );
        let c = Config::from_str("[checkout]\nmax_discount_percent = 100\n", "my.toml", None).unwrap();
        assert_eq!(c.checkout.max_discount_percent, 100);
    }

    #[test]
    fn the_tax_rate_may_be_written_as_a_number() {
        let c = Config::from_str("[store]\ntax_rate = 8.25\n", "my.toml", None).unwrap();
        assert_eq!((c.store.tax_rate.as_str(), c.tax().rate), ("8.25", TaxRate(82_500)));
        let c = Config::from_str("[store]\ntax_rate = 21\n", "my.toml", None).unwrap();
        assert_eq!(c.tax().rate, TaxRate(210_000));
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
        std::fs::write(&file, "[database]\npath = \"data/shop.db\"\n").unwrap();
        let c = Config::from_file(&file).unwrap();
        assert_eq!(c.database.path, dir.path().join("data/shop.db"));
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
        assert_eq!(c.currency().unwrap().exponent, 0);
        assert_eq!(c.tax().rate, TaxRate(100_000));
        assert!(c.tax().prices_include_tax);
        assert!(!c.currency().unwrap().decimal_comma);
        let c = Config::from_str("[store]\ncurrency = \"EUR\"\ndecimal_comma = true\n", "x", None).unwrap();
        assert_eq!(c.currency().unwrap().parse("12,50"), Ok(crate::money::Money(1250)));
    }
}
