use super::ProductIdx;

impl super::Searcher {
    /// At most `limit` products for `text` that `keep` keeps, best first, and
    /// how many it keeps in all; an empty `text` lists every product `keep`
    /// keeps, in catalog order. (A simple stand-in: every match is found, then filtered.)
    pub fn search_filtered(
        &mut self,
        text: &str,
        limit: usize,
        keep: &dyn Fn(ProductIdx) -> bool,
    ) -> (Vec<ProductIdx>, usize) {
        let mut found: Vec<ProductIdx> = if text.trim().is_empty() {
            (0..self.len()).map(ProductIdx::new).filter(|&p| keep(p)).collect()
        } else {
            self.search(text, usize::MAX).into_iter().filter(|&p| keep(p)).collect()
        };
        let total = found.len();
        found.truncate(limit);
        (found, total)
    }
}
