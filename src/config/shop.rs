//! The shop's configuration, typed once at load: `[store]`, `[checkout]` and
//! `[staff]` become one [`Shop`] that the command line, the selling screen and
//! its worker share (behind an `Arc`), so nothing re-parses a currency code or
//! a tax rate, and nothing keeps its own copy.

use std::path::PathBuf;

use serde::Deserialize;

use super::SignIn;
use crate::customers::owned::RefillWindows;
use crate::money::{Currency, Money, TaxPolicy, TaxRate, TaxRounding};

/// The shop, as configured: who it is, its money and its rules at the till.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shop {
    /// `store.name`: the header and the receipt.
    pub store_name: String,
    /// `store.terminal`: the till id asked for. A running selling screen may
    /// get another one (its till lock takes the next free id).
    pub terminal: String,
    /// `store.currency` and `store.currency_symbol`.
    pub currency: Currency,
    /// `store.tax_rate`, `store.prices_include_tax`, `store.tax_rounding`.
    pub tax: TaxPolicy,
    /// `checkout.allow_oversell`: sell more than the recorded stock.
    pub allow_oversell: bool,
    /// `checkout.require_shift`: a till sells only while it has an open shift.
    pub require_shift: bool,
    /// `checkout.max_discount_percent`: above it a manager must approve.
    pub max_discount_percent: u32,
    /// `checkout.receipt_dir`: where receipt files go, when set.
    pub receipt_dir: Option<PathBuf>,
    /// `checkout.return_approval_above`: a refund at the till of more than
    /// this needs a manager (`None`: never).
    pub return_approval_above: Option<Money>,
    /// `staff.sign_in`: how staff sign in.
    pub sign_in: SignIn,
    /// `staff.default_id`: who sells when nobody signs in.
    pub default_staff_id: String,
    /// `staff.default_name`.
    pub default_staff_name: String,
    /// `staff.max_pin_tries`: wrong PINs before the account locks.
    pub max_pin_tries: u32,
    /// `staff.lockout_minutes`: how long it stays locked.
    pub lockout_minutes: u32,
    /// `[refill]`: the consumables' categories and when each comes back
    /// (suggestions for a customer with profiling consent).
    pub refill: RefillWindows,
}

/// `[store]` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct StoreConfig {
    name: String,
    terminal: String,
    currency: String,
    currency_symbol: String,
    tax_rate: String,
    prices_include_tax: bool,
    tax_rounding: TaxRounding,
    /// Amounts in imported files use a decimal comma ("12,50").
    decimal_comma: bool,
}

/// `[checkout]` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CheckoutConfig {
    allow_oversell: bool,
    require_shift: bool,
    max_discount_percent: u32,
    return_approval_above: String,
    /// Resolved against the configuration file's folder before the shop is made.
    pub(super) receipt_dir: PathBuf,
}

/// `[staff]` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct StaffConfig {
    sign_in: SignIn,
    default_id: String,
    default_name: String,
    max_pin_tries: u32,
    lockout_minutes: u32,
}

impl Shop {
    /// Whether a refund at the till of `back` needs a manager's approval.
    pub fn return_needs_manager(&self, back: Money) -> bool {
        self.return_approval_above.is_some_and(|limit| back > limit || limit == Money::ZERO)
    }

    /// Types the three sections; a value the types alone cannot check is
    /// refused naming its key ("`store.currency`: `usd` is not an ISO 4217 code").
    pub(super) fn from_sections(
        store: StoreConfig,
        checkout: CheckoutConfig,
        staff: StaffConfig,
        refill: &toml::Table,
    ) -> Result<Shop, String> {
        let currency = Currency::from_code(&store.currency, &store.currency_symbol)
            .ok_or_else(|| format!("`store.currency`: `{}` is not an ISO 4217 code", store.currency))?
            .with_decimal_comma(store.decimal_comma);
        let rate = TaxRate::parse_percent(&store.tax_rate).map_err(|_| {
            format!("`store.tax_rate`: `{}` is not a percentage from 0 to 100", store.tax_rate)
        })?;
        if store.terminal.trim().is_empty() {
            return Err("`store.terminal` is empty".into());
        }
        let refill = refill_windows(refill)?;
        let receipt_dir = checkout.receipt_dir;
        let above = checkout.return_approval_above.trim();
        let return_approval_above = if above == "none" {
            None
        } else {
            match currency.parse(above) {
                Ok(m) if m >= Money::ZERO => Some(m),
                _ => {
                    return Err(format!(
                        "`checkout.return_approval_above`: `{above}` is not an amount (\"0\" asks for every return, \"none\" never)"
                    ));
                }
            }
        };
        Ok(Shop {
            store_name: store.name,
            terminal: store.terminal,
            currency,
            tax: TaxPolicy {
                rate,
                prices_include_tax: store.prices_include_tax,
                rounding: store.tax_rounding,
            },
            allow_oversell: checkout.allow_oversell,
            require_shift: checkout.require_shift,
            max_discount_percent: checkout.max_discount_percent,
            receipt_dir: (!receipt_dir.as_os_str().is_empty()).then_some(receipt_dir),
            return_approval_above,
            sign_in: staff.sign_in,
            default_staff_id: staff.default_id,
            default_staff_name: staff.default_name,
            max_pin_tries: staff.max_pin_tries,
            lockout_minutes: staff.lockout_minutes,
            refill,
        })
    }
}

/// The longest refill window: ten years.
const MAX_REFILL_DAYS: i64 = 3650;

/// `[refill]` typed: each category path (normalised as the catalog writes
/// it) with its days, 0–3650; a bad one is named ("`refill."Ink"`: …").
fn refill_windows(table: &toml::Table) -> Result<RefillWindows, String> {
    let mut windows = Vec::new();
    for (path, value) in table {
        let days = value.as_integer().unwrap_or(-1);
        if !(0..=MAX_REFILL_DAYS).contains(&days) {
            return Err(format!("`refill.\"{path}\"`: must be 0–{MAX_REFILL_DAYS} days, not {value}"));
        }
        let normalised = crate::catalog::normalize_path(path);
        if normalised.is_empty() {
            return Err("`refill`: a category path is empty".into());
        }
        windows.push((normalised, u32::try_from(days).unwrap_or(0)));
    }
    Ok(RefillWindows { windows })
}
