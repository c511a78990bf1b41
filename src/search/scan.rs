//! The cheap pass of a search: which products match a query word, and a rough
//! score for each, on pre-lowered ASCII bytes (memchr's SIMD byte searches,
//! no per-product allocation). The fuzzy matcher only runs on the few products
//! this pass ranks best, and on the rare product whose text is not ASCII.
//!
//! A word matches a product exactly when nucleo's fuzzy matcher would say so
//! (its letters appear in order, any case), so the set of matches — what the
//! screen counts and what narrowing keeps — does not depend on the cheap score.

use nucleo_matcher::chars::{graphemes, normalize, to_lower_case};
use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization};
use nucleo_matcher::{Matcher, Utf32String};

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
/// In a mask: the text has no lowered bytes (some of its characters fold to
/// no ASCII character), so the fuzzy matcher decides every word; the mask
/// then holds every letter any of its characters may match.
const NO_BYTES: u64 = 1 << 63;

/// The letters and digits of `bytes`.
fn byte_mask(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0, |m, &b| m | char_bit(char::from(b)))
}

/// The text as the fuzzy matcher compares it with an ASCII word: the first
/// character of each grapheme, unaccented, in lower case (`é` is `e`), when
/// all of those are ASCII.
fn fold(text: &str) -> Option<Vec<u8>> {
    graphemes(text).map(|c| u8::try_from(to_lower_case(normalize(c))).ok().filter(u8::is_ascii)).collect()
}
/// Every product's search text, three ways: for the fuzzy matcher, lowered
/// ASCII bytes (one buffer, sliced by `starts`; a text that is not ASCII folded
/// as the matcher folds it, when it can be), and the masks of the letters and
/// digits it holds and that start one of its words.
#[derive(Default)]
pub(super) struct Haystack {
    pub(super) text: Vec<Utf32String>,
    lower: Vec<u8>,
    starts: Vec<u32>,
    /// Which letters and digits each text holds, and whether it is ASCII and has lowered bytes.
    pub(super) masks: Vec<u64>,
    /// Which letters and digits start a word of each text.
    initials: Vec<u64>,
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
        }
    }

    pub(super) fn push(&mut self, line: &str) {
        self.initials.push(
            line.split(|c: char| !c.is_alphanumeric())
                .filter_map(|w| w.chars().next())
                .fold(0, |m, c| m | char_bit(c)),
        );
        let mask = if line.is_ascii() {
            self.lower.extend(line.bytes().map(|b| b.to_ascii_lowercase()));
            byte_mask(line.as_bytes())
        } else if let Some(folded) = fold(line) {
            self.lower.extend_from_slice(&folded);
            byte_mask(&folded) | UNICODE
        } else {
            // Every letter a character of it may match, in any form.
            line.chars().fold(UNICODE | NO_BYTES, |m, c| {
                let n = normalize(c);
                m | char_bit(c) | char_bit(to_lower_case(c)) | char_bit(n) | char_bit(to_lower_case(n))
            })
        };
        self.masks.push(mask);
        self.starts.push(u32::try_from(self.lower.len()).unwrap_or(u32::MAX));
        self.text.push(Utf32String::from(line));
    }

    pub(super) fn len(&self) -> usize {
        self.text.len()
    }

    fn lower(&self, i: usize) -> &[u8] {
        &self.lower[self.starts[i] as usize..self.starts[i + 1] as usize]
    }

    /// Whether product `i` matches `word`, and its cheap score. `run`, when
    /// given, is what [`Haystack::runs`] found for the product.
    pub(super) fn score(&self, i: usize, word: &Word, matcher: &mut Matcher, run: Option<u8>) -> Option<u32> {
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
            return one_char_score(mask, self.initials[i], bit, || {
                word.atom.score(self.text[i].slice(..), matcher).is_some()
            });
        }
        if mask & NO_BYTES != 0 {
            return word.atom.score(self.text[i].slice(..), matcher).map(u32::from);
        }
        let h = self.lower(i);
        let len = word.bytes.len() as u32;
        match run.unwrap_or_else(|| run_in(h, &word.bytes)) {
            RUN_AT_START => Some(24 * len + 8),
            RUN_INSIDE => Some(20 * len - 4),
            _ => spread_score(h, &word.bytes),
        }
    }

    /// For every product, where `word` appears as a whole run of bytes
    /// ([`RUN_AT_START`], [`RUN_INSIDE`] or 0) — what [`Haystack::score`]
    /// would find product by product, in one search of the whole buffer, for
    /// when most products are candidates. False (and `out` empty) when the word
    /// is not scored on bytes.
    pub(super) fn runs(&self, word: &Word, out: &mut Vec<u8>) -> bool {
        out.clear();
        if !word.ascii || word.one_char.is_some() {
            return false;
        }
        out.resize(self.len(), 0);
        let w = &word.bytes;
        let finder = memchr::memmem::Finder::new(w);
        let (mut from, mut p) = (0, 0);
        // Every occurrence, overlapping ones too (as the byte-by-byte search sees them).
        while let Some(at) = finder.find(&self.lower[from..]) {
            let pos = from + at;
            from = pos + 1;
            while self.starts[p + 1] as usize <= pos {
                p += 1;
            }
            let (start, end) = (self.starts[p] as usize, self.starts[p + 1] as usize);
            if pos + w.len() > end {
                continue;
            }
            let run =
                if starts_word(&self.lower[start..end], pos - start) { RUN_AT_START } else { RUN_INSIDE };
            out[p] = out[p].max(run);
        }
        true
    }
}

/// A word appears as a whole run starting a word of the text, or only inside words.
pub(super) const RUN_AT_START: u8 = 2;
pub(super) const RUN_INSIDE: u8 = 1;

/// A one-letter or one-digit word: every product holding it matches (the mask
/// says so exactly for a text with lowered bytes; `found` decides for the rest), and products
/// with a word starting with it come first.
pub(super) fn one_char_score(
    mask: u64,
    initials: u64,
    bit: u64,
    found: impl FnOnce() -> bool,
) -> Option<u32> {
    let found = match mask & NO_BYTES {
        0 => mask & bit != 0,
        _ => found(),
    };
    found.then_some(if initials & bit != 0 { ONE_AT_START } else { ONE_INSIDE })
}

const ONE_AT_START: u32 = 32;
const ONE_INSIDE: u32 = 16;

/// One query word, ready to score: its fuzzy atom and its lowered bytes.
pub(super) struct Word {
    pub(super) atom: Atom,
    bytes: Vec<u8>,
    /// The letters and digits it needs.
    need: u64,
    /// Its bit, when it is a single letter or digit.
    one_char: Option<u64>,
    ascii: bool,
}

impl Word {
    pub(super) fn new(word: &str) -> Word {
        let bytes: Vec<u8> = word.bytes().map(|b| b.to_ascii_lowercase()).collect();
        let mut chars = word.chars();
        let one_char = match (chars.next().map(char_bit), chars.next()) {
            (Some(bit), None) if bit != 0 => Some(bit),
            _ => None,
        };
        Word {
            atom: Atom::new(word, CaseMatching::Ignore, Normalization::Smart, AtomKind::Fuzzy, false),
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
fn starts_word(h: &[u8], i: usize) -> bool {
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
/// text (the leftmost letters in order), in the fuzzy matcher's units (16 a
/// letter, bonuses for word starts and runs, penalties for gaps), or `None`
/// when its letters are not all there in order. A whole run of the word (see
/// [`Haystack::score`]) beats letters spread out; a run starting a word beats one inside a word.
fn spread_score(h: &[u8], w: &[u8]) -> Option<u32> {
    let mut at = memchr::memchr(w[0], h)?;
    let mut score: i64 = if starts_word(h, at) { 32 } else { 16 };
    for &c in &w[1..] {
        let next = at + 1 + memchr::memchr(c, &h[at + 1..])?;
        let gap = (next - at - 1) as i64;
        score += 16 + if gap == 0 { 4 } else { -(2 + gap.min(16)) };
        if starts_word(h, next) {
            score += 8;
        }
        at = next;
    }
    Some(score.max(1) as u32)
}
