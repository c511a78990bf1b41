//! The `mined` cross-sell source: association rules learned from sales.

use super::Engine;
use super::Request;
use super::cross_sell::Candidates;

/// Rules whose antecedent lies within the cart (none until rules are mined).
pub fn mined(_engine: &Engine<'_>, _req: &Request<'_>, _c: &mut Candidates) {}
