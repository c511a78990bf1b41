//! `train`: the scenarios (`--list`), the training report (`--report`), a
//! drill on real baskets (`--drill`), or a scenario on the selling screen.

use std::collections::HashSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, bail};

use crate::app::Context;
use crate::store::training::{TrainingKind, TrainingRecord};
use crate::training::drill::{DEFAULT_ROUNDS, Drill, percent};
use crate::training::scenario;
use crate::tui::drill::{Choice, DrillSetup};

/// What `train` was asked to do (clap has refused conflicting flags).
#[derive(Debug, Clone, Default)]
pub struct TrainOptions {
    pub scenario: Option<String>,
    pub trainee: Option<String>,
    pub file: Option<PathBuf>,
    pub list: bool,
    pub report: bool,
    pub json: bool,
    pub drill: bool,
    pub baskets: Option<PathBuf>,
    pub rounds: Option<u32>,
}

pub fn run(ctx: &Context, o: TrainOptions) -> anyhow::Result<ExitCode> {
    if o.list {
        return list(ctx, o.json);
    }
    if o.report {
        return report(ctx, o.trainee.as_deref(), o.json);
    }
    let trainee = trainee(ctx, o.trainee.as_deref())?;
    if o.drill {
        let rounds = o.rounds.map_or(DEFAULT_ROUNDS, |n| n as usize);
        return drill(ctx, o.baskets.as_deref(), rounds, &trainee);
    }
    crate::tui::train::run(ctx, o.scenario.as_deref(), o.file.as_deref(), &trainee)
}

/// The trainee named with `--trainee`, else the configured default staff member.
fn trainee(ctx: &Context, given: Option<&str>) -> anyhow::Result<String> {
    match given {
        Some(t) if t.trim().is_empty() => bail!("--trainee: give a staff id or a name"),
        Some(t) => Ok(t.trim().to_string()),
        None => Ok(ctx.shop().default_staff_id.clone()),
    }
}

/// `--list`: the built-in scenarios, checked against this store's catalog.
fn list(ctx: &Context, json: bool) -> anyhow::Result<ExitCode> {
    let store = ctx.open_or_create_demo_for_reading()?;
    let catalog = store.load_catalog()?;
    let scenarios = scenario::builtin(&catalog, &ctx.shop().currency)?;
    if json {
        outln!("{}", serde_json::to_string(&scenarios)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    if scenarios.is_empty() {
        outln!("No training scenarios yet.")?;
    }
    let width = scenarios.iter().map(|s| s.id.chars().count()).max().unwrap_or(0);
    for s in &scenarios {
        outln!("{:<width$}  {}", s.id, s.title)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// One session in the report.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ReportSession {
    pub at: String,
    pub kind: TrainingKind,
    pub scenario: String,
    pub score: u32,
    pub max_score: u32,
    pub percent: u32,
    pub tier: Option<String>,
}

/// One trainee's sessions and drills in time order, and the rubric part they
/// score lowest on over their scenario sessions.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TraineeReport {
    pub trainee: String,
    pub sessions: Vec<ReportSession>,
    pub weakest_part: Option<String>,
}

/// The training report: records (in trainee, time order) grouped by trainee.
pub fn build_report(records: &[TrainingRecord]) -> Vec<TraineeReport> {
    let mut out: Vec<TraineeReport> = Vec::new();
    for (i, r) in records.iter().enumerate() {
        if out.last().is_none_or(|t| t.trainee != r.trainee) {
            let mine: Vec<&TrainingRecord> =
                records[i..].iter().take_while(|x| x.trainee == r.trainee).collect();
            out.push(TraineeReport {
                trainee: r.trainee.clone(),
                sessions: Vec::new(),
                weakest_part: weakest_part(&mine).map(|(name, _)| name),
            });
        }
        if let Some(t) = out.last_mut() {
            t.sessions.push(ReportSession {
                at: r.at.clone(),
                kind: r.kind,
                scenario: r.scenario.clone(),
                score: r.score,
                max_score: r.max_score,
                percent: percent(u64::from(r.score), u64::from(r.max_score)),
                tier: r.tier.clone(),
            });
        }
    }
    out
}

/// The rubric part with the lowest average share earned (earned / weight)
/// over the scenario sessions, with that average in whole percent; ties go
/// to the name first in order. None without a scenario session that has parts.
pub fn weakest_part(records: &[&TrainingRecord]) -> Option<(String, u32)> {
    /// Parts per million, to average shares without floats.
    const PPM: u64 = 1_000_000;
    let mut sums: Vec<(String, u64, u64)> = Vec::new();
    for r in records.iter().filter(|r| r.kind == TrainingKind::Scenario) {
        let Ok(details) = serde_json::from_str::<serde_json::Value>(&r.details_json) else { continue };
        let Some(parts) = details.get("parts").and_then(|p| p.as_array()) else { continue };
        for part in parts {
            let name = part.get("name").and_then(|n| n.as_str());
            let earned = part.get("earned").and_then(serde_json::Value::as_u64);
            let weight = part.get("weight").and_then(serde_json::Value::as_u64).filter(|&w| w > 0);
            let (Some(name), Some(earned), Some(weight)) = (name, earned, weight) else { continue };
            let share = earned.min(weight) * PPM / weight;
            match sums.iter_mut().find(|s| s.0 == name) {
                Some(s) => {
                    s.1 += share;
                    s.2 += 1;
                }
                None => sums.push((name.to_string(), share, 1)),
            }
        }
    }
    sums.into_iter()
        .map(|(name, total, n)| (total / n, name))
        .min()
        .map(|(avg, name)| (name, percent(avg, PPM)))
}

/// `--report`: per trainee, their sessions and drills with scores, scores
/// over time, and their weakest rubric part.
fn report(ctx: &Context, trainee: Option<&str>, json: bool) -> anyhow::Result<ExitCode> {
    let store = ctx.open_for_reading()?;
    let records = store.training_records(trainee.map(str::trim))?;
    let report = build_report(&records);
    if json {
        outln!("{}", serde_json::json!({ "trainees": report }))?;
        return Ok(ExitCode::SUCCESS);
    }
    if report.is_empty() {
        match trainee {
            Some(t) => outln!("No training recorded for `{t}` yet.")?,
            None => outln!("No training recorded yet.")?,
        }
        return Ok(ExitCode::SUCCESS);
    }
    for (i, t) in report.iter().enumerate() {
        if i > 0 {
            outln!()?;
        }
        let name = store.staff_name(&t.trainee)?.filter(|n| *n != t.trainee);
        let who = name.map_or_else(|| t.trainee.clone(), |n| format!("{} ({n})", t.trainee));
        let (scenarios, drills) = (count(t, TrainingKind::Scenario), count(t, TrainingKind::Drill));
        outln!("{who}: {scenarios} scenario session{}, {drills} drill{}", plural(scenarios), plural(drills))?;
        let width = t.sessions.iter().map(|s| s.scenario.chars().count()).max().unwrap_or(0);
        for s in &t.sessions {
            let score = format!("{}/{}", s.score, s.max_score);
            let line = format!(
                "  {}  {:<8}  {:<width$}  {score:>7}  {:>3} %  {}",
                store.local_time(&s.at),
                s.kind.as_str(),
                s.scenario,
                s.percent,
                s.tier.as_deref().unwrap_or("")
            );
            outln!("{}", line.trim_end())?;
        }
        for (kind, label) in [(TrainingKind::Scenario, "Scenarios"), (TrainingKind::Drill, "Drills")] {
            let over_time: Vec<String> =
                t.sessions.iter().filter(|s| s.kind == kind).map(|s| format!("{} %", s.percent)).collect();
            if !over_time.is_empty() {
                outln!("  {label} over time: {}", over_time.join(" → "))?;
            }
        }
        let mine: Vec<&TrainingRecord> = records.iter().filter(|r| r.trainee == t.trainee).collect();
        match weakest_part(&mine) {
            Some((_, 100)) => outln!("  Weakest part: none — every part full so far")?,
            Some((part, avg)) => outln!("  Weakest part: {part} (average {avg} %)")?,
            None => outln!("  Weakest part: no scenario sessions yet")?,
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn count(t: &TraineeReport, kind: TrainingKind) -> usize {
    t.sessions.iter().filter(|s| s.kind == kind).count()
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `--drill`: rounds from a basket file or the store's sales history on the
/// drill screen, recorded for `trainee` when it ends.
fn drill(ctx: &Context, baskets: Option<&Path>, rounds: usize, trainee: &str) -> anyhow::Result<ExitCode> {
    let from_file = match baskets {
        Some(file) => {
            let name = file.display().to_string();
            let bytes = std::fs::read(file).with_context(|| format!("{name}: cannot read"))?;
            let drill = Drill::from_text(&bytes).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
            if drill.playable() == 0 {
                bail!(
                    "{name}: no test basket (lines i % 5 == 4) with an item that the other lines also hold; nothing to drill on"
                );
            }
            Some((drill, name))
        }
        None => None,
    };
    let mut store = ctx.open_or_create_demo()?;
    let (drill, source, choices) = match from_file {
        Some((drill, name)) => {
            let choices = drill
                .labels()
                .iter()
                .map(|l| Choice { label: l.clone(), name: l.clone(), detail: String::new() })
                .collect();
            (drill, name, choices)
        }
        None => {
            let drill = Drill::from_lines(&store.sale_baskets()?);
            if drill.playable() == 0 {
                bail!(
                    "not enough sales to drill on yet (record some with `counterpart simulate --sales 3000`, or use --baskets FILE)"
                );
            }
            let catalog = store.load_catalog()?;
            let mut choices: Vec<Choice> = catalog
                .products
                .iter()
                .map(|p| Choice { label: p.sku.clone(), name: p.name.clone(), detail: p.sku.clone() })
                .collect();
            // SKUs sold once but no longer in the catalog can still be offered.
            let known: HashSet<String> = choices.iter().map(|c| c.label.clone()).collect();
            for l in drill.labels().iter().filter(|l| !known.contains(*l)) {
                choices.push(Choice { label: l.clone(), name: l.clone(), detail: l.clone() });
            }
            (drill, "sales history".to_string(), choices)
        }
    };
    if !std::io::stdout().is_terminal() {
        eprintln!(
            "counterpart: the drill needs a terminal; `counterpart eval --baskets FILE` measures the assistant alone"
        );
        return Ok(ExitCode::from(2));
    }
    let seed =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_nanos() as u64);
    let rounds = drill.rounds(rounds, seed);
    let setup = DrillSetup { drill, rounds, choices, source: source.clone(), trainee: trainee.to_string() };
    let theme =
        crate::tui::view::theme::effective(ctx.config.ui.theme, std::env::var_os("NO_COLOR").as_deref());
    let outcome = crate::tui::drill::run(setup, theme)?;
    let details = outcome.details;
    if details.played() == 0 {
        outln!("No round played: nothing recorded.")?;
        return Ok(outcome.exit);
    }
    let record = TrainingRecord {
        at: String::new(),
        trainee: trainee.to_string(),
        kind: TrainingKind::Drill,
        scenario: source,
        score: details.hits(),
        max_score: details.played(),
        tier: None,
        details_json: details.to_json(),
    };
    store.record_training(&record)?;
    outln!(
        "Recorded a drill for {trainee}: {} of {} rounds hit ({} %).",
        details.hits(),
        details.played(),
        percent(u64::from(details.hits()), u64::from(details.played()))
    )?;
    Ok(outcome.exit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario(at: &str, parts: &[(&str, u64, u64)]) -> TrainingRecord {
        let parts: Vec<serde_json::Value> =
            parts.iter().map(|(n, e, w)| serde_json::json!({"name": n, "earned": e, "weight": w})).collect();
        TrainingRecord {
            at: at.into(),
            trainee: "ana".into(),
            kind: TrainingKind::Scenario,
            scenario: "first-phone".into(),
            score: 60,
            max_score: 90,
            tier: Some("Silver".into()),
            details_json: serde_json::json!({"total": 60, "tier": "Silver", "parts": parts, "feedback": []})
                .to_string(),
        }
    }

    #[test]
    fn the_weakest_part_is_the_lowest_average_share_over_scenario_sessions() {
        // fit: 90 % then 30 %; listening: 50 % then 70 %; upsell: 100 % then 25 %.
        let a = scenario("1", &[("fit", 27, 30), ("listening", 10, 20), ("upsell", 20, 20)]);
        let b = scenario("2", &[("fit", 9, 30), ("listening", 14, 20), ("upsell", 5, 20)]);
        // fit and listening tie at 60 %: the first by name.
        assert_eq!(weakest_part(&[&a, &b]), Some(("fit".to_string(), 60)));
        let c = scenario("3", &[("listening", 2, 20)]);
        assert_eq!(weakest_part(&[&a, &b, &c]), Some(("listening".to_string(), 43)));
        let mut drill = scenario("4", &[("fit", 0, 30)]);
        drill.kind = TrainingKind::Drill;
        assert_eq!(weakest_part(&[&drill]), None);
        let mut broken = scenario("5", &[]);
        broken.details_json = "{\"parts\": 3}".into();
        assert_eq!(weakest_part(&[&broken]), None);
    }

    #[test]
    fn the_report_groups_by_trainee_in_time_order_with_percentages() {
        let mut bob = scenario("2026-01-01", &[("fit", 1, 2)]);
        bob.trainee = "bob".into();
        let mut drill = scenario("2026-01-03", &[]);
        drill.kind = TrainingKind::Drill;
        (drill.score, drill.max_score, drill.tier) = (2, 3, None);
        let records = [scenario("2026-01-02", &[("fit", 1, 3)]), drill, bob];
        let report = build_report(&records);
        assert_eq!(report.len(), 2);
        assert_eq!(report[0].trainee, "ana");
        let percents: Vec<u32> = report[0].sessions.iter().map(|s| s.percent).collect();
        assert_eq!(percents, [67, 67]);
        assert_eq!(report[0].weakest_part.as_deref(), Some("fit"));
        assert_eq!(report[1].sessions.len(), 1);
    }
}
