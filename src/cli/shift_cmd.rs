//! `counterpart shift open|close|x|list`: a till's shift opened with a
//! float, its X-report mid-shift, closed with the cash counted (printing and
//! recording the Z-report), and the list of shifts.

use std::process::ExitCode;

use anyhow::{anyhow, bail};
use clap::Subcommand;
use serde_json::json;

use crate::app::Context;
use crate::money::Money;
use crate::reports::json::amount;
use crate::store::Store;

#[derive(Debug, Subcommand)]
pub enum ShiftCommand {
    /// Open a shift on a till, with the float put in the cash drawer.
    Open {
        /// The till (default: [store] terminal).
        #[arg(long, value_name = "T")]
        terminal: Option<String>,
        /// Who opens it (default: [staff] default_id).
        #[arg(long, value_name = "ID")]
        staff: Option<String>,
        /// The cash put in the drawer to give change from.
        #[arg(long, value_name = "AMOUNT", allow_hyphen_values = true)]
        float: String,
    },
    /// Close the till's open shift with the cash counted in the drawer: prints the Z-report and records it.
    Close {
        /// The till (default: [store] terminal).
        #[arg(long, value_name = "T")]
        terminal: Option<String>,
        /// The cash counted in the drawer.
        #[arg(long, value_name = "AMOUNT", allow_hyphen_values = true)]
        counted: String,
        /// Who closes it (default: [staff] default_id).
        #[arg(long, value_name = "ID")]
        staff: Option<String>,
        /// The Z-report as one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// The X-report of the till's open shift, mid-shift: nothing is closed.
    X {
        /// The till (default: [store] terminal).
        #[arg(long, value_name = "T")]
        terminal: Option<String>,
        /// The X-report as one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Every shift, oldest first: till, who, when, float, and for a closed one the cash expected and counted.
    List {
        #[arg(long)]
        json: bool,
    },
}

pub fn run(ctx: &Context, command: ShiftCommand) -> anyhow::Result<ExitCode> {
    match command {
        ShiftCommand::Open { terminal, staff, float } => {
            let float = amount_arg(ctx, "--float", &float)?;
            let mut store = ctx.open_existing()?;
            let terminal = terminal.unwrap_or_else(|| ctx.shop().terminal.clone());
            let staff = staff_arg(ctx, &mut store, staff)?;
            let shift = store.open_shift(&terminal, Some(&staff), float)?;
            outln!(
                "opened shift {} on till {terminal} for {staff} with a float of {}",
                shift.id,
                ctx.shop().currency.display(float)
            )?;
        }
        ShiftCommand::Close { terminal, counted, staff, json } => {
            let counted = amount_arg(ctx, "--counted", &counted)?;
            let mut store = ctx.open_existing()?;
            let terminal = terminal.unwrap_or_else(|| ctx.shop().terminal.clone());
            let staff = staff_arg(ctx, &mut store, staff)?;
            let c = &ctx.shop().currency;
            let z = store.close_shift(&terminal, Some(&staff), counted, c)?;
            if json {
                outln!("{}", serde_json::to_string_pretty(&z.to_json(c))?)?;
            } else {
                out!("{}", z.text(&ctx.shop().store_name, c))?;
            }
        }
        ShiftCommand::X { terminal, json } => {
            let store = ctx.open_for_reading()?;
            let terminal = terminal.unwrap_or_else(|| ctx.shop().terminal.clone());
            let Some(x) = store.x_report(&terminal)? else {
                bail!("till `{terminal}` has no open shift: open one with `counterpart shift open`");
            };
            let c = &ctx.shop().currency;
            if json {
                outln!("{}", serde_json::to_string_pretty(&x.to_json(c))?)?;
            } else {
                out!("{}", x.text(&ctx.shop().store_name, c))?;
            }
        }
        ShiftCommand::List { json } => list(ctx, json)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// An amount given on the command line: the store's currency, not negative.
fn amount_arg(ctx: &Context, flag: &str, text: &str) -> anyhow::Result<Money> {
    let m = ctx.shop().currency.parse(text).map_err(|e| anyhow!("{flag}: {e}"))?;
    if m < Money::ZERO {
        bail!("{flag}: `{text}` is negative");
    }
    Ok(m)
}

/// The member of staff named, who must exist; by default the configured seller (created when missing).
fn staff_arg(ctx: &Context, store: &mut Store, staff: Option<String>) -> anyhow::Result<String> {
    match staff {
        Some(id) => {
            if store.staff(&id)?.is_none() {
                bail!("--staff: no staff member `{id}`");
            }
            Ok(id)
        }
        None => {
            let s = ctx.shop();
            store.ensure_staff(&s.default_staff_id, &s.default_staff_name)?;
            Ok(s.default_staff_id.clone())
        }
    }
}

fn list(ctx: &Context, json: bool) -> anyhow::Result<()> {
    let store = ctx.open_for_reading()?;
    let shifts = store.shifts()?;
    let c = &ctx.shop().currency;
    if json {
        let opt = |m: Option<Money>| m.map_or(serde_json::Value::Null, |m| amount(c, m));
        let list: Vec<serde_json::Value> = shifts
            .iter()
            .map(|s| {
                json!({
                    "id": s.id, "terminal": s.terminal, "staff": s.staff, "opened_at": s.opened_at,
                    "closed_at": s.closed_at, "closed_by": s.closed_by, "float": amount(c, s.float),
                    "expected": opt(s.expected), "counted": opt(s.counted), "difference": opt(s.difference()),
                })
            })
            .collect();
        outln!("{}", serde_json::to_string_pretty(&list)?)?;
        return Ok(());
    }
    if shifts.is_empty() {
        outln!("No shift yet: `counterpart shift open --float AMOUNT` opens one.")?;
        return Ok(());
    }
    let time = |t: &str| t.get(..16).unwrap_or(t).replace('T', " ");
    let rows: Vec<Vec<String>> = shifts
        .iter()
        .map(|s| {
            let show = |m: Option<Money>| m.map_or("–".into(), |m| c.display(m));
            vec![
                s.id.clone(),
                s.terminal.clone(),
                s.staff.clone(),
                time(&s.opened_at),
                s.closed_at.as_deref().map_or("open".into(), time),
                c.display(s.float),
                show(s.expected),
                show(s.counted),
                show(s.difference()),
            ]
        })
        .collect();
    let header =
        ["Shift", "Till", "Staff", "Opened (UTC)", "Closed", "Float", "Expected", "Counted", "Difference"];
    let mut text = String::new();
    super::report_cmd::table(
        &mut text,
        &header,
        &[false, false, false, false, false, true, true, true, true],
        &rows,
    );
    out!("{text}")?;
    Ok(())
}
