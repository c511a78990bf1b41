//! The left pane: the entry line and its search results, or the category browser.

use crate::catalog::variants::Variant;
use crate::catalog::{Catalog, CategoryIdx, ProductIdx};

/// What the left pane lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeftMode {
    Search,
    Browse,
}

/// Where the category browser is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Browse {
    /// The open category; `None` lists the top-level categories.
    pub category: Option<CategoryIdx>,
    pub sel: usize,
    /// How each product of the open category differs from the others of its
    /// family or name there (parallel to `Catalog::in_category`; worked out when it opens).
    pub variants: Vec<Option<Variant>>,
}

impl Browse {
    /// The browser on `category` (`None`: the top-level categories), row `sel` highlighted.
    pub fn open(catalog: &Catalog, category: Option<CategoryIdx>, sel: usize) -> Browse {
        let variants = match category {
            Some(c) if c.index() < catalog.categories.len() => {
                crate::catalog::variants::tell_apart(catalog, catalog.in_category(c))
            }
            _ => Vec::new(),
        };
        Browse { category, sel, variants }
    }
}

/// One row of the category browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BrowseItem {
    Category(CategoryIdx),
    /// A product, and its place among the category's products.
    Product(ProductIdx, usize),
}

/// The entry line and the search it runs (the left pane in search mode).
#[derive(Debug, Clone, Default)]
pub struct Search {
    /// The entry line: a search, or a code to add (`3*code`).
    pub entry: String,
    /// The best matches of the newest search answered.
    pub results: Vec<ProductIdx>,
    /// How many products matched (the results may show only the best of them).
    pub total: usize,
    /// The query the results answer.
    pub query: String,
    /// The highlighted result.
    pub sel: usize,
    /// The newest search request's generation; older answers are dropped.
    pub gen_id: u64,
    /// The filters the results answer, for the chip row (empty: none typed).
    pub chips: Vec<Chip>,
    /// How each result differs from the others of its family or name shown
    /// with it (parallel to `results`; worked out when the answer arrives).
    pub variants: Vec<Option<Variant>>,
}

impl Search {
    /// No results: nothing typed, or a catalog that changed under them.
    pub fn clear_results(&mut self) {
        self.results.clear();
        self.variants.clear();
        self.chips.clear();
        self.total = 0;
        self.sel = 0;
    }
}

/// A filter typed in the entry line ("brand: harbor", "< $200"), or a word
/// that is not one ("unknown filter `colour:`"), as the chip row shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chip {
    pub text: String,
    /// A word that filters nothing: shown as a warning.
    pub problem: bool,
}
