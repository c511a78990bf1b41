//! `init`, `import`, `export`, `check`.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, bail};

use super::{ExportFormat, Format, format_of};
use crate::app::{Context, load_demo};
use crate::catalog::shop_systems::{self, ShopSystem};
use crate::catalog::{csv_format, toml_format};
use crate::customers;
use crate::store::StoreError;

pub fn init(ctx: &Context, demo: bool, force: bool, synthetic: Option<usize>) -> anyhow::Result<ExitCode> {
    let path = &ctx.db_path;
    ctx.check_folder()?;
    if path.exists() {
        if !force {
            bail!("{} already exists; add --force to replace it (its sales will be lost)", path.display());
        }
        for suffix in ["", "-wal", "-shm"] {
            let mut p = path.as_os_str().to_owned();
            p.push(suffix);
            match std::fs::remove_file(&p) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(e).with_context(|| format!("cannot remove {}", Path::new(&p).display()));
                }
                _ => {}
            }
        }
    }
    let mut store = ctx.open_or_create()?;
    if demo {
        load_demo(&mut store, &ctx.shop().currency)?;
    }
    if let Some(n) = synthetic {
        crate::synthetic::write_into(&mut store, n, 42, &ctx.shop().currency)?;
    }
    outln!("Created {} ({} products).", path.display(), store.product_count()?)?;
    Ok(ExitCode::SUCCESS)
}

pub fn import(ctx: &Context, file: &Path, format: Option<Format>, dry_run: bool) -> anyhow::Result<ExitCode> {
    let name = file.display().to_string();
    let bytes = std::fs::read(file).with_context(|| format!("{name}: cannot read"))?;
    if format.is_none() && customer_export(&name, &bytes)? {
        return super::customer_cmd::import(ctx, &name, &bytes, dry_run);
    }
    let sniffed = format.is_none().then(|| shop_systems::sniff(&bytes)).flatten();
    let Some(format) = format.or(sniffed.map(Format::from)).or_else(|| format_of(file)) else {
        bail!(
            "{name}: cannot tell the format; add --format csv, toml, shopify, woocommerce, magento or shopify-customers"
        );
    };
    if let Some(system) = sniffed {
        eprintln!("{name}: reading it as a {} export", system.title());
    }
    let doc = match format {
        Format::Csv => csv_format::read(&name, &bytes, &ctx.shop().currency)?,
        Format::Toml => toml_format::read(&name, &bytes, &ctx.shop().currency)?,
        Format::Shopify => ShopSystem::Shopify.read(&name, &bytes, &ctx.shop().currency)?,
        Format::Woocommerce => ShopSystem::WooCommerce.read(&name, &bytes, &ctx.shop().currency)?,
        Format::Magento => ShopSystem::Magento.read(&name, &bytes, &ctx.shop().currency)?,
        Format::ShopifyCustomers => return super::customer_cmd::import(ctx, &name, &bytes, dry_run),
    };
    for warning in &doc.notes.warnings {
        eprintln!("{}", warning.in_file(&name));
    }
    let mut store = ctx.open_or_create()?;
    let s = match store.import(&name, &doc, dry_run) {
        Ok(s) => s,
        Err(StoreError::Import(e)) => {
            eprintln!("{e}");
            bail!("{name}: nothing imported");
        }
        Err(e) => return Err(e.into()),
    };
    for line in super::import_summary::lines(&name, dry_run, &s, &doc.notes) {
        outln!("{line}")?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Whether the file is Shopify's customer export (said on stderr); a list
/// of people in any other shape is refused here rather than read as products.
fn customer_export(name: &str, bytes: &[u8]) -> anyhow::Result<bool> {
    if customers::shopify::sniff(bytes) {
        eprintln!("{name}: reading it as a {}", customers::shopify::WHAT);
        return Ok(true);
    }
    if customers::shopify::looks_like_customers(bytes) {
        bail!(
            "{name}: a list of customers, but not a Shopify customer export (its header needs `Email`, `First Name`, \
             `Last Name` and `Accepts Email Marketing` or `Accepts Marketing`): nothing imported"
        );
    }
    Ok(false)
}

impl From<ShopSystem> for Format {
    fn from(s: ShopSystem) -> Format {
        match s {
            ShopSystem::Shopify => Format::Shopify,
            ShopSystem::WooCommerce => Format::Woocommerce,
            ShopSystem::Magento => Format::Magento,
        }
    }
}

pub fn export(ctx: &Context, format: ExportFormat) -> anyhow::Result<ExitCode> {
    let store = ctx.open_for_reading()?;
    let catalog = store.load_catalog()?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match format {
        ExportFormat::Csv => csv_format::write(&catalog, &ctx.shop().currency, &mut out)?,
        ExportFormat::Toml => out.write_all(toml_format::write(&catalog, &ctx.shop().currency).as_bytes())?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn check(ctx: &Context) -> anyhow::Result<ExitCode> {
    let store = ctx.open_for_reading()?;
    let problems = store.check()?;
    if problems.is_empty() {
        outln!("ok")?;
        Ok(ExitCode::SUCCESS)
    } else {
        for p in &problems {
            outln!("{}: {p}", ctx.db_path.display())?;
        }
        Ok(ExitCode::FAILURE)
    }
}
