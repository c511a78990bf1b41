//! Mining benchmarks (see docs/mining.md for the figures).
//!
//! - `groceries/parse`: parse groceries.csv into interned baskets (the
//!   label hashing is here).
//! - `groceries/parse_mine_0.001_0.5`: parse groceries.csv and mine the rules
//!   at min support 0.001, min confidence 0.5 (5,668 rules).
//! - `groceries/itemsets_bitset_eclat`: the alternative measured against our
//!   miner, a plain Eclat over bitsets (kept here, not in the crate).
//! - `synthetic_1m/parse_mine`: a synthetic history of 1,000,000 sale lines
//!   (~313,000 baskets over 20,000 SKUs, Zipf popularity, planted pairs),
//!   parsed and mined at min support 0.0001 (≥ 32 baskets), confidence 0.1;
//!   `synthetic_1m/parse` parses it only.
//! - `rank/score_groceries_trials`: scoring every LOO cart of groceries.

use std::hint::black_box;

use counterpart::mining::synth::{SynthParams, synthetic_file};
use counterpart::mining::{
    Baskets, MineParams, RankParams, Split, min_count, mine_itemsets, mine_rules, score,
};
use criterion::{Criterion, criterion_group, criterion_main};

const GROCERIES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/groceries.csv");

/// Plain Eclat over bitsets (items by ascending frequency): the number of
/// frequent itemsets of at most `max_len` items.
fn bitset_eclat(b: &Baskets, min: u32, max_len: usize) -> usize {
    let words = b.len().div_ceil(64);
    let counts = b.item_counts();
    let mut freq: Vec<u32> = (0..counts.len() as u32).filter(|&i| counts[i as usize] >= min).collect();
    freq.sort_by_key(|&i| (counts[i as usize], i));
    let mut rank = vec![usize::MAX; counts.len()];
    for (r, &i) in freq.iter().enumerate() {
        rank[i as usize] = r;
    }
    let mut class: Vec<(Vec<u64>, u32)> =
        freq.iter().map(|&i| (vec![0u64; words], counts[i as usize])).collect();
    for (t, basket) in b.baskets.iter().enumerate() {
        for &i in basket {
            if let Some(entry) = class.get_mut(rank[i as usize]) {
                entry.0[t / 64] |= 1 << (t % 64);
            }
        }
    }
    fn rec(class: &[(Vec<u64>, u32)], min: u32, depth: usize, max_len: usize) -> usize {
        let mut total = 0;
        for i in 0..class.len() {
            total += 1;
            if depth >= max_len {
                continue;
            }
            let mut kids: Vec<(Vec<u64>, u32)> = Vec::new();
            for j in i + 1..class.len() {
                let mut c = 0u32;
                let v: Vec<u64> = class[i]
                    .0
                    .iter()
                    .zip(&class[j].0)
                    .map(|(x, y)| {
                        let z = x & y;
                        c += z.count_ones();
                        z
                    })
                    .collect();
                if c >= min {
                    kids.push((v, c));
                }
            }
            total += rec(&kids, min, depth + 1, max_len);
        }
        total
    }
    rec(&class, min, 1, max_len)
}

fn groceries(c: &mut Criterion) {
    let data = std::fs::read(GROCERIES).expect("tests/data/groceries.csv");
    let params = MineParams { min_support: 0.001, min_confidence: 0.5, min_lift: 0.0, max_antecedent: 10 };
    let mut g = c.benchmark_group("groceries");
    g.bench_function("parse", |bench| bench.iter(|| Baskets::parse(black_box(&data)).expect("parses").len()));
    g.bench_function("parse_mine_0.001_0.5", |bench| {
        bench.iter(|| {
            let b = Baskets::parse(black_box(&data)).expect("parses");
            let rules = mine_rules(&b, &params, &mut |_, _| {});
            assert_eq!(rules.len(), 5668);
            rules
        })
    });
    let b = Baskets::parse(&data).expect("parses");
    let min = min_count(0.001, b.len());
    g.bench_function("itemsets_0.001", |bench| {
        bench.iter(|| mine_itemsets(black_box(&b), min, 11, &mut |_, _| {}).len())
    });
    g.bench_function("itemsets_bitset_eclat_0.001", |bench| {
        bench.iter(|| bitset_eclat(black_box(&b), min, 11))
    });
    g.finish();
}

fn synthetic(c: &mut Criterion) {
    let text = synthetic_file(&SynthParams::default());
    let params = MineParams { min_support: 0.0001, min_confidence: 0.1, min_lift: 0.0, max_antecedent: 10 };
    let mut g = c.benchmark_group("synthetic_1m");
    g.sample_size(10);
    g.bench_function("parse", |bench| {
        bench.iter(|| Baskets::parse(black_box(text.as_bytes())).expect("parses").len())
    });
    g.bench_function("parse_mine", |bench| {
        bench.iter(|| {
            let b = Baskets::parse(black_box(text.as_bytes())).expect("parses");
            mine_rules(&b, &params, &mut |_, _| {}).len()
        })
    });
    g.finish();
}

fn rank(c: &mut Criterion) {
    let data = std::fs::read(GROCERIES).expect("tests/data/groceries.csv");
    let split = Split::new(&data, 5, 4).expect("parses");
    let params = RankParams::default();
    let index = split.rule_index(&params);
    c.bench_function("rank/score_groceries_trials", |bench| {
        bench.iter(|| {
            split.trials.iter().map(|t| score(black_box(&t.cart), &index, &params).len()).sum::<usize>()
        })
    });
}

criterion_group!(benches, groceries, synthetic, rank);
criterion_main!(benches);
