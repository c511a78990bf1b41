//! The store worker: a thread that owns the [`Store`] and the loaded catalog,
//! and answers the screen's requests (load, search, suggest, record events)
//! with [`Event::Store`](super::Event) replies. Bursts of requests are
//! coalesced: only the newest search and the newest suggestion request of a
//! burst are answered.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender};

use super::action::Action;
use super::record::SuggestionEvent;
use super::state::{Effect, State, SuggestRequest};
use super::update::update;
use crate::catalog::Catalog;
use crate::config::SuggestionConfig;
use crate::money::Currency;
use crate::search::{DEFAULT_LIMIT, Searcher};
use crate::store::{Store, StoreError};
use crate::suggest::{Engine, Request, Suggestions};

/// What the screen asks the worker.
#[derive(Debug, Clone)]
pub enum Job {
    /// Load the whole catalog (after the first frame is drawn).
    LoadCatalog,
    /// One of the screen's effects.
    Effect(Effect),
}

/// The worker's answer; the event loop turns it into an [`Action`].
#[derive(Debug, Clone)]
pub enum Reply {
    Loaded(Arc<Catalog>),
    Searched { gen_id: u64, results: Vec<usize>, total: usize },
    Suggested { gen_id: u64, suggestions: Suggestions },
    Failed(String),
}

impl From<Reply> for Action {
    fn from(r: Reply) -> Action {
        match r {
            Reply::Loaded(c) => Action::CatalogLoaded(c),
            Reply::Searched { gen_id, results, total } => Action::SearchDone { gen_id, results, total },
            Reply::Suggested { gen_id, suggestions } => Action::Suggested { gen_id, suggestions },
            Reply::Failed(m) => Action::StoreFailed(m),
        }
    }
}

/// Hands suggestion events to the store. Not wired yet: the events are dropped.
pub fn flush_events(_store: &mut Store, _events: &[SuggestionEvent]) -> Result<(), StoreError> {
    Ok(())
}

/// The worker's state: the store, the catalog and its searcher.
pub struct Worker {
    store: Option<Store>,
    catalog: Option<Arc<Catalog>>,
    searcher: Option<Searcher>,
    suggestions: SuggestionConfig,
    currency: Currency,
    /// Every suggestion event received, kept in memory.
    pub events: Vec<SuggestionEvent>,
}

impl Worker {
    /// A worker over an open store (the catalog is loaded on [`Job::LoadCatalog`]).
    pub fn new(store: Store, suggestions: SuggestionConfig, currency: Currency) -> Worker {
        Worker {
            store: Some(store),
            catalog: None,
            searcher: None,
            suggestions,
            currency,
            events: Vec::new(),
        }
    }

    /// A worker over a catalog already in memory (tests and benchmarks).
    pub fn with_catalog(catalog: Arc<Catalog>, suggestions: SuggestionConfig, currency: Currency) -> Worker {
        let searcher = Some(Searcher::new(&catalog));
        Worker { store: None, catalog: Some(catalog), searcher, suggestions, currency, events: Vec::new() }
    }

    /// The catalog, once loaded.
    pub fn catalog(&self) -> Option<&Arc<Catalog>> {
        self.catalog.as_ref()
    }

    /// Answers one job.
    pub fn handle(&mut self, job: Job) -> Option<Reply> {
        match job {
            Job::LoadCatalog => Some(self.load()),
            Job::Effect(Effect::Search { gen_id, query }) => {
                let searcher = self.searcher.as_mut()?;
                let results = searcher.search(&query, DEFAULT_LIMIT);
                Some(Reply::Searched { gen_id, total: searcher.matched().max(results.len()), results })
            }
            Job::Effect(Effect::Suggest { gen_id, request }) => {
                Some(Reply::Suggested { gen_id, suggestions: self.suggest(&request)? })
            }
            Job::Effect(Effect::RecordEvents(events)) => {
                let from = self.events.len();
                self.events.extend(events);
                let store = self.store.as_mut()?;
                match flush_events(store, &self.events[from..]) {
                    Ok(()) => None,
                    Err(e) => Some(Reply::Failed(format!("recording suggestion events: {e}"))),
                }
            }
        }
    }

    fn load(&mut self) -> Reply {
        let Some(store) = self.store.as_ref() else {
            return match &self.catalog {
                Some(c) => Reply::Loaded(Arc::clone(c)),
                None => Reply::Failed("no store to load the catalog from".into()),
            };
        };
        match store.load_catalog() {
            Ok(c) => {
                let c = Arc::new(c);
                self.searcher = Some(Searcher::new(&c));
                self.catalog = Some(Arc::clone(&c));
                Reply::Loaded(c)
            }
            Err(e) => Reply::Failed(format!("loading the catalog: {e}")),
        }
    }

    fn suggest(&self, r: &SuggestRequest) -> Option<Suggestions> {
        let catalog = self.catalog.as_deref()?;
        let n = catalog.products.len();
        let engine = Engine { catalog, config: &self.suggestions, currency: &self.currency };
        let req = Request {
            cart: r.cart.iter().copied().filter(|(p, _)| *p < n).collect(),
            focus: r.focus.filter(|p| *p < n),
            budget: r.budget,
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

/// Runs an action and every request it causes through the worker, synchronously,
/// until nothing is left to do (tests and benchmarks; the screen uses threads).
pub fn settle(state: &mut State, worker: &mut Worker, action: Action) {
    let mut queue = vec![action];
    while let Some(action) = queue.pop() {
        let mut jobs: Vec<Job> = update(state, action).into_iter().map(Job::Effect).collect();
        jobs.extend(state.take_events().map(Job::Effect));
        for job in jobs {
            if let Some(reply) = worker.handle(job) {
                queue.insert(0, reply.into());
            }
        }
    }
}
