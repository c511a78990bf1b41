//! What every cross-sell source produces: evidence for candidate products.
//!
//! The sources ([`cross_sell`](super::cross_sell)'s own and
//! [`mined`](super::mined)) add [`Evidence`] to [`Candidates`];
//! `cross_sell` then filters and ranks them. Both depend on this module and
//! neither on the other's types, so the arrows only point down.

use std::collections::BTreeMap;

use super::{Engine, Request, Source};
use crate::catalog::ProductIdx;

/// One reason to offer a product.
#[allow(clippy::disallowed_types, reason = "a strength is a ratio, not money")]
#[derive(Debug, Clone)]
pub struct Evidence {
    pub source: Source,
    /// The cart item that calls for the candidate.
    pub anchor: ProductIdx,
    /// 0..1 before the source weight.
    pub strength: f64,
    pub reason: String,
    pub talking_point: String,
}

/// Candidates with their evidence, in product order (deterministic).
pub type Candidates = BTreeMap<ProductIdx, Vec<Evidence>>;

/// A source of cross-sell evidence.
pub type SourceFn = fn(&Engine<'_>, &Request<'_>, &mut Candidates);
