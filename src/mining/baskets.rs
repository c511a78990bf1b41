//! Basket files: one basket a line, items separated by `,`.
//!
//! Rules (shared with the evaluation protocol in `eval.rs`): empty fields are
//! dropped, an item repeated within a basket is kept once (first occurrence),
//! labels are kept verbatim (no trimming), and both `\n` and `\r\n` line ends
//! are accepted. Lines with no item at all (blank lines) are not baskets:
//! [`Baskets::parse`] drops them, so they do not dilute support.

use std::fmt;

use rustc_hash::{FxHashMap, FxHashSet};

/// Longest accepted line, in bytes (without the line end).
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// Why a basket file was rejected. Line numbers are 1-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BasketError {
    /// The line is not valid UTF-8.
    InvalidUtf8 { line: usize },
    /// The line is longer than [`MAX_LINE_BYTES`].
    LineTooLong { line: usize, len: usize },
}

impl fmt::Display for BasketError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BasketError::InvalidUtf8 { line } => {
                write!(f, "line {line}: not valid UTF-8")
            }
            BasketError::LineTooLong { line, len } => {
                write!(f, "line {line}: {len} bytes long, longer than the limit of {MAX_LINE_BYTES} bytes")
            }
        }
    }
}

impl std::error::Error for BasketError {}

/// Iterates over the lines of `bytes` as `(1-based number, text)`, without
/// the `\n` or `\r\n` end, checking length and encoding. A final line end
/// does not start another line.
pub fn lines(bytes: &[u8]) -> impl Iterator<Item = Result<(usize, &str), BasketError>> {
    let mut rest = bytes;
    let mut line_no = 0usize;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        line_no += 1;
        let (mut line, next) = match rest.iter().position(|&b| b == b'\n') {
            Some(p) => (&rest[..p], &rest[p + 1..]),
            None => (rest, &rest[rest.len()..]),
        };
        rest = next;
        if let Some(stripped) = line.strip_suffix(b"\r") {
            line = stripped;
        }
        if line.len() > MAX_LINE_BYTES {
            rest = &[];
            return Some(Err(BasketError::LineTooLong { line: line_no, len: line.len() }));
        }
        match std::str::from_utf8(line) {
            Ok(text) => Some(Ok((line_no, text))),
            Err(_) => {
                rest = &[];
                Some(Err(BasketError::InvalidUtf8 { line: line_no }))
            }
        }
    })
}

/// Each line's distinct non-empty fields in first-occurrence order. Every
/// line of the file gets an entry, blank ones included (the evaluation split
/// counts them).
pub fn parse_lines(bytes: &[u8]) -> Result<Vec<Vec<&str>>, BasketError> {
    lines(bytes).map(|l| l.map(|(_, text)| distinct_fields(text))).collect()
}

/// The distinct non-empty `,`-separated fields of `line`, first occurrence
/// first. Short baskets use a linear scan; long ones a hash set, so a huge
/// line stays linear.
fn distinct_fields(line: &str) -> Vec<&str> {
    let mut items: Vec<&str> = Vec::new();
    let mut seen: Option<FxHashSet<&str>> = None;
    for field in line.split(',') {
        if field.is_empty() {
            continue;
        }
        let new = match seen.as_mut() {
            Some(set) => set.insert(field),
            None if items.len() < 32 => !items.contains(&field),
            None => {
                let mut set: FxHashSet<&str> = items.iter().copied().collect();
                let new = set.insert(field);
                seen = Some(set);
                new
            }
        };
        if new {
            items.push(field);
        }
    }
    items
}

/// Baskets with interned labels: `labels[id]` is the label of item `id`, ids
/// follow the byte order of the labels, and each basket lists distinct ids in
/// first-occurrence order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Baskets {
    pub labels: Vec<String>,
    pub baskets: Vec<Vec<u32>>,
}

impl Baskets {
    /// Parses a basket file; blank lines are skipped. An empty file gives
    /// zero baskets.
    pub fn parse(bytes: &[u8]) -> Result<Baskets, BasketError> {
        let mut interner = Interner::default();
        for line in lines(bytes) {
            let (_, text) = line?;
            interner.basket(text.split(','));
        }
        Ok(interner.finish())
    }

    /// Builds baskets from already-split sets of labels (for example SKUs of
    /// past sales), applying the same rules as [`Baskets::parse`]: empty
    /// labels dropped, repeats kept once, empty baskets skipped.
    pub fn from_sets<B, S>(sets: impl IntoIterator<Item = B>) -> Baskets
    where
        B: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let owned: Vec<Vec<String>> =
            sets.into_iter().map(|b| b.into_iter().map(|s| s.as_ref().to_owned()).collect()).collect();
        let mut interner = Interner::default();
        for b in &owned {
            interner.basket(b.iter().map(String::as_str));
        }
        interner.finish()
    }

    /// Number of baskets.
    pub fn len(&self) -> usize {
        self.baskets.len()
    }

    /// True when there is no basket.
    pub fn is_empty(&self) -> bool {
        self.baskets.is_empty()
    }

    /// The label of item `id`, if there is such an item.
    pub fn label(&self, id: u32) -> Option<&str> {
        self.labels.get(id as usize).map(String::as_str)
    }

    /// The id of `label`, if it occurs.
    pub fn id(&self, label: &str) -> Option<u32> {
        self.labels.binary_search_by(|l| l.as_str().cmp(label)).ok().map(|i| i as u32)
    }

    /// How many baskets contain each item, indexed by id.
    pub fn item_counts(&self) -> Vec<u32> {
        let mut counts = vec![0u32; self.labels.len()];
        for basket in &self.baskets {
            for &id in basket {
                if let Some(c) = counts.get_mut(id as usize) {
                    *c += 1;
                }
            }
        }
        counts
    }
}

/// Interns labels while baskets are read; ids are renumbered into label
/// order at the end.
#[derive(Default)]
struct Interner<'a> {
    ids: FxHashMap<&'a str, u32>,
    names: Vec<&'a str>,
    /// `seen[id]` is 1 + the index of the last basket holding `id`.
    seen: Vec<usize>,
    baskets: Vec<Vec<u32>>,
}

impl<'a> Interner<'a> {
    fn basket(&mut self, fields: impl Iterator<Item = &'a str>) {
        let stamp = self.baskets.len() + 1;
        let mut basket = Vec::new();
        for field in fields {
            if field.is_empty() {
                continue;
            }
            let id = match self.ids.get(field) {
                Some(&id) => id,
                None => {
                    let id = self.names.len() as u32;
                    self.ids.insert(field, id);
                    self.names.push(field);
                    self.seen.push(0);
                    id
                }
            };
            let seen = &mut self.seen[id as usize];
            if *seen != stamp {
                *seen = stamp;
                basket.push(id);
            }
        }
        if !basket.is_empty() {
            self.baskets.push(basket);
        }
    }

    fn finish(self) -> Baskets {
        let Interner { names, mut baskets, .. } = self;
        let mut order: Vec<u32> = (0..names.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| names[a as usize].cmp(names[b as usize]));
        let mut new_id = vec![0u32; names.len()];
        for (new, &old) in order.iter().enumerate() {
            new_id[old as usize] = new as u32;
        }
        for basket in &mut baskets {
            for id in basket.iter_mut() {
                *id = new_id[*id as usize];
            }
        }
        let labels = order.iter().map(|&old| names[old as usize].to_owned()).collect();
        Baskets { labels, baskets }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_input_gives_no_baskets() {
        let b = Baskets::parse(b"").expect("empty input is fine");
        assert!(b.is_empty());
        assert!(b.labels.is_empty());
        assert!(Baskets::parse(b"\n\r\n,,\n").expect("blank").is_empty());
    }

    #[test]
    fn labels_are_sorted_verbatim_and_deduplicated() {
        let b = Baskets::parse(b"milk,cream cheese ,milk,,bread\r\nbread\n").expect("parses");
        assert_eq!(b.labels, vec!["bread", "cream cheese ", "milk"]);
        assert_eq!(b.baskets, vec![vec![2, 1, 0], vec![0]]);
        assert_eq!(b.id("cream cheese "), Some(1));
        assert_eq!(b.id("cream cheese"), None);
        assert_eq!(b.item_counts(), vec![2, 1, 1]);
    }

    #[test]
    fn crlf_and_missing_final_newline() {
        let b = Baskets::parse(b"a,b\r\nb,c").expect("parses");
        assert_eq!(b.labels, vec!["a", "b", "c"]);
        assert_eq!(b.baskets, vec![vec![0, 1], vec![1, 2]]);
        // A lone "\r" inside a line is part of a label.
        let b = Baskets::parse(b"a\rb\n").expect("parses");
        assert_eq!(b.labels, vec!["a\rb"]);
    }

    #[test]
    fn invalid_utf8_names_the_line() {
        let err = Baskets::parse(b"a,b\n\nc,\xff\xfe\n").expect_err("must fail");
        assert_eq!(err, BasketError::InvalidUtf8 { line: 3 });
        assert!(err.to_string().contains("line 3"));
    }

    #[test]
    fn too_long_line_names_the_line() {
        let mut data = b"a,b\n".to_vec();
        data.extend(std::iter::repeat_n(b'x', MAX_LINE_BYTES + 1));
        data.extend_from_slice(b"\nc\n");
        let err = Baskets::parse(&data).expect_err("must fail");
        assert_eq!(err, BasketError::LineTooLong { line: 2, len: MAX_LINE_BYTES + 1 });
        assert!(err.to_string().contains("line 2"));
        // Exactly at the limit is accepted.
        let data = vec![b'y'; MAX_LINE_BYTES];
        assert_eq!(Baskets::parse(&data).expect("at limit").len(), 1);
    }

    #[test]
    fn from_sets_matches_parse() {
        let parsed = Baskets::parse(b"b,a,b\n\nc\n").expect("parses");
        let built = Baskets::from_sets(vec![vec!["b", "a", "b"], vec![], vec!["", "c"]]);
        assert_eq!(parsed, built);
    }

    #[test]
    fn groceries_shape() {
        let data = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/groceries.csv"))
            .expect("groceries.csv");
        let b = Baskets::parse(&data).expect("parses");
        assert_eq!(b.len(), 9835);
        assert_eq!(b.labels.len(), 169);
        assert!(b.id("cream cheese ").is_some());
    }
}
