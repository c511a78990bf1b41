//! `customer add|find|show|edit|consent|erase`, `followup`, and the import
//! of a customer export (`import` hands it here when the header says so).

use std::collections::HashMap;
use std::process::ExitCode;

use anyhow::{anyhow, bail};
use clap::Subcommand;
use serde::Serialize;
use serde_json::value::RawValue;

use super::suggest_cmd::major;
use crate::app::Context;
use crate::customers::followup::{Pitch, Target, pitch};
use crate::customers::{Actor, Consent, Customer, Edit, Field, NewCustomer, shopify, yes_no, yes_no_word};
use crate::money::Currency;
use crate::store::Store;
use crate::store::customers::{AuditEntry, CustomerSale};

#[derive(Debug, Subcommand)]
pub enum CustomerCommand {
    /// Add a customer; prints the new customer's id.
    Add {
        #[arg(long)]
        name: String,
        #[command(flatten)]
        contact: Contact,
        /// The consents the customer gave, comma-separated: profiling, marketing (none when left out).
        #[arg(long, value_name = "LIST")]
        consent: Option<String>,
    },
    /// Find customers by name, phone, email or card.
    Find { text: String },
    /// A customer's record, consents and purchases; with --json, everything stored about them (an access request).
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Change a customer's name, phone, email or card (an empty value clears the phone, email or card).
    Edit {
        id: String,
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        contact: Contact,
    },
    /// Record the customer's answers: profiling (history may shape suggestions) and marketing (may be contacted), each on its own.
    Consent {
        id: String,
        #[arg(long, value_name = "yes|no")]
        profiling: Option<String>,
        #[arg(long, value_name = "yes|no")]
        marketing: Option<String>,
    },
    /// Erase a customer's personal data: name, phone, email and card; their sales stay, anonymised.
    Erase { id: String },
}

/// How to reach a customer and their loyalty card, as `add` and `edit` take them.
#[derive(Debug, clap::Args)]
pub struct Contact {
    #[arg(long)]
    phone: Option<String>,
    #[arg(long)]
    email: Option<String>,
    /// The loyalty card's code (what the scanner reads).
    #[arg(long, value_name = "CODE")]
    card: Option<String>,
}

/// Who makes the change, for the customer audit: this till and its configured member of staff.
fn actor(ctx: &Context) -> Actor<'_> {
    Actor { terminal: &ctx.shop().terminal, staff_id: Some(&ctx.shop().default_staff_id) }
}

/// A customer id as typed.
pub fn customer_id(text: &str) -> anyhow::Result<i64> {
    text.trim()
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| anyhow!("customer id: `{text}` is not a customer id (a whole number)"))
}

/// The customer, refusing an unknown or erased one.
pub fn live_customer(store: &Store, id: i64) -> anyhow::Result<Customer> {
    let c = store.customer(id)?.ok_or_else(|| anyhow!("customer id: no customer {id}"))?;
    if let Some(at) = &c.erased_at {
        bail!("customer id: customer {id} was erased on {}", store.local_time(at));
    }
    Ok(c)
}

pub fn run(ctx: &Context, command: CustomerCommand) -> anyhow::Result<ExitCode> {
    match command {
        CustomerCommand::Add { name, contact: Contact { phone, email, card }, consent } => {
            let consents =
                Consent::parse_list(consent.as_deref().unwrap_or("")).map_err(|e| anyhow!("consent: {e}"))?;
            let new = NewCustomer::parse(
                Some(&name),
                phone.as_deref(),
                email.as_deref(),
                card.as_deref(),
                consents,
            )?;
            let mut store = ctx.open_or_create_demo()?;
            let id = store.add_customer(&new, actor(ctx))?;
            outln!("{id}")?;
        }
        CustomerCommand::Find { text } => find(ctx, &text)?,
        CustomerCommand::Show { id, json } => show(ctx, customer_id(&id)?, json)?,
        CustomerCommand::Edit { id, name, contact: Contact { phone, email, card } } => {
            let id = customer_id(&id)?;
            let edit = Edit::parse(&[
                (Field::Name, name.as_deref()),
                (Field::Phone, phone.as_deref()),
                (Field::Email, email.as_deref()),
                (Field::Card, card.as_deref()),
            ])?;
            if edit.is_empty() {
                bail!("nothing to change: give --name, --phone, --email or --card");
            }
            let mut store = ctx.open_existing()?;
            live_customer(&store, id)?;
            let changed = store.edit_customer(id, &edit, actor(ctx))?;
            match changed.is_empty() {
                true => outln!("customer {id}: nothing changed")?,
                false => outln!("customer {id}: {} changed", crate::customers::fields_changed(&changed))?,
            }
        }
        CustomerCommand::Consent { id, profiling, marketing } => {
            let id = customer_id(&id)?;
            let mut answers = Vec::new();
            for (c, answer) in [(Consent::Profiling, profiling), (Consent::Marketing, marketing)] {
                if let Some(a) = answer {
                    answers.push((c, yes_no(&a).map_err(|e| anyhow!("{c}: {e}"))?));
                }
            }
            if answers.is_empty() {
                bail!("no answer given: --profiling yes|no and/or --marketing yes|no");
            }
            let mut store = ctx.open_existing()?;
            live_customer(&store, id)?;
            store.set_consents(id, &answers, actor(ctx))?;
            let c = live_customer(&store, id)?;
            outln!("customer {id}: {}", consent_line(&store, &c))?;
        }
        CustomerCommand::Erase { id } => {
            let id = customer_id(&id)?;
            let mut store = ctx.open_existing()?;
            live_customer(&store, id)?;
            let e = store.erase_customer(id, actor(ctx))?;
            outln!(
                "customer {id} erased: name, phone, email and card removed, consents withdrawn; {} kept without them",
                count(e.sales_unlinked, "sale", "sales")
            )?;
            if !e.log_cleared {
                eprintln!(
                    "counterpart: another terminal is reading the database: the erased data leaves its write-ahead log when they close"
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// "3 sales", "1 sale".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "profiling no, marketing yes (given 2026-05-12 10:00)".
fn consent_line(store: &Store, c: &Customer) -> String {
    Consent::ALL
        .iter()
        .map(|&k| {
            let s = c.consent(k);
            let when = match (&s.at, s.given) {
                (Some(at), true) => format!(" (given {})", store.local_time(at)),
                (Some(at), false) => format!(" (withdrawn {})", store.local_time(at)),
                (None, _) => String::new(),
            };
            format!("{k} {}{when}", yes_no_word(s.given))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn find(ctx: &Context, text: &str) -> anyhow::Result<()> {
    const SHOWN: usize = 50;
    let store = ctx.open_for_reading()?;
    let found = store.find_customers(text, SHOWN + 1)?;
    if found.is_empty() {
        bail!("no customer matches `{}`", text.trim());
    }
    let more = found.len() > SHOWN;
    let found = &found[..found.len().min(SHOWN)];
    let cell = |v: Option<&str>| v.unwrap_or("-").to_string();
    let rows: Vec<[String; 5]> = found
        .iter()
        .map(|c| {
            let consents = format!(
                "profiling {}, marketing {}",
                yes_no_word(c.profiling.given),
                yes_no_word(c.marketing.given)
            );
            [
                c.id.to_string(),
                c.display_name().to_string(),
                cell(c.phone.as_deref()),
                cell(c.email.as_deref()),
                consents,
            ]
        })
        .collect();
    let width = |i: usize| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0);
    let (w0, w1, w2, w3) = (width(0), width(1), width(2), width(3));
    for (r, c) in rows.iter().zip(found) {
        let card = c.card.as_deref().map(|k| format!("  card {k}")).unwrap_or_default();
        outln!("{:>w0$}  {:<w1$}  {:<w2$}  {:<w3$}  {}{card}", r[0], r[1], r[2], r[3], r[4])?;
    }
    if more {
        eprintln!(
            "counterpart: only the first {SHOWN} are shown; search for more of the name, phone or email"
        );
    }
    Ok(())
}

fn show(ctx: &Context, id: i64, as_json: bool) -> anyhow::Result<()> {
    let store = ctx.open_for_reading()?;
    let c = store.customer(id)?.ok_or_else(|| anyhow!("customer id: no customer {id}"))?;
    let sales = store.customer_sales(id)?;
    let audit = store.customer_audit(id)?;
    let currency = &ctx.shop().currency;
    if as_json {
        outln!("{}", serde_json::to_string_pretty(&to_json(&c, &sales, &audit, currency))?)?;
        return Ok(());
    }
    let field = |f: Field| c.field(f).unwrap_or("-");
    outln!("Customer {id}: {}", c.display_name())?;
    if let Some(at) = &c.erased_at {
        outln!("  erased {}: no personal data is kept", store.local_time(at))?;
    }
    outln!("  phone   {}", field(Field::Phone))?;
    outln!("  email   {}", field(Field::Email))?;
    outln!("  card    {}", field(Field::Card))?;
    outln!("  consent {}", consent_line(&store, &c))?;
    outln!("  since   {} (updated {})", store.local_time(&c.created_at), store.local_time(&c.updated_at))?;
    let bought: Vec<&CustomerSale> = sales.iter().filter(|s| s.kind == "sale").collect();
    match bought.last() {
        None => outln!("  no purchases")?,
        Some(last) => {
            let spent = sales.iter().map(|s| s.total).sum();
            outln!(
                "  {}, {} net of refunds; last visit {}",
                count(bought.len(), "purchase", "purchases"),
                currency.display(spent),
                store.local_time(&last.completed_at)
            )?;
        }
    }
    for s in &sales {
        let items: Vec<String> = s.lines.iter().map(|l| format!("{}×{}", l.qty, l.sku)).collect();
        outln!(
            "    {}  {:<6}  {}  {:>12}  {}",
            store.local_time(&s.completed_at),
            s.kind,
            s.id,
            currency.display(s.total),
            items.join(" ")
        )?;
    }
    Ok(())
}

/// Everything stored about a customer (`customer show --json`): the record,
/// both consents with their dates, every sale, refund and void of theirs
/// whole, and their audit. Amounts are JSON numbers written as the currency
/// writes them.
#[derive(Serialize)]
struct JsonCustomer<'a> {
    id: i64,
    name: Option<&'a str>,
    phone: Option<&'a str>,
    email: Option<&'a str>,
    card: Option<&'a str>,
    consents: JsonConsents<'a>,
    created_at: &'a str,
    updated_at: &'a str,
    erased_at: Option<&'a str>,
    sales: Vec<JsonSale<'a>>,
    audit: Vec<JsonAudit<'a>>,
}

#[derive(Serialize)]
struct JsonConsents<'a> {
    profiling: JsonConsent<'a>,
    marketing: JsonConsent<'a>,
}

#[derive(Serialize)]
struct JsonConsent<'a> {
    given: bool,
    at: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonSale<'a> {
    id: &'a str,
    kind: &'a str,
    refund_of: Option<&'a str>,
    completed_at: &'a str,
    terminal: &'a str,
    staff: Option<&'a str>,
    currency: &'a str,
    subtotal: Box<RawValue>,
    discount: Box<RawValue>,
    tax: Box<RawValue>,
    total: Box<RawValue>,
    lines: Vec<JsonLine<'a>>,
    payments: Vec<JsonPayment>,
}

#[derive(Serialize)]
struct JsonLine<'a> {
    sku: &'a str,
    name: &'a str,
    qty: i64,
    unit_price: Box<RawValue>,
    line_total: Box<RawValue>,
}

#[derive(Serialize)]
struct JsonPayment {
    method: &'static str,
    amount: Box<RawValue>,
}

#[derive(Serialize)]
struct JsonAudit<'a> {
    at: &'a str,
    terminal: &'a str,
    staff: Option<&'a str>,
    action: &'a str,
    details: &'a str,
}

fn to_json<'a>(
    c: &'a Customer,
    sales: &'a [CustomerSale],
    audit: &'a [AuditEntry],
    cur: &Currency,
) -> JsonCustomer<'a> {
    let consent = |k: Consent| JsonConsent { given: c.consent(k).given, at: c.consent(k).at.as_deref() };
    let sale = |s: &'a CustomerSale| JsonSale {
        id: &s.id,
        kind: &s.kind,
        refund_of: s.refund_of.as_deref(),
        completed_at: &s.completed_at,
        terminal: &s.terminal,
        staff: s.staff_id.as_deref(),
        currency: &s.currency,
        subtotal: major(cur, s.subtotal),
        discount: major(cur, s.discount),
        tax: major(cur, s.tax),
        total: major(cur, s.total),
        lines: s
            .lines
            .iter()
            .map(|l| JsonLine {
                sku: &l.sku,
                name: &l.name,
                qty: l.qty,
                unit_price: major(cur, l.unit_price),
                line_total: major(cur, l.line_total),
            })
            .collect(),
        payments: s
            .payments
            .iter()
            .map(|p| JsonPayment { method: p.method.as_str(), amount: major(cur, p.amount) })
            .collect(),
    };
    JsonCustomer {
        id: c.id,
        name: c.name.as_deref(),
        phone: c.phone.as_deref(),
        email: c.email.as_deref(),
        card: c.card.as_deref(),
        consents: JsonConsents {
            profiling: consent(Consent::Profiling),
            marketing: consent(Consent::Marketing),
        },
        created_at: &c.created_at,
        updated_at: &c.updated_at,
        erased_at: c.erased_at.as_deref(),
        sales: sales.iter().map(sale).collect(),
        audit: audit
            .iter()
            .map(|a| JsonAudit {
                at: &a.at,
                terminal: &a.terminal,
                staff: a.staff_id.as_deref(),
                action: &a.action,
                details: &a.details,
            })
            .collect(),
    }
}

/// Imports a Shopify customer export, all rows or none.
pub fn import(ctx: &Context, name: &str, bytes: &[u8], dry_run: bool) -> anyhow::Result<ExitCode> {
    let rows = match shopify::read(name, bytes) {
        Ok(rows) => rows,
        Err(e) => {
            eprintln!("{e}");
            bail!("{name}: nothing imported");
        }
    };
    let mut store = ctx.open_or_create()?;
    let done = store.import_customers(name, &rows, actor(ctx), dry_run)?;
    let verb = if dry_run { "Would import" } else { "Imported" };
    outln!(
        "{verb} {name}: {} ({} added, {} updated, {} unchanged); marketing consent given {}, withdrawn {}.",
        count(rows.len(), "customer", "customers"),
        done.added,
        done.updated,
        done.unchanged,
        done.marketing_given,
        done.marketing_withdrawn
    )?;
    Ok(ExitCode::SUCCESS)
}

/// `followup`: the customers with marketing consent who bought `bought` and
/// not `not` (within `within` days), each with what to offer and say.
pub fn followup(
    ctx: &Context,
    bought: &str,
    not: &str,
    within: Option<u32>,
    as_csv: bool,
) -> anyhow::Result<ExitCode> {
    let store = ctx.open_for_reading()?;
    let catalog = store.load_catalog()?;
    let resolve = |flag: &str, text: &str| {
        Target::resolve(&catalog, text)
            .ok_or_else(|| anyhow!("{flag}: `{text}` is neither a SKU nor a category"))
    };
    let (x, y) = (resolve("--bought", bought)?, resolve("--not", not)?);
    let rows = store.followup_candidates(&x.skus(&catalog), &y.skus(&catalog), within)?;
    let engine = crate::suggest::Engine {
        catalog: &catalog,
        config: &ctx.config.suggestions,
        currency: &ctx.shop().currency,
    };
    let mut pitches: HashMap<String, Option<Pitch>> = HashMap::new();
    let mut pitch_for = |sku: &str| {
        pitches
            .entry(sku.to_string())
            .or_insert_with(|| catalog.by_sku(sku).and_then(|p| pitch(&engine, p, &y)))
            .clone()
    };
    if as_csv {
        let stdout = std::io::stdout();
        let mut w = csv::Writer::from_writer(stdout.lock());
        w.write_record(FOLLOWUP_HEADER)?;
        for r in &rows {
            let p = pitch_for(&r.sku).unwrap_or_default();
            let id = r.customer_id.to_string();
            let opt = |v: &Option<String>| v.clone().unwrap_or_default();
            w.write_record([
                id.as_str(),
                &opt(&r.name),
                &opt(&r.email),
                &opt(&r.phone),
                &r.sku,
                &r.bought_at,
                &p.sku,
                &p.name,
                &p.reason,
                &p.talking_point,
            ])?;
        }
        w.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let window =
        within.map(|d| format!(" in the last {}", count(d as usize, "day", "days"))).unwrap_or_default();
    let (xd, yd) = (x.describe(&catalog), y.describe(&catalog));
    if rows.is_empty() {
        outln!("No customer with marketing consent bought {xd} and not {yd}{window}.")?;
        return Ok(ExitCode::SUCCESS);
    }
    outln!(
        "{} with marketing consent bought {xd} and not {yd}{window}:",
        count(rows.len(), "customer", "customers")
    )?;
    for r in &rows {
        let reach: Vec<&str> = [r.email.as_deref(), r.phone.as_deref()].into_iter().flatten().collect();
        outln!("{:>6}  {}  {}", r.customer_id, r.name.as_deref().unwrap_or("(no name)"), reach.join("  "))?;
        let what = catalog.by_sku(&r.sku).map_or(r.sku.as_str(), |p| catalog.product(p).name.as_str());
        outln!("        bought {what} on {}", store.local_time(&r.bought_at))?;
        if let Some(p) = pitch_for(&r.sku) {
            outln!(
                "        offer  {} ({}){}",
                p.name,
                p.sku,
                if p.reason.is_empty() { String::new() } else { format!(": {}", p.reason) }
            )?;
            outln!("        say    \"{}\"", p.talking_point)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The columns `followup --csv` writes.
pub const FOLLOWUP_HEADER: [&str; 10] = [
    "customer_id",
    "name",
    "email",
    "phone",
    "bought_sku",
    "bought_at",
    "offer_sku",
    "offer_name",
    "reason",
    "talking_point",
];
