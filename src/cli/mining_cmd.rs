//! `mine`, `rules`, `import-rules`, `eval`.
#![allow(clippy::disallowed_types, reason = "mining thresholds and rule ratios; no money here")]

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};

use crate::app::Context;
use crate::mining::{
    Baskets, EvalReport, MineParams, Rule, SparkRule, generate_rules, min_count, mine_itemsets,
    parse_rules_jsonl, write_jsonl, write_table,
};
use crate::store::StoreError;
use crate::store::rules::{RuleSetInfo, StoredRule};

/// Output of `mine --baskets`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RuleFormat {
    Jsonl,
    Table,
}

/// The thresholds given on the command line, falling back to `[mining]`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Thresholds {
    pub min_support: Option<f64>,
    pub min_confidence: Option<f64>,
    pub min_lift: Option<f64>,
    pub max_antecedent: Option<usize>,
}

fn params(ctx: &Context, t: Thresholds) -> anyhow::Result<MineParams> {
    let m = &ctx.config.mining;
    let p = MineParams {
        min_support: t.min_support.unwrap_or(m.min_support),
        min_confidence: t.min_confidence.unwrap_or(m.min_confidence),
        min_lift: t.min_lift.unwrap_or(m.min_lift),
        max_antecedent: t.max_antecedent.unwrap_or(m.max_antecedent),
    };
    for (name, v) in [("--min-support", p.min_support), ("--min-confidence", p.min_confidence)] {
        if !(0.0..=1.0).contains(&v) {
            bail!("{name} must be from 0 to 1, not {v}");
        }
    }
    if p.min_lift.is_nan() || p.min_lift < 0.0 || p.max_antecedent == 0 {
        bail!("--min-lift must be 0 or more and --max-antecedent at least 1");
    }
    Ok(p)
}

/// A progress bar on standard error, shown only once mining takes longer than
/// a second: finding itemsets is the first 60 %, rules the next 30 %, writing
/// them out the rest.
struct Progress {
    start: Instant,
    shown: bool,
}

impl Progress {
    fn new() -> Progress {
        Progress { start: Instant::now(), shown: false }
    }
    /// `fraction` of the whole job in thousandths.
    fn update(&mut self, permille: usize, phase: &str) {
        if self.start.elapsed() < Duration::from_secs(1) {
            return;
        }
        let permille = permille.min(1000);
        let filled = permille * 30 / 1000;
        eprint!(
            "\rmining [{}{}] {:>3} % {phase:<20}",
            "#".repeat(filled),
            " ".repeat(30 - filled),
            permille / 10
        );
        self.shown = true;
    }
    fn finish(&mut self) {
        if self.shown {
            self.update(1000, "done");
            eprintln!();
        }
    }
}

fn mine_with_progress(baskets: &Baskets, p: &MineParams, progress: &mut Progress) -> Vec<Rule> {
    let min = min_count(p.min_support, baskets.len());
    let sets = mine_itemsets(baskets, min, p.max_antecedent.saturating_add(1), &mut |done, total| {
        progress.update(done * 600 / total.max(1), "frequent itemsets")
    });
    progress.update(600, "rules");
    let rules = generate_rules(&sets, p);
    progress.update(900, "writing");
    rules
}

pub fn mine(
    ctx: &Context,
    baskets_file: Option<&Path>,
    t: Thresholds,
    format: RuleFormat,
    since: Option<&str>,
) -> anyhow::Result<ExitCode> {
    let p = params(ctx, t)?;
    if let Some(file) = baskets_file {
        let name = file.display().to_string();
        let bytes = std::fs::read(file).with_context(|| format!("{name}: cannot read"))?;
        let baskets = Baskets::parse(&bytes).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
        if baskets.is_empty() {
            bail!("{name}: no baskets (the file is empty)");
        }
        let mut progress = Progress::new();
        let rules = mine_with_progress(&baskets, &p, &mut progress);
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        match format {
            RuleFormat::Jsonl => {
                const CHUNK: usize = 50_000;
                for (i, chunk) in rules.chunks(CHUNK).enumerate() {
                    write_jsonl(chunk, &baskets.labels, &mut out)?;
                    progress.update(900 + (i + 1) * CHUNK * 100 / rules.len().max(1), "writing");
                }
            }
            RuleFormat::Table => write_table(&rules, &baskets.labels, &mut out)?,
        }
        out.flush()?;
        progress.finish();
        return Ok(ExitCode::SUCCESS);
    }
    if ctx.db_given && !ctx.db_path.exists() {
        ctx.check_folder()?;
        bail!(
            "{}: no database here, so no sales to mine yet; run `counterpart init` first",
            ctx.db_path.display()
        );
    }
    let mut store = ctx.open_or_create_demo()?;
    let baskets = store.baskets(since)?;
    if baskets.is_empty() {
        bail!("no sales to mine yet (record some with `counterpart simulate --sales 3000`)");
    }
    let mut progress = Progress::new();
    let rules = mine_with_progress(&baskets, &p, &mut progress);
    progress.finish();
    let stored: Vec<StoredRule> = rules.iter().map(|r| to_stored(r, &baskets.labels)).collect();
    let info = RuleSetInfo {
        origin: "mined",
        baskets: baskets.len() as u64,
        min_support: Some(p.min_support),
        min_confidence: Some(p.min_confidence),
        min_lift: Some(p.min_lift),
        params: serde_json::json!({"max_antecedent": p.max_antecedent, "since": since}).to_string(),
        counted: true,
    };
    let (n, _) = store.replace_rules(&info, &stored)?;
    outln!(
        "Mined {} baskets: stored {n} rules (min support {}, min confidence {}, min lift {}).",
        baskets.len(),
        p.min_support,
        p.min_confidence,
        p.min_lift
    )?;
    Ok(ExitCode::SUCCESS)
}

fn to_stored(r: &Rule, labels: &[String]) -> StoredRule {
    let label = |id: u32| labels.get(id as usize).cloned().unwrap_or_default();
    let mut antecedent: Vec<String> = r.antecedent.iter().map(|&a| label(a)).collect();
    antecedent.sort();
    StoredRule {
        antecedent,
        consequent: label(r.consequent),
        count: u64::from(r.count),
        antecedent_count: u64::from(r.antecedent_count),
        consequent_count: u64::from(r.consequent_count),
        support: r.support,
        confidence: r.confidence,
        lift: r.lift,
    }
}

/// The Spark MLlib FPGrowth shape, with SKUs.
/// A stored rule as `rules --json` shows it: its counts only when they were counted.
fn spark_rule(r: &StoredRule, counted: bool) -> SparkRule {
    SparkRule {
        antecedent: r.antecedent.clone(),
        consequent: r.consequent.clone(),
        support: r.support,
        confidence: r.confidence,
        lift: r.lift,
        count: counted.then_some(r.count),
        antecedent_count: counted.then_some(r.antecedent_count),
        consequent_count: counted.then_some(r.consequent_count),
        baskets: None,
    }
}

pub fn rules(ctx: &Context, top: Option<usize>, as_json: bool) -> anyhow::Result<ExitCode> {
    let store = ctx.open_for_reading()?;
    let rules = store.rules(top)?;
    let set = store.rule_set()?;
    let counted = set.as_ref().is_none_or(|s| s.counted);
    if as_json {
        let list: Vec<SparkRule> = rules.iter().map(|r| spark_rule(r, counted)).collect();
        outln!("{}", serde_json::to_string(&list)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    match set {
        None => outln!("No rules yet: run `counterpart mine` after some sales.")?,
        Some(s) if s.counted => outln!(
            "{} rules, {} at {} from {} baskets {}",
            s.rules,
            s.origin,
            s.created_at,
            s.baskets,
            s.params
        )?,
        Some(s) => outln!(
            "{} rules, {} at {} {} (the file gave no counts and no basket total: counts unknown)",
            s.rules,
            s.origin,
            s.created_at,
            s.params
        )?,
    }
    let catalog = store.load_catalog()?;
    let name = |sku: &str| catalog.by_sku(sku).map_or(sku.to_string(), |p| catalog.product(p).name.clone());
    for r in &rules {
        let ante: Vec<String> = r.antecedent.iter().map(|s| name(s)).collect();
        outln!(
            "{{{}}} => {{{}}}  support {:.4}  confidence {:.3}  lift {:.2}  count {}",
            ante.join(", "),
            name(&r.consequent),
            r.support,
            r.confidence,
            r.lift,
            if counted { r.count.to_string() } else { "unknown".into() }
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Baskets behind imported rules when neither counts nor a basket total are
/// known: counts are kept in proportion to the supports, for ranking only.
const NOMINAL_BASKETS: f64 = 1_000_000.0;

/// Imports rules in Spark MLlib FPGrowth's shape. Counts come from the file
/// (`count`, `antecedent_count`, `consequent_count`, as spark/mine_rules.py
/// writes them), else from the supports and the number of baskets (`--baskets`,
/// the file's `baskets`, or any rule carrying a count); with none of those the
/// counts are unknown and never shown.
pub fn import_rules(ctx: &Context, file: &Path, baskets: Option<u64>) -> anyhow::Result<ExitCode> {
    let name = file.display().to_string();
    let bytes = std::fs::read(file).with_context(|| format!("{name}: cannot read"))?;
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1;
        anyhow::anyhow!("{name}:{line}: invalid UTF-8")
    })?;
    let imported = parse_rules_jsonl(text).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
    if imported.is_empty() {
        bail!("{name}: no rules in the file");
    }
    if baskets == Some(0) {
        bail!("--baskets: the number of baskets mined must be more than 0");
    }
    // The number of baskets: given, written in the file, or implied by a rule's count and support.
    let known = baskets.or_else(|| imported.iter().find_map(|r| r.baskets)).or_else(|| {
        imported
            .iter()
            .find_map(|r| r.count.filter(|_| r.support > 0.0).map(|c| (c as f64 / r.support).round() as u64))
    });
    let counted = known.is_some() || imported.iter().all(|r| r.count.is_some());
    let n = known.map_or(NOMINAL_BASKETS, |n| n as f64);
    let stored: Vec<StoredRule> = imported
        .iter()
        .map(|r| {
            let count = r.count.unwrap_or((r.support * n).round() as u64);
            let ante_count = r.antecedent_count.unwrap_or_else(|| {
                if r.confidence > 0.0 { (count as f64 / r.confidence).round() as u64 } else { count }
            });
            let cons_count = r.consequent_count.unwrap_or_else(|| {
                if r.lift > 0.0 { (r.confidence / r.lift * n).round() as u64 } else { count }
            });
            let mut antecedent = r.antecedent.clone();
            antecedent.sort();
            StoredRule {
                antecedent,
                consequent: r.consequent.clone(),
                count,
                antecedent_count: ante_count.max(count),
                consequent_count: cons_count.max(count),
                support: r.support,
                confidence: r.confidence,
                lift: r.lift,
            }
        })
        .collect();
    let mut store = ctx.open_or_create_demo()?;
    let info = RuleSetInfo {
        origin: "imported",
        baskets: n as u64,
        min_support: None,
        min_confidence: None,
        min_lift: None,
        params: serde_json::json!({"file": name}).to_string(),
        counted,
    };
    let (kept, skipped) = match store.replace_rules(&info, &stored) {
        Ok(counts) => counts,
        Err(e @ StoreError::NoRuleKept { .. }) => bail!("{name}: {e}"),
        Err(e) => return Err(e.into()),
    };
    outln!("Imported {kept} rules from {name}; skipped {skipped} naming SKUs this catalog does not have.")?;
    if !counted {
        outln!(
            "The file gives no counts and no basket total, so the rules rank by their supports and no sales count is shown; `--baskets N` gives the total."
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn eval(file: &Path, top: usize, as_json: bool) -> anyhow::Result<ExitCode> {
    let name = file.display().to_string();
    let bytes = std::fs::read(file).with_context(|| format!("{name}: cannot read"))?;
    if !(1..=1000).contains(&top) {
        bail!("--top must be from 1 to 1000");
    }
    let report: EvalReport =
        crate::mining::evaluate(&bytes, top).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
    if report.trials == 0 {
        bail!("{name}: no test basket with two or more known items (see the protocol in the README)");
    }
    if as_json {
        outln!("{}", report.to_json())?;
        return Ok(ExitCode::SUCCESS);
    }
    outln!("{name}: {} trials (leave-one-out, test lines i % 5 == 4)", report.trials)?;
    outln!("{:<12} {:>7} {:>7} {:>7} {:>7}", "ranking", "HR@1", "HR@5", "HR@10", "MRR@5")?;
    let mut rows = vec![("counterpart", &report.counterpart), ("popularity", &report.popularity)];
    rows.extend(report.ease.as_ref().map(|m| ("EASE", m)));
    rows.push(("neighbours", &report.neighbourhood));
    for (label, m) in rows {
        outln!("{label:<12} {:>7.4} {:>7.4} {:>7.4} {:>7.4}", m.hr1, m.hr5, m.hr10, m.mrr5)?;
    }
    outln!(
        "EASE: linear item model, λ = {} (shared/EVAL.md's reference; skipped above {} items); \
         neighbours: its bounded form, each item regressed on its 50 strongest neighbours",
        crate::mining::EASE_LAMBDA,
        crate::mining::MAX_DENSE_ITEMS
    )?;
    Ok(ExitCode::SUCCESS)
}
