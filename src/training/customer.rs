//! The simulated customer: a pure state machine for one role-play,
//! deterministic for a seed (the same calls with the same seed give the same
//! options and the same lines).
//!
//! How the selling screen drives it:
//!
//! 1. [`Session::new`], show [`Session::opening`]; set the cart's budget to
//!    [`Session::budget`] (a returned item's credit included).
//! 2. For each product the trainee puts in the cart, ask [`Session::role`]:
//!    a [`Role::Want`] added is simply taken (it is what they came for);
//!    anything else, and every upgrade swapped in, is an offer:
//!    [`Session::offer`] returns three talking points ([`Pick`]), the
//!    trainee picks one, [`Session::answer`] gives the customer's
//!    [`Reaction`]. A declined offer is taken out of the cart (a declined
//!    upgrade swapped back).
//! 3. At checkout, [`Session::objection`] and [`Session::answer_objection`]
//!    until no objection is left, then [`Session::finish`] with the cart and
//!    what the customer pays.
//!
//! The customer takes an offer when it is one of the things they would
//! take (`accepts`, an upgrade only in place of what they came for), they
//! do not have one of that kind yet, it was not offered before, and what
//! they would pay after it (tax included) stays within the budget. Each
//! declined offer, and each wrong answer to an objection, costs one
//! patience; at zero they walk away and the session is over. Which talking
//! point the trainee picks never changes the outcome, only the line and the
//! score. Every decision is recorded for the scorecard ([`Session::offers`],
//! [`Session::objection_answers`], [`Session::ending`]).

use std::sync::Arc;

use super::scenario::Scenario;
use crate::catalog::{Catalog, ProductIdx};
use crate::money::Money;
use crate::rng::Rng;

mod options;
#[cfg(test)]
mod tests;

use options::distractors;

/// What a product is to this customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// What they came for: not an offer.
    Want,
    /// One of the things they would take, with what they say when they do.
    Accepts { says: String, upgrade: bool },
    /// Not something they need.
    Irrelevant,
}

/// How the product reached the cart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfferKind {
    /// An extra, next to what is in the cart ("Goes well with").
    AddOn,
    /// In place of `from` ("Upgrade options", swapped in).
    Upgrade { from: ProductIdx },
}

/// The three talking points the trainee chooses from for an offer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pick {
    pub options: [String; 3],
}

/// What the customer did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Takes,
    Declines,
    /// Out of patience: the session is over.
    WalksAway,
}

/// The customer's answer: what they did and what they say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reaction {
    pub outcome: Outcome,
    pub says: String,
}

/// A doubt raised at checkout, with three replies to choose from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectionPrompt {
    pub says: String,
    pub options: [String; 3],
}

/// Why an offer was taken or declined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Taken,
    /// It would have taken what they pay over the budget.
    OverBudget,
    /// Not one of the things they would take (or an upgrade offered as an extra).
    NotNeeded,
    /// They had taken one of that kind already (a second case).
    HasOne,
    /// The same product was offered before.
    Repeat,
}

/// One offer, as the scorecard reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferRecord {
    pub product: ProductIdx,
    pub sku: String,
    pub name: String,
    pub kind: OfferKind,
    /// What it adds at shelf price: its price, or the step up for an upgrade.
    pub added: Money,
    /// What the customer would pay with it, tax included (as the till said).
    pub total_after: Money,
    /// The scenario's accept entry it matched, when it matched one.
    pub entry: Option<usize>,
    pub verdict: Verdict,
    /// The talking point the till shows for it, and whether the trainee picked it.
    pub right_point: String,
    pub picked_right: bool,
}

impl OfferRecord {
    /// Whether it was offered in place of something in the cart.
    pub fn is_upgrade(&self) -> bool {
        matches!(self.kind, OfferKind::Upgrade { .. })
    }
}

/// One answered objection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectionRecord {
    /// Its index in the scenario's objections.
    pub index: usize,
    pub right: bool,
}

/// What the customer's patience ran out on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LastStraw {
    /// The offer at this index of [`Session::offers`].
    Offer(usize),
    /// The objection at this index of the scenario's objections.
    Objection(usize),
}

/// How a session ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ending {
    /// They paid `total` (tax included) for `cart`.
    Sale {
        cart: Vec<(ProductIdx, i64)>,
        total: Money,
    },
    WalkedAway {
        after: LastStraw,
    },
}

/// An offer waiting for the trainee's talking-point pick.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Pending {
    record: OfferRecord,
    right: usize,
    says: Option<String>,
}

/// An objection waiting for the trainee's reply.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Asked {
    index: usize,
    prompt: ObjectionPrompt,
    right: usize,
}

/// One role-play with one simulated customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    scenario: Arc<Scenario>,
    rng: Rng,
    patience: u8,
    pending: Option<Pending>,
    offers: Vec<OfferRecord>,
    asked: Option<Asked>,
    objections: Vec<ObjectionRecord>,
    ending: Option<Ending>,
    last_decline: Option<usize>,
}

impl Session {
    /// A customer from `scenario` (validated against the catalog), whose
    /// choices of options and lines follow `seed`.
    pub fn new(scenario: Arc<Scenario>, seed: u64) -> Session {
        let patience = scenario.patience;
        Session {
            scenario,
            rng: Rng::new(seed),
            patience,
            pending: None,
            offers: Vec::new(),
            asked: None,
            objections: Vec::new(),
            ending: None,
            last_decline: None,
        }
    }

    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// What the customer says first.
    pub fn opening(&self) -> &str {
        &self.scenario.customer.opening
    }

    /// What they will pay at most, tax included: the budget plus the credit
    /// for an item they brought back.
    pub fn budget(&self) -> Money {
        self.scenario.budget_with_credit()
    }

    /// Poor offers left before they walk away.
    pub fn patience_left(&self) -> u8 {
        self.patience
    }

    /// Whether the session has ended (a sale, or they walked away).
    pub fn is_over(&self) -> bool {
        self.ending.is_some()
    }

    pub fn ending(&self) -> Option<&Ending> {
        self.ending.as_ref()
    }

    /// Every answered offer, in order.
    pub fn offers(&self) -> &[OfferRecord] {
        &self.offers
    }

    /// Every answered objection, in order.
    pub fn objection_answers(&self) -> &[ObjectionRecord] {
        &self.objections
    }

    /// What `p` is to this customer. Wants come first: what they came for,
    /// added to the cart, is not an offer.
    pub fn role(&self, catalog: &Catalog, p: ProductIdx) -> Role {
        if self.scenario.wants.matches(catalog, p) {
            return Role::Want;
        }
        match self.scenario.accept_for(catalog, p) {
            Some((_, a)) => Role::Accepts { says: a.says.clone(), upgrade: a.upgrade },
            None => Role::Irrelevant,
        }
    }

    /// The trainee put `p` in the cart as `kind`; `right_point` is the
    /// talking point the till shows for it and `total_after` what the
    /// customer would pay with it (tax included). Returns the three talking
    /// points to choose from — the right one at a seeded position and two
    /// from other products — or `None` when there is nothing to ask: `p`,
    /// added as an extra, is what they came for, or the session is over. An
    /// upgrade is always an offer, even to another product they could have
    /// come for: they take it only when it is one of their `upgrade` accepts.
    /// A new offer replaces one still waiting for its answer.
    pub fn offer(
        &mut self,
        catalog: &Catalog,
        p: ProductIdx,
        kind: OfferKind,
        right_point: &str,
        total_after: Money,
    ) -> Option<Pick> {
        if self.is_over() || (kind == OfferKind::AddOn && self.scenario.wants.matches(catalog, p)) {
            return None;
        }
        let product = catalog.product(p);
        let added = match kind {
            OfferKind::AddOn => product.price,
            OfferKind::Upgrade { from } => product.price - catalog.product(from).price,
        };
        let entry = self.scenario.accept_for(catalog, p);
        let (verdict, says) = self.verdict(p, kind, entry, total_after);
        let right_point = right_point.trim().to_string();
        let wrong = distractors(catalog, p, &right_point, &mut self.rng);
        let right = self.rng.below(3);
        let mut wrong = wrong.into_iter();
        let options: [String; 3] = std::array::from_fn(|i| {
            if i == right { right_point.clone() } else { wrong.next().unwrap_or_default() }
        });
        let record = OfferRecord {
            product: p,
            sku: product.sku.clone(),
            name: product.name.clone(),
            kind,
            added,
            total_after,
            entry: entry.map(|(i, _)| i),
            verdict,
            right_point,
            picked_right: false,
        };
        self.pending = Some(Pending { record, right, says });
        Some(Pick { options })
    }

    fn verdict(
        &self,
        p: ProductIdx,
        kind: OfferKind,
        entry: Option<(usize, &super::scenario::Accept)>,
        total_after: Money,
    ) -> (Verdict, Option<String>) {
        if self.offers.iter().any(|o| o.product == p) {
            return (Verdict::Repeat, None);
        }
        let Some((i, accept)) = entry else { return (Verdict::NotNeeded, None) };
        if accept.upgrade && kind == OfferKind::AddOn {
            return (Verdict::NotNeeded, None);
        }
        let swapped_out = match kind {
            OfferKind::Upgrade { from } => Some(from),
            OfferKind::AddOn => None,
        };
        let has_one = self
            .offers
            .iter()
            .any(|o| o.verdict == Verdict::Taken && o.entry == Some(i) && Some(o.product) != swapped_out);
        if has_one {
            return (Verdict::HasOne, None);
        }
        if total_after > self.budget() {
            return (Verdict::OverBudget, None);
        }
        (Verdict::Taken, Some(accept.says.clone()))
    }

    /// The trainee picked option `pick` (0..3) for the waiting offer: the
    /// customer takes it or declines it, and says so. `None` when no offer
    /// is waiting or the session is over.
    pub fn answer(&mut self, pick: usize) -> Option<Reaction> {
        if self.is_over() {
            return None;
        }
        let Pending { mut record, right, says } = self.pending.take()?;
        record.picked_right = pick == right;
        let verdict = record.verdict;
        let mut line = match verdict {
            Verdict::Taken => says.unwrap_or_default(),
            Verdict::OverBudget => {
                let c = &self.scenario.currency;
                let lines = [
                    "That would bring it to {total} — I can't go over {budget}.",
                    "That takes me to {total}. My limit is {budget}, sorry.",
                    "No — {total} is more than the {budget} I've got.",
                ];
                self.rng
                    .pick(&lines)
                    .replace("{total}", &c.display(record.total_after))
                    .replace("{budget}", &c.display(self.budget()))
            }
            Verdict::NotNeeded => self.decline_line(&record.sku),
            Verdict::HasOne => self
                .rng
                .pick(&[
                    "I've already got one of those now.",
                    "One of those is plenty, thanks — I've got it.",
                ])
                .to_string(),
            Verdict::Repeat => self
                .rng
                .pick(&[
                    "You already asked me that.",
                    "You've offered me that already.",
                    "We've been through that one.",
                ])
                .to_string(),
        };
        if !record.picked_right {
            let doubt = if verdict == Verdict::Taken {
                [
                    " (Though I'm not sure that's what it does.)",
                    " (Not that what you said about it sounds right.)",
                ]
            } else {
                [
                    " And I don't think that's even true of it.",
                    " And that doesn't sound right about it anyway.",
                ]
            };
            line.push_str(self.rng.pick(&doubt));
        }
        self.offers.push(record);
        let mut outcome = if verdict == Verdict::Taken { Outcome::Takes } else { Outcome::Declines };
        if verdict != Verdict::Taken && self.lose_patience() {
            outcome = Outcome::WalksAway;
            self.ending = Some(Ending::WalkedAway { after: LastStraw::Offer(self.offers.len() - 1) });
            line.push(' ');
            line.push_str(self.walk_line());
        }
        Some(Reaction { outcome, says: line })
    }

    /// One of the scenario's decline lines, never the same one twice in a row.
    fn decline_line(&mut self, sku: &str) -> String {
        if self.scenario.returns.as_ref().is_some_and(|r| r.sku == sku) {
            return "That's the one I'm bringing back!".to_string();
        }
        let n = self.scenario.declines.len();
        let mut i = self.rng.below(n);
        if n > 1 && Some(i) == self.last_decline {
            i = (i + 1) % n;
        }
        self.last_decline = Some(i);
        self.scenario.declines[i].clone()
    }

    fn walk_line(&mut self) -> &'static str {
        self.rng.pick(&[
            "You know what, I'll leave it for today. Thanks anyway.",
            "I think I'll look somewhere else. Bye.",
            "This is taking too long — I'm off.",
        ])
    }

    /// One patience less; whether it has run out.
    fn lose_patience(&mut self) -> bool {
        self.patience = self.patience.saturating_sub(1);
        self.patience == 0
    }

    /// The next objection not yet answered, with its three replies (the
    /// right one at a seeded position); the same prompt until it is
    /// answered. `None` when none is left or the session is over.
    pub fn objection(&mut self) -> Option<ObjectionPrompt> {
        if self.is_over() {
            return None;
        }
        if let Some(a) = &self.asked {
            return Some(a.prompt.clone());
        }
        let index = self.objections.len();
        let o = self.scenario.objections.get(index)?;
        let right = self.rng.below(3);
        let mut wrong = o.wrong.iter();
        let options: [String; 3] = std::array::from_fn(|i| {
            if i == right { o.answer.clone() } else { wrong.next().cloned().unwrap_or_default() }
        });
        let prompt = ObjectionPrompt { says: o.says.clone(), options };
        self.asked = Some(Asked { index, prompt: prompt.clone(), right });
        Some(prompt)
    }

    /// The trainee replied with option `pick` to the objection asked: the
    /// right reply settles it; a wrong one costs one patience (at zero they
    /// walk away). `None` when no objection is waiting or the session is over.
    pub fn answer_objection(&mut self, pick: usize) -> Option<Reaction> {
        if self.is_over() {
            return None;
        }
        let asked = self.asked.take()?;
        let right = pick == asked.right;
        self.objections.push(ObjectionRecord { index: asked.index, right });
        if right {
            let says = self.rng.pick(&[
                "Okay, that makes sense.",
                "Right — that settles it.",
                "Fair enough, good to know.",
            ]);
            return Some(Reaction { outcome: Outcome::Takes, says: says.to_string() });
        }
        let mut says = self
            .rng
            .pick(&[
                "Hmm. That doesn't really answer my question.",
                "I'm not sure that's right.",
                "That's not what I asked.",
            ])
            .to_string();
        let mut outcome = Outcome::Declines;
        if self.lose_patience() {
            outcome = Outcome::WalksAway;
            self.ending = Some(Ending::WalkedAway { after: LastStraw::Objection(asked.index) });
            says.push(' ');
            says.push_str(self.walk_line());
        }
        Some(Reaction { outcome, says })
    }

    /// The customer pays `total` (tax included) for `cart`: the session ends
    /// with a sale. Nothing happens when it has ended already (they walked away).
    pub fn finish(&mut self, cart: &[(ProductIdx, i64)], total: Money) {
        if self.ending.is_none() {
            self.pending = None;
            self.asked = None;
            self.ending = Some(Ending::Sale { cart: cart.to_vec(), total });
        }
    }
}
