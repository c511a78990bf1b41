//! The terminal user interface: draws state and turns keys into actions.

use std::process::ExitCode;

use crate::cli::Context;

/// Opens the selling screen.
pub fn run(ctx: &Context) -> anyhow::Result<ExitCode> {
    let _store = ctx.open_or_create_demo()?;
    Ok(ExitCode::SUCCESS)
}
