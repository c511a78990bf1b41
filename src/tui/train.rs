//! Training sessions on the selling screen (a placeholder until they are written).

use std::path::Path;
use std::process::ExitCode;

use crate::app::Context;

/// Opens the selling screen in training with a scenario (built in by id, or
/// from a file) for `trainee`.
pub fn run(
    _ctx: &Context,
    _scenario: Option<&str>,
    _file: Option<&Path>,
    _trainee: &str,
) -> anyhow::Result<ExitCode> {
    anyhow::bail!("training sessions are not available yet")
}
