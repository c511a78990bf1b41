//! The suggestion funnel: the till's raw events resolved into one row per
//! stage a suggestion reached, which is what `export-events` writes and what
//! every suggestion figure counts.
//!
//! A *suggestion* is one product in one list (cross-sell or upsell) for one
//! cart, in one place: a suggestion pane, or the checkout summary (which
//! lists the last add-ons the seller has not offered yet). Its stages:
//!
//! * **shown** — it was in a pane, or listed at checkout, at least once (one
//!   row, the first time);
//! * **offered** — the seller acted on it: added it (Enter in the pane, its
//!   key at checkout), swapped it in (an upgrade), or dismissed it with F8
//!   (one row, the last such action);
//! * **declined** — that last action was a dismissal;
//! * **accepted** — that last action was an add or a swap, and the product is
//!   in the cart's committed sale with some of it not taken back by a refund
//!   or void of the same period.
//!
//! An accepted or declined suggestion also has its offered row, and an
//! offered one normally its shown row.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;

use super::{EventRecord, RowKind, SaleRecord};
use crate::catalog::take_counts::Taken;
use crate::suggest::events::{EventKind, ListKind, Place};

/// How far a suggestion went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stage {
    Shown,
    Offered,
    Accepted,
    Declined,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Shown => "shown",
            Stage::Offered => "offered",
            Stage::Accepted => "accepted",
            Stage::Declined => "declined",
        }
    }
}

/// One stage of one suggestion, borrowing the events and sales it was
/// resolved from (a history of millions of events is not copied again).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FunnelRow<'a> {
    pub sale_id: Option<&'a str>,
    pub cart_id: &'a str,
    /// When: the event's time; for an accepted row, the sale's.
    pub at: &'a str,
    /// Who and where: the event's; for an accepted row, the sale's.
    pub terminal: &'a str,
    pub staff: &'a str,
    pub stage: Stage,
    pub list: ListKind,
    pub sku: &'a str,
    /// The cart item or product in focus it was suggested for.
    pub for_sku: &'a str,
    pub source: &'a str,
    pub rank: i64,
    /// A suggestion pane, or the checkout summary.
    pub place: Place,
}

/// How many of each (sale, SKU) the sales of `records` still hold after the
/// refunds and voids among `records`.
pub fn kept(records: &[SaleRecord]) -> HashMap<(&str, &str), i64> {
    let mut out: HashMap<(&str, &str), i64> = HashMap::default();
    for r in records {
        let sale = match r.kind {
            RowKind::Sale => r.id.as_str(),
            RowKind::Refund | RowKind::Void => match &r.refund_of {
                Some(of) => of.as_str(),
                None => continue,
            },
        };
        for l in &r.lines {
            *out.entry((sale, l.sku.as_str())).or_default() += r.kind.sign() * l.qty;
        }
    }
    out
}

/// One suggestion: (cart, list, place, SKU).
type Suggestion<'a> = (&'a str, ListKind, Place, &'a str);

/// What happened to one suggestion.
#[derive(Default)]
struct Track<'a> {
    first_shown: Option<&'a EventRecord>,
    last_offer: Option<&'a EventRecord>,
}

/// Resolves `events` into funnel rows, cart by cart in the order the carts
/// first appear, each cart's suggestions in the order they first appear.
/// `records` are the period's rows: the sales the carts became and the
/// refunds and voids that decide what was kept.
pub fn funnel<'a>(records: &'a [SaleRecord], events: &'a [EventRecord]) -> Vec<FunnelRow<'a>> {
    let sales: HashMap<&str, &SaleRecord> =
        records.iter().filter(|r| r.kind == RowKind::Sale).map(|r| (r.id.as_str(), r)).collect();
    let kept = kept(records);
    let mut carts: HashMap<&str, usize> = HashMap::default();
    let mut order: Vec<(usize, usize, Suggestion<'_>)> = Vec::new();
    let mut tracks: HashMap<Suggestion<'_>, Track<'_>> = HashMap::default();
    for e in events {
        let key = (e.cart_id.as_str(), e.list, e.place, e.sku.as_str());
        let n = carts.len();
        let cart = *carts.entry(key.0).or_insert(n);
        let track = tracks.entry(key).or_insert_with(|| {
            order.push((cart, order.len(), key));
            Track::default()
        });
        match e.event {
            EventKind::Shown => {
                track.first_shown.get_or_insert(e);
            }
            EventKind::Added | EventKind::Swapped | EventKind::Dismissed => track.last_offer = Some(e),
        }
    }
    order.sort_unstable_by_key(|&(cart, seq, _)| (cart, seq));
    let mut out = Vec::new();
    for (_, _, key) in order {
        let track = &tracks[&key];
        let row = |e: &'a EventRecord, stage: Stage| FunnelRow {
            sale_id: e.sale_id.as_deref(),
            cart_id: &e.cart_id,
            at: &e.at,
            terminal: &e.terminal,
            staff: &e.staff,
            stage,
            list: e.list,
            sku: &e.sku,
            for_sku: &e.anchor_sku,
            source: &e.source,
            rank: e.rank,
            place: e.place,
        };
        if let Some(e) = track.first_shown {
            out.push(row(e, Stage::Shown));
        }
        let Some(offer) = track.last_offer else { continue };
        out.push(row(offer, Stage::Offered));
        if offer.event == EventKind::Dismissed {
            out.push(row(offer, Stage::Declined));
            continue;
        }
        let sale = offer.sale_id.as_deref().and_then(|id| sales.get(id));
        if let Some(sale) = sale
            && kept.get(&(sale.id.as_str(), offer.sku.as_str())).is_some_and(|&q| q > 0)
        {
            out.push(FunnelRow {
                at: &sale.completed_at,
                terminal: &sale.terminal,
                staff: &sale.staff,
                ..row(offer, Stage::Accepted)
            });
        }
    }
    out
}

/// What the ranking learns from: per (list, cart item or product in focus,
/// suggestion), how many times it was offered and how many times accepted,
/// as the funnel rows count them.
pub fn take_counts<'a>(rows: &[FunnelRow<'a>]) -> BTreeMap<(ListKind, &'a str, &'a str), Taken> {
    let mut out: BTreeMap<(ListKind, &str, &str), Taken> = BTreeMap::new();
    for r in rows {
        let taken = match r.stage {
            Stage::Offered => Taken { offered: 1, accepted: 0 },
            Stage::Accepted => Taken { offered: 0, accepted: 1 },
            Stage::Shown | Stage::Declined => continue,
        };
        out.entry((r.list, r.for_sku, r.sku)).or_default().add(taken);
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::money::Money;
    use crate::reports::LineRecord;

    pub(crate) fn ev(
        cart: &str,
        sale: Option<&str>,
        list: ListKind,
        event: EventKind,
        sku: &str,
    ) -> EventRecord {
        EventRecord {
            cart_id: cart.into(),
            sale_id: sale.map(String::from),
            at: "2026-11-26T10:00:00.000Z".into(),
            terminal: "T1".into(),
            staff: "ann".into(),
            list,
            event,
            anchor_sku: "PH".into(),
            sku: sku.into(),
            source: "curated".into(),
            rank: 1,
            place: Place::Pane,
        }
    }

    pub(crate) fn sale(id: &str, kind: RowKind, of: Option<&str>, lines: &[(&str, i64, i64)]) -> SaleRecord {
        SaleRecord {
            id: id.into(),
            kind,
            refund_of: of.map(String::from),
            completed_at: "2026-11-26T10:05:00.000Z".into(),
            terminal: "T2".into(),
            staff: "bob".into(),
            shift: String::new(),
            total: Money(lines.iter().map(|l| l.2).sum()),
            tax: Money::ZERO,
            discount: Money::ZERO,
            bundle_savings: Money::ZERO,
            lines: lines
                .iter()
                .map(|&(sku, qty, total)| LineRecord {
                    sku: sku.into(),
                    qty,
                    line_total: Money(total),
                    cost: None,
                })
                .collect(),
        }
    }

    fn stages(rows: &[FunnelRow<'_>], sku: &str) -> Vec<Stage> {
        rows.iter().filter(|r| r.sku == sku).map(|r| r.stage).collect()
    }

    use EventKind::{Added, Dismissed, Shown, Swapped};
    use ListKind::{CrossSell, Upsell};

    #[test]
    fn a_suggestion_shown_twice_added_and_sold_is_shown_offered_and_accepted_once() {
        let sales = [sale("S1", RowKind::Sale, None, &[("PH", 1, 600), ("CASE", 1, 20)])];
        let events = [
            ev("c1", Some("S1"), CrossSell, Shown, "CASE"),
            ev("c1", Some("S1"), CrossSell, Shown, "CASE"),
            ev("c1", Some("S1"), CrossSell, Shown, "CHG"),
            ev("c1", Some("S1"), CrossSell, Added, "CASE"),
        ];
        let rows = funnel(&sales, &events);
        assert_eq!(stages(&rows, "CASE"), [Stage::Shown, Stage::Offered, Stage::Accepted]);
        assert_eq!(stages(&rows, "CHG"), [Stage::Shown]);
        let accepted = rows.iter().find(|r| r.stage == Stage::Accepted).unwrap();
        // Accepted when and where the sale was made.
        assert_eq!((accepted.at, accepted.staff), ("2026-11-26T10:05:00.000Z", "bob"));
    }

    #[test]
    fn a_dismissal_is_a_decline_and_the_last_action_decides() {
        let sales = [sale("S1", RowKind::Sale, None, &[("PH", 1, 600), ("CASE", 1, 20)])];
        let events = [
            ev("c1", Some("S1"), CrossSell, Shown, "CASE"),
            ev("c1", Some("S1"), CrossSell, Dismissed, "CHG"),
            // Taken, then the customer changed their mind, then taken again.
            ev("c1", Some("S1"), CrossSell, Added, "CASE"),
            ev("c1", Some("S1"), CrossSell, Dismissed, "CASE"),
            ev("c1", Some("S1"), CrossSell, Added, "CASE"),
        ];
        let rows = funnel(&sales, &events);
        assert_eq!(stages(&rows, "CHG"), [Stage::Offered, Stage::Declined]);
        assert_eq!(stages(&rows, "CASE"), [Stage::Shown, Stage::Offered, Stage::Accepted]);
    }

    #[test]
    fn added_but_not_in_the_sale_or_given_back_is_offered_only() {
        let sales = [
            sale("S1", RowKind::Sale, None, &[("PH", 1, 600), ("CASE", 1, 20), ("PH-256", 1, 700)]),
            sale("R1", RowKind::Refund, Some("S1"), &[("CASE", 1, -20)]),
        ];
        let events = [
            ev("c1", Some("S1"), CrossSell, Added, "CASE"),
            ev("c1", Some("S1"), CrossSell, Added, "CABLE"),
            ev("c1", Some("S1"), Upsell, Swapped, "PH-256"),
            ev("c2", None, CrossSell, Added, "CASE"),
        ];
        let rows = funnel(&sales, &events);
        assert_eq!(stages(&rows, "CABLE"), [Stage::Offered]);
        assert_eq!(
            stages(&rows, "CASE"),
            [Stage::Offered, Stage::Offered],
            "refunded, and a cart never sold"
        );
        assert_eq!(stages(&rows, "PH-256"), [Stage::Offered, Stage::Accepted]);
    }

    #[test]
    fn an_add_on_shown_in_the_pane_and_taken_at_checkout_is_two_suggestions_each_in_its_place() {
        let sales = [sale("S1", RowKind::Sale, None, &[("PH", 1, 600), ("CASE", 1, 20)])];
        let at_checkout = |e: EventRecord| EventRecord { place: Place::Checkout, ..e };
        let events = [
            ev("c1", Some("S1"), CrossSell, Shown, "CASE"),
            at_checkout(ev("c1", Some("S1"), CrossSell, Shown, "CASE")),
            at_checkout(ev("c1", Some("S1"), CrossSell, Shown, "CASE")),
            at_checkout(ev("c1", Some("S1"), CrossSell, Added, "CASE")),
        ];
        let rows = funnel(&sales, &events);
        let got: Vec<(Place, Stage)> = rows.iter().map(|r| (r.place, r.stage)).collect();
        assert_eq!(
            got,
            [
                (Place::Pane, Stage::Shown),
                (Place::Checkout, Stage::Shown),
                (Place::Checkout, Stage::Offered),
                (Place::Checkout, Stage::Accepted)
            ]
        );
    }

    #[test]
    fn the_same_product_in_both_lists_is_two_suggestions() {
        let sales = [sale("S1", RowKind::Sale, None, &[("PH-256", 1, 700)])];
        let events =
            [ev("c1", Some("S1"), CrossSell, Shown, "PH-256"), ev("c1", Some("S1"), Upsell, Shown, "PH-256")];
        let rows = funnel(&sales, &events);
        assert_eq!(rows.iter().map(|r| r.list).collect::<Vec<_>>(), [CrossSell, Upsell]);
    }

    #[test]
    fn take_counts_count_offers_and_acceptances_per_item_and_suggestion() {
        let sales = [
            sale("S1", RowKind::Sale, None, &[("PH", 1, 600), ("CASE", 1, 20)]),
            sale("S2", RowKind::Sale, None, &[("PH", 1, 600)]),
        ];
        let events = [
            ev("c1", Some("S1"), CrossSell, Shown, "CASE"),
            ev("c1", Some("S1"), CrossSell, Added, "CASE"),
            ev("c1", Some("S1"), CrossSell, Dismissed, "CHG"),
            ev("c2", Some("S2"), CrossSell, Dismissed, "CASE"),
            ev("c2", Some("S2"), CrossSell, Shown, "CHG"),
            ev("c2", Some("S2"), Upsell, Dismissed, "PH-256"),
        ];
        let rows = funnel(&sales, &events);
        let counts = take_counts(&rows);
        let got = |list, sku| counts.get(&(list, "PH", sku)).copied();
        assert_eq!(got(CrossSell, "CASE"), Some(Taken { offered: 2, accepted: 1 }));
        assert_eq!(got(CrossSell, "CHG"), Some(Taken { offered: 1, accepted: 0 }), "shown is not offered");
        assert_eq!(got(Upsell, "PH-256"), Some(Taken { offered: 1, accepted: 0 }));
        assert_eq!(counts.len(), 3);
    }
}
