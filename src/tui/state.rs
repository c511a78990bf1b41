//! The selling screen's state: what the widgets draw. It changes only in
//! [`update`](super::update::update); everything here is plain data and
//! read-only helpers, with no I/O.

mod forms;
mod left;
mod returns;

pub use forms::*;
pub use left::*;

use std::collections::HashSet;
use std::sync::Arc;

pub use returns::{ReturnForm, ReturnSale};

use super::effect::{Effect, SuggestRequest};
use super::keymap::KeyMap;
use crate::cart::Cart;
use crate::catalog::{Catalog, ProductIdx};
use crate::config::{Shop, SignIn, Theme};
use crate::reports::shift::Shift;
use crate::store::sales::{ParkedCart, SaleSummary};
pub use crate::suggest::events::LAST_CHANCE;
use crate::suggest::events::{EventKind, ListKind, Place, SuggestionEvent};
use crate::suggest::{CrossSell, Suggestions};

/// This session at the till, over the shop's configuration: who is signed
/// in, the theme in effect and the terminal id this till obtained. The shop's
/// own settings (currency, tax, discount cap, sign-in...) are read through it
/// (`settings.currency` is `settings.shop.currency`), never copied.
#[derive(Debug, Clone)]
pub struct Settings {
    pub shop: Arc<Shop>,
    /// The till id in use: the configured one unless another window holds it.
    pub terminal: String,
    pub staff: String,
    /// Who is selling (recorded on sales); `None` until someone signs in.
    pub staff_id: Option<String>,
    /// The configured theme, or mono under NO_COLOR.
    pub theme: Theme,
}

impl Settings {
    /// A session on `shop`'s configured terminal; `theme` may differ from the configured one (NO_COLOR).
    pub fn new(shop: Arc<Shop>, theme: Theme) -> Settings {
        Settings {
            terminal: shop.terminal.clone(),
            staff: shop.default_staff_name.clone(),
            staff_id: (shop.sign_in == SignIn::None).then(|| shop.default_staff_id.clone()),
            theme,
            shop,
        }
    }
}

impl std::ops::Deref for Settings {
    type Target = Shop;

    fn deref(&self) -> &Shop {
        &self.shop
    }
}

/// The panes focus cycles through, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pane {
    /// Search results, or the category browser.
    Results,
    Cart,
    /// "Goes well with".
    CrossSell,
    /// "Upgrade options".
    Upsell,
}

impl Pane {
    pub const ALL: [Pane; 4] = [Pane::Results, Pane::Cart, Pane::CrossSell, Pane::Upsell];

    pub fn title(self) -> &'static str {
        match self {
            Pane::Results => "Search",
            Pane::Cart => "Cart",
            Pane::CrossSell => "Goes well with",
            Pane::Upsell => "Upgrade options",
        }
    }
}

/// A window over the main screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    /// The keys, generated from the keymap.
    Help { scroll: usize },
    /// The customer's budget being typed; `fresh` while it still holds the
    /// budget already set, which the first key typed replaces.
    Budget { input: String, fresh: bool, error: Option<String> },
    /// "Quit with a cart?" — `y` confirms, anything else cancels.
    ConfirmQuit,
    /// Parked carts to recall (`None` while the list is on its way).
    Park { carts: Option<Vec<ParkedCart>>, sel: usize },
    /// Payment for the cart.
    Checkout(CheckoutForm),
    /// The receipt of the sale just committed.
    Receipt { text: String },
    /// Who is selling: staff id, then PIN when `[staff] sign_in = "pin"`.
    SignIn(SignInForm),
    /// A discount being typed, and the manager's approval when it is above the cap.
    Discount(DiscountForm),
    /// Training: what to say about the product just offered (keys 1–3).
    Offer { name: String, options: [String; 3] },
    /// Training: the customer's doubt at checkout, and three replies (keys 1–3).
    Objection { says: String, options: [String; 3] },
    /// Training: the session's score (`None` while it is being worked out).
    Scorecard,
    /// The sales dashboard, full screen (what it shows is [`State::dashboard`]).
    Dashboard,
    /// Look up a customer to attach: name, phone, email or card typed, matches picked.
    Customer(CustomerForm),
    /// The attached customer's receipts, scrolled by this many lines.
    Receipts { scroll: usize },
    /// This till's shift: open it (the float), or its X-report and closing it
    /// (the cash counted), then the Z-report.
    Shift(ShiftForm),
    /// Items of an earlier sale coming back: the sale, the lines and
    /// quantities, the refund and its approval.
    Return(Box<ReturnForm>),
    /// The marked products side by side (built when it opened); `sel` is the highlighted column.
    Compare { table: Box<crate::suggest::compare::Comparison>, sel: usize },
}

/// How the screen is laid out for the terminal's size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SizeMode {
    /// Three columns: results and detail, cart, suggestions (120×30 and up).
    Wide,
    /// Two columns: results over cart, suggestions on the right (90×26 and up).
    Medium,
    /// One pane at a time, as tabs (40×12 and up).
    Tabs,
    /// Too small: a message asks for a larger terminal.
    TooSmall,
}

/// The smallest terminal the selling screen works in.
pub const MIN_SIZE: (u16, u16) = (40, 12);

impl SizeMode {
    pub fn of(width: u16, height: u16) -> SizeMode {
        if width >= 120 && height >= 30 {
            SizeMode::Wide
        } else if width >= 90 && height >= 26 {
            SizeMode::Medium
        } else if width >= MIN_SIZE.0 && height >= MIN_SIZE.1 {
            SizeMode::Tabs
        } else {
            SizeMode::TooSmall
        }
    }
}

/// A message in the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

/// The two suggestion panes, "Goes well with" and "Upgrade options".
#[derive(Debug, Clone, Default)]
pub struct SuggestPanes {
    /// The newest suggestions answered.
    pub lists: Suggestions,
    /// The highlighted cross-sell.
    pub cross_sel: usize,
    /// The highlighted upgrade.
    pub upsell_sel: usize,
    /// The product the upgrade options are for (the engine falls back to the last cart line).
    pub focus: Option<ProductIdx>,
    /// The newest suggestion request's generation; older answers are dropped.
    pub gen_id: u64,
    /// The generation `lists` answer: behind `gen_id` while a request is on its way.
    pub answered: u64,
    /// (list, place, anchor, sku) already recorded as shown for this cart.
    pub shown: HashSet<(ListKind, Place, String, String)>,
    /// The SKUs the seller already offered for this cart (added, swapped in
    /// or dismissed, in either list or place), as its events say: the
    /// checkout's last chance lists none of them.
    pub offered: HashSet<String>,
    /// Suggestion events not yet handed to the worker.
    pub pending: Vec<SuggestionEvent>,
}

/// The customer being served: their cart, and this till's last sale.
#[derive(Debug, Clone)]
pub struct Session {
    /// The cart's id (saved under it as it changes, recorded with the sale).
    pub cart_id: String,
    pub cart: Cart,
    /// The highlighted cart line.
    pub sel: usize,
    /// This till's last committed sale, so nobody rings it up twice.
    pub last_sale: Option<SaleSummary>,
    /// This till's open shift, as last read (at start, and as it is opened and closed here).
    pub shift: Option<Shift>,
    /// An exchange pending on this cart: items of an earlier sale coming back
    /// to pay for it, booked only when the cart is paid (never saved or parked).
    pub exchange: Option<crate::checkout::Exchange>,
}

impl Session {
    /// The cart's total and, in an exchange, what the customer still pays
    /// after the credit (never below zero).
    pub fn due(&self, tax: &crate::money::TaxPolicy) -> (crate::money::Money, crate::money::Money) {
        let total = self.cart.totals(tax).total;
        let credit = self.exchange.as_ref().map_or(crate::money::Money::ZERO, |ex| ex.used(total));
        (total, total - credit)
    }
}

/// Everything the selling screen shows.
#[derive(Debug, Clone)]
pub struct State {
    pub settings: Settings,
    pub keymap: KeyMap,
    /// The catalog, once the worker has loaded it.
    pub catalog: Option<Arc<Catalog>>,
    /// Why the catalog could not be loaded.
    pub load_error: Option<String>,
    /// The cart and the sale.
    pub session: Session,
    /// The entry line and the search results.
    pub search: Search,
    /// What the left pane lists: search results or the category browser.
    pub left: LeftMode,
    pub browse: Browse,
    /// The suggestion panes.
    pub suggest: SuggestPanes,
    pub focus: Pane,
    pub overlay: Option<Overlay>,
    pub status: Option<Message>,
    /// The terminal's size (columns, rows).
    pub size: (u16, u16),
    /// The clock text in the header (injected, so tests can fix it).
    pub clock: String,
    /// The user asked to quit (and confirmed, when the cart held something).
    pub quit: bool,
    /// Something changed since the last frame.
    pub dirty: bool,
    /// A training session (`counterpart train`): a simulated customer, no real sale.
    pub training: Option<Box<Training>>,
    /// The sales dashboard (shown while [`Overlay::Dashboard`] is open).
    pub dashboard: crate::tui::dashboard::panel::Panel,
    /// The customer attached to the cart, for the header and the customer pane.
    pub customer: CustomerSlot,
    /// The products marked to compare (SKUs, in the order marked; at most
    /// [`MAX_COMPARED`](crate::suggest::compare::MAX_COMPARED)).
    pub marks: Vec<String>,
    /// `counterpart browse`: the screen without a till, on a read-only
    /// database — search, details, suggestions and compare; no cart, no sale.
    pub browse_only: bool,
}

/// A training session on the selling screen: the simulated customer, what
/// they said, and the offer waiting for a talking point.
#[derive(Debug, Clone)]
pub struct Training {
    pub customer: crate::training::customer::Session,
    /// Who is practising (a staff id or a name).
    pub trainee: String,
    /// What was said, oldest first: (who, line).
    pub said: Vec<(String, String)>,
    /// The product just offered and how, until the trainee picks what to say.
    pub offer: Option<(ProductIdx, crate::training::customer::OfferKind)>,
    /// The score, once the worker has worked it out.
    pub scorecard: Option<crate::training::score::Scorecard>,
    /// Why the score could not be saved, when it could not.
    pub save_error: Option<String>,
}

impl Training {
    /// The customer's name.
    pub fn name(&self) -> &str {
        &self.customer.scenario().customer.name
    }

    /// The customer says `line`.
    pub fn says(&mut self, line: impl Into<String>) {
        let who = self.name().to_string();
        self.said.push((who, line.into()));
    }
}

impl State {
    pub fn new(settings: Settings, keymap: KeyMap, cart_id: impl Into<String>) -> State {
        State {
            settings,
            keymap,
            catalog: None,
            load_error: None,
            session: Session {
                cart_id: cart_id.into(),
                cart: Cart::default(),
                sel: 0,
                last_sale: None,
                shift: None,
                exchange: None,
            },
            search: Search::default(),
            left: LeftMode::Search,
            browse: Browse::default(),
            suggest: SuggestPanes::default(),
            focus: Pane::Results,
            overlay: None,
            status: None,
            size: (0, 0),
            clock: String::new(),
            quit: false,
            dirty: true,
            training: None,
            dashboard: Default::default(),
            customer: CustomerSlot::default(),
            marks: Vec::new(),
            browse_only: false,
        }
    }

    /// Whether the product with this SKU is marked to compare.
    pub fn is_marked(&self, sku: &str) -> bool {
        self.marks.iter().any(|m| m == sku)
    }

    pub fn size_mode(&self) -> SizeMode {
        SizeMode::of(self.size.0, self.size.1)
    }

    /// Rows a page move jumps.
    pub fn page_rows(&self) -> usize {
        (usize::from(self.size.1) / 2).saturating_sub(4).max(3)
    }

    /// The product with this SKU, when the catalog is loaded.
    pub fn product_by_sku(&self, sku: &str) -> Option<ProductIdx> {
        let c = self.catalog.as_deref()?;
        c.by_sku(sku).or_else(|| c.by_sku(&sku.to_uppercase()))
    }

    /// The number of rows of the category browser.
    pub fn browse_len(&self) -> usize {
        match (self.browse.category, self.catalog.as_deref()) {
            (_, None) => 0,
            (None, Some(cat)) => cat.roots().len(),
            (Some(c), Some(cat)) => {
                cat.children(c).len()
                    + if c.index() < cat.categories.len() { cat.in_category(c).len() } else { 0 }
            }
        }
    }

    /// Row `i` of the category browser: subcategories first, then products, cheapest first.
    pub fn browse_item(&self, i: usize) -> Option<BrowseItem> {
        let cat = self.catalog.as_deref()?;
        match self.browse.category {
            None => cat.roots().get(i).map(|&c| BrowseItem::Category(c)),
            Some(c) => {
                let kids = cat.children(c);
                if let Some(&k) = kids.get(i) {
                    return Some(BrowseItem::Category(k));
                }
                (c.index() < cat.categories.len())
                    .then(|| {
                        cat.in_category(c)
                            .get(i - kids.len())
                            .map(|&p| BrowseItem::Product(p, i - kids.len()))
                    })
                    .flatten()
            }
        }
    }

    /// The number of rows of the focused pane.
    pub fn pane_len(&self, pane: Pane) -> usize {
        match pane {
            Pane::Results => match self.left {
                LeftMode::Search => self.search.results.len(),
                LeftMode::Browse => self.browse_len(),
            },
            Pane::Cart => self.session.cart.lines.len(),
            Pane::CrossSell => self.suggest.lists.cross_sell.len(),
            Pane::Upsell => self.suggest.lists.upsell.len(),
        }
    }

    /// The selected row of a pane.
    pub fn selection(&self, pane: Pane) -> usize {
        match pane {
            Pane::Results => match self.left {
                LeftMode::Search => self.search.sel,
                LeftMode::Browse => self.browse.sel,
            },
            Pane::Cart => self.session.sel,
            Pane::CrossSell => self.suggest.cross_sel,
            Pane::Upsell => self.suggest.upsell_sel,
        }
    }

    pub(crate) fn selection_mut(&mut self, pane: Pane) -> &mut usize {
        match pane {
            Pane::Results => match self.left {
                LeftMode::Search => &mut self.search.sel,
                LeftMode::Browse => &mut self.browse.sel,
            },
            Pane::Cart => &mut self.session.sel,
            Pane::CrossSell => &mut self.suggest.cross_sel,
            Pane::Upsell => &mut self.suggest.upsell_sel,
        }
    }

    /// The product highlighted in a pane, if it shows one.
    pub fn product_in(&self, pane: Pane) -> Option<ProductIdx> {
        match pane {
            Pane::Results => match self.left {
                LeftMode::Search => self.search.results.get(self.search.sel).copied(),
                LeftMode::Browse => match self.browse_item(self.browse.sel)? {
                    BrowseItem::Product(p, _) => Some(p),
                    BrowseItem::Category(_) => None,
                },
            },
            Pane::Cart => self.product_by_sku(&self.session.cart.lines.get(self.session.sel)?.sku),
            Pane::CrossSell => self.suggest.lists.cross_sell.get(self.suggest.cross_sel).map(|s| s.product),
            Pane::Upsell => self.suggest.lists.upsell.get(self.suggest.upsell_sel).map(|s| s.product),
        }
    }

    /// The product the detail area describes: the one highlighted in the focused pane.
    pub fn detail_product(&self) -> Option<ProductIdx> {
        self.product_in(self.focus)
    }

    /// The search query in the entry line (without a `3*` quantity prefix).
    pub fn query(&self) -> &str {
        split_quantity(&self.search.entry).1
    }

    /// The owned request for the worker's suggestion engine.
    pub fn suggest_request(&self) -> SuggestRequest {
        // Browsing has no cart: "Goes well with" is for the product in focus.
        let cart = match self.browse_only {
            true => self.suggest.focus.map(|p| (p, 1)).into_iter().collect(),
            false => self
                .session
                .cart
                .lines
                .iter()
                .filter_map(|l| Some((self.product_by_sku(&l.sku)?, l.qty)))
                .collect(),
        };
        SuggestRequest {
            cart,
            // The upgrades always follow the highlighted cart line when nothing else is in focus.
            focus: self.suggest.focus.or_else(|| self.product_in(Pane::Cart)),
            budget_room: self.session.cart.budget_room(&self.settings.tax),
            bundled: self
                .session
                .cart
                .bundled()
                .into_iter()
                .filter_map(|(sku, name, m)| Some((self.product_by_sku(sku)?, name, m)))
                .collect(),
            line_discounts: {
                let cart = &self.session.cart;
                let priced = cart.price();
                cart.lines
                    .iter()
                    .zip(&priced.lines)
                    .filter(|(_, p)| p.line_discount > crate::money::Money::ZERO)
                    .filter_map(|(l, p)| Some((self.product_by_sku(&l.sku)?, p.line_discount)))
                    .collect()
            },
            dismissed: self.session.cart.dismissed.iter().cloned().collect(),
            customer: self.customer.at.as_ref().filter(|a| a.profiling()).map(|a| a.customer.id),
        }
    }

    /// Queues a suggestion event for the worker: row `i` of a pane's list.
    pub(crate) fn record(&mut self, list: ListKind, event: EventKind, i: usize) {
        self.record_at(Place::Pane, list, event, i, i + 1);
    }

    /// Queues a suggestion event for row `i` of `list`, made at `place`,
    /// where it was listed `rank`th (from 1). Anything but a showing marks
    /// its product as offered for this cart.
    pub(crate) fn record_at(
        &mut self,
        place: Place,
        list: ListKind,
        event: EventKind,
        i: usize,
        rank: usize,
    ) {
        // Browsing offers nothing to a customer: no events to record.
        if self.browse_only {
            return;
        }
        let (anchor_sku, sku, source) = match list {
            ListKind::CrossSell => match self.suggest.lists.cross_sell.get(i) {
                Some(s) => (s.for_sku.clone(), s.sku.clone(), s.source),
                None => return,
            },
            ListKind::Upsell => match self.suggest.lists.upsell.get(i) {
                Some(s) => (s.for_sku.clone(), s.sku.clone(), s.source),
                None => return,
            },
        };
        if event == EventKind::Shown
            && !self.suggest.shown.insert((list, place, anchor_sku.clone(), sku.clone()))
        {
            return;
        }
        if event != EventKind::Shown {
            self.suggest.offered.insert(sku.clone());
        }
        self.suggest.pending.push(SuggestionEvent {
            cart_id: self.session.cart_id.clone(),
            list,
            event,
            anchor_sku,
            sku,
            source,
            rank,
            place,
        });
    }

    /// The add-on of "Goes well with" listed under `sku`, with its row.
    pub fn cross_sell_of(&self, sku: &str) -> Option<(usize, &CrossSell)> {
        self.suggest.lists.cross_sell.iter().enumerate().find(|(_, c)| c.sku == sku)
    }

    /// What the checkout's last chance may list, best first: the "Goes well
    /// with" add-ons not in the cart and not yet offered for it. None in
    /// training (its checkout has no payment window), nor while the lists
    /// answer an older cart.
    pub fn last_chance_candidates(&self) -> impl Iterator<Item = (usize, &CrossSell)> {
        let current = self.training.is_none() && self.suggest.answered == self.suggest.gen_id;
        let cart = &self.session.cart;
        self.suggest.lists.cross_sell.iter().enumerate().filter(move |(_, c)| {
            current
                && cart.position(&c.sku).is_none()
                && !cart.dismissed.contains(&c.sku)
                && !self.suggest.offered.contains(&c.sku)
        })
    }

    /// The queued suggestion events as one request for the worker, if any.
    pub(crate) fn take_events(&mut self) -> Option<Effect> {
        (!self.suggest.pending.is_empty())
            .then(|| Effect::RecordEvents(std::mem::take(&mut self.suggest.pending)))
    }
}

/// Splits a leading quantity ("3*") from a code or query: (quantity text, the rest).
pub fn split_quantity(entry: &str) -> (Option<&str>, &str) {
    let t = entry.trim_start();
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    match t[digits..].strip_prefix('*') {
        Some(rest) if digits > 0 => (Some(&t[..digits]), rest),
        _ => (None, entry),
    }
}
