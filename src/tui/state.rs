//! The selling screen's state: what the widgets draw. It changes only in
//! [`update`](super::update::update); everything here is plain data and
//! read-only helpers, with no I/O.

use std::collections::HashSet;
use std::sync::Arc;

use super::keymap::KeyMap;
use crate::cart::Cart;
use crate::catalog::{Catalog, CategoryIdx, ProductIdx};
use crate::checkout::{PaymentMethod, SaleDraft};
use crate::config::{Shop, SignIn, Theme};
use crate::money::Money;
use crate::store::sales::{ParkedCart, SaleSummary};
use crate::suggest::Suggestions;
use crate::suggest::events::{EventKind, ListKind, SuggestionEvent};

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
}

/// What a discount applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiscountScope {
    /// One cart line, by index.
    Line(usize),
    /// The whole cart.
    Cart,
}

/// The discount window's fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscountForm {
    pub scope: DiscountScope,
    /// "10%" or "5.00".
    pub input: String,
    /// The discount worked out from the input, once it is above the cap.
    pub amount: Option<crate::cart::Off>,
    pub manager: String,
    pub pin: String,
    /// 0: the amount, 1: the manager's id, 2: their PIN.
    pub stage: u8,
    /// The approval is on its way.
    pub waiting: bool,
    pub error: Option<String>,
}

/// The checkout window's fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckoutForm {
    pub method: PaymentMethod,
    /// Cash handed over, as typed (empty: exactly the total).
    pub tendered: String,
    pub error: Option<String>,
    /// The sale is on its way to the database; keys wait.
    pub sending: bool,
}

/// The sign-in window's fields.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SignInForm {
    pub id: String,
    pub pin: String,
    /// Typing the PIN (after the id).
    pub on_pin: bool,
    pub needs_pin: bool,
    pub error: Option<String>,
}

/// What the left pane lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeftMode {
    Search,
    Browse,
}

/// Where the category browser is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Browse {
    /// The open category; `None` lists the top-level categories.
    pub category: Option<CategoryIdx>,
    pub sel: usize,
}

/// One row of the category browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BrowseItem {
    Category(CategoryIdx),
    Product(ProductIdx),
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

/// A request to the store worker, produced by [`update`](super::update::update).
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Search the catalog for `query`.
    Search { gen_id: u64, query: String },
    /// Compute suggestions for the cart and the product in focus.
    Suggest { gen_id: u64, request: SuggestRequest },
    /// Record these suggestion events.
    RecordEvents(Vec<SuggestionEvent>),
    /// Save the cart in progress (an empty cart closes it).
    SaveCart { cart_id: String, staff_id: Option<String>, cart: Cart },
    /// Park a cart under a label.
    Park { cart_id: String, staff_id: Option<String>, cart: Cart, label: String },
    /// List the parked carts.
    ListParked,
    /// Take a parked cart back onto this till.
    Recall { cart_id: String },
    /// Commit a sale (retried with the same id while the database is busy).
    Commit(Box<SaleDraft>),
    /// At start: this till's last sale and the cart it was building.
    Resume,
    /// Check a member of staff (and their PIN).
    SignIn { id: String, pin: Option<String> },
    /// Check that a manager approves (their PIN).
    Approve { manager_id: String, pin: String },
}

/// An owned suggestion request (the engine's [`crate::suggest::Request`] borrows).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SuggestRequest {
    pub cart: Vec<(ProductIdx, i64)>,
    pub focus: Option<ProductIdx>,
    /// What a suggestion may cost at most to stay within the customer's budget.
    pub budget_room: Option<Money>,
    /// Cart products that complete a bundle: (product, bundle, saving lost without them).
    pub bundled: Vec<(ProductIdx, String, Money)>,
    pub dismissed: Vec<String>,
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
    /// Top-level categories and each category's children, by path.
    pub roots: Vec<CategoryIdx>,
    pub children: Vec<Vec<CategoryIdx>>,
    pub cart_id: String,
    pub cart: Cart,
    /// The entry line.
    pub entry: String,
    pub results: Vec<ProductIdx>,
    /// How many products matched (the results may show only the best of them).
    pub results_total: usize,
    /// The query the results answer.
    pub results_query: String,
    pub result_sel: usize,
    pub left: LeftMode,
    pub browse: Browse,
    pub cart_sel: usize,
    pub cross_sel: usize,
    pub upsell_sel: usize,
    pub focus: Pane,
    pub overlay: Option<Overlay>,
    pub suggestions: Suggestions,
    /// The product the upgrade options are for (the engine falls back to the last cart line).
    pub upsell_focus: Option<ProductIdx>,
    pub search_gen: u64,
    pub suggest_gen: u64,
    pub status: Option<Message>,
    /// Suggestion events not yet handed to the worker.
    pub pending_events: Vec<SuggestionEvent>,
    /// (list, anchor, sku) already recorded as shown for this cart.
    pub shown: HashSet<(ListKind, String, String)>,
    /// The terminal's size (columns, rows).
    pub size: (u16, u16),
    /// The clock text in the header (injected, so tests can fix it).
    pub clock: String,
    /// This till's last committed sale, so nobody rings it up twice.
    pub last_sale: Option<SaleSummary>,
    /// The user asked to quit (and confirmed, when the cart held something).
    pub quit: bool,
    /// Something changed since the last frame.
    pub dirty: bool,
}

impl State {
    pub fn new(settings: Settings, keymap: KeyMap, cart_id: impl Into<String>) -> State {
        State {
            settings,
            keymap,
            catalog: None,
            load_error: None,
            roots: Vec::new(),
            children: Vec::new(),
            cart_id: cart_id.into(),
            cart: Cart::default(),
            entry: String::new(),
            results: Vec::new(),
            results_total: 0,
            results_query: String::new(),
            result_sel: 0,
            left: LeftMode::Search,
            browse: Browse::default(),
            cart_sel: 0,
            cross_sel: 0,
            upsell_sel: 0,
            focus: Pane::Results,
            overlay: None,
            suggestions: Suggestions::default(),
            upsell_focus: None,
            search_gen: 0,
            suggest_gen: 0,
            status: None,
            pending_events: Vec::new(),
            shown: HashSet::new(),
            size: (0, 0),
            clock: String::new(),
            last_sale: None,
            quit: false,
            dirty: true,
        }
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
            (None, Some(_)) => self.roots.len(),
            (Some(c), Some(cat)) => {
                self.children.get(c).map_or(0, Vec::len)
                    + if c < cat.categories.len() { cat.in_category(c).len() } else { 0 }
            }
        }
    }

    /// Row `i` of the category browser: subcategories first, then products, cheapest first.
    pub fn browse_item(&self, i: usize) -> Option<BrowseItem> {
        let cat = self.catalog.as_deref()?;
        match self.browse.category {
            None => self.roots.get(i).map(|&c| BrowseItem::Category(c)),
            Some(c) => {
                let kids = self.children.get(c).map_or(&[][..], Vec::as_slice);
                if let Some(&k) = kids.get(i) {
                    return Some(BrowseItem::Category(k));
                }
                (c < cat.categories.len())
                    .then(|| cat.in_category(c).get(i - kids.len()).map(|&p| BrowseItem::Product(p)))
                    .flatten()
            }
        }
    }

    /// The number of rows of the focused pane.
    pub fn pane_len(&self, pane: Pane) -> usize {
        match pane {
            Pane::Results => match self.left {
                LeftMode::Search => self.results.len(),
                LeftMode::Browse => self.browse_len(),
            },
            Pane::Cart => self.cart.lines.len(),
            Pane::CrossSell => self.suggestions.cross_sell.len(),
            Pane::Upsell => self.suggestions.upsell.len(),
        }
    }

    /// The selected row of a pane.
    pub fn selection(&self, pane: Pane) -> usize {
        match pane {
            Pane::Results => match self.left {
                LeftMode::Search => self.result_sel,
                LeftMode::Browse => self.browse.sel,
            },
            Pane::Cart => self.cart_sel,
            Pane::CrossSell => self.cross_sel,
            Pane::Upsell => self.upsell_sel,
        }
    }

    pub(crate) fn selection_mut(&mut self, pane: Pane) -> &mut usize {
        match pane {
            Pane::Results => match self.left {
                LeftMode::Search => &mut self.result_sel,
                LeftMode::Browse => &mut self.browse.sel,
            },
            Pane::Cart => &mut self.cart_sel,
            Pane::CrossSell => &mut self.cross_sel,
            Pane::Upsell => &mut self.upsell_sel,
        }
    }

    /// The product highlighted in a pane, if it shows one.
    pub fn product_in(&self, pane: Pane) -> Option<ProductIdx> {
        match pane {
            Pane::Results => match self.left {
                LeftMode::Search => self.results.get(self.result_sel).copied(),
                LeftMode::Browse => match self.browse_item(self.browse.sel)? {
                    BrowseItem::Product(p) => Some(p),
                    BrowseItem::Category(_) => None,
                },
            },
            Pane::Cart => self.product_by_sku(&self.cart.lines.get(self.cart_sel)?.sku),
            Pane::CrossSell => self.suggestions.cross_sell.get(self.cross_sel).map(|s| s.product),
            Pane::Upsell => self.suggestions.upsell.get(self.upsell_sel).map(|s| s.product),
        }
    }

    /// The product the detail area describes: the one highlighted in the focused pane.
    pub fn detail_product(&self) -> Option<ProductIdx> {
        self.product_in(self.focus)
    }

    /// The search query in the entry line (without a `3*` quantity prefix).
    pub fn query(&self) -> &str {
        split_quantity(&self.entry).1
    }

    /// The owned request for the worker's suggestion engine.
    pub fn suggest_request(&self) -> SuggestRequest {
        SuggestRequest {
            cart: self
                .cart
                .lines
                .iter()
                .filter_map(|l| Some((self.product_by_sku(&l.sku)?, l.qty)))
                .collect(),
            // The upgrades always follow the highlighted cart line when nothing else is in focus.
            focus: self.upsell_focus.or_else(|| self.product_in(Pane::Cart)),
            budget_room: self.cart.budget_room(&self.settings.tax),
            bundled: self
                .cart
                .bundled()
                .into_iter()
                .filter_map(|(sku, name, m)| Some((self.product_by_sku(sku)?, name, m)))
                .collect(),
            dismissed: self.cart.dismissed.iter().cloned().collect(),
        }
    }

    /// Queues a suggestion event for the worker.
    pub(crate) fn record(&mut self, list: ListKind, event: EventKind, rank: usize) {
        let (anchor_sku, sku, source) = match list {
            ListKind::CrossSell => match self.suggestions.cross_sell.get(rank) {
                Some(s) => (s.for_sku.clone(), s.sku.clone(), s.source),
                None => return,
            },
            ListKind::Upsell => match self.suggestions.upsell.get(rank) {
                Some(s) => (s.for_sku.clone(), s.sku.clone(), s.source),
                None => return,
            },
        };
        if event == EventKind::Shown && !self.shown.insert((list, anchor_sku.clone(), sku.clone())) {
            return;
        }
        self.pending_events.push(SuggestionEvent {
            cart_id: self.cart_id.clone(),
            list,
            event,
            anchor_sku,
            sku,
            source,
            rank: rank + 1,
        });
    }

    /// The queued suggestion events as one request for the worker, if any.
    pub fn take_events(&mut self) -> Option<Effect> {
        (!self.pending_events.is_empty())
            .then(|| Effect::RecordEvents(std::mem::take(&mut self.pending_events)))
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
