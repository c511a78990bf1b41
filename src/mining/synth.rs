//! Synthetic basket files for benchmarks and tests (deterministic, seeded).
//!
//! Item popularity is Zipf-like (weight `1 / (rank + 1)^skew`), basket sizes
//! run from 1 to `max_basket`, and some items have a planted partner that is
//! bought with them (`partner_rate` of the time), so there are real rules to
//! find among the noise.

use std::fmt::Write;

/// Shape of a synthetic history.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SynthParams {
    /// Total item lines (sum of basket sizes) to produce, at least.
    pub sale_lines: usize,
    /// Distinct items (SKUs) to draw from.
    pub items: usize,
    /// Zipf exponent of item popularity.
    pub skew: f64,
    /// Largest basket (smallest is 1).
    pub max_basket: usize,
    /// Share of items (the most popular of every 4) that have a partner.
    pub partner_rate: f64,
    pub seed: u64,
}

impl Default for SynthParams {
    /// One million sale lines over 20,000 SKUs: about 300,000 baskets.
    fn default() -> Self {
        SynthParams {
            sale_lines: 1_000_000,
            items: 20_000,
            skew: 1.0,
            max_basket: 8,
            partner_rate: 0.3,
            seed: 42,
        }
    }
}

pub use crate::rng::Rng;

/// Generates baskets as lists of item numbers (`0..items`, 0 the most
/// popular).
pub fn synthetic_baskets(p: &SynthParams) -> Vec<Vec<u32>> {
    let items = p.items.max(1);
    let max_basket = p.max_basket.max(1);
    let mut rng = Rng::new(p.seed);
    let mut cumulative = Vec::with_capacity(items);
    let mut total = 0.0;
    for k in 0..items {
        total += 1.0 / ((k + 1) as f64).powf(p.skew);
        cumulative.push(total);
    }
    // Partner of item k: a random other item, for one item in four.
    let partner: Vec<Option<u32>> = (0..items)
        .map(|k| (k % 4 == 0 && items > 1).then(|| ((k + 1 + rng.below(items - 1)) % items) as u32))
        .collect();
    let mut baskets = Vec::new();
    let mut lines = 0usize;
    while lines < p.sale_lines {
        // Sizes skewed small: min of two uniform draws, mean about 3.
        let size = 1 + rng.below(max_basket).min(rng.below(max_basket));
        let mut basket: Vec<u32> = Vec::with_capacity(size);
        while basket.len() < size {
            let x = rng.unit() * total;
            let k = cumulative.partition_point(|&c| c <= x).min(items - 1) as u32;
            if !basket.contains(&k) {
                basket.push(k);
            }
            if let Some(q) = partner[k as usize]
                && basket.len() < size
                && rng.unit() < p.partner_rate
                && !basket.contains(&q)
            {
                basket.push(q);
            }
        }
        lines += basket.len();
        baskets.push(basket);
    }
    baskets
}

/// The same baskets as a basket file (`item<number>` labels, one basket a
/// line).
pub fn synthetic_file(p: &SynthParams) -> String {
    let mut out = String::new();
    for basket in synthetic_baskets(p) {
        for (i, k) in basket.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let _ = write!(out, "sku{k}");
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape() {
        let p = SynthParams { sale_lines: 10_000, items: 500, ..SynthParams::default() };
        let baskets = synthetic_baskets(&p);
        let lines: usize = baskets.iter().map(Vec::len).sum();
        assert!((10_000..10_008).contains(&lines));
        assert!(baskets.iter().all(|b| (1..=8).contains(&b.len())));
        assert_eq!(synthetic_baskets(&p), baskets, "deterministic");
        let text = synthetic_file(&p);
        assert_eq!(text.lines().count(), baskets.len());
    }
}
