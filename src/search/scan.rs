//! The cheap pass of a search: which products match a query word, and a rough
//! score for each, from where each byte stands in the product's pre-lowered
//! text (`positions.rs`: a few loads and bit operations a product), or on the
//! bytes themselves for a text too long for that (memchr's byte searches). No
//! per-product allocation; the fuzzy matcher only runs on the few products
//! this pass ranks best, and for a word that is not ASCII.
//!
//! A word matches a product exactly when nucleo's fuzzy matcher would say so
//! (its letters appear in order, any case), so the set of matches — what the
//! screen counts and what narrowing keeps — does not depend on the cheap score.

use nucleo_matcher::chars::{graphemes, normalize, to_lower_case};
use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization};
use nucleo_matcher::{Matcher, Utf32String};

use super::positions::Positions;

/// The bit of an ASCII letter (any case) or digit.
pub(super) fn char_bit(c: char) -> u64 {
    match c.to_ascii_lowercase() {
        c @ 'a'..='z' => 1 << (c as u32 - 'a' as u32),
        c @ '0'..='9' => 1 << (26 + c as u32 - '0' as u32),
        _ => 0,
    }
}

/// In a mask: the text is not ASCII, so a word that is not ASCII either is left to the fuzzy matcher.
const UNICODE: u64 = 1 << 62;

/// What a character folding to no ASCII character is lowered to: a byte no ASCII word holds.
pub(super) const NOT_ASCII: u8 = 0xFF;

/// The letters and digits of `bytes`.
fn byte_mask(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0, |m, &b| m | char_bit(char::from(b)))
}

/// The text as the fuzzy matcher compares it with an ASCII word: the first
/// character of each grapheme, unaccented, in lower case (`é` is `e`); one
/// that is then still not ASCII (`²`, `😀`) can match no ASCII letter, and is [`NOT_ASCII`].
fn fold(text: &str) -> impl Iterator<Item = u8> + '_ {
    graphemes(text)
        .map(|c| u8::try_from(to_lower_case(normalize(c))).ok().filter(u8::is_ascii).unwrap_or(NOT_ASCII))
}
/// Every product's search text, three ways: for the fuzzy matcher, lowered
/// ASCII bytes (one buffer, sliced by `starts`; a text that is not ASCII folded
/// as the matcher folds it, when it can be), and the masks of the letters and
/// digits it holds and that start one of its words; and where each byte
/// stands (`positions.rs`), so scoring a word is mostly bit operations.
#[derive(Default)]
pub(super) struct Haystack {
    pub(super) text: Vec<Utf32String>,
    lower: Vec<u8>,
    starts: Vec<u32>,
    /// Which letters and digits each text holds, and whether it is ASCII and has lowered bytes.
    pub(super) masks: Vec<u64>,
    /// Which letters and digits start a word of each text.
    initials: Vec<u64>,
    /// Where each byte stands in each text.
    positions: Positions,
}

impl Haystack {
    pub(super) fn with_capacity(n: usize) -> Haystack {
        let mut starts = Vec::with_capacity(n + 1);
        starts.push(0);
        Haystack {
            text: Vec::with_capacity(n),
            lower: Vec::with_capacity(n * 48),
            starts,
            masks: Vec::with_capacity(n),
            initials: Vec::with_capacity(n),
            ..Haystack::default()
        }
    }

    pub(super) fn push(&mut self, line: &str) {
        let from = self.lower.len();
        let unicode = match line.is_ascii() {
            true => {
                self.lower.extend(line.bytes().map(|b| b.to_ascii_lowercase()));
                0
            }
            false => {
                self.lower.extend(fold(line));
                UNICODE
            }
        };
        let h = &self.lower[from..];
        self.masks.push(byte_mask(h) | unicode);
        self.initials
            .push((0..h.len()).filter(|&p| starts_word(h, p)).fold(0, |m, p| m | char_bit(char::from(h[p]))));
        self.starts.push(u32::try_from(self.lower.len()).unwrap_or(u32::MAX));
        self.text.push(Utf32String::from(line));
    }

    /// Builds the positions, once every text is pushed.
    pub(super) fn finish(&mut self) {
        let texts = (0..self.len()).map(|i| self.lower(i));
        self.positions = Positions::build(texts);
    }

    pub(super) fn len(&self) -> usize {
        self.text.len()
    }

    fn lower(&self, i: usize) -> &[u8] {
        &self.lower[self.starts[i] as usize..self.starts[i + 1] as usize]
    }

    /// Whether product `i` matches `word`, and its cheap score.
    #[inline]
    pub(super) fn score(&self, i: usize, word: &Word, matcher: &mut Matcher) -> Option<u32> {
        let mask = self.masks[i];
        if mask & word.need != word.need {
            return None;
        }
        if !word.ascii {
            return match mask & UNICODE {
                0 => None,
                _ => word.atom.score(self.text[i].slice(..), matcher).map(u32::from),
            };
        }
        if let Some(bit) = word.one_char {
            return one_char_score(mask, self.initials[i], bit);
        }
        match &word.columns {
            Some(columns) if self.positions.has(i) => self.positions.score(i, columns),
            _ => self.byte_score(i, &word.bytes),
        }
    }

    /// The cheap score of an ASCII word of two or more bytes, on the text's bytes.
    pub(super) fn byte_score(&self, i: usize, w: &[u8]) -> Option<u32> {
        let h = self.lower(i);
        match run_in(h, w) {
            RUN_AT_START => Some(run_at_start(w.len())),
            RUN_INSIDE => spread_score(h, w).max(Some(run_inside(w.len()))),
            _ => spread_score(h, w),
        }
    }
}

/// A word appears as a whole run starting a word of the text, or only inside words.
const RUN_AT_START: u8 = 2;
const RUN_INSIDE: u8 = 1;

/// The cheap score of a word of `len` bytes that runs whole from the start of a word of the text.
pub(super) fn run_at_start(len: usize) -> u32 {
    24 * len as u32 + 8
}

/// The cheap score of a word of `len` bytes that runs whole only inside a word.
pub(super) fn run_inside(len: usize) -> u32 {
    20 * len as u32 - 4
}

/// A one-letter or one-digit word: every product holding it matches, and
/// products with a word starting with it come first.
fn one_char_score(mask: u64, initials: u64, bit: u64) -> Option<u32> {
    (mask & bit != 0).then_some(if initials & bit != 0 { ONE_AT_START } else { ONE_INSIDE })
}

const ONE_AT_START: u32 = 32;
const ONE_INSIDE: u32 = 16;

/// One query word, ready to score: its fuzzy atom and its lowered bytes.
pub(super) struct Word {
    pub(super) atom: Atom,
    pub(super) bytes: Vec<u8>,
    /// The letters and digits it needs.
    need: u64,
    /// Its bit, when it is a single letter or digit.
    one_char: Option<u64>,
    ascii: bool,
    /// Where its bytes' positions are in the haystack, when they all have some.
    columns: Option<Vec<usize>>,
}

impl Word {
    pub(super) fn new(word: &str, hay: &Haystack) -> Word {
        let bytes: Vec<u8> = word.bytes().map(|b| b.to_ascii_lowercase()).collect();
        let mut chars = word.chars();
        let one_char = match (chars.next().map(char_bit), chars.next()) {
            (Some(bit), None) if bit != 0 => Some(bit),
            _ => None,
        };
        Word {
            atom: Atom::new(word, CaseMatching::Ignore, Normalization::Smart, AtomKind::Fuzzy, false),
            columns: hay.positions.columns(&bytes),
            bytes,
            need: word.chars().fold(0, |m, c| m | char_bit(c)),
            one_char,
            ascii: word.is_ascii(),
        }
    }

    /// A single letter or digit.
    pub(super) fn is_one_char(&self) -> bool {
        self.one_char.is_some()
    }
}

/// Whether byte `i` of `h` starts a word.
pub(super) fn starts_word(h: &[u8], i: usize) -> bool {
    i == 0 || !h[i - 1].is_ascii_alphanumeric()
}

/// Where `w` appears in `h` as a whole run: [`RUN_AT_START`], [`RUN_INSIDE`] or 0.
fn run_in(h: &[u8], w: &[u8]) -> u8 {
    let mut run = 0;
    let mut from = 0;
    while let Some(at) = memchr::memchr(w[0], &h[from..]) {
        let pos = from + at;
        if h.len() - pos >= w.len() && h[pos..pos + w.len()].iter().zip(w).all(|(a, b)| a == b) {
            if starts_word(h, pos) {
                return RUN_AT_START;
            }
            run = RUN_INSIDE;
        }
        from = pos + 1;
    }
    run
}

/// The cheap score of a word whose letters are spread out in a lowered ASCII
/// text (from the leftmost first letter or from one starting a word, the next
/// letters leftmost; the best of those), in the fuzzy matcher's units (16 a
/// letter, bonuses for word starts and runs, penalties for gaps), or `None`
/// when its letters are not all there in order. A whole run of the word (see
/// [`Haystack::score`]) beats letters spread out; a run starting a word beats one inside a word.
fn spread_score(h: &[u8], w: &[u8]) -> Option<u32> {
    let leftmost = memchr::memchr(w[0], h)?;
    let mut best = None;
    for first in memchr::memchr_iter(w[0], &h[leftmost..]).map(|p| leftmost + p) {
        if first != leftmost && !starts_word(h, first) {
            continue;
        }
        let (mut at, mut spread) = (first, Spread::new(starts_word(h, first)));
        for &c in &w[1..] {
            // Not found after this first letter: nor after any later one.
            let Some(gap) = memchr::memchr(c, &h[at + 1..]) else { return best };
            spread.next(gap, starts_word(h, at + 1 + gap));
            at += 1 + gap;
        }
        best = best.max(Some(spread.score()));
    }
    best
}

/// The cheap score of a spread word, letter by letter, as the fuzzy matcher
/// counts: 16 a letter, twice the word-start bonus on the first, a penalty for
/// each gap, and a run of letters keeps the bonus of the letter that starts it
/// ("ar" in "Arc" scores as a word start twice).
pub(super) struct Spread {
    score: i64,
    /// The run the last letter is in started a word.
    run_starts_word: bool,
}

impl Spread {
    /// The first letter.
    pub(super) fn new(starts_word: bool) -> Spread {
        Spread { score: if starts_word { 32 } else { 16 }, run_starts_word: starts_word }
    }

    /// The next letter, `gap` bytes after the one before.
    pub(super) fn next(&mut self, gap: usize, starts_word: bool) {
        if gap > 0 {
            self.run_starts_word = false;
        }
        self.run_starts_word |= starts_word;
        let gap = gap.min(16) as i64;
        self.score += 16 + if gap == 0 { 4 } else { -(2 + gap) } + if self.run_starts_word { 8 } else { 0 };
    }

    pub(super) fn score(&self) -> u32 {
        self.score.max(1) as u32
    }
}
