//! Where each byte stands in each product's lowered search text, as bit
//! masks, so that the cheap pass scores a word on most products with a few
//! loads and bit operations instead of searching the bytes.
//!
//! Bit p of a text's mask for byte `b` says byte p of the text is `b`. Texts of
//! up to 64 bytes need one `u64` per byte value, kept column by column
//! (`low[column * len + i]`: scanning products in order reads each column
//! straight through); texts of up to 128 bytes also get a second `u64` in a
//! table of their own. Longer texts, and texts with a byte past the last
//! column, have no positions and are scored on their bytes.

use super::scan::{Spread, run_at_start, run_inside, starts_word};

/// A byte value without a column.
const NO_COLUMN: u8 = u8::MAX;
/// The most byte values with a column (each costs `len` × 8 bytes).
const MAX_COLUMNS: usize = 64;
/// The longest text with positions.
const MAX_BYTES: usize = 128;
/// A product without a second `u64`.
const SHORT: u32 = u32::MAX;

/// Whether a word can hold byte `b`: ASCII, not a space (the search's
/// words are split at spaces; a character with no ASCII form is `NOT_ASCII`,
/// which no ASCII word holds, and a word that is not ASCII is left to the fuzzy matcher).
fn needs_column(b: u8) -> bool {
    b.is_ascii() && !b.is_ascii_whitespace()
}

#[derive(Default)]
pub(super) struct Positions {
    len: usize,
    /// Each byte value's column (the word starts have the last one), or [`NO_COLUMN`].
    column: Vec<u8>,
    /// Bits 0–63 of every product, column by column.
    low: Vec<u64>,
    /// Bits 64–127 of the products with more than 64 bytes, column by column.
    high: Vec<u64>,
    /// Each product's row in `high`, or [`SHORT`].
    row: Vec<u32>,
    rows: usize,
    /// The column holding where words start.
    starts: usize,
    /// Whether each product has positions.
    has: Vec<bool>,
}

impl Positions {
    /// The positions of the lowered `texts`.
    pub(super) fn build<'a>(texts: impl Iterator<Item = &'a [u8]> + Clone) -> Positions {
        let fits = |h: &&'a [u8]| (h.len() <= MAX_BYTES).then_some(*h);
        let mut column = vec![NO_COLUMN; 256];
        let mut columns = 0;
        for h in texts.clone().filter_map(|t| fits(&t)) {
            for &b in h {
                let c = &mut column[usize::from(b)];
                if *c == NO_COLUMN && needs_column(b) && columns < MAX_COLUMNS {
                    *c = columns as u8;
                    columns += 1;
                }
            }
        }
        let starts = columns;
        let mut row = Vec::new();
        let mut rows = 0;
        for t in texts.clone() {
            row.push(match fits(&t) {
                Some(h) if h.len() > 64 => {
                    rows += 1;
                    rows as u32 - 1
                }
                _ => SHORT,
            });
        }
        let len = row.len();
        let mut pos = Positions {
            len,
            column,
            low: vec![0; (columns + 1) * len],
            high: vec![0; (columns + 1) * rows],
            row,
            rows,
            starts,
            has: vec![false; len],
        };
        for (i, t) in texts.enumerate() {
            let Some(h) = fits(&t) else { continue };
            let mut all = true;
            for (p, &b) in h.iter().enumerate() {
                match pos.column[usize::from(b)] {
                    NO_COLUMN => all &= !needs_column(b),
                    c => pos.set(usize::from(c), i, p),
                }
                if starts_word(h, p) {
                    pos.set(starts, i, p);
                }
            }
            pos.has[i] = all;
        }
        pos
    }

    fn set(&mut self, column: usize, i: usize, p: usize) {
        match p {
            0..64 => self.low[column * self.len + i] |= 1 << p,
            _ => self.high[column * self.rows + self.row[i] as usize] |= 1 << (p - 64),
        }
    }

    /// The columns of `bytes`, when they all have one.
    pub(super) fn columns(&self, bytes: &[u8]) -> Option<Vec<usize>> {
        bytes
            .iter()
            .map(|&b| match self.column.get(usize::from(b)) {
                Some(&c) if c != NO_COLUMN => Some(usize::from(c)),
                _ => None,
            })
            .collect()
    }

    /// Whether product `i` has positions.
    #[inline]
    pub(super) fn has(&self, i: usize) -> bool {
        self.has[i]
    }

    /// The cheap score of the word whose bytes are in `columns` on product `i`
    /// (which [`Positions::has`]), as `Haystack::byte_score` gives it.
    #[inline]
    pub(super) fn score(&self, i: usize, columns: &[usize]) -> Option<u32> {
        let low = |c: usize| self.low[c * self.len + i];
        match self.row[i] {
            SHORT => score(columns, |j| low(columns[j]), low(self.starts)),
            r => {
                let bits =
                    |c: usize| u128::from(low(c)) | u128::from(self.high[c * self.rows + r as usize]) << 64;
                score(columns, |j| bits(columns[j]), bits(self.starts))
            }
        }
    }
}

/// A mask of byte positions: `u64` for texts of up to 64 bytes, `u128` for the longer ones.
trait Mask:
    Copy
    + Eq
    + Ord
    + std::ops::BitAnd<Output = Self>
    + std::ops::BitOr<Output = Self>
    + std::ops::Shr<u32, Output = Self>
{
    const ZERO: Self;
    const ALL: Self;
    const BITS: u32;
    fn first(self) -> u32;
    /// The bits above bit `p`.
    fn above(self, p: u32) -> Self;
    fn bit(self, p: u32) -> bool;
    /// The lowest bit set.
    fn lowest(self) -> Self;
}

macro_rules! mask {
    ($t:ty) => {
        impl Mask for $t {
            const ZERO: Self = 0;
            const ALL: Self = <$t>::MAX;
            const BITS: u32 = <$t>::BITS;
            fn first(self) -> u32 {
                self.trailing_zeros()
            }
            fn above(self, p: u32) -> Self {
                self & <$t>::MAX.checked_shl(p + 1).unwrap_or(0)
            }
            fn bit(self, p: u32) -> bool {
                self >> p & 1 != 0
            }
            fn lowest(self) -> Self {
                self & self.wrapping_neg()
            }
        }
    };
}
mask!(u64);
mask!(u128);

/// The cheap score of a word whose `j`-th byte stands at `at(j)` in a text
/// whose words start at `starts`.
#[inline]
fn score<M: Mask>(columns: &[usize], at: impl Fn(usize) -> M, starts: M) -> Option<u32> {
    let len = columns.len();
    if len == 0 || len > M::BITS as usize {
        return None;
    }
    // Bit p: the whole word runs from byte p.
    let run = (0..len).fold(M::ALL, |run, j| run & (at(j) >> j as u32));
    if run & starts != M::ZERO {
        return Some(run_at_start(len));
    }
    // A run inside a word may score less than its letters spread from word starts.
    let inside = (run != M::ZERO).then(|| run_inside(len));
    // Spread letters: from the leftmost first letter and from each one
    // starting a word, the next letters leftmost; the best of those.
    let firsts = at(0);
    let mut from = firsts & (starts | firsts.lowest());
    let mut best = None;
    while from != M::ZERO {
        let mut p = from.first();
        from = from.above(p);
        let mut spread = Spread::new(starts.bit(p));
        for j in 1..len {
            let after = at(j).above(p);
            if after == M::ZERO {
                // Nor from any later first letter.
                return best.max(inside);
            }
            let next = after.first();
            spread.next((next - p - 1) as usize, starts.bit(next));
            p = next;
        }
        best = best.max(Some(spread.score()));
    }
    best.max(inside)
}
