//! Training records (scenario sessions and drills) and the sales history a
//! drill is played on. Recording touches only `training_results`: never a
//! sale, stock, a suggestion event, a cart or the rules.

use rusqlite::params;

use super::{Result, Store, StoreError, now_iso};

/// What was practised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TrainingKind {
    /// A selling session with a simulated customer.
    Scenario,
    /// A drill on real baskets ("what would you offer next?").
    Drill,
}

impl TrainingKind {
    /// Its name in the database and in reports: "scenario", "drill".
    pub fn as_str(self) -> &'static str {
        match self {
            TrainingKind::Scenario => "scenario",
            TrainingKind::Drill => "drill",
        }
    }

    fn parse(s: &str) -> Option<TrainingKind> {
        match s {
            "scenario" => Some(TrainingKind::Scenario),
            "drill" => Some(TrainingKind::Drill),
            _ => None,
        }
    }
}

/// One scenario session or drill.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrainingRecord {
    /// When it ended, UTC ISO 8601 as every table stores it; left empty when
    /// recording, the store stamps the current time.
    pub at: String,
    /// A staff id, or a plain name.
    pub trainee: String,
    pub kind: TrainingKind,
    /// The scenario's id, or what a drill was played on.
    pub scenario: String,
    pub score: u32,
    pub max_score: u32,
    /// The scenario rubric's tier ("Gold"…); drills have none.
    pub tier: Option<String>,
    /// Scenarios: the scorecard (`{"total":..,"tier":..,"parts":[..],
    /// "feedback":[..]}`); drills: `{"rounds":[..]}`.
    pub details_json: String,
}

impl Store {
    /// Stores a training record in one short transaction and returns the time
    /// it was stored at (`rec.at`, or now when that is empty). The trainee's
    /// staff id is kept too when the trainee is a member of staff.
    pub fn record_training(&mut self, rec: &TrainingRecord) -> Result<String> {
        if rec.score > rec.max_score {
            return Err(StoreError::Invalid(format!(
                "training score {} is more than its maximum {}",
                rec.score, rec.max_score
            )));
        }
        if serde_json::from_str::<serde_json::Value>(&rec.details_json).is_err() {
            return Err(StoreError::Invalid("training details are not JSON".into()));
        }
        self.write(|tx| {
            let at = if rec.at.is_empty() { now_iso(tx)? } else { rec.at.clone() };
            tx.prepare_cached(
                "INSERT INTO training_results (at, staff_id, trainee, kind, scenario, score, max_score, tier, details) \
                 VALUES (?1, (SELECT id FROM staff WHERE id = ?2), ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                at,
                rec.trainee,
                rec.kind.as_str(),
                rec.scenario,
                rec.score,
                rec.max_score,
                rec.tier,
                rec.details_json
            ])?;
            Ok(at)
        })
    }

    /// Every training record, or one trainee's, by trainee then time.
    pub fn training_records(&self, trainee: Option<&str>) -> Result<Vec<TrainingRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT at, trainee, kind, scenario, score, max_score, tier, details FROM training_results \
             WHERE ?1 IS NULL OR trainee = ?1 ORDER BY trainee, at, id",
        )?;
        let rows = stmt.query_map([trainee], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, u32>(4)?,
                r.get::<_, u32>(5)?,
                r.get::<_, Option<String>>(6)?,
                r.get::<_, String>(7)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (at, trainee, kind, scenario, score, max_score, tier, details_json) = row?;
            let kind = TrainingKind::parse(&kind)
                .ok_or_else(|| StoreError::Invalid(format!("training record of unknown kind `{kind}`")))?;
            out.push(TrainingRecord { at, trainee, kind, scenario, score, max_score, tier, details_json });
        }
        Ok(out)
    }

    /// The name of a member of staff, when `id` is one.
    pub fn staff_name(&self, id: &str) -> Result<Option<String>> {
        Ok(self.staff(id)?.map(|s| s.name))
    }

    /// The real sales history as basket lines for a drill: each sale's
    /// distinct SKUs in line order, oldest sale first (sales in the same
    /// millisecond in the order they were written). Only sales: no
    /// training, no refunds, and no sale that was voided (rung up by
    /// mistake, so nobody bought it).
    pub fn sale_baskets(&self) -> Result<Vec<Vec<String>>> {
        let mut stmt = self.conn.prepare(
            "SELECT l.sale_id, l.sku FROM sales s JOIN sale_lines l ON l.sale_id = s.id \
             WHERE s.kind = 'sale' \
             AND NOT EXISTS (SELECT 1 FROM sales v WHERE v.refund_of = s.id AND v.void = 1) \
             ORDER BY s.completed_at, s.rowid, l.line_no",
        )?;
        let mut rows = stmt.query([])?;
        let mut out: Vec<Vec<String>> = Vec::new();
        let mut current = String::new();
        while let Some(r) = rows.next()? {
            let sale = r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
            let sku: String = r.get(1)?;
            if sale != current || out.is_empty() {
                out.push(Vec::new());
                current.clear();
                current.push_str(sale);
            }
            if let Some(b) = out.last_mut()
                && !b.contains(&sku)
            {
                b.push(sku);
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("t.db")).unwrap();
        (dir, store)
    }

    fn record(trainee: &str, kind: TrainingKind, at: &str, score: u32) -> TrainingRecord {
        TrainingRecord {
            at: at.into(),
            trainee: trainee.into(),
            kind,
            scenario: "first-phone".into(),
            score,
            max_score: 100,
            tier: (kind == TrainingKind::Scenario).then(|| "Gold".to_string()),
            details_json: "{}".into(),
        }
    }

    /// Adds a sale (and its lines) straight in SQL: `kind`, `void` of a reversal.
    fn sale(store: &Store, id: &str, at: &str, kind: &str, skus: &[&str]) {
        let c = store.conn();
        c.execute(
            "INSERT INTO sales (id, kind, terminal, completed_at, currency, subtotal, tax, total, line_count) \
             VALUES (?1, ?2, 'T1', ?3, 'USD', 100, 0, 100, ?4)",
            params![id, kind, at, skus.len()],
        )
        .unwrap();
        for (i, sku) in skus.iter().enumerate() {
            c.execute(
                "INSERT INTO sale_lines (sale_id, line_no, sku, name, qty, unit_price, list_price, line_total, origin) \
                 VALUES (?1, ?2, ?3, ?3, 1, 100, 100, 100, 'scan')",
                params![id, i + 1, sku],
            )
            .unwrap();
        }
    }

    #[test]
    fn records_come_back_per_trainee_in_time_order_with_their_staff_id() {
        let (_d, mut store) = store();
        store.ensure_staff("ana", "Ana Ruiz").unwrap();
        store.record_training(&record("ana", TrainingKind::Drill, "2026-01-02T10:00:00.000Z", 3)).unwrap();
        store
            .record_training(&record("ana", TrainingKind::Scenario, "2026-01-01T10:00:00.000Z", 80))
            .unwrap();
        let now = store.record_training(&record("Bob Smith", TrainingKind::Scenario, "", 40)).unwrap();
        assert!(now.ends_with('Z') && now.len() == 24, "{now}");
        let all = store.training_records(None).unwrap();
        let seen: Vec<(&str, u32)> = all.iter().map(|r| (r.trainee.as_str(), r.score)).collect();
        assert_eq!(seen, [("Bob Smith", 40), ("ana", 80), ("ana", 3)]);
        assert_eq!(all[1].tier.as_deref(), Some("Gold"));
        assert_eq!(all[2].kind, TrainingKind::Drill);
        assert_eq!(all[2].tier, None);
        assert_eq!(store.training_records(Some("Bob Smith")).unwrap().len(), 1);
        let staff_ids: Vec<Option<String>> = store
            .conn()
            .prepare("SELECT staff_id FROM training_results ORDER BY trainee")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert_eq!(staff_ids, [None, Some("ana".to_string()), Some("ana".to_string())]);
    }

    #[test]
    fn results_stored_before_version_7_keep_their_staff_member_as_trainee() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        let mut old = Store { conn: rusqlite::Connection::open(&path).unwrap(), path: path.clone() };
        old.migrate_to(6).unwrap();
        old.conn
            .execute(
                "INSERT INTO training_results (at, staff_id, scenario, score, max_score) \
                 VALUES ('2025-01-01T00:00:00.000Z', 'ana', 'first-phone', 7, 10)",
                [],
            )
            .unwrap();
        drop(old);
        let store = Store::open(&path).unwrap();
        let got = store.training_records(Some("ana")).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!((got[0].kind, got[0].score, got[0].tier.as_deref()), (TrainingKind::Scenario, 7, None));
    }

    #[test]
    fn a_bad_record_is_refused_and_nothing_is_stored() {
        let (_d, mut store) = store();
        let mut r = record("ana", TrainingKind::Drill, "", 3);
        r.max_score = 2;
        assert!(store.record_training(&r).unwrap_err().to_string().contains("more than its maximum"));
        r.max_score = 3;
        r.details_json = "{".into();
        assert!(store.record_training(&r).is_err());
        assert!(store.training_records(None).unwrap().is_empty());
    }

    #[test]
    fn recording_training_leaves_sales_stock_events_carts_and_rules_alone() {
        let (_d, mut store) = store();
        crate::app::load_demo(&mut store, &crate::money::Currency::usd()).unwrap();
        sale(&store, "S1", "2026-01-01T10:00:00.000Z", "sale", &["A", "B"]);
        let snapshot = |s: &Store| -> Vec<String> {
            [
                "SELECT group_concat(id || kind || total) FROM sales",
                "SELECT group_concat(sale_id || sku || qty) FROM sale_lines",
                "SELECT group_concat(sku || stock) FROM products",
                "SELECT count(*) FROM suggestion_events",
                "SELECT count(*) FROM carts",
                "SELECT count(*) FROM rules",
                "SELECT value FROM meta",
            ]
            .iter()
            .map(|q| s.conn().query_row(q, [], |r| r.get::<_, Option<rusqlite::types::Value>>(0)).unwrap())
            .map(|v| format!("{v:?}"))
            .collect()
        };
        let before = snapshot(&store);
        for kind in [TrainingKind::Scenario, TrainingKind::Drill] {
            store.record_training(&record("ana", kind, "", 5)).unwrap();
        }
        assert_eq!(snapshot(&store), before);
        assert_eq!(store.training_records(None).unwrap().len(), 2);
    }

    #[test]
    fn sale_baskets_are_real_sales_oldest_first_without_refunds_training_or_voids() {
        let (_d, store) = store();
        sale(&store, "S2", "2026-01-02T10:00:00.000Z", "sale", &["C", "A", "C"]);
        sale(&store, "S1", "2026-01-01T10:00:00.000Z", "sale", &["A", "B"]);
        sale(&store, "T1", "2026-01-01T11:00:00.000Z", "training", &["X", "Y"]);
        sale(&store, "S3", "2026-01-03T10:00:00.000Z", "sale", &["D", "E"]);
        sale(&store, "R1", "2026-01-03T11:00:00.000Z", "refund", &["A"]);
        sale(&store, "V1", "2026-01-03T12:00:00.000Z", "refund", &["D", "E"]);
        store.conn().execute("UPDATE sales SET refund_of = 'S1' WHERE id = 'R1'", []).unwrap();
        store.conn().execute("UPDATE sales SET refund_of = 'S3', void = 1 WHERE id = 'V1'", []).unwrap();
        // Two sales in the same millisecond: in the order they were written.
        sale(&store, "Z9", "2026-01-04T10:00:00.000Z", "sale", &["F", "G"]);
        sale(&store, "A0", "2026-01-04T10:00:00.000Z", "sale", &["H"]);
        let got = store.sale_baskets().unwrap();
        assert_eq!(got, [vec!["A", "B"], vec!["C", "A"], vec!["F", "G"], vec!["H"]]);
    }
}
