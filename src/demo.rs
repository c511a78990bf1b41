//! The demo store shipped in `assets/`, embedded so the binary works from any folder.

use crate::catalog::doc::{CatalogDoc, ImportError};
use crate::money::Currency;

/// The demo catalog in counterpart's TOML format.
pub const CATALOG_TOML: &str = include_str!("../assets/demo_catalog.toml");

/// The name the demo catalog goes by in messages.
pub const CATALOG_NAME: &str = "assets/demo_catalog.toml";

/// Parses the embedded demo catalog.
pub fn catalog(currency: &Currency) -> Result<CatalogDoc, ImportError> {
    crate::catalog::toml_format::read(CATALOG_NAME, CATALOG_TOML.as_bytes(), currency)
}
