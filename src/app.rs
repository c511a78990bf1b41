//! What the command line and the selling screen both start from: the
//! configuration, loaded once, and the database it names, opened or, on the
//! first run, created with the demo store. Beneath both `cli` and `tui`, so
//! neither needs the other.

use std::path::{Path, PathBuf};

use crate::config::{Config, Shop};
use crate::money::Currency;
use crate::store::{Access, Store};

/// The configuration and the database path every command works with.
pub struct Context {
    pub config: Config,
    pub db_path: PathBuf,
    /// The path came from `--db`: it must name an existing folder, and only
    /// `init` and `import` create a database there.
    pub db_given: bool,
}

impl Context {
    /// Loads the configuration (`config`: `--config`, else the usual places)
    /// and picks the database: `db` (`--db`), else the configured one.
    pub fn load(config: Option<&Path>, db: Option<&Path>) -> anyhow::Result<Context> {
        let config = Config::load(config)?;
        let db_path = db.map_or_else(|| config.database.path.clone(), Path::to_path_buf);
        Ok(Context { config, db_path, db_given: db.is_some() })
    }

    /// The shop's configuration, typed at load.
    pub fn shop(&self) -> &Shop {
        &self.config.shop
    }

    /// A `--db` path must be in a folder that exists: a typo is not a new store.
    pub fn check_folder(&self) -> anyhow::Result<()> {
        if let Some(dir) = self.db_path.parent().filter(|d| !d.as_os_str().is_empty())
            && self.db_given
            && !dir.is_dir()
        {
            anyhow::bail!("{}: no such folder `{}` (check --db)", self.db_path.display(), dir.display());
        }
        Ok(())
    }

    /// Opens the database to write to it; on the first run of the configured
    /// database (no `--db`, no file yet) creates it with the demo store.
    pub fn open_or_create_demo(&self) -> anyhow::Result<Store> {
        self.open_or_demo(Access::Write)
    }

    /// Opens the database to read it (a read-only file will do); on the first
    /// run of the configured database creates it with the demo store.
    pub fn open_or_create_demo_for_reading(&self) -> anyhow::Result<Store> {
        self.open_or_demo(Access::Read)
    }

    fn open_or_demo(&self, access: Access) -> anyhow::Result<Store> {
        if self.db_given || self.db_path.exists() {
            self.check_folder()?;
            return Ok(Store::open_existing_for(&self.db_path, access)?);
        }
        let mut store = Store::open(&self.db_path)?;
        load_demo(&mut store, &self.shop().currency)?;
        eprintln!("Created {} with the demo store.", self.db_path.display());
        Ok(store)
    }

    /// Opens an existing database to write to it.
    pub fn open_existing(&self) -> anyhow::Result<Store> {
        self.check_folder()?;
        Ok(Store::open_existing(&self.db_path)?)
    }

    /// Opens an existing database to read it: a read-only file will do.
    pub fn open_for_reading(&self) -> anyhow::Result<Store> {
        self.check_folder()?;
        Ok(Store::open_existing_for(&self.db_path, Access::Read)?)
    }

    /// Opens the database, creating an empty one when there is none
    /// (`init`, `import`); a `--db` folder must exist.
    pub fn open_or_create(&self) -> anyhow::Result<Store> {
        self.check_folder()?;
        Ok(Store::open(&self.db_path)?)
    }
}

/// Imports the embedded demo store.
pub fn load_demo(store: &mut Store, currency: &Currency) -> anyhow::Result<()> {
    let doc = crate::demo::catalog(currency)?;
    store.import(crate::demo::CATALOG_NAME, &doc, false)?;
    Ok(())
}
