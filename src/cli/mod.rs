//! The command line: argument parsing and one function per command. Each
//! command reads its inputs, calls the domain and the store, and prints.

/// `println!` that returns the error (a closed pipe) instead of panicking.
macro_rules! outln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($t)*)
    }};
}

/// `print!` that returns the error instead of panicking.
macro_rules! out {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        write!(std::io::stdout().lock(), $($t)*)
    }};
}

mod catalog_cmds;
pub mod customer_cmd;
mod dates;
mod import_summary;
pub mod mining_cmd;
pub mod report_cmd;
pub mod sales_cmd;
pub mod shift_cmd;
pub mod suggest_cmd;
pub mod train_cmd;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::app::Context;

#[derive(Debug, Parser)]
#[command(name = "counterpart", version, about = "A keyboard-driven sales assistant for the shop counter")]
pub struct Cli {
    /// The database file (default: [database] path in the configuration).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// The configuration file (default: $COUNTERPART_CONFIG, ./config.toml, ~/.config/counterpart/config.toml).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the selling screen (the default).
    Sell,
    /// The selling screen without a till, for the shop floor and merchandisers: search,
    /// details, suggestions and compare on a read-only database; no cart, no sale.
    Browse,
    /// Create the database, optionally with the demo store.
    Init {
        /// Load the demo store.
        #[arg(long)]
        demo: bool,
        /// Replace an existing database (its sales are lost).
        #[arg(long)]
        force: bool,
        /// Instead of the demo, generate a synthetic catalog of N products (benchmarks, load tests).
        #[arg(long, value_name = "N", conflicts_with = "demo")]
        synthetic: Option<usize>,
    },
    /// Load a catalog file (counterpart CSV or TOML, or a Shopify, WooCommerce or Magento export): all rows or none.
    Import {
        file: PathBuf,
        /// The file's format (default: recognised from its header, else its extension).
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// Check the file and say what would change, without changing anything.
        #[arg(long)]
        dry_run: bool,
    },
    /// Write the catalog to standard output in counterpart's format.
    Export {
        #[arg(long, value_enum, default_value = "csv")]
        format: ExportFormat,
    },
    /// Check the database: integrity, foreign keys, schema version.
    Check,
    /// Show what to offer for a cart: cross-sell for the cart, upsell for the focus.
    Suggest {
        /// The cart: SKUs, each optionally with a quantity (`PH-128x2`).
        #[arg(required = true, value_name = "SKU[xQTY]")]
        items: Vec<String>,
        /// The product to find upgrades for (default: the last SKU).
        #[arg(long, value_name = "SKU")]
        focus: Option<String>,
        /// The customer's budget for the whole cart.
        #[arg(long, value_name = "AMOUNT")]
        budget: Option<String>,
        /// The customer it is for (their id): with profiling consent, what they own shapes the lists.
        #[arg(long, value_name = "ID")]
        customer: Option<String>,
        /// One JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Record generated sales through the real checkout path (demo history, load tests).
    Simulate {
        /// How many sales.
        #[arg(long)]
        sales: u64,
        /// The terminal id to record (default: [store] terminal).
        #[arg(long)]
        terminal: Option<String>,
        /// Seed for the generated carts.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The staff id to record (default: [staff] default_id).
        #[arg(long)]
        staff: Option<String>,
        /// Take the sold items off the shelf too (by default simulated history leaves stock alone).
        #[arg(long)]
        move_stock: bool,
        /// Print each sale's id as it is committed (`committed ID`), before the summary.
        #[arg(long, short)]
        verbose: bool,
        /// The learning experiment: customers with hidden (seeded) tastes take or decline the
        /// top add-on and upgrade; the learned counts are refreshed every 100 sales; prints the
        /// take rates (run again with `[suggestions] weight_learned = 0` to compare).
        #[arg(long)]
        hidden_tastes: bool,
        /// A pool of N simulated returning customers (some with each consent); a share of the sales is theirs.
        #[arg(long, value_name = "N", default_value_t = 0)]
        customers: usize,
        /// With --customers: the percent of sales made to one of them.
        #[arg(long, value_name = "PERCENT", default_value_t = 30, requires = "customers",
              value_parser = clap::value_parser!(u8).range(0..=100))]
        customer_share: u8,
    },
    /// Record a sale through the till's checkout (for scripts and integrations); prints the sale id.
    Sale {
        /// The cart: SKUs, each optionally with a quantity (`PH-128x2`).
        #[arg(required = true, value_name = "SKU[xQTY]")]
        items: Vec<String>,
        /// The customer it is for (their id).
        #[arg(long, value_name = "ID")]
        customer: Option<String>,
        /// How it is paid: card, cash or other (the whole total).
        #[arg(long, default_value = "card")]
        payment: String,
    },
    /// Customers: add, find, show (--json: everything stored about them), edit, consent, erase.
    Customer {
        #[command(subcommand)]
        action: customer_cmd::CustomerCommand,
    },
    /// Customers with marketing consent who bought one thing and not another, with what to offer and say.
    Followup {
        /// What they bought: a SKU or a category (with everything below it).
        #[arg(long, value_name = "SKU|CATEGORY")]
        bought: String,
        /// What they have not bought: a SKU or a category.
        #[arg(long, value_name = "SKU|CATEGORY")]
        not: String,
        /// Count only the last DAYS days (both the purchase and its absence).
        #[arg(long, value_name = "DAYS")]
        within: Option<u32>,
        /// CSV instead of text.
        #[arg(long)]
        csv: bool,
    },
    /// Write sale lines as CSV (for a chain-wide miner or a spreadsheet).
    ExportSales {
        /// Only sales completed on or after this UTC date (YYYY-MM-DD) or date-time (2026-11-26T17:05).
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// Only sales completed on or before this UTC date (the whole day) or date-time.
        #[arg(long, value_name = "DATE")]
        until: Option<String>,
    },
    /// Write the suggestion funnel as CSV: one row per stage a suggestion reached (shown, offered, accepted, declined).
    ExportEvents {
        /// Only carts sold (or, never sold, shown) on or after this UTC date or date-time.
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// Only carts sold (or, never sold, shown) on or before this UTC date (the whole day) or date-time.
        #[arg(long, value_name = "DATE")]
        until: Option<String>,
    },
    /// Sales, revenue, AOV, UPT, attach and upsell take rates, suggestions by source, and the add-ons never offered.
    Report {
        /// Only sales completed on or after this UTC date (YYYY-MM-DD) or date-time.
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// Only sales completed on or before this UTC date (the whole day) or date-time.
        #[arg(long, value_name = "DATE")]
        until: Option<String>,
        /// Split the figures by staff, day, shift, terminal, source or product.
        #[arg(long, value_name = "GROUP")]
        by: Option<String>,
        /// One JSON object instead of tables.
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        /// The figures as CSV: all of the period, then one row per group.
        #[arg(long)]
        csv: bool,
        /// Count the sales `simulate` made too (left out by default).
        #[arg(long)]
        include_simulated: bool,
        /// The dashboard on screen instead: today against the 4 weeks before it, all staff (q quits).
        #[arg(long, conflicts_with_all = ["since", "until", "by", "json", "csv"])]
        tui: bool,
    },
    /// Print a sale's or refund's receipt again, exactly as it was printed.
    Receipt { sale_id: String },
    /// Refund a sale, whole or some SKUs (`SKUxQTY`); a manager's PIN is read from standard input.
    Refund {
        sale_id: String,
        #[arg(value_name = "SKU[xQTY]")]
        items: Vec<String>,
        /// The approving manager's staff id.
        #[arg(long)]
        manager: String,
    },
    /// Mine association rules from the sales history (stored) or from a basket file (printed).
    #[allow(clippy::disallowed_types, reason = "support, confidence and lift are ratios, not money")]
    Mine {
        /// One basket a line, items comma-separated; the rules are printed, not stored.
        #[arg(long, value_name = "FILE")]
        baskets: Option<PathBuf>,
        #[arg(long, value_name = "S")]
        min_support: Option<f64>,
        #[arg(long, value_name = "C")]
        min_confidence: Option<f64>,
        #[arg(long, value_name = "L")]
        min_lift: Option<f64>,
        /// Longest antecedent.
        #[arg(long, value_name = "N")]
        max_antecedent: Option<usize>,
        /// With --baskets: JSON Lines (Spark MLlib's shape) or a table.
        #[arg(long, value_enum, default_value = "jsonl")]
        format: mining_cmd::RuleFormat,
        /// Mine only sales completed on or after this UTC date (YYYY-MM-DD) or date-time.
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
    },
    /// List the stored rules, strongest first.
    Rules {
        #[arg(long, value_name = "N")]
        top: Option<usize>,
        #[arg(long)]
        json: bool,
    },
    /// Load rules mined elsewhere (Spark MLlib FPGrowth's JSON Lines, items are SKUs).
    ImportRules {
        file: PathBuf,
        /// How many baskets the rules were mined from, when the file does not say (Spark's own output does not).
        #[arg(long, value_name = "N")]
        baskets: Option<u64>,
    },
    /// How well the cross-sell ranking would have predicted real baskets (leave-one-out).
    Eval {
        #[arg(long, value_name = "FILE")]
        baskets: PathBuf,
        /// Length of the suggestion list.
        #[arg(long, default_value_t = 10)]
        top: usize,
        #[arg(long)]
        json: bool,
    },
    /// Void a whole sale rung up by mistake; a manager's PIN is read from standard input.
    Void {
        sale_id: String,
        /// The approving manager's staff id.
        #[arg(long)]
        manager: String,
    },
    /// Practise: a scenario on the selling screen, a drill on real baskets, the scenarios, or the training report.
    #[command(group(clap::ArgGroup::new("listing").args(["list", "report"])))]
    Train {
        /// The built-in scenario to play (see --list).
        #[arg(value_name = "SCENARIO", conflicts_with_all = ["file", "list", "report", "drill"])]
        scenario: Option<String>,
        /// Who is training: a staff id or a name (default: [staff] default_id); with --report, only them.
        #[arg(long, value_name = "NAME")]
        trainee: Option<String>,
        /// Play a scenario from this file.
        #[arg(long, value_name = "PATH", conflicts_with_all = ["list", "report", "drill"])]
        file: Option<PathBuf>,
        /// List the built-in scenarios.
        #[arg(long, conflicts_with_all = ["report", "drill", "trainee"])]
        list: bool,
        /// Each trainee's sessions and drills with their scores, and their weakest rubric part.
        #[arg(long, conflicts_with = "drill")]
        report: bool,
        /// With --list or --report: JSON.
        #[arg(long, requires = "listing")]
        json: bool,
        /// A drill: a real basket with one item hidden; offer what the customer bought (needs a terminal).
        #[arg(long)]
        drill: bool,
        /// With --drill: baskets from this file (one a line, as `eval` reads them) instead of the sales history.
        #[arg(long, value_name = "FILE", requires = "drill")]
        baskets: Option<PathBuf>,
        /// With --drill: how many rounds (default 10).
        #[arg(long, value_name = "N", requires = "drill", value_parser = clap::value_parser!(u32).range(1..=1000))]
        rounds: Option<u32>,
    },
    /// A till's shift: open it with a float, see the X-report, close it with the cash counted (the Z-report), list them.
    Shift {
        #[command(subcommand)]
        action: shift_cmd::ShiftCommand,
    },
    /// Add or update a member of staff.
    Staff {
        id: String,
        #[arg(long)]
        name: String,
        /// cashier, manager or trainee.
        #[arg(long, default_value = "cashier")]
        role: String,
        /// Read a PIN (4+ digits) from standard input.
        #[arg(long)]
        pin: bool,
    },
}

/// What `export` writes: counterpart's own formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Csv,
    Toml,
}

/// What `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// counterpart's own CSV.
    Csv,
    /// counterpart's own TOML (everything: links and bundles too).
    Toml,
    /// A Shopify product export.
    Shopify,
    /// A WooCommerce product export.
    Woocommerce,
    /// A Magento 2 catalog product export.
    Magento,
    /// A Shopify customer export (customers, not products).
    ShopifyCustomers,
}

/// Parses the arguments, runs the command, and turns errors into one line each on stderr.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        // A reader that stops early (`| head`) is not an error.
        Err(e) if e.chain().any(is_broken_pipe) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("counterpart: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// A write to a closed pipe, however it was wrapped (an I/O error inside a
/// CSV error inside an I/O error...).
fn is_broken_pipe(e: &(dyn std::error::Error + 'static)) -> bool {
    if let Some(io) = e.downcast_ref::<std::io::Error>() {
        return io.kind() == std::io::ErrorKind::BrokenPipe
            || io.get_ref().is_some_and(|inner| is_broken_pipe(inner));
    }
    if let Some(csv::ErrorKind::Io(io)) = e.downcast_ref::<csv::Error>().map(csv::Error::kind) {
        return is_broken_pipe(io);
    }
    e.source().is_some_and(is_broken_pipe)
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let ctx = Context::load(cli.config.as_deref(), cli.db.as_deref())?;
    match cli.command {
        None | Some(Command::Sell) => crate::tui::run(&ctx),
        Some(Command::Browse) => crate::tui::browse_mode::run(&ctx),
        Some(Command::Init { demo, force, synthetic }) => catalog_cmds::init(&ctx, demo, force, synthetic),
        Some(Command::Import { file, format, dry_run }) => catalog_cmds::import(&ctx, &file, format, dry_run),
        Some(Command::Export { format }) => catalog_cmds::export(&ctx, format),
        Some(Command::Check) => catalog_cmds::check(&ctx),
        Some(Command::Suggest { items, focus, budget, customer, json }) => {
            let ask = suggest_cmd::Ask {
                items: &items,
                focus: focus.as_deref(),
                budget: budget.as_deref(),
                customer: customer.as_deref(),
            };
            suggest_cmd::run(&ctx, &ask, json)
        }
        Some(Command::Simulate {
            sales,
            terminal,
            seed,
            staff,
            move_stock,
            verbose,
            hidden_tastes,
            customers,
            customer_share,
        }) => {
            let opts = sales_cmd::SimulateOptions {
                sales,
                seed,
                move_stock,
                verbose,
                hidden_tastes,
                customers,
                customer_share,
            };
            sales_cmd::simulate(&ctx, opts, terminal.as_deref(), staff.as_deref())
        }
        Some(Command::Sale { items, customer, payment }) => {
            let payment = payment.parse().map_err(|e| anyhow::anyhow!("--payment: {e}"))?;
            sales_cmd::sale(&ctx, &items, customer.as_deref(), payment)
        }
        Some(Command::Customer { action }) => customer_cmd::run(&ctx, action),
        Some(Command::Followup { bought, not, within, csv }) => {
            customer_cmd::followup(&ctx, &bought, &not, within, csv)
        }
        Some(Command::ExportSales { since, until }) => {
            let (since, until) = dates::parse_period(since.as_deref(), until.as_deref())?;
            sales_cmd::export_sales(&ctx, since.as_deref(), until.as_deref())
        }
        Some(Command::ExportEvents { since, until }) => {
            let (since, until) = dates::parse_period(since.as_deref(), until.as_deref())?;
            report_cmd::export_events(&ctx, since.as_deref(), until.as_deref())
        }
        Some(Command::Report { tui: true, include_simulated, .. }) => {
            crate::tui::dashboard::run(&ctx, include_simulated)
        }
        Some(Command::Report { since, until, by, json, csv, include_simulated, tui: false }) => {
            let (since, until) = dates::parse_period(since.as_deref(), until.as_deref())?;
            let by = by.map(|b| b.parse::<crate::reports::By>()).transpose()?;
            let output = match (json, csv) {
                (true, _) => report_cmd::Output::Json,
                (_, true) => report_cmd::Output::Csv,
                _ => report_cmd::Output::Text,
            };
            let period =
                report_cmd::Period { since: since.as_deref(), until: until.as_deref(), include_simulated };
            report_cmd::report(&ctx, period, by, output)
        }
        Some(Command::Refund { sale_id, items, manager }) => {
            sales_cmd::refund(&ctx, &sale_id, &items, &manager)
        }
        Some(Command::Receipt { sale_id }) => sales_cmd::receipt(&ctx, &sale_id),
        Some(Command::Void { sale_id, manager }) => sales_cmd::void(&ctx, &sale_id, &manager),
        Some(Command::Shift { action }) => shift_cmd::run(&ctx, action),
        Some(Command::Staff { id, name, role, pin }) => sales_cmd::staff_add(&ctx, &id, &name, &role, pin),
        Some(Command::Mine {
            baskets,
            min_support,
            min_confidence,
            min_lift,
            max_antecedent,
            format,
            since,
        }) => {
            let t = mining_cmd::Thresholds { min_support, min_confidence, min_lift, max_antecedent };
            let since = since.map(|s| dates::parse_since("--since", &s)).transpose()?;
            mining_cmd::mine(&ctx, baskets.as_deref(), t, format, since.as_deref())
        }
        Some(Command::Rules { top, json }) => mining_cmd::rules(&ctx, top, json),
        Some(Command::ImportRules { file, baskets }) => mining_cmd::import_rules(&ctx, &file, baskets),
        Some(Command::Eval { baskets, top, json }) => mining_cmd::eval(&baskets, top, json),
        Some(Command::Train { scenario, trainee, file, list, report, json, drill, baskets, rounds }) => {
            let o = train_cmd::TrainOptions {
                scenario,
                trainee,
                file,
                list,
                report,
                json,
                drill,
                baskets,
                rounds,
            };
            train_cmd::run(&ctx, o)
        }
    }
}

/// The format named by a file's extension.
fn format_of(path: &Path) -> Option<Format> {
    match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
        "csv" => Some(Format::Csv),
        "toml" => Some(Format::Toml),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }
}
