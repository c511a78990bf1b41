//! The EASE study of docs/mining.md ("Against EASE"): every ranking variant
//! measured on the EVAL.md protocol, on Groceries or any basket file.
//!
//! `cargo run --release --example rank_variants -- FILE val|test MODE`
//! (`val`: the TRAIN lines only, their own t % 5 == 4 held out; `test`: the
//! protocol's split), `-- FILE cv [more|min2|merge|shrunk-bias|higher-order]` (5-fold
//! cross-validation inside TRAIN), `-- FILE residues` (every i % 5 as TEST),
//! `-- fit-timing` (the library's model on synthetic 1M-line histories).
//! Models are fitted here from a dense co-occurrence matrix (count ≥ 1), so
//! this is for catalogues of a few thousand items at most; the library's
//! bounded model is `counterpart::mining::fit_neighbourhood`.
#![allow(
    clippy::disallowed_types,
    clippy::needless_range_loop,
    clippy::too_many_arguments,
    reason = "a measuring program over dense matrices: ratios and index loops"
)]

use counterpart::mining::linear::cholesky_solve;
use counterpart::mining::{RankParams, Recommender, Split, parse_lines};

struct Data {
    /// R_a = Σ_b G[a][b]; T = Σ len²; L = Σ len.
    r: Vec<f64>,
    t: f64,
    l: f64,
    n: usize,
    g: Vec<f64>, // dense co-occurrence, diag = counts
    nb: f64,
}

fn data(split: &Split) -> Data {
    let min_len: usize = std::env::var("MIN_LEN").ok().and_then(|v| v.parse().ok()).unwrap_or(1);
    let n = split.counts.len();
    let mut g = vec![0f64; n * n];
    let mut nb = 0.0;
    for b in split.train.baskets.iter().filter(|b| b.len() >= min_len) {
        nb += 1.0;
        for &x in b {
            for &y in b {
                g[x as usize * n + y as usize] += 1.0;
            }
        }
    }
    let r: Vec<f64> = (0..n).map(|a| g[a * n..(a + 1) * n].iter().sum()).collect();
    let t = r.iter().sum();
    let l = (0..n).map(|a| g[a * n + a]).sum();
    Data { r, t, l, n, g, nb }
}

/// Weights w[a][c] (row a votes for c).
type W = Vec<Vec<(u32, f64)>>;

fn ease_dense(d: &Data, lambda: f64) -> W {
    let n = d.n;
    // B column j = ridge of j on all others: solve per column (slow but simple) -> use inverse instead.
    let mut p = d.g.clone();
    for i in 0..n {
        p[i * n + i] += lambda;
    }
    // invert via solving n systems
    let mut inv = vec![0f64; n * n];
    for j in 0..n {
        let mut a = p.clone();
        let mut e = vec![0f64; n];
        e[j] = 1.0;
        assert!(cholesky_solve(&mut a, n, &mut e));
        for i in 0..n {
            inv[i * n + j] = e[i];
        }
    }
    let mut w: W = vec![Vec::new(); n];
    for a in 0..n {
        for c in 0..n {
            if a != c {
                let b = -inv[a * n + c] / inv[c * n + c];
                if b != 0.0 {
                    w[a].push((c as u32, b));
                }
            }
        }
    }
    w
}

#[derive(Clone, Copy, Debug)]
enum Nbr {
    Count,
    Cosine,
}

/// Per target c: ridge of c on its top-k neighbours.
fn ease_nbr(d: &Data, k: usize, lambda: f64, how: Nbr, out_cap: usize) -> W {
    let n = d.n;
    let mut w: W = vec![Vec::new(); n];
    for c in 0..n {
        let mut cand: Vec<(usize, f64)> = (0..n)
            .filter(|&a| a != c && d.g[a * n + c] > 0.0)
            .map(|a| {
                let x = d.g[a * n + c];
                let s = match how {
                    Nbr::Count => x,
                    Nbr::Cosine => x / (d.g[a * n + a] * d.g[c * n + c]).sqrt(),
                };
                (a, s)
            })
            .collect();
        cand.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        cand.truncate(k);
        let m = cand.len();
        if m == 0 {
            continue;
        }
        let mut a = vec![0f64; m * m];
        let mut b = vec![0f64; m];
        for (i, &(x, _)) in cand.iter().enumerate() {
            for (j, &(y, _)) in cand.iter().enumerate() {
                a[i * m + j] = d.g[x * n + y];
            }
            a[i * m + i] += lambda;
            b[i] = d.g[x * n + c];
        }
        if cholesky_solve(&mut a, m, &mut b) {
            for (i, &(x, _)) in cand.iter().enumerate() {
                w[x].push((c as u32, b[i]));
            }
        }
    }
    if out_cap < usize::MAX {
        for row in &mut w {
            row.sort_by(|x, y| y.1.abs().total_cmp(&x.1.abs()));
            row.truncate(out_cap);
        }
    }
    w
}

/// Neighbourhood ridge with optional extra features: "others" (count of
/// basket items outside the neighbourhood) and an intercept. Returns pair
/// weights adjusted so score(c) = bias_c + slope_c·|cart| + Σ w'_ac.
struct Model {
    w: W,
    bias: Vec<f64>,
    slope: Vec<f64>,
}

fn ease_nbr2(
    d: &Data,
    k: usize,
    lambda: f64,
    others: bool,
    intercept: bool,
    lam_x: f64,
    diag_q: f64,
) -> Model {
    ease_nbr3(d, k, lambda, others, intercept, lam_x, diag_q, Nbr::Count)
}

#[allow(clippy::too_many_arguments)]
fn ease_nbr3(
    d: &Data,
    k: usize,
    lambda: f64,
    others: bool,
    intercept: bool,
    lam_x: f64,
    diag_q: f64,
    how: Nbr,
) -> Model {
    let n = d.n;
    let mut w: W = vec![Vec::new(); n];
    let mut bias = vec![0f64; n];
    let mut slope = vec![0f64; n];
    for c in 0..n {
        let mut cand: Vec<(usize, f64)> = (0..n)
            .filter(|&a| a != c && d.g[a * n + c] > 0.0)
            .map(|a| {
                let x = d.g[a * n + c];
                (
                    a,
                    match how {
                        Nbr::Count => x,
                        Nbr::Cosine => x / (d.g[a * n + a] * d.g[c * n + c]).sqrt(),
                    },
                )
            })
            .collect();
        cand.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        cand.truncate(k);
        let nbr: Vec<usize> = cand.iter().map(|x| x.0).collect();
        let m = nbr.len();
        let extra = usize::from(others) + usize::from(intercept);
        let dim = m + extra;
        if m == 0 {
            continue;
        }
        let mut a = vec![0f64; dim * dim];
        let mut b = vec![0f64; dim];
        let mut s_set = nbr.clone();
        s_set.push(c);
        for (i, &x) in nbr.iter().enumerate() {
            for (j, &y) in nbr.iter().enumerate() {
                a[i * dim + j] = d.g[x * n + y];
            }
            a[i * dim + i] += lambda + diag_q * d.g[x * n + x];
            b[i] = d.g[x * n + c];
        }
        let mut e = m;
        if others {
            let o = e;
            for (i, &x) in nbr.iter().enumerate() {
                let v = d.r[x] - s_set.iter().map(|&y| d.g[x * n + y]).sum::<f64>();
                a[i * dim + o] = v;
                a[o * dim + i] = v;
            }
            let mut oo = d.t;
            for &y in &s_set {
                oo -= 2.0 * d.r[y];
            }
            for &y in &s_set {
                for &z in &s_set {
                    oo += d.g[y * n + z];
                }
            }
            a[o * dim + o] = oo + lam_x;
            b[o] = d.r[c] - s_set.iter().map(|&y| d.g[y * n + c]).sum::<f64>();
            e += 1;
        }
        if intercept {
            let one = e;
            for (i, &x) in nbr.iter().enumerate() {
                a[i * dim + one] = d.g[x * n + x];
                a[one * dim + i] = d.g[x * n + x];
            }
            if others {
                let o = m;
                let v = d.l - s_set.iter().map(|&y| d.g[y * n + y]).sum::<f64>();
                a[o * dim + one] = v;
                a[one * dim + o] = v;
            }
            a[one * dim + one] = d.nb + lam_x;
            b[one] = d.g[c * n + c];
        }
        if cholesky_solve(&mut a, dim, &mut b) {
            let wo = if others { b[m] } else { 0.0 };
            for (i, &x) in nbr.iter().enumerate() {
                w[x].push((c as u32, b[i] - wo));
            }
            slope[c] = wo;
            if intercept {
                bias[c] = b[dim - 1];
            }
        }
    }
    Model { w, bias, slope }
}

fn scorer_m<'a>(m: &'a Model, n: usize, cap: usize) -> impl FnMut(&[u32]) -> Vec<(u32, f64)> + 'a {
    let mut w = m.w.clone();
    for row in &mut w {
        row.sort_by(|x, y| y.1.abs().total_cmp(&x.1.abs()));
        row.truncate(cap);
    }
    move |cart: &[u32]| {
        let len = cart.len() as f64;
        let mut acc: Vec<f64> = (0..n).map(|c| m.bias[c] + m.slope[c] * len).collect();
        for &a in cart {
            for &(c, x) in &w[a as usize] {
                acc[c as usize] += x;
            }
        }
        acc.iter().enumerate().filter(|(_, s)| **s != 0.0).map(|(c, s)| (c as u32, *s)).collect()
    }
}

/// Adds β·mest(a→c)/p(c)^α to every pair weight (merged before the cap).
fn merge_rules(model: &Model, d: &Data, beta: f64, m: f64, alpha: f64) -> Model {
    let n = d.n;
    let mut dense = vec![0f64; n * n];
    for (a, row) in model.w.iter().enumerate() {
        for &(c, x) in row {
            dense[a * n + c as usize] = x;
        }
    }
    for a in 0..n {
        for c in 0..n {
            let cac = d.g[a * n + c];
            if a != c && cac >= 2.0 {
                let p = d.g[c * n + c] / d.nb;
                dense[a * n + c] += beta * (cac + m * p) / (d.g[a * n + a] + m) / p.powf(alpha);
            }
        }
    }
    let w = (0..n)
        .map(|a| (0..n).filter(|&c| dense[a * n + c] != 0.0).map(|c| (c as u32, dense[a * n + c])).collect())
        .collect();
    Model { w, bias: model.bias.clone(), slope: model.slope.clone() }
}

fn ease_dense_q(d: &Data, lambda: f64, q: f64) -> W {
    let mut d2 = Data { r: d.r.clone(), t: d.t, l: d.l, n: d.n, g: d.g.clone(), nb: d.nb };
    for i in 0..d.n {
        d2.g[i * d.n + i] += q * d.g[i * d.n + i];
    }
    ease_dense(&d2, lambda)
}

fn scorer_w<'a>(w: &'a W, n: usize) -> impl FnMut(&[u32]) -> Vec<(u32, f64)> + 'a {
    let mut acc = vec![0f64; n];
    move |cart: &[u32]| {
        for &a in cart {
            for &(c, x) in &w[a as usize] {
                acc[c as usize] += x;
            }
        }
        let out: Vec<(u32, f64)> =
            acc.iter().enumerate().filter(|(_, s)| **s != 0.0).map(|(c, s)| (c as u32, *s)).collect();
        acc.iter_mut().for_each(|x| *x = 0.0);
        out
    }
}

fn show(name: &str, m: counterpart::mining::Metrics) {
    println!("| {name} | {:.4} | {:.4} | {:.4} | {:.4} |", m.hr1, m.hr5, m.hr10, m.mrr5);
}

fn cv_main(text: &[u8]) {
    let lines = parse_lines(text).expect("lines");
    let train: Vec<Vec<&str>> =
        lines.into_iter().enumerate().filter(|(i, _)| i % 5 != 4).map(|(_, l)| l).collect();
    let folds: Vec<Split> = (0..5).map(|r| Split::from_lines(&train, 5, r)).collect();
    let datas: Vec<Data> = folds.iter().map(data).collect();
    let idx: Vec<_> = folds.iter().map(|f| f.rule_index(&RankParams::default())).collect();
    let report = |name: &str, f: &mut dyn FnMut(usize) -> counterpart::mining::Metrics| {
        let mut h = [0usize; 11];
        for i in 0..5 {
            let m = f(i);
            for k in 0..11 {
                h[k] += m.histogram[k];
            }
        }
        let t: usize = h.iter().sum();
        let t = t as f64;
        let hr = |k: usize| h[..k].iter().sum::<usize>() as f64 / t;
        let mrr = (0..5).map(|i| h[i] as f64 / (i + 1) as f64).sum::<f64>() / t;
        println!("| {name} | {:.4} | {:.4} | {:.4} | {:.4} |", hr(1), hr(5), hr(10), mrr);
    };
    let arg3 = std::env::args().nth(3).unwrap_or_default();
    if arg3 == "min2" {
        report("EASE λ=200", &mut |i| {
            folds[i].evaluate_with(10, &mut scorer_w(&ease_dense(&datas[i], 200.0), datas[i].n))
        });
        for rho in [0.005, 0.01, 0.015, 0.02, 0.03] {
            report(&format!("EASE λ={rho}·n"), &mut |i| {
                folds[i]
                    .evaluate_with(10, &mut scorer_w(&ease_dense(&datas[i], rho * datas[i].nb), datas[i].n))
            });
            report(&format!("nbr+b k=50 λ={rho}·n"), &mut |i| {
                let d = &datas[i];
                let m = ease_nbr3(d, 50, rho * d.nb, false, true, 0.0, 0.0, Nbr::Count);
                folds[i].evaluate_with(10, &mut scorer_m(&m, d.n, 50))
            });
        }
        return;
    }
    if arg3 == "higher-order" {
        for (p, l2, minp) in [
            (0usize, 1.0, 2u32),
            (10, 1.0, 5),
            (25, 1.0, 5),
            (25, 3.0, 5),
            (50, 1.0, 5),
            (50, 3.0, 5),
            (50, 1.0, 10),
        ] {
            report(
                &format!("nbr+b k=50 λ=0.015·n + {p} pair features (λ₂ = {l2}·λ, count(abc) ≥ {minp})"),
                &mut |i| {
                    let d = &datas[i];
                    let lam = 0.015 * d.nb;
                    let m = ho_fit(&folds[i], d, 50, p, lam, l2 * lam, minp);
                    folds[i].evaluate_with(10, &mut |cart| ho_score(&m, cart))
                },
            );
        }
        for (p, l2, minp) in [(10usize, 1.0, 5u32), (25, 1.0, 5), (25, 3.0, 5), (25, 1.0, 10)] {
            report(
                &format!(
                    "nbr+b k=50 λ=0.015·n + {p} pair features by confidence gain (λ₂ = {l2}·λ, count(abc) ≥ {minp})"
                ),
                &mut |i| {
                    let d = &datas[i];
                    let lam = 0.015 * d.nb;
                    let m = ho_fit2(&folds[i], d, 50, p, lam, l2 * lam, minp, true);
                    folds[i].evaluate_with(10, &mut |cart| ho_score(&m, cart))
                },
            );
        }
        return;
    }
    if arg3 == "shrunk-bias" {
        for rho in [0.01, 0.015] {
            for lx in [0.0, 0.25, 1.0, 4.0] {
                report(&format!("nbr+b k=50 λ={rho}·n, intercept penalty {lx}·n"), &mut |i| {
                    let d = &datas[i];
                    let m = ease_nbr3(d, 50, rho * d.nb, false, true, lx * d.nb, 0.0, Nbr::Count);
                    folds[i].evaluate_with(10, &mut scorer_m(&m, d.n, 50))
                });
            }
        }
        return;
    }
    if arg3 == "merge" {
        for rho in [0.01, 0.015] {
            for beta in [0.02, 0.05, 0.1] {
                report(
                    &format!("nbr+b k=50 λ={rho}·n ⊕ {beta}·rules(|X|=1, m=30, α=0.25) cap=50"),
                    &mut |i| {
                        let d = &datas[i];
                        let m = ease_nbr3(d, 50, rho * d.nb, false, true, 0.0, 0.0, Nbr::Count);
                        let m = merge_rules(&m, d, beta, 30.0, 0.25);
                        folds[i].evaluate_with(10, &mut scorer_m(&m, d.n, 50))
                    },
                );
            }
        }
        return;
    }
    if arg3 == "more" {
        for rho in [0.01, 0.015, 0.02] {
            for (o, q, k, cap) in [
                (true, 0.0, 50, 50),
                (false, 0.25, 50, 50),
                (false, 0.0, 40, 50),
                (false, 0.0, 50, 30),
                (false, 0.0, 50, 100),
                (false, 0.0, 100, 50),
            ] {
                report(&format!("nbr+b k={k} λ={rho}·n others={o} q={q} cap={cap}"), &mut |i| {
                    let d = &datas[i];
                    let m = ease_nbr3(d, k, rho * d.nb, o, true, 0.0, q, Nbr::Count);
                    folds[i].evaluate_with(10, &mut scorer_m(&m, d.n, cap))
                });
            }
        }
        return;
    }
    report("EASE λ=200", &mut |i| {
        folds[i].evaluate_with(10, &mut scorer_w(&ease_dense(&datas[i], 200.0), datas[i].n))
    });
    report("counterpart", &mut |i| folds[i].evaluate(10, Recommender::Counterpart(RankParams::default())));
    for rho in [0.005, 0.0075, 0.01, 0.015, 0.02, 0.03] {
        report(&format!("EASE λ={rho}·n"), &mut |i| {
            folds[i].evaluate_with(10, &mut scorer_w(&ease_dense(&datas[i], rho * datas[i].nb), datas[i].n))
        });
    }
    for how in [Nbr::Count, Nbr::Cosine] {
        for rho in [0.005, 0.0075, 0.01, 0.015, 0.02, 0.03] {
            report(&format!("nbr+b {how:?} k=50 λ={rho}·n"), &mut |i| {
                let d = &datas[i];
                let m = ease_nbr3(d, 50, rho * d.nb, false, true, 0.0, 0.0, how);
                folds[i].evaluate_with(10, &mut scorer_m(&m, d.n, 50))
            });
        }
    }
    for beta in [0.01, 0.02, 0.05, 0.1] {
        for (mm, alpha, kk) in [(30.0, 0.25, 2usize), (30.0, 0.25, 1), (10.0, 0.0, 2)] {
            report(&format!("nbr+b k=50 λ=0.01·n + {beta}·rules(k={kk}, m={mm}, α={alpha})"), &mut |i| {
                let d = &datas[i];
                let n = d.n;
                let model = ease_nbr3(d, 50, 0.01 * d.nb, false, true, 0.0, 0.0, Nbr::Count);
                let index = &idx[i];
                let nb = index.n_baskets();
                let mut base = scorer_m(&model, n, 50);
                folds[i].evaluate_with(10, &mut |cart: &[u32]| {
                    let mut dense = vec![0f64; n];
                    for (c, x) in base(cart) {
                        dense[c as usize] = x;
                    }
                    index.for_each_match(cart, kk, &mut |_x, cx, list| {
                        for c in list {
                            let p = f64::from(index.item_count(c.item)) / nb;
                            dense[c.item as usize] +=
                                beta * (f64::from(c.count) + mm * p) / (f64::from(cx) + mm) / p.powf(alpha);
                        }
                    });
                    dense
                        .iter()
                        .enumerate()
                        .filter(|(_, v)| **v != 0.0)
                        .map(|(c, v)| (c as u32, *v))
                        .collect::<Vec<_>>()
                })
            });
        }
    }
}

fn residues_main(text: &[u8]) {
    let lines = parse_lines(text).expect("lines");
    for r in 0..5 {
        let split = Split::from_lines(&lines, 5, r);
        let d = data(&split);
        let n = d.n;
        println!("TEST = i % 5 == {r}: {} trials", split.trials.len());
        show("counterpart (current)", split.evaluate(10, Recommender::Counterpart(RankParams::default())));
        show("EASE λ=200", split.evaluate_with(10, &mut scorer_w(&ease_dense(&d, 200.0), n)));
        for rho in [0.01, 0.015] {
            let m = ease_nbr3(&d, 50, rho * d.nb, false, true, 0.0, 0.0, Nbr::Count);
            show(&format!("nbr+b k=50 λ={rho}·n cap=50"), split.evaluate_with(10, &mut scorer_m(&m, n, 50)));
            let m2 = merge_rules(&m, &d, 0.05, 30.0, 0.25);
            show(
                &format!("nbr+b k=50 λ={rho}·n ⊕ 0.05·rules cap=50"),
                split.evaluate_with(10, &mut scorer_m(&m2, n, 50)),
            );
        }
    }
}

/// Higher-order neighbourhood model: per target c, ridge with an intercept on
/// its top-k single neighbours plus its top-`p` neighbour pairs {a, b} (by
/// count(a, b, c)) as features; a pair votes when both are in the cart.
struct HoModel {
    bias: Vec<f64>,
    single: Vec<Vec<(u32, f64)>>,
    /// Per target c: ((a, b), w).
    pairs: Vec<Vec<((u32, u32), f64)>>,
}

fn ho_fit(split: &Split, d: &Data, k: usize, p: usize, lambda: f64, lambda2: f64, min_pair: u32) -> HoModel {
    ho_fit2(split, d, k, p, lambda, lambda2, min_pair, false)
}

fn ho_fit2(
    split: &Split,
    d: &Data,
    k: usize,
    p: usize,
    lambda: f64,
    lambda2: f64,
    min_pair: u32,
    by_gain: bool,
) -> HoModel {
    let n = d.n;
    let nb = split.train.len();
    let words = nb.div_ceil(64);
    let mut bits = vec![vec![0u64; words]; n];
    for (t, b) in split.train.baskets.iter().enumerate() {
        for &x in b {
            bits[x as usize][t / 64] |= 1 << (t % 64);
        }
    }
    let and_count = |v: &[&[u64]]| -> u32 {
        (0..words).map(|w| v.iter().fold(u64::MAX, |acc, b| acc & b[w]).count_ones()).sum()
    };
    let mut single = vec![Vec::new(); n];
    let mut pairs = vec![Vec::new(); n];
    let mut bias = vec![0f64; n];
    for c in 0..n {
        let mut cand: Vec<(usize, f64)> =
            (0..n).filter(|&a| a != c && d.g[a * n + c] > 0.0).map(|a| (a, d.g[a * n + c])).collect();
        cand.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        cand.truncate(k);
        let nbr: Vec<usize> = cand.iter().map(|x| x.0).collect();
        let mut pc: Vec<((usize, usize), u32)> = Vec::new();
        for i in 0..nbr.len() {
            for j in i + 1..nbr.len() {
                let cnt = and_count(&[&bits[nbr[i]], &bits[nbr[j]], &bits[c]]);
                if cnt >= min_pair {
                    let (a, b) = (nbr[i].min(nbr[j]), nbr[i].max(nbr[j]));
                    let key = if by_gain {
                        // Confidence gain of the pair over its better single, shrunk (m = 10).
                        let conf = (f64::from(cnt)) / (d.g[a * n + b] + 10.0);
                        let single = (d.g[a * n + c] / d.g[a * n + a]).max(d.g[b * n + c] / d.g[b * n + b]);
                        ((conf - single).max(0.0) * 1e6) as u32
                    } else {
                        cnt
                    };
                    pc.push(((a, b), key));
                }
            }
        }
        pc.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
        pc.truncate(p);
        // feature bitsets
        let mut feats: Vec<Vec<u64>> = nbr.iter().map(|&a| bits[a].clone()).collect();
        for &((a, b), _) in &pc {
            feats.push((0..words).map(|w| bits[a][w] & bits[b][w]).collect());
        }
        let m = feats.len();
        if m == 0 {
            bias[c] = d.g[c * n + c] / d.nb;
            continue;
        }
        let dim = m + 1;
        let mut am = vec![0f64; dim * dim];
        let mut bv = vec![0f64; dim];
        for i in 0..m {
            for j in 0..=i {
                let v = f64::from(and_count(&[&feats[i], &feats[j]]));
                am[i * dim + j] = v;
                am[j * dim + i] = v;
            }
            am[i * dim + i] += if i < nbr.len() { lambda } else { lambda2 };
            let ones: f64 = feats[i].iter().map(|w| f64::from(w.count_ones())).sum();
            am[i * dim + m] = ones;
            am[m * dim + i] = ones;
            bv[i] = f64::from(and_count(&[&feats[i], &bits[c]]));
        }
        am[m * dim + m] = d.nb;
        bv[m] = d.g[c * n + c];
        if cholesky_solve(&mut am, dim, &mut bv) {
            for (i, &a) in nbr.iter().enumerate() {
                single[a].push((c as u32, bv[i]));
            }
            for (q, &((a, b), _)) in pc.iter().enumerate() {
                pairs[c].push(((a as u32, b as u32), bv[nbr.len() + q]));
            }
            bias[c] = bv[m];
        }
    }
    for row in &mut single {
        row.sort_by(|x, y| y.1.abs().total_cmp(&x.1.abs()));
        row.truncate(50);
    }
    HoModel { bias, single, pairs }
}

fn ho_score(m: &HoModel, cart: &[u32]) -> Vec<(u32, f64)> {
    let mut acc = m.bias.clone();
    for &a in cart {
        for &(c, w) in &m.single[a as usize] {
            acc[c as usize] += w;
        }
    }
    for (c, list) in m.pairs.iter().enumerate() {
        for &((a, b), w) in list {
            if cart.contains(&a) && cart.contains(&b) {
                acc[c] += w;
            }
        }
    }
    acc.into_iter().enumerate().filter(|(_, s)| *s != 0.0).map(|(c, s)| (c as u32, s)).collect()
}

/// Times the bounded model on synthetic 1M-line histories.
fn fit_timing() {
    use counterpart::mining::synth::{SynthParams, synthetic_file};
    use counterpart::mining::{
        Baskets, MineParams, NeighbourParams, PairCounts, RuleIndex, fit_neighbourhood, mine_rules,
    };
    use std::time::Instant;
    for items in [20_000, 100_000] {
        let text = synthetic_file(&SynthParams { items, ..SynthParams::default() });
        let b = Baskets::parse(text.as_bytes()).expect("parses");
        let t = Instant::now();
        let pc = PairCounts::from_baskets(&b, 2);
        let t_pairs = t.elapsed();
        let t = Instant::now();
        let w = fit_neighbourhood(&pc, &NeighbourParams::default());
        let t_fit = t.elapsed();
        let params = MineParams {
            min_support: 1.5 / b.len() as f64,
            min_confidence: 0.0,
            min_lift: 0.0,
            max_antecedent: 1,
        };
        let t = Instant::now();
        let index = RuleIndex::new(&mine_rules(&b, &params, &mut |_, _| {}));
        let pc2 = PairCounts::from_rule_index(&index);
        let t_rules = t.elapsed();
        let t = Instant::now();
        let w2 = fit_neighbourhood(&pc2, &NeighbourParams::default());
        let t_fit2 = t.elapsed();
        let pairs: usize = pc.pairs.iter().map(Vec::len).sum::<usize>() / 2;
        println!(
            "{items} SKUs, {} baskets, {} items seen, {pairs} pairs (count >= 2): pairs {t_pairs:.2?}, fit {t_fit:.2?}; \
             from the rules table: rules+index+counts {t_rules:.2?}, fit {t_fit2:.2?}; weights {} (max out {}, max in {}), same model: {}",
            b.len(),
            b.labels.len(),
            w.len(),
            w.max_out(),
            w.max_in(),
            w.bias.len() >= w2.bias.len()
                && w.weights[..w2.weights.len()] == w2.weights[..]
                && w.weights[w2.weights.len()..].iter().all(Vec::is_empty)
        );
    }
}

fn main() {
    if std::env::args().nth(1).as_deref() == Some("fit-timing") {
        fit_timing();
        return;
    }
    if std::env::args().nth(2).as_deref() == Some("residues") {
        let text = std::fs::read(std::env::args().nth(1).expect("file")).expect("read");
        residues_main(&text);
        return;
    }
    if std::env::args().nth(2).as_deref() == Some("cv") {
        let text = std::fs::read(std::env::args().nth(1).expect("file")).expect("read");
        cv_main(&text);
        return;
    }
    let args: Vec<String> = std::env::args().collect();
    let text = std::fs::read(&args[1]).expect("read");
    let mode = args.get(2).map_or("val", String::as_str);
    let split = if mode == "test" {
        Split::new(&text, 5, 4).expect("split")
    } else {
        // Validation: TRAIN lines only (i % 5 != 4), their own i % 5 == 4 held out.
        let lines = parse_lines(&text).expect("lines");
        let train: Vec<Vec<&str>> =
            lines.into_iter().enumerate().filter(|(i, _)| i % 5 != 4).map(|(_, l)| l).collect();
        Split::from_lines(&train, 5, 4)
    };
    println!("{mode}: {} trials, {} items", split.trials.len(), split.counts.len());
    let d = data(&split);
    let n = d.n;
    show("popularity", split.evaluate(10, Recommender::Popularity));
    show("cosine", split.evaluate(10, Recommender::Cosine));
    show("counterpart", split.evaluate(10, Recommender::Counterpart(RankParams::default())));
    let which = args.get(3).map_or("ease", String::as_str);
    if which == "ease" {
        for lambda in [50.0, 100.0, 200.0, 400.0, 800.0] {
            let w = ease_dense(&d, lambda);
            show(&format!("EASE λ={lambda}"), split.evaluate_with(10, &mut scorer_w(&w, n)));
        }
    }
    if which == "nbr" {
        for how in [Nbr::Count, Nbr::Cosine] {
            for k in [10, 20, 30, 50, 100] {
                for lambda in [100.0, 200.0, 400.0] {
                    let w = ease_nbr(&d, k, lambda, how, usize::MAX);
                    show(
                        &format!("nbr {how:?} k={k} λ={lambda}"),
                        split.evaluate_with(10, &mut scorer_w(&w, n)),
                    );
                }
            }
        }
    }
    if which == "prune" {
        let full = ease_dense(&d, 200.0);
        for cap in [20, 50, 100] {
            let mut w = full.clone();
            for row in &mut w {
                row.sort_by(|x, y| y.1.abs().total_cmp(&x.1.abs()));
                row.truncate(cap);
            }
            show(&format!("EASE rows top-{cap} |w|"), split.evaluate_with(10, &mut scorer_w(&w, n)));
            // columns
            let mut cols: Vec<Vec<(u32, f64)>> = vec![Vec::new(); n];
            for (a, row) in full.iter().enumerate() {
                for &(c, x) in row {
                    cols[c as usize].push((a as u32, x));
                }
            }
            let mut w2: W = vec![Vec::new(); n];
            for (c, col) in cols.iter_mut().enumerate() {
                col.sort_by(|x, y| y.1.abs().total_cmp(&x.1.abs()));
                col.truncate(cap);
                for &(a, x) in col.iter() {
                    w2[a as usize].push((c as u32, x));
                }
            }
            show(&format!("EASE cols top-{cap} |w|"), split.evaluate_with(10, &mut scorer_w(&w2, n)));
        }
    }
    if which == "blend" {
        let index = split.rule_index(&RankParams::default());
        let nb = index.n_baskets();
        for lambda in [200.0] {
            let w = ease_dense(&d, lambda);
            for m in [10.0, 30.0] {
                for alpha in [0.0, 0.25, 0.5] {
                    for beta in [0.02, 0.05, 0.1, 0.2] {
                        let mut base = scorer_w(&w, n);
                        let mut sc = |cart: &[u32]| {
                            let mut s = base(cart);
                            let mut acc = vec![0f64; n];
                            index.for_each_match(cart, 2, &mut |x, cx, list| {
                                if x.len() != 2 {
                                    return;
                                }
                                for c in list {
                                    let p = f64::from(index.item_count(c.item)) / nb;
                                    acc[c.item as usize] +=
                                        (f64::from(c.count) + m * p) / (f64::from(cx) + m) / p.powf(alpha);
                                }
                            });
                            let mut dense = vec![0f64; n];
                            for &(c, x) in &s {
                                dense[c as usize] = x;
                            }
                            for c in 0..n {
                                dense[c] += beta * acc[c];
                            }
                            s = dense
                                .iter()
                                .enumerate()
                                .filter(|(_, v)| **v != 0.0)
                                .map(|(c, v)| (c as u32, *v))
                                .collect();
                            s
                        };
                        show(
                            &format!("EASE λ={lambda} + {beta}·pairs m={m} α={alpha}"),
                            split.evaluate_with(10, &mut sc),
                        );
                    }
                }
            }
        }
    }
    if which == "nbr2" {
        for k in [30, 50] {
            for lambda in [100.0, 200.0, 400.0] {
                for (o, i) in [(true, false), (false, true), (true, true)] {
                    let m = ease_nbr2(&d, k, lambda, o, i, 0.0, 0.0);
                    show(
                        &format!("nbr2 k={k} λ={lambda} others={o} intercept={i}"),
                        split.evaluate_with(10, &mut scorer_m(&m, n, usize::MAX)),
                    );
                }
            }
        }
    }
    if which == "grid" {
        for k in [30, 50] {
            for lambda in [50.0, 100.0, 150.0, 200.0] {
                for q in [0.0, 0.25, 0.5] {
                    for o in [false, true] {
                        let m = ease_nbr2(&d, k, lambda, o, true, 0.0, q);
                        show(
                            &format!("nbr+b k={k} λ={lambda} q={q} others={o} cap=50"),
                            split.evaluate_with(10, &mut scorer_m(&m, n, 50)),
                        );
                    }
                }
            }
        }
    }
    if which == "grid2" {
        for k in [40, 50] {
            for lambda in [25.0, 50.0, 75.0, 100.0] {
                let m = ease_nbr2(&d, k, lambda, false, true, 0.0, 0.0);
                show(
                    &format!("nbr+b k={k} λ={lambda} cap=50"),
                    split.evaluate_with(10, &mut scorer_m(&m, n, 50)),
                );
            }
        }
    }
    if which == "blend2" {
        let index = split.rule_index(&RankParams::default());
        let nb = index.n_baskets();
        for lambda in [50.0, 100.0] {
            let model = ease_nbr2(&d, 50, lambda, false, true, 0.0, 0.0);
            for m in [10.0, 30.0] {
                for alpha in [0.0, 0.25] {
                    for beta in [0.01, 0.02, 0.05] {
                        let mut base = scorer_m(&model, n, 50);
                        let mut sc = |cart: &[u32]| {
                            let mut dense = vec![0f64; n];
                            for (c, x) in base(cart) {
                                dense[c as usize] = x;
                            }
                            index.for_each_match(cart, 2, &mut |x, cx, list| {
                                if x.len() != 2 {
                                    return;
                                }
                                for c in list {
                                    let p = f64::from(index.item_count(c.item)) / nb;
                                    dense[c.item as usize] += beta * (f64::from(c.count) + m * p)
                                        / (f64::from(cx) + m)
                                        / p.powf(alpha);
                                }
                            });
                            dense
                                .iter()
                                .enumerate()
                                .filter(|(_, v)| **v != 0.0)
                                .map(|(c, v)| (c as u32, *v))
                                .collect::<Vec<_>>()
                        };
                        show(
                            &format!("nbr+b k=50 λ={lambda} + {beta}·pairs m={m} α={alpha}"),
                            split.evaluate_with(10, &mut sc),
                        );
                    }
                }
            }
        }
    }
    if which == "rho" {
        show("EASE λ=200", split.evaluate_with(10, &mut scorer_w(&ease_dense(&d, 200.0), n)));
        for rho in [0.005, 0.0075, 0.01, 0.0125, 0.015, 0.02, 0.025] {
            let lambda = rho * d.nb;
            let m = ease_nbr2(&d, 50, lambda, false, true, 0.0, 0.0);
            show(&format!("nbr+b k=50 λ={rho}·n cap=50"), split.evaluate_with(10, &mut scorer_m(&m, n, 50)));
            let m = ease_nbr2(&d, n, lambda, false, true, 0.0, 0.0);
            show(
                &format!("EASE+b λ={rho}·n (all neighbours, no cap)"),
                split.evaluate_with(10, &mut scorer_m(&m, n, usize::MAX)),
            );
        }
    }
    if which == "resid" {
        let index = split.rule_index(&RankParams::default());
        let rho = 0.01;
        let model = ease_nbr2(&d, 50, rho * d.nb, false, true, 0.0, 0.0);
        // capped weights as a dense lookup for ŷ
        let mut wd = vec![0f64; n * n];
        let mut capped = model.w.clone();
        for row in &mut capped {
            row.sort_by(|x, y| y.1.abs().total_cmp(&x.1.abs()));
            row.truncate(50);
        }
        for (a, row) in capped.iter().enumerate() {
            for &(c, x) in row {
                wd[a * n + c as usize] = x;
            }
        }
        for mu in [10.0, 30.0, 100.0] {
            for beta in [0.25, 0.5, 1.0] {
                for minx in [2u32, 10] {
                    let mut base = scorer_m(&model, n, 50);
                    let mut sc = |cart: &[u32]| {
                        let mut dense = vec![0f64; n];
                        for (c, x) in base(cart) {
                            dense[c as usize] = x;
                        }
                        index.for_each_match(cart, 2, &mut |x, cx, list| {
                            if x.len() != 2 || cx < minx {
                                return;
                            }
                            for c in list {
                                let ci = c.item as usize;
                                let yhat = model.bias[ci]
                                    + model.slope[ci] * 2.0
                                    + wd[x[0] as usize * n + ci]
                                    + wd[x[1] as usize * n + ci];
                                dense[ci] +=
                                    beta * (f64::from(c.count) - f64::from(cx) * yhat) / (f64::from(cx) + mu);
                            }
                        });
                        dense
                            .iter()
                            .enumerate()
                            .filter(|(_, v)| **v != 0.0)
                            .map(|(c, v)| (c as u32, *v))
                            .collect::<Vec<_>>()
                    };
                    show(
                        &format!("nbr+b ρ=0.01 + {beta}·pair residual μ={mu} count(X)≥{minx}"),
                        split.evaluate_with(10, &mut sc),
                    );
                }
            }
        }
    }
    if which == "higher-order" {
        let lam = 0.015 * d.nb;
        for (p, l2, minp) in [(0usize, 1.0, 2u32), (25, 1.0, 5), (50, 1.0, 5)] {
            let m = ho_fit(&split, &d, 50, p, lam, l2 * lam, minp);
            show(
                &format!("nbr+b k=50 λ=0.015·n + {p} pair features (λ₂ = {l2}·λ, count(abc) ≥ {minp})"),
                split.evaluate_with(10, &mut |cart| ho_score(&m, cart)),
            );
        }
    }
    if which == "edlae" {
        for lambda in [0.0, 50.0, 100.0, 200.0] {
            for q in [0.1, 0.25, 0.5, 1.0] {
                let w = ease_dense_q(&d, lambda, q);
                show(&format!("EDLAE λ={lambda} q={q}"), split.evaluate_with(10, &mut scorer_w(&w, n)));
            }
        }
    }
    let _ = d.nb;
}
