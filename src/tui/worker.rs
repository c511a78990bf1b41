//! The store worker: a thread that owns the [`Store`] and the loaded catalog,
//! and answers the screen's requests (load, search, suggest, record events)
//! with [`Event::Store`](super::Event) replies. Bursts of requests are
//! coalesced: only the newest search and the newest suggestion request of a
//! burst are answered.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender};

use super::action::Action;
use super::state::{Effect, State, SuggestRequest};
use super::update::update;

use crate::catalog::Catalog;
use crate::checkout::SaleDraft;
use crate::config::{Config, Shop, SuggestionConfig};
use crate::search::{DEFAULT_LIMIT, Searcher};
use crate::store::sales::{Committed, SaleSummary};
use crate::store::{Store, StoreError};
use crate::suggest::events::SuggestionEvent;
use crate::suggest::{Engine, Request, Suggestions};

/// What the screen asks the worker.
#[derive(Debug, Clone)]
pub enum Job {
    /// Load the whole catalog (after the first frame is drawn).
    LoadCatalog,
    /// Reload the catalog if another process changed it (an import, new rules).
    CheckCatalog,
    /// One of the screen's effects.
    Effect(Effect),
}

/// The till the worker records sales for; the rest (tax, oversell, receipt
/// folder, PIN lockout) is the shop's configuration, which the worker shares.
#[derive(Debug, Clone)]
pub struct Till {
    /// The till id in use: the configured one unless another window holds it.
    pub terminal: String,
}

impl Till {
    /// The configured till.
    pub fn from_config(config: &Config) -> Till {
        Till { terminal: config.shop.terminal.clone() }
    }
}

/// The worker's state: the store, the catalog and its searcher.
pub struct Worker {
    store: Option<Store>,
    catalog: Option<Arc<Catalog>>,
    searcher: Option<Searcher>,
    suggestions: SuggestionConfig,
    shop: Arc<Shop>,
    till: Option<Till>,
    /// Staff id recorded with suggestion events.
    staff_id: Option<String>,
    /// Without a store (tests, benchmarks) suggestion events are kept here instead of written.
    pub events: Vec<SuggestionEvent>,
    /// The catalog version the loaded catalog was read at.
    version: Option<i64>,
    /// The database's data version when stock was last read.
    data_version: Option<i64>,
    /// When stock was last read (other tills' changes are picked up at most this often).
    stock_read: Option<std::time::Instant>,
}

/// How often a change by another till refreshes the stock counts.
const STOCK_REFRESH: std::time::Duration = std::time::Duration::from_secs(5);

impl Worker {
    /// A worker over an open store (the catalog is loaded on [`Job::LoadCatalog`]).
    pub fn new(store: Store, suggestions: SuggestionConfig, shop: Arc<Shop>) -> Worker {
        Worker { store: Some(store), ..Worker::bare(suggestions, shop) }
    }

    /// A worker with nothing loaded yet.
    fn bare(suggestions: SuggestionConfig, shop: Arc<Shop>) -> Worker {
        Worker {
            store: None,
            catalog: None,
            searcher: None,
            suggestions,
            shop,
            till: None,
            staff_id: None,
            events: Vec::new(),
            version: None,
            data_version: None,
            stock_read: None,
        }
    }

    /// The till this worker records sales for.
    pub fn with_till(mut self, till: Till) -> Worker {
        self.till = Some(till);
        self
    }

    /// A worker over a catalog already in memory (tests and benchmarks).
    pub fn with_catalog(catalog: Arc<Catalog>, suggestions: SuggestionConfig, shop: Arc<Shop>) -> Worker {
        let searcher = Some(Searcher::new(&catalog));
        Worker { catalog: Some(catalog), searcher, ..Worker::bare(suggestions, shop) }
    }

    /// The catalog, once loaded.
    pub fn catalog(&self) -> Option<&Arc<Catalog>> {
        self.catalog.as_ref()
    }

    /// Answers one job.
    pub fn handle(&mut self, job: Job) -> Option<Action> {
        match job {
            Job::LoadCatalog => Some(self.load()),
            Job::CheckCatalog => {
                self.catalog.as_ref()?;
                let store = self.store.as_ref()?;
                if Some(store.catalog_version().ok()?) != self.version {
                    return Some(self.load());
                }
                // Another till sold (or a refund came in): refresh the stock counts, now and then.
                if self.stock_read.is_some_and(|t| t.elapsed() < STOCK_REFRESH) {
                    return None;
                }
                let data = store.data_version().ok()?;
                if Some(data) == self.data_version {
                    return None;
                }
                self.stock_read = Some(std::time::Instant::now());
                self.refresh_stock()
            }
            Job::Effect(Effect::Search { gen_id, query }) => {
                let searcher = self.searcher.as_mut()?;
                let results = searcher.search(&query, DEFAULT_LIMIT);
                Some(Action::SearchDone { gen_id, total: searcher.matched().max(results.len()), results })
            }
            Job::Effect(Effect::Suggest { gen_id, request }) => {
                Some(Action::Suggested { gen_id, suggestions: self.suggest(&request)? })
            }
            Job::Effect(Effect::RecordEvents(events)) if self.store.is_none() => {
                self.events.extend(events);
                None
            }
            Job::Effect(effect) => self.store_job(effect),
        }
    }

    /// The jobs that read or write the database.
    fn store_job(&mut self, effect: Effect) -> Option<Action> {
        let store = self.store.as_mut()?;
        let till = self.till.as_ref()?;
        let shop = &*self.shop;
        let failed = |what: &str, e: StoreError| Some(Action::StoreFailed(format!("{what}: {e}")));
        match effect {
            Effect::Search { .. } | Effect::Suggest { .. } => None,
            Effect::RecordEvents(events) => store
                .record_events(&till.terminal, self.staff_id.as_deref(), &events)
                .err()
                .and_then(|e| failed("recording suggestion events", e)),
            Effect::SaveCart { cart_id, staff_id, cart } => {
                self.staff_id = staff_id.clone();
                let done = if cart.is_empty() {
                    store.close_cart(&cart_id)
                } else {
                    store.save_cart(&till.terminal, staff_id.as_deref(), &cart_id, &cart)
                };
                done.err().and_then(|e| failed("saving the cart", e))
            }
            Effect::Park { cart_id, staff_id, cart, label } => {
                store.park_cart(&till.terminal, staff_id.as_deref(), &cart_id, &cart, &label).err().and_then(
                    |e| failed("parking the cart (it stays saved and comes back at the next start)", e),
                )
            }
            Effect::ListParked => Some(match store.parked_carts() {
                Ok(list) => Action::ParkedList(list),
                Err(e) => Action::StoreFailed(format!("listing parked carts: {e}")),
            }),
            Effect::Recall { cart_id } => Some(match store.recall_cart(&cart_id, &till.terminal) {
                Ok(cart) => Action::Recalled { cart_id, cart },
                Err(e) => Action::StoreFailed(format!("recalling the cart: {e}")),
            }),
            Effect::Commit(draft) => {
                let done = commit(store, till, shop, draft);
                if matches!(done, Action::Committed { .. }) {
                    // This till's own sale moved stock; show it at once.
                    let _ = self.refresh_stock();
                }
                Some(done)
            }
            Effect::Resume => {
                Some(match (store.last_sale(&till.terminal), store.open_cart(&till.terminal)) {
                    (Ok(last_sale), Ok(open)) => Action::Resumed { last_sale, open },
                    (Err(e), _) | (_, Err(e)) => {
                        Action::StoreFailed(format!("reading this till's last sale: {e}"))
                    }
                })
            }
            Effect::SignIn { id, pin } => Some(sign_in(store, shop, &id, pin.as_deref())),
            Effect::Approve { manager_id, pin } => {
                Some(match store.approve(&manager_id, &pin, shop.max_pin_tries, shop.lockout_minutes) {
                    Ok(s) => Action::Approved { manager_id: s.id },
                    Err(e) => Action::ApprovalRefused(e.to_string()),
                })
            }
        }
    }

    /// Reads every stock count into the loaded catalog; says so when one changed.
    fn refresh_stock(&mut self) -> Option<Action> {
        let (store, catalog) = (self.store.as_ref()?, self.catalog.as_ref()?);
        self.data_version = store.data_version().ok();
        let mut changed = false;
        for (sku, stock) in store.stock_levels().ok()? {
            if let Some(p) = catalog.by_sku(&sku)
                && catalog.stock(p) != stock
            {
                catalog.set_stock(p, stock);
                changed = true;
            }
        }
        changed.then_some(Action::StockChanged)
    }

    fn load(&mut self) -> Action {
        let Some(store) = self.store.as_ref() else {
            return match &self.catalog {
                Some(c) => Action::CatalogLoaded(Arc::clone(c)),
                None => Action::StoreFailed("no store to load the catalog from".into()),
            };
        };
        // Read the versions first: a change made during the load is caught by the next check.
        self.version = store.catalog_version().ok();
        self.data_version = store.data_version().ok();
        match store.load_catalog() {
            Ok(c) => {
                let c = Arc::new(c);
                self.searcher = Some(Searcher::new(&c));
                self.catalog = Some(Arc::clone(&c));
                Action::CatalogLoaded(c)
            }
            Err(e) => Action::StoreFailed(format!("loading the catalog: {e}")),
        }
    }

    fn suggest(&self, r: &SuggestRequest) -> Option<Suggestions> {
        let catalog = self.catalog.as_deref()?;
        let n = catalog.products.len();
        let engine = Engine { catalog, config: &self.suggestions, currency: &self.shop.currency };
        let req = Request {
            cart: r.cart.iter().copied().filter(|(p, _)| *p < n).collect(),
            focus: r.focus.filter(|p| *p < n),
            budget_room: r.budget_room,
            bundled: r.bundled.iter().filter(|(p, _, _)| *p < n).cloned().collect(),
            dismissed: r.dismissed.iter().map(String::as_str).collect(),
        };
        Some(engine.suggest(&req))
    }

    /// Serves jobs until the screen hangs up: all waiting jobs are taken at
    /// once and only the newest search and suggestion request are answered.
    pub fn serve(mut self, jobs: Receiver<Job>, replies: Sender<super::Event>) {
        while let Ok(first) = jobs.recv() {
            let mut batch = vec![first];
            batch.extend(jobs.try_iter());
            let last_search = batch.iter().rposition(|j| matches!(j, Job::Effect(Effect::Search { .. })));
            let last_suggest = batch.iter().rposition(|j| matches!(j, Job::Effect(Effect::Suggest { .. })));
            for (i, job) in batch.into_iter().enumerate() {
                let stale = match &job {
                    Job::Effect(Effect::Search { .. }) => Some(i) != last_search,
                    Job::Effect(Effect::Suggest { .. }) => Some(i) != last_suggest,
                    _ => false,
                };
                if stale {
                    continue;
                }
                if let Some(reply) = self.handle(job)
                    && replies.send(super::Event::Store(reply)).is_err()
                {
                    return;
                }
            }
        }
    }
}

/// Writes a sale; a busy database hands the draft back to be sent again.
fn commit(store: &mut Store, till: &Till, shop: &Shop, draft: Box<SaleDraft>) -> Action {
    let (completed_at, oversold) = match store.commit_sale(&draft, shop.allow_oversell) {
        Ok(Committed::New { completed_at, oversold }) => (completed_at, oversold),
        // A retry of a sale that reached the database already: show it, once.
        Ok(Committed::AlreadyThere) => match store.last_sale(&till.terminal) {
            Ok(Some(s)) if s.id == draft.id => (s.completed_at, Vec::new()),
            _ => (String::new(), Vec::new()),
        },
        Err(StoreError::Busy) => return Action::Busy(draft),
        Err(e) => return Action::CommitFailed(e.to_string()),
    };
    let receipt = crate::checkout::receipt(
        &shop.store_name,
        &draft,
        &store.local_time(&completed_at),
        &shop.currency,
        &shop.tax,
    );
    if let Some(dir) = &shop.receipt_dir {
        let written = std::fs::create_dir_all(dir)
            .and_then(|()| std::fs::write(dir.join(format!("{}.txt", draft.id)), &receipt));
        if let Err(e) = written {
            return Action::Committed {
                sale: summary(&draft, completed_at),
                receipt: format!(
                    "{receipt}\n(the receipt file could not be written to {}: {e})",
                    dir.display()
                ),
                oversold,
            };
        }
    }
    Action::Committed { sale: summary(&draft, completed_at), receipt, oversold }
}

fn summary(draft: &SaleDraft, completed_at: String) -> SaleSummary {
    SaleSummary {
        id: draft.id.clone(),
        completed_at,
        total: draft.totals.total,
        lines: draft.lines.len() as i64,
    }
}

fn sign_in(store: &mut Store, shop: &Shop, id: &str, pin: Option<&str>) -> Action {
    let checked = match pin {
        Some(pin) => store.verify_pin(id, pin, shop.max_pin_tries, shop.lockout_minutes).map(Some),
        None => store.staff(id),
    };
    match checked {
        Ok(Some(s)) => Action::SignedIn { id: s.id, name: s.name },
        Ok(None) => Action::SignInFailed(StoreError::UnknownStaff { id: id.into() }.to_string()),
        Err(e) => Action::SignInFailed(e.to_string()),
    }
}

/// Runs an action and every request it causes through the worker, synchronously,
/// until nothing is left to do (tests and benchmarks; the screen uses threads).
pub fn settle(state: &mut State, worker: &mut Worker, action: Action) {
    let mut queue = vec![action];
    while let Some(action) = queue.pop() {
        let mut jobs: Vec<Job> = update(state, action).into_iter().map(Job::Effect).collect();
        jobs.extend(state.take_events().map(Job::Effect));
        for job in jobs {
            if let Some(reply) = worker.handle(job) {
                queue.insert(0, reply);
            }
        }
    }
}
