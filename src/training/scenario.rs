//! Training scenarios: who the customer is, what they came for, what they
//! would take, and how patient they are (`assets/training/*.toml`).

use crate::catalog::Catalog;
use crate::money::Currency;

/// One scenario (the fields beyond `id` and `title` are being added).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Scenario {
    pub id: String,
    pub title: String,
}

/// A scenario file that cannot be used: `file:line: key: what is wrong`.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ScenarioError(pub String);

/// The scenarios shipped with counterpart, checked against `catalog`.
pub fn builtin(_catalog: &Catalog, _currency: &Currency) -> Result<Vec<Scenario>, ScenarioError> {
    Ok(Vec::new())
}
