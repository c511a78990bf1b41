//! Association rules: a rule set replaced atomically, read back for the
//! `rules` command and attached to the catalog for the `mined` source.
#![allow(clippy::disallowed_types, reason = "support, confidence and lift are ratios, not money")]

use rusqlite::{OptionalExtension, params};

use super::{Result, Store, StoreError, now_iso};

/// A rule as stored, with SKUs.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRule {
    /// Sorted SKUs.
    pub antecedent: Vec<String>,
    pub consequent: String,
    pub count: u64,
    pub antecedent_count: u64,
    pub consequent_count: u64,
    pub support: f64,
    pub confidence: f64,
    pub lift: f64,
}

/// Where a rule set came from and how it was made.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleSetInfo {
    pub origin: &'static str,
    pub baskets: u64,
    pub min_support: Option<f64>,
    pub min_confidence: Option<f64>,
    pub min_lift: Option<f64>,
    /// Free-form parameters as JSON (max antecedent, since, source file...).
    pub params: String,
    /// Whether the counts were counted (mined here, or imported with counts
    /// or a basket total); when not, they are proportional stand-ins for
    /// ranking and are never shown.
    pub counted: bool,
}

/// The stored rule set, described.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleSetSummary {
    pub created_at: String,
    pub origin: String,
    pub baskets: u64,
    pub rules: u64,
    pub params: String,
    /// See [`RuleSetInfo::counted`].
    pub counted: bool,
}

/// The separator between SKUs in the stored antecedent text.
const SEP: &str = "\u{1f}";

impl Store {
    /// Replaces the stored rules with `rules` in one transaction. Rules naming
    /// a SKU the catalog does not have are skipped; returns (stored, skipped).
    /// When every rule is skipped nothing changes: the stored rules are kept
    /// and the error says why.
    pub fn replace_rules(&mut self, info: &RuleSetInfo, rules: &[StoredRule]) -> Result<(usize, usize)> {
        self.write(|tx| {
            let now = now_iso(tx)?;
            tx.execute("DELETE FROM rule_sets", [])?;
            tx.prepare_cached(
                "INSERT INTO rule_sets (created_at, origin, baskets, min_support, min_confidence, min_lift, params, counted) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                now,
                info.origin,
                info.baskets as i64,
                info.min_support,
                info.min_confidence,
                info.min_lift,
                info.params,
                i64::from(info.counted)
            ])?;
            let set = tx.last_insert_rowid();
            let mut id_of = tx.prepare_cached("SELECT id FROM products WHERE sku = ?1")?;
            let mut insert = tx.prepare_cached(
                "INSERT INTO rules (rule_set_id, antecedent, consequent_id, count, antecedent_count, consequent_count, \
                 support, confidence, lift) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            let mut item = tx.prepare_cached("INSERT OR IGNORE INTO rule_antecedents (rule_id, product_id) VALUES (?1, ?2)")?;
            let (mut stored, mut skipped) = (0, 0);
            let mut unknown: Option<&str> = None;
            'rules: for r in rules {
                let Some(consequent) = id_of.query_row([&r.consequent], |row| row.get::<_, i64>(0)).optional()? else {
                    skipped += 1;
                    unknown.get_or_insert(&r.consequent);
                    continue;
                };
                let mut ante = Vec::with_capacity(r.antecedent.len());
                for sku in &r.antecedent {
                    match id_of.query_row([sku], |row| row.get::<_, i64>(0)).optional()? {
                        Some(id) => ante.push(id),
                        None => {
                            skipped += 1;
                            unknown.get_or_insert(sku);
                            continue 'rules;
                        }
                    }
                }
                insert.execute(params![
                    set,
                    r.antecedent.join(SEP),
                    consequent,
                    r.count as i64,
                    r.antecedent_count.max(r.count) as i64,
                    r.consequent_count.max(r.count) as i64,
                    r.support.clamp(0.0, 1.0),
                    r.confidence.clamp(0.0, 1.0),
                    r.lift.max(0.0)
                ])?;
                let rule = tx.last_insert_rowid();
                for id in ante {
                    item.execute(params![rule, id])?;
                }
                stored += 1;
            }
            if stored == 0 && skipped > 0 {
                // Returning an error rolls the transaction back.
                return Err(StoreError::NoRuleKept { read: rules.len(), example: unknown.unwrap_or_default().to_string() });
            }
            super::bump_catalog_version(tx)?;
            Ok((stored, skipped))
        })
    }

    /// The stored rules, strongest first (lift, then confidence, then count).
    pub fn rules(&self, top: Option<usize>) -> Result<Vec<StoredRule>> {
        let mut stmt = self.conn.prepare(
            "SELECT r.antecedent, p.sku, r.count, r.antecedent_count, r.consequent_count, r.support, r.confidence, r.lift \
             FROM rules r JOIN products p ON p.id = r.consequent_id \
             ORDER BY r.lift DESC, r.confidence DESC, r.count DESC, r.antecedent, p.sku LIMIT ?1",
        )?;
        let limit = top.map_or(-1, |t| t as i64);
        let rows = stmt.query_map([limit], |r| {
            Ok(StoredRule {
                antecedent: r.get::<_, String>(0)?.split(SEP).map(String::from).collect(),
                consequent: r.get(1)?,
                count: r.get::<_, i64>(2)? as u64,
                antecedent_count: r.get::<_, i64>(3)? as u64,
                consequent_count: r.get::<_, i64>(4)? as u64,
                support: r.get(5)?,
                confidence: r.get(6)?,
                lift: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// What the stored rule set is, if there is one.
    pub fn rule_set(&self) -> Result<Option<RuleSetSummary>> {
        Ok(self
            .conn
            .query_row(
                "SELECT created_at, origin, baskets, (SELECT count(*) FROM rules), params, counted FROM rule_sets ORDER BY id DESC LIMIT 1",
                [],
                |r| {
                    Ok(RuleSetSummary {
                        created_at: r.get(0)?,
                        origin: r.get(1)?,
                        baskets: r.get::<_, i64>(2)? as u64,
                        rules: r.get::<_, i64>(3)? as u64,
                        params: r.get(4)?,
                        counted: r.get::<_, i64>(5)? != 0,
                    })
                },
            )
            .optional()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(antecedent: &str, consequent: &str) -> StoredRule {
        StoredRule {
            antecedent: vec![antecedent.to_string()],
            consequent: consequent.to_string(),
            count: 5,
            antecedent_count: 10,
            consequent_count: 10,
            support: 0.05,
            confidence: 0.5,
            lift: 2.0,
        }
    }

    fn info() -> RuleSetInfo {
        RuleSetInfo {
            origin: "imported",
            baskets: 100,
            min_support: None,
            min_confidence: None,
            min_lift: None,
            params: "{}".into(),
            counted: true,
        }
    }

    #[test]
    fn a_rule_set_whose_every_rule_is_skipped_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("r.db")).unwrap();
        store.conn().execute("INSERT INTO categories (id, path) VALUES (1, 'Phones')", []).unwrap();
        store
            .conn()
            .execute(
                "INSERT INTO products (sku, name, category_id, price) VALUES ('A', 'A', 1, 100), ('B', 'B', 1, 100)",
                [],
            )
            .unwrap();
        assert_eq!(store.replace_rules(&info(), &[rule("A", "B"), rule("X", "B")]).unwrap(), (1, 1));
        let version = store.catalog_version().unwrap();
        let err = store.replace_rules(&info(), &[rule("X", "B"), rule("A", "Y")]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "read 2 rules, all skipped: they name SKUs this catalog does not have (such as `X`); the stored rules are kept"
        );
        assert_eq!(store.rules(None).unwrap(), [rule("A", "B")]);
        assert_eq!(store.catalog_version().unwrap(), version, "nothing changed, nothing to reload");
        // An empty set is a choice (mining found nothing), not a mistake.
        assert_eq!(store.replace_rules(&info(), &[]).unwrap(), (0, 0));
    }
}
