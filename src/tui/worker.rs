//! The store worker: a thread that owns the [`Store`] and the loaded catalog,
//! and answers the screen's [`Effect`]s (load, search, suggest, save, commit,
//! record events...) with [`Reply`] messages. It is the one place requests
//! are coalesced: of a burst, only the newest search, the newest suggestion
//! request and the newest save of each cart are answered ([`coalesce`]).
//!
//! One request is not answered on its thread: the dashboard reads weeks of
//! history, which on a large store takes seconds, so it is worked out on a
//! thread of its own with its own read-only connection ([`Loader`]) and
//! its reply sent through the [`Outbox`] when it is done. Searches,
//! suggestions and sales are answered meanwhile.

mod sales;

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender};

use super::dashboard::Loader;
use super::effect::{Effect, SuggestRequest};
use super::msg::{Reopened, Reply};
use super::state::{Chip, CustomerAt};

use crate::catalog::Catalog;
use crate::config::{Shop, SuggestionConfig};
use crate::search::query::{self, Query};
use crate::search::{DEFAULT_LIMIT, Searcher};
use crate::store::{Store, StoreError};
use crate::suggest::events::SuggestionEvent;
use crate::suggest::{Engine, Request, Suggestions};

/// Why a screen without a database (training, a catalog in memory) finds no sale to return or reprint.
const NO_SALES: &str = "No sales here: this screen keeps none.";

/// Takes a reply worked out off the worker's thread to the screen; `false`
/// when nobody listens any more.
pub type Outbox = Arc<dyn Fn(Reply) -> bool + Send + Sync>;

/// What the worker needs to record this till's sales.
#[derive(Debug, Clone)]
pub struct Till {
    /// The till id in use: the configured one unless another window holds it.
    pub terminal: String,
}

impl Till {
    /// The configured till (the screen itself uses the id its lock obtained).
    #[cfg(test)]
    pub fn from_config(config: &crate::config::Config) -> Till {
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
    pub(crate) events: Vec<SuggestionEvent>,
    /// The catalog version the loaded catalog was read at.
    version: Option<i64>,
    /// The database's data version when stock was last read.
    data_version: Option<i64>,
    /// When stock was last read (other tills' changes are picked up at most this often).
    stock_read: Option<std::time::Instant>,
    /// Works out the dashboard on its own thread and connection; `None` without a database.
    pub(crate) dashboards: Option<Loader>,
    /// What the attached customer owns (profiling consent only), loaded on
    /// the first suggestion for them and dropped after a sale.
    known: Option<crate::customers::owned::CustomerHistory>,
    /// Where replies worked out on other threads go; `None` answers them in
    /// turn (the synchronous driver of tests and benchmarks).
    pub(crate) outbox: Option<Outbox>,
}

/// How often a change by another till refreshes the stock counts.
const STOCK_REFRESH: std::time::Duration = std::time::Duration::from_secs(5);

impl Worker {
    /// A worker over an open store (the catalog is loaded on [`Effect::LoadCatalog`]).
    pub fn new(store: Store, suggestions: SuggestionConfig, shop: Arc<Shop>) -> Worker {
        let dashboards = Some(Loader::new(super::dashboard::job(store.path().to_path_buf())));
        Worker { store: Some(store), dashboards, ..Worker::bare(suggestions, shop) }
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
            dashboards: None,
            known: None,
            outbox: None,
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

    /// Answers one effect (most writes answer only when they fail).
    pub fn handle(&mut self, effect: Effect) -> Option<Reply> {
        match effect {
            Effect::LoadCatalog => Some(self.load()),
            Effect::CheckCatalog => {
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
            Effect::Search { gen_id, query } => self.search(gen_id, &query),
            Effect::Suggest { gen_id, request } => {
                Some(Reply::Suggested { gen_id, suggestions: self.suggest(&request)? })
            }
            Effect::ScoreTraining { customer, cart, trainee } => {
                Some(self.score_training(&customer, &cart, trainee))
            }
            Effect::LoadDashboard { gen_id, query } => self.dashboard(gen_id, query),
            Effect::StopDashboard => {
                if let Some(loader) = &self.dashboards {
                    loader.cancel();
                }
                None
            }
            // No store to hold cards (a catalog in memory): the code is simply unknown.
            Effect::CardScanned { gen_id, otherwise, .. } if self.store.is_none() || self.till.is_none() => {
                Some(Reply::CustomerFailed { gen_id, message: otherwise })
            }
            // No database (a catalog in memory): no sale to take back, no receipt kept.
            Effect::LoadReturn { gen_id, .. } if self.store.is_none() || self.till.is_none() => {
                Some(Reply::ReturnLoaded { gen_id, result: Err(NO_SALES.into()) })
            }
            Effect::Reprint { .. } if self.store.is_none() || self.till.is_none() => {
                Some(Reply::Reprinted(Err(NO_SALES.into())))
            }
            Effect::RecordEvents(events) if self.store.is_none() => {
                self.events.extend(events);
                None
            }
            effect => self.store_effect(effect),
        }
    }

    /// The effects that read or write the database.
    fn store_effect(&mut self, effect: Effect) -> Option<Reply> {
        let store = self.store.as_mut()?;
        let till = self.till.as_ref()?;
        let shop = &*self.shop;
        let failed = |what: &str, e: StoreError| Some(Reply::StoreFailed(format!("{what}: {e}")));
        match effect {
            Effect::LoadCatalog
            | Effect::CheckCatalog
            | Effect::Search { .. }
            | Effect::Suggest { .. }
            | Effect::LoadDashboard { .. }
            | Effect::StopDashboard
            | Effect::ScoreTraining { .. } => None,
            Effect::RecordEvents(events) => store
                .record_events(&till.terminal, self.staff_id.as_deref(), &events)
                .err()
                .and_then(|e| failed("recording suggestion events", e)),
            Effect::FindCustomers { gen_id, text } => Some(match store.find_customers(&text, FIND_LIMIT) {
                Ok(found) => Reply::CustomersFound { gen_id, found },
                Err(e) => Reply::CustomerFailed { gen_id, message: format!("finding customers: {e}") },
            }),
            Effect::LoadCustomer { gen_id, id } => Some(match store.customer(id) {
                Ok(Some(c)) => customer_loaded(store, self.catalog.as_deref(), gen_id, c),
                Ok(None) => {
                    Reply::CustomerFailed { gen_id, message: format!("No customer has the id {id}.") }
                }
                Err(e) => Reply::CustomerFailed { gen_id, message: format!("reading the customer: {e}") },
            }),
            Effect::CardScanned { gen_id, code, otherwise } => Some(match store.customer_by_card(&code) {
                Ok(Some(c)) => customer_loaded(store, self.catalog.as_deref(), gen_id, c),
                Ok(None) => Reply::CustomerFailed { gen_id, message: otherwise },
                Err(e) => Reply::CustomerFailed { gen_id, message: format!("reading the card: {e}") },
            }),
            Effect::SaveCart { cart_id, staff_id, cart, exchange } => {
                self.staff_id = staff_id.clone();
                // A cart with nothing in it but its customer or an exchange stays open, so they stay.
                let done = if cart.is_empty() && cart.customer.is_none() && exchange.is_none() {
                    store.close_cart(&cart_id)
                } else {
                    store.save_cart(&till.terminal, staff_id.as_deref(), &cart_id, &cart, exchange.as_ref())
                };
                done.err().and_then(|e| failed("saving the cart", e))
            }
            Effect::Park { cart_id, staff_id, cart, label } => {
                store.park_cart(&till.terminal, staff_id.as_deref(), &cart_id, &cart, &label).err().and_then(
                    |e| failed("parking the cart (it stays saved and comes back at the next start)", e),
                )
            }
            Effect::ListParked => Some(match store.parked_carts() {
                Ok(list) => Reply::ParkedList(list),
                Err(e) => Reply::StoreFailed(format!("listing parked carts: {e}")),
            }),
            Effect::Recall { cart_id } => Some(
                match store
                    .recall_cart(&cart_id, &till.terminal)
                    .and_then(|cart| Ok((cart, store.offered_skus(&cart_id)?)))
                {
                    Ok((cart, offered)) => {
                        Reply::Recalled(Box::new(Reopened { cart_id, cart, offered, exchange: None }))
                    }
                    Err(e) => Reply::StoreFailed(format!("recalling the cart: {e}")),
                },
            ),
            Effect::Commit(draft) => {
                // What they own changes with this sale.
                self.known = None;
                let done = sales::commit(store, till, shop, draft);
                if matches!(done, Reply::Committed { .. }) {
                    // This till's own sale moved stock; show it at once.
                    let _ = self.refresh_stock();
                }
                Some(done)
            }
            Effect::LoadReturn { gen_id, sale_id } => {
                Some(Reply::ReturnLoaded { gen_id, result: sales::return_sale(store, &sale_id) })
            }
            Effect::QuoteReturn { gen_id, sale_id, items } => Some(Reply::ReturnQuoted {
                gen_id,
                result: store.refund_quote(&sale_id, &items).map_err(|e| e.to_string()),
            }),
            Effect::Refund { sale_id, items, staff_id, manager_id } => {
                self.known = None;
                let by = crate::store::refunds::Reversal {
                    terminal: &till.terminal,
                    staff_id: staff_id.as_deref(),
                    manager_id: manager_id.as_deref(),
                    shop: Some(shop),
                };
                let done = sales::refund(store, shop, &sale_id, &items, &by);
                if matches!(done, Reply::Refunded { .. }) {
                    // The items are back on the shelf; show it at once.
                    let _ = self.refresh_stock();
                }
                Some(done)
            }
            Effect::Reprint { sale_id } => {
                Some(Reply::Reprinted(store.receipt(&sale_id).map_err(|e| e.to_string())))
            }
            Effect::Resume => {
                let t = &till.terminal;
                let open = store.open_cart(t).and_then(|open| match open {
                    Some((cart_id, cart, exchange)) => {
                        let offered = store.offered_skus(&cart_id)?;
                        Ok(Some(Box::new(Reopened { cart_id, cart, offered, exchange })))
                    }
                    None => Ok(None),
                });
                Some(match (store.last_sale(t), open, store.current_shift(t)) {
                    (Ok(last_sale), Ok(open), Ok(shift)) => {
                        Reply::Resumed { last_sale, open, shift: shift.map(Box::new) }
                    }
                    (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
                        Reply::StoreFailed(format!("reading this till's last sale: {e}"))
                    }
                })
            }
            Effect::ShiftStatus => Some(match store.x_report(&till.terminal) {
                Ok(x) => Reply::ShiftStatus(x.map(|x| {
                    let text = x.text(&shop.store_name, &shop.currency);
                    Box::new((x.shift, text))
                })),
                Err(e) => Reply::ShiftFailed(format!("reading the shift: {e}")),
            }),
            Effect::OpenShift { staff_id, float } => {
                Some(match store.open_shift(&till.terminal, staff_id.as_deref(), float) {
                    Ok(shift) => Reply::ShiftOpened(Box::new(shift)),
                    Err(e) => Reply::ShiftFailed(e.to_string()),
                })
            }
            Effect::CloseShift { staff_id, counted } => {
                Some(match store.close_shift(&till.terminal, staff_id.as_deref(), counted, &shop.currency) {
                    Ok(z) => Reply::ShiftClosed { z_report: z.text(&shop.store_name, &shop.currency) },
                    Err(e) => Reply::ShiftFailed(e.to_string()),
                })
            }
            Effect::SignIn { id, pin } => Some(sign_in(store, shop, &id, pin.as_deref())),
            Effect::Approve { manager_id, pin } => {
                Some(match store.approve(&manager_id, &pin, shop.max_pin_tries, shop.lockout_minutes) {
                    Ok(s) => Reply::Approved { manager_id: s.id },
                    Err(e) => Reply::ApprovalRefused(e.to_string()),
                })
            }
        }
    }

    /// Starts working out the dashboard on a thread of its own; its reply goes
    /// through the outbox when done, unless a newer request came meanwhile.
    /// Without an outbox it is answered in turn.
    fn dashboard(&self, gen_id: u64, query: crate::reports::dashboard::Query) -> Option<Reply> {
        let Some(loader) = &self.dashboards else {
            return Some(Reply::Dashboard {
                gen_id,
                result: Err("no database to read the figures from".into()),
            });
        };
        let Some(outbox) = self.outbox.clone() else {
            let (gen_id, result) = loader.here(gen_id, &query);
            return Some(Reply::Dashboard { gen_id, result });
        };
        let started = loader.start(gen_id, query, move |(gen_id, result)| {
            outbox(Reply::Dashboard { gen_id, result });
        });
        match started {
            Ok(()) => None,
            Err(e) => {
                Some(Reply::Dashboard { gen_id, result: Err(format!("cannot work out the dashboard: {e}")) })
            }
        }
    }

    /// Scores a training session with the live catalog and rules, and saves
    /// the score (the only thing training writes).
    fn score_training(
        &mut self,
        customer: &crate::training::customer::Session,
        cart: &[(crate::catalog::ProductIdx, i64)],
        trainee: String,
    ) -> Reply {
        use crate::store::training::{TrainingKind, TrainingRecord};
        let Some(catalog) = self.catalog.as_deref() else {
            return Reply::StoreFailed("the catalog is not loaded".into());
        };
        let engine = Engine { catalog, config: &self.suggestions, currency: &self.shop.currency };
        let scorecard = crate::training::score::scorecard(customer, &engine, cart);
        let record = TrainingRecord {
            at: String::new(),
            trainee,
            kind: TrainingKind::Scenario,
            scenario: customer.scenario().id.clone(),
            score: scorecard.total,
            max_score: 100,
            tier: scorecard.tier.map(|t| t.to_string()),
            details_json: serde_json::to_string(&scorecard).unwrap_or_else(|_| "{}".into()),
        };
        let save_error = match self.store.as_mut() {
            Some(store) => {
                store.record_training(&record).err().map(|e| format!("the score was not saved: {e}"))
            }
            None => None,
        };
        Reply::TrainingScored { scorecard, save_error }
    }

    /// Searches the catalog for the entry line's words and filters
    /// ([`query::parse`]); a whole SKU or barcode is searched as typed, never
    /// read as filters, so codes behave exactly as without them.
    fn search(&mut self, gen_id: u64, typed: &str) -> Option<Reply> {
        let (searcher, catalog) = (self.searcher.as_mut()?, self.catalog.as_deref()?);
        let q = match searcher.exact(typed) {
            Some(_) => Query { text: typed.to_string(), ..Query::default() },
            None => query::parse(typed, &self.shop.currency),
        };
        let (results, total) = if q.facets.is_empty() {
            let results = searcher.search(&q.text, DEFAULT_LIMIT);
            (results, searcher.matched())
        } else {
            searcher.search_filtered(&q.text, DEFAULT_LIMIT, &q.keep(catalog))
        };
        let facets = q.facets.iter().map(|f| match f.problem(catalog) {
            Some(problem) => Chip { text: problem, problem: true },
            None => Chip { text: f.label(catalog), problem: false },
        });
        let problems = q.problems.iter().map(|p| Chip { text: p.clone(), problem: true });
        let chips = facets.chain(problems).collect();
        Some(Reply::SearchDone { gen_id, total: total.max(results.len()), results, chips })
    }

    /// Reads every stock count into the loaded catalog; says so when one changed.
    fn refresh_stock(&mut self) -> Option<Reply> {
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
        changed.then_some(Reply::StockChanged)
    }

    fn load(&mut self) -> Reply {
        let Some(store) = self.store.as_ref() else {
            return match &self.catalog {
                Some(c) => Reply::CatalogLoaded(Arc::clone(c)),
                None => Reply::StoreFailed("no store to load the catalog from".into()),
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
                Reply::CatalogLoaded(c)
            }
            Err(e) => Reply::StoreFailed(format!("loading the catalog: {e}")),
        }
    }

    fn suggest(&mut self, r: &SuggestRequest) -> Option<Suggestions> {
        match (r.customer, self.store.as_ref()) {
            (Some(id), Some(store)) if self.known.as_ref().map(|h| h.customer_id) != Some(id) => {
                // No consent (given since attaching, or withdrawn) or a failed read: anonymous.
                self.known = store.customer_history(id, &self.shop.refill).ok().flatten();
            }
            (None, _) => self.known = None,
            _ => {}
        }
        let known = self.known.as_ref().filter(|h| Some(h.customer_id) == r.customer);
        let catalog = self.catalog.as_deref()?;
        let n = catalog.products.len();
        let engine = Engine { catalog, config: &self.suggestions, currency: &self.shop.currency };
        let req = Request {
            cart: r.cart.iter().copied().filter(|(p, _)| p.index() < n).collect(),
            focus: r.focus.filter(|p| p.index() < n),
            budget_room: r.budget_room,
            bundled: r.bundled.iter().filter(|(p, _, _)| p.index() < n).cloned().collect(),
            line_discounts: r.line_discounts.iter().filter(|(p, _)| p.index() < n).copied().collect(),
            dismissed: r.dismissed.iter().map(String::as_str).collect(),
            customer: known,
        };
        Some(engine.suggest(&req))
    }

    /// Answers a burst of effects in order, once [coalesced](coalesce);
    /// `send` takes each reply and says whether anyone still listens.
    pub fn answer(&mut self, burst: Vec<Effect>, mut send: impl FnMut(Reply) -> bool) -> bool {
        for effect in coalesce(burst) {
            if let Some(reply) = self.handle(effect)
                && !send(reply)
            {
                return false;
            }
        }
        true
    }

    /// Serves the screen until it hangs up: every burst waiting is taken at
    /// once and answered as one.
    pub fn serve(mut self, effects: Receiver<Vec<Effect>>, replies: Sender<super::Event>) {
        let late = replies.clone();
        self.outbox = Some(Arc::new(move |reply| late.send(super::Event::Reply(reply)).is_ok()));
        while let Ok(first) = effects.recv() {
            let mut burst = first;
            burst.extend(effects.try_iter().flatten());
            if !self.answer(burst, |reply| replies.send(super::Event::Reply(reply)).is_ok()) {
                return;
            }
        }
    }
}

/// The most matches the customer lookup lists.
const FIND_LIMIT: usize = 50;

/// A customer found, with their sales summed up against the catalog; an
/// erased one is never attached.
fn customer_loaded(
    store: &Store,
    catalog: Option<&Catalog>,
    gen_id: u64,
    customer: crate::customers::Customer,
) -> Reply {
    if customer.erased_at.is_some() {
        return Reply::CustomerFailed { gen_id, message: "That customer's record was erased.".into() };
    }
    let sales = match store.customer_sales(customer.id) {
        Ok(s) => s,
        Err(e) => return Reply::CustomerFailed { gen_id, message: format!("reading their sales: {e}") },
    };
    let history = catalog.map(|c| crate::customers::history::History::of(&sales, c)).unwrap_or_default();
    Reply::CustomerLoaded { gen_id, customer: Box::new(CustomerAt { customer, history, sales }) }
}

/// What a burst of effects still needs, in order: only the newest search,
/// suggestion request, catalog check, customer lookup and dashboard (the older ones' answers
/// would be dropped as stale), only the newest save of each cart (it holds the cart as
/// it is now), and all suggestion events as one write where the last were.
pub fn coalesce(burst: Vec<Effect>) -> Vec<Effect> {
    let newest = |kind: fn(&Effect) -> bool| burst.iter().rposition(kind);
    let search = newest(|e| matches!(e, Effect::Search { .. }));
    let suggest = newest(|e| matches!(e, Effect::Suggest { .. }));
    let check = newest(|e| matches!(e, Effect::CheckCatalog));
    let dashboard = newest(|e| matches!(e, Effect::LoadDashboard { .. }));
    let find = newest(|e| matches!(e, Effect::FindCustomers { .. }));
    let events_at = newest(|e| matches!(e, Effect::RecordEvents(_)));
    // Later saves of a cart overwrite earlier ones: the index of each cart's newest save.
    let saves: HashMap<String, usize> = burst
        .iter()
        .enumerate()
        .filter_map(|(i, e)| match e {
            Effect::SaveCart { cart_id, .. } => Some((cart_id.clone(), i)),
            _ => None,
        })
        .collect();
    let mut events = Vec::new();
    let mut out = Vec::with_capacity(burst.len());
    for (i, effect) in burst.into_iter().enumerate() {
        match effect {
            Effect::Search { .. } if Some(i) != search => {}
            Effect::Suggest { .. } if Some(i) != suggest => {}
            Effect::CheckCatalog if Some(i) != check => {}
            Effect::LoadDashboard { .. } if Some(i) != dashboard => {}
            Effect::FindCustomers { .. } if Some(i) != find => {}
            Effect::SaveCart { ref cart_id, .. } if saves.get(cart_id) != Some(&i) => {}
            Effect::RecordEvents(list) => {
                events.extend(list);
                if Some(i) == events_at {
                    out.push(Effect::RecordEvents(std::mem::take(&mut events)));
                }
            }
            effect => out.push(effect),
        }
    }
    out
}

fn sign_in(store: &mut Store, shop: &Shop, id: &str, pin: Option<&str>) -> Reply {
    let checked = match pin {
        Some(pin) => store.verify_pin(id, pin, shop.max_pin_tries, shop.lockout_minutes).map(Some),
        None => store.staff(id),
    };
    match checked {
        Ok(Some(s)) => Reply::SignedIn { id: s.id, name: s.name },
        Ok(None) => Reply::SignInFailed(StoreError::UnknownStaff { id: id.into() }.to_string()),
        Err(e) => Reply::SignInFailed(e.to_string()),
    }
}

#[cfg(test)]
mod tests;
