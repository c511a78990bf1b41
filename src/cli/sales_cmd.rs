//! `simulate`, `sale`, `export-sales`, `refund`, `void`, `staff`.

use std::io::{BufRead, Write};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};

use crate::app::Context;
use crate::checkout::{PaymentMethod, SaleContext, SaleKind, Tender, prepare};
use crate::money::Money;
use crate::rng::Rng;
use crate::store::{Store, StoreError};

/// Commits with retries (with the cart's suggestion events, in the same
/// transaction): a busy database (another till writing) is retried with the
/// same sale id for up to `patience`, so the sale is never doubled.
pub fn commit_with_retry(
    store: &mut Store,
    draft: &crate::checkout::SaleDraft,
    events: &[crate::suggest::events::SuggestionEvent],
    allow_oversell: bool,
    patience: Duration,
    receipt_of: Option<&crate::config::Shop>,
    mut on_busy: impl FnMut(),
) -> Result<crate::store::sales::Committed, StoreError> {
    let start = Instant::now();
    loop {
        match store.commit_sale_printed(draft, allow_oversell, events, receipt_of) {
            Err(StoreError::Busy) if start.elapsed() < patience => {
                on_busy();
                std::thread::sleep(Duration::from_millis(20));
            }
            other => return other,
        }
    }
}

/// What `simulate` was asked for.
#[derive(Debug, Clone, Copy)]
pub struct SimulateOptions {
    pub sales: u64,
    pub seed: u64,
    pub move_stock: bool,
    /// Print `committed ID` for each sale.
    pub verbose: bool,
    /// The learning experiment: customers with hidden tastes answer the
    /// top suggestions (`simulate::tastes`), the learned counts refreshed
    /// every [`REFRESH_EVERY`] sales.
    pub hidden_tastes: bool,
    /// How many simulated returning customers (0: sales have no customer).
    pub customers: usize,
    /// The percent of sales made to one of them.
    pub customer_share: u8,
}

/// How many sales of the learning experiment pass between two refreshes of
/// the learned counts.
pub const REFRESH_EVERY: u64 = 100;

/// Records generated sales, marked simulated so a manager tells them from real
/// ones (`SaleKind::History`, or `SimulatedSale` when they take stock off the
/// shelf, in the same transaction), each with the suggestion events of its
/// cart, and prints a summary.
pub fn simulate(
    ctx: &Context,
    opts: SimulateOptions,
    terminal: Option<&str>,
    staff: Option<&str>,
) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let mut store = ctx.open_or_create_demo()?;
    let mut catalog = store.load_catalog()?;
    let terminal = terminal.unwrap_or(&ctx.shop().terminal).to_string();
    let staff = staff.unwrap_or(&ctx.shop().default_staff_id).to_string();
    store.ensure_staff(&staff, &staff)?;
    let anchors = crate::simulate::anchors(&catalog);
    if opts.hidden_tastes && anchors.is_empty() {
        bail!("--hidden-tastes needs products with curated add-ons to offer; this catalog has none");
    }
    let tax = &ctx.shop().tax;
    let sale_ctx = SaleContext {
        shop: ctx.shop(),
        terminal: &terminal,
        staff_id: Some(&staff),
        kind: if opts.move_stock { SaleKind::SimulatedSale } else { SaleKind::History },
    };
    let scale = 10_i64.pow(ctx.shop().currency.exponent);
    let mut rng = Rng::new(opts.seed);
    let mut seller = crate::simulate::seller_rng(opts.seed);
    let tastes = crate::simulate::tastes::Tastes::new(opts.seed);
    let (wanted, weights) = crate::simulate::tastes::popularity(&anchors, opts.seed);
    let mut offers = Vec::new();
    let mut regulars = crate::simulate::customer_rng(opts.seed);
    let pool = crate::simulate::customer_pool(opts.seed, opts.customers);
    let by = crate::customers::Actor { terminal: &terminal, staff_id: Some(&staff) };
    let customers = if pool.is_empty() { Vec::new() } else { store.ensure_customers(&pool, by)? };
    let mut with_customer = 0_usize;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let (mut lines, mut total) = (0_usize, Money::ZERO);
    for n in 0..opts.sales {
        if opts.hidden_tastes && n > 0 && n % REFRESH_EVERY == 0 {
            catalog.learned = store.learned_for(&catalog)?;
        }
        let engine = crate::suggest::Engine {
            catalog: &catalog,
            config: &ctx.config.suggestions,
            currency: &ctx.shop().currency,
        };
        let cart_id = crate::ids::new_id(&terminal);
        let (mut cart, method, events) = if opts.hidden_tastes {
            let v = crate::simulate::tastes::visit(&engine, (&wanted, &weights), &tastes, &cart_id, &mut rng);
            offers.push(v.offers);
            (v.cart, v.method, v.events)
        } else {
            let mut visit = crate::simulate::visit(&catalog, &anchors, &mut rng);
            let events = crate::simulate::suggestion_events(&engine, &mut visit, &cart_id, &mut seller);
            (visit.cart, visit.method, events)
        };
        cart.customer = crate::simulate::returning(&mut regulars, &customers, opts.customer_share);
        with_customer += usize::from(cart.customer.is_some());
        let draft_total = cart.totals(tax).total;
        let tender = Tender {
            method,
            amount: (method == PaymentMethod::Cash).then(|| crate::simulate::cash_for(draft_total, scale)),
        };
        let draft = prepare(&sale_ctx, &cart, Some(&cart_id), &[tender], Vec::new())?;
        // Simulated history never refuses for stock: it is not a real shelf.
        commit_with_retry(&mut store, &draft, &events, true, Duration::from_secs(60), None, || {})?;
        lines += draft.lines.len();
        total += draft.totals.total;
        if opts.verbose {
            writeln!(out, "committed {}", draft.id)?;
            out.flush()?;
        }
    }
    let stock = if opts.move_stock { ", stock moved" } else { "" };
    let regular = match customers.len() {
        0 => String::new(),
        n => format!(", {with_customer} by {n} returning customers"),
    };
    writeln!(
        out,
        "Recorded {} simulated sales at {terminal}: {lines} lines, {} in all{stock}{regular} ({:.1} s).",
        opts.sales,
        ctx.shop().currency.display(total),
        started.elapsed().as_secs_f64()
    )?;
    if opts.hidden_tastes {
        writeln!(out, "{}", tastes_summary(&offers, ctx.config.suggestions.weight_learned))?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// What the learning experiment came to: how often each list's top
/// suggestion was taken, in all and by fifths of the run; the mean hidden
/// chance of what was offered, and of the best of each list shown.
#[allow(clippy::disallowed_types, reason = "a ranking weight, not money")]
fn tastes_summary(offers: &[Vec<crate::simulate::tastes::Offer>], weight: f64) -> String {
    use crate::simulate::tastes::{mean_percent, outcome, percent};
    use crate::suggest::events::ListKind;
    let learning = if weight > 0.0 {
        format!("learning on (weight_learned {weight}, counts refreshed every {REFRESH_EVERY} sales)")
    } else {
        "learning off (weight_learned 0)".into()
    };
    let mut text = format!("Hidden tastes, {learning}:");
    for (list, what) in [(ListKind::CrossSell, "add-on"), (ListKind::Upsell, "upgrade")] {
        let o = outcome(offers, list, 5);
        let parts: Vec<String> = o.parts.iter().map(|&t| percent(t)).collect();
        text.push_str(&format!(
            "\n  top {what} taken {} of {} offers ({}); by fifths of the run: {}; \
             mean hidden chance of the offered {}, of the best shown {}",
            o.all.accepted,
            o.all.offered,
            percent(o.all),
            parts.join(", "),
            mean_percent(o.chance, o.all.offered),
            mean_percent(o.best, o.all.offered),
        ));
    }
    text
}

/// `sale`: a cart of SKUs (each `SKU` or `SKUxQTY`) sold at this till as the
/// selling screen sells it ([`prepare`], then [`Store::commit_sale`]), paid
/// in full by `payment`, for `customer` when given; prints the sale id.
pub fn sale(
    ctx: &Context,
    items: &[String],
    customer: Option<&str>,
    payment: PaymentMethod,
) -> anyhow::Result<ExitCode> {
    let items: Vec<(String, i64)> =
        items.iter().map(|a| super::suggest_cmd::parse_item(a)).collect::<anyhow::Result<_>>()?;
    let customer = customer.map(super::customer_cmd::customer_id).transpose()?;
    let mut store = ctx.open_existing()?;
    if let Some(id) = customer {
        super::customer_cmd::live_customer(&store, id)?;
    }
    let skus: Vec<&str> = items.iter().map(|(s, _)| s.as_str()).collect();
    let catalog = store.load_neighbourhood(&skus)?;
    let mut cart = crate::cart::Cart::default();
    for (sku, qty) in &items {
        let p = catalog.by_sku(sku).ok_or_else(|| anyhow::anyhow!("unknown SKU `{sku}`"))?;
        if !catalog.product(p).active {
            bail!("`{sku}` is not for sale (inactive)");
        }
        cart.add(catalog.product(p), *qty, crate::cart::Origin::Scan);
    }
    cart.reprice_from(&catalog);
    cart.customer = customer;
    let shop = ctx.shop();
    store.ensure_staff(&shop.default_staff_id, &shop.default_staff_id)?;
    let sale_ctx = SaleContext {
        shop,
        terminal: &shop.terminal,
        staff_id: Some(&shop.default_staff_id),
        kind: SaleKind::Sale,
    };
    let draft = prepare(&sale_ctx, &cart, None, &[Tender::rest(payment)], Vec::new())?;
    commit_with_retry(
        &mut store,
        &draft,
        &[],
        shop.allow_oversell,
        crate::store::BUSY_TIMEOUT,
        Some(shop),
        || {},
    )?;
    outln!("{}", draft.id)?;
    Ok(ExitCode::SUCCESS)
}

pub fn export_sales(ctx: &Context, since: Option<&str>, until: Option<&str>) -> anyhow::Result<ExitCode> {
    let store = ctx.open_for_reading()?;
    let stdout = std::io::stdout();
    let mut w = csv::Writer::from_writer(stdout.lock());
    w.write_record(EXPORT_SALES_HEADER)?;
    store.export_sales(since, until, &ctx.shop().currency, &mut |rec| {
        w.write_record(rec).map_err(std::io::Error::from)
    })?;
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The columns `export-sales` writes: the line's, then the sale's own
/// (repeated on each of its lines), then whether `simulate` made it and what
/// each payment paid (`card:300.00+cash:381.98`; a refund's are negative)
/// and the till's shift it was rung up in (empty when none was open).
pub const EXPORT_SALES_HEADER: [&str; 19] = [
    "sale_id",
    "completed_at",
    "terminal",
    "staff",
    "sku",
    "qty",
    "unit_price",
    "line_total",
    "origin",
    "kind",
    "refund_of",
    "sale_discount",
    "bundle_savings",
    "tax",
    "sale_total",
    "payment",
    "simulated",
    "payments",
    "shift",
];

/// Reads a PIN from the first line of standard input.
fn read_pin() -> anyhow::Result<String> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).context("cannot read the PIN from standard input")?;
    let pin = line.trim().to_string();
    if pin.is_empty() {
        bail!("no PIN given on standard input");
    }
    Ok(pin)
}

pub fn refund(ctx: &Context, sale_id: &str, items: &[String], manager: &str) -> anyhow::Result<ExitCode> {
    let mut store = ctx.open_existing()?;
    let pin = read_pin()?;
    let s = ctx.shop();
    store.approve(manager, &pin, s.max_pin_tries, s.lockout_minutes)?;
    let items: Vec<(String, i64)> = if items.is_empty() {
        store.left_to_return(sale_id)?
    } else {
        items.iter().map(|a| super::suggest_cmd::parse_item(a)).collect::<anyhow::Result<_>>()?
    };
    let done = store.refund_by(sale_id, &items, &reversal(ctx, manager))?;
    let how = paid_back(&store, &done.id, &ctx.shop().currency)?;
    outln!(
        "refunded {}: {} back to the customer{how}",
        done.id,
        ctx.shop().currency.display(done.quote.back)
    )?;
    Ok(ExitCode::SUCCESS)
}

pub fn void(ctx: &Context, sale_id: &str, manager: &str) -> anyhow::Result<ExitCode> {
    let mut store = ctx.open_existing()?;
    let pin = read_pin()?;
    let s = ctx.shop();
    store.approve(manager, &pin, s.max_pin_tries, s.lockout_minutes)?;
    let done = store.void_by(sale_id, &reversal(ctx, manager))?;
    let how = paid_back(&store, &done.id, &ctx.shop().currency)?;
    outln!(
        "voided {sale_id} as {}: {} back to the customer{how}",
        done.id,
        ctx.shop().currency.display(done.quote.back)
    )?;
    Ok(ExitCode::SUCCESS)
}

/// A refund or void from the command line: this till, the manager's own, its receipt kept.
fn reversal<'a>(ctx: &'a Context, manager: &'a str) -> crate::store::refunds::Reversal<'a> {
    crate::store::refunds::Reversal {
        terminal: &ctx.shop().terminal,
        staff_id: Some(manager),
        manager_id: Some(manager),
        shop: Some(ctx.shop()),
    }
}

/// `receipt SALE_ID`: a sale's or refund's receipt, byte for byte as it was printed.
pub fn receipt(ctx: &Context, sale_id: &str) -> anyhow::Result<ExitCode> {
    let store = ctx.open_for_reading()?;
    let text = store.receipt(sale_id)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// " (card $370.00, cash $230.00)": how a refund or void was paid back.
fn paid_back(store: &Store, refund_id: &str, c: &crate::money::Currency) -> anyhow::Result<String> {
    let parts: Vec<String> = store
        .payments(refund_id)?
        .iter()
        .map(|p| format!("{} {}", p.method.as_str(), c.display(-p.amount)))
        .collect();
    Ok(if parts.is_empty() { String::new() } else { format!(" ({})", parts.join(", ")) })
}

pub fn staff_add(
    ctx: &Context,
    id: &str,
    name: &str,
    role: &str,
    with_pin: bool,
) -> anyhow::Result<ExitCode> {
    let mut store = ctx.open_or_create_demo()?;
    let pin = if with_pin { Some(read_pin()?) } else { None };
    if let Some(p) = &pin
        && (p.len() < 4 || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        bail!("a PIN is at least 4 digits");
    }
    store.upsert_staff(id, name, role.parse()?, pin.as_deref())?;
    outln!("staff `{id}` ({role}) saved")?;
    Ok(ExitCode::SUCCESS)
}
