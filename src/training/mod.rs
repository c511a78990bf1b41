//! Training mode: practice selling on the live catalog with a simulated
//! customer ([`scenario`], [`customer`]), scored by a weighted rubric
//! ([`score`]), and drills from real baskets that use `eval`'s
//! leave-one-out protocol ([`drill`]). Plain Rust: no terminal, no SQL.

pub mod customer;
pub mod drill;
pub mod scenario;
pub mod score;
