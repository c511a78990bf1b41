//! The links of a synthetic catalog: complements (family accessories first),
//! upgrades up each ladder, substitutes between same-role accessories,
//! category links and bundles.

use super::words::*;
use super::*;

impl Gen {
    fn link(&mut self, from: usize, to: usize, kind: LinkKind, priority: i64, talking_point: String) {
        let line = self.doc.links.len() + 1;
        self.doc.links.push(LinkRow {
            line,
            from: self.doc.products[from].sku.clone(),
            to: self.doc.products[to].sku.clone(),
            kind,
            priority,
            talking_point,
            source: SOURCE.to_string(),
        });
    }

    /// Each main product gets 2-6 accessories: first those made for its
    /// family, then generic ones of its department's kinds.
    pub(super) fn complement_links(&mut self) {
        let all_generic: Vec<usize> =
            self.accessories.iter().filter(|a| a.family.is_none()).map(|a| a.idx).collect();
        self.complements = Vec::with_capacity(self.mains.len());
        for m in 0..self.mains.len() {
            let (d, family) = (self.mains[m].dept, self.mains[m].family);
            let want = 2 + self.rng.below(5);
            let mut targets: Vec<(usize, bool)> = Vec::with_capacity(want);
            if let Some(f) = family {
                for &k in self.depts[d].kinds.iter().filter(|k| kind(**k).per_family) {
                    let fitting: Vec<usize> =
                        self.family_pools[f].iter().filter(|(pk, _)| *pk == k).map(|(_, i)| *i).collect();
                    if !fitting.is_empty() && targets.len() < want {
                        targets.push((self.rng.pick(&fitting), true));
                    }
                }
            }
            let generic: Vec<Kind> =
                self.depts[d].kinds.iter().copied().filter(|k| !kind(*k).per_family).collect();
            let mut tries = 0;
            while targets.len() < want && tries < want * 4 && !generic.is_empty() {
                tries += 1;
                let pool = &self.generic_pools[d * KIND_COUNT + self.rng.pick(&generic) as usize];
                if pool.is_empty() {
                    continue;
                }
                let a = pool[self.rng.below(pool.len())];
                if !targets.iter().any(|(t, _)| *t == a) {
                    targets.push((a, false));
                }
            }
            // Small catalogs: any generic accessory, so every product has a couple.
            while targets.len() < want.min(2) && tries < want * 8 && !all_generic.is_empty() {
                tries += 1;
                let a = self.rng.pick(&all_generic);
                if !targets.iter().any(|(t, _)| *t == a) {
                    targets.push((a, false));
                }
            }
            for &(a, fits) in &targets {
                // Accessories follow the main products, in order.
                let acc = self.accessories[a - self.mains.len()].kind;
                let priority = if fits { self.rng.range(60, 100) } else { self.rng.range(1, 59) };
                let benefit = self.rng.pick(&kind(acc).benefits);
                let (main_name, acc_name) = (&self.doc.products[m].name, &self.doc.products[a].name);
                let talking_point = match self.rng.below(3) {
                    0 => format!("The {acc_name} goes with the {main_name}: {benefit}."),
                    1 => format!("Most people who buy the {main_name} add the {acc_name}; {benefit}."),
                    _ => format!("Offer the {acc_name} with the {main_name}: {benefit}."),
                };
                self.link(m, a, LinkKind::Complement, priority, talking_point);
            }
            self.complements.push(targets.into_iter().map(|(a, _)| a).collect());
        }
    }

    /// Each family member links up to the next tier, naming the step in price.
    pub(super) fn upgrade_links(&mut self) {
        for f in 0..self.families.len() {
            for t in 1..self.families[f].members.len() {
                let (from, to) = (self.families[f].members[t - 1], self.families[f].members[t]);
                let (lo, hi) = (&self.mains[from], &self.mains[to]);
                let steps = self.depts[lo.dept].steps;
                let (v1, v2) = (steps[lo.step], steps[hi.step]);
                let step = self.amount(self.doc.products[to].price.0 - self.doc.products[from].price.0);
                let next = &self.doc.products[to].name;
                let mut talking_point = match self.rng.below(3) {
                    0 => format!("For {step} more, the {next} goes from {v1} to {v2}."),
                    1 => format!("{v2} instead of {v1}: the {next} is only {step} more."),
                    _ => format!("Step up to the {next}: {v2} rather than {v1}, for {step} more."),
                };
                if hi.warranty > lo.warranty {
                    talking_point += &format!(" It also has a {}-year warranty.", hi.warranty);
                }
                let priority = self.rng.range(50, 90);
                self.link(from, to, LinkKind::Upgrade, priority, talking_point);
            }
        }
    }

    /// About a quarter of the accessories name a stand-in of the same role.
    pub(super) fn substitute_links(&mut self) {
        let mut seen: HashSet<(usize, usize)> = HashSet::new();
        for a in 0..self.accessories.len() {
            if !self.rng.chance(25) {
                continue;
            }
            let Accessory { idx, kind: k, dept: d, family } = self.accessories[a];
            let other = match family {
                Some(f) => {
                    let same: Vec<usize> = self.family_pools[f]
                        .iter()
                        .filter(|(pk, i)| *pk == k && *i != idx)
                        .map(|(_, i)| *i)
                        .collect();
                    (!same.is_empty()).then(|| self.rng.pick(&same))
                }
                None => {
                    let pool = &self.generic_pools[d * KIND_COUNT + k as usize];
                    let pick = if pool.len() < 2 { None } else { Some(pool[self.rng.below(pool.len())]) };
                    pick.filter(|&o| o != idx)
                }
            };
            let Some(other) = other else { continue };
            if !seen.insert((idx, other)) {
                continue;
            }
            let (this, that) = (&self.doc.products[idx].name, &self.doc.products[other].name);
            let talking_point = if self.rng.chance(50) {
                format!("If the {this} is out of stock, the {that} does the same job.")
            } else {
                format!("The {that} fills the same slot as the {this}; one of them is enough.")
            };
            let priority = self.rng.range(20, 60);
            self.link(idx, other, LinkKind::Substitute, priority, talking_point);
        }
    }

    /// Each department links to its first accessory category and to
    /// protection (dearer departments) or its second accessory category.
    pub(super) fn category_links(&mut self) {
        for d in 0..self.depts.len() {
            let dept = self.depts[d];
            let first = kind(dept.kinds[0]);
            let mut targets = vec![(
                format!("Accessories > {}", first.category),
                format!(
                    "When selling {}, offer {}: {}.",
                    lower(dept.name),
                    lower(first.category),
                    self.rng.pick(&first.benefits)
                ),
            )];
            if dept.price.1 >= 500 {
                targets.push((
                    "Services > Protection".to_string(),
                    format!(
                        "Every {} can be covered against drops, spills and breakdowns; repairs cost far more than the plan.",
                        lower(dept.noun)
                    ),
                ));
            } else if let Some(&second) = dept.kinds.get(1) {
                let second = kind(second);
                targets.push((
                    format!("Accessories > {}", second.category),
                    format!(
                        "{} buyers often come back for {}: {}.",
                        dept.noun,
                        lower(second.category),
                        self.rng.pick(&second.benefits)
                    ),
                ));
            }
            for (to, talking_point) in targets {
                let line = self.doc.category_links.len() + 1;
                let priority = self.rng.range(40, 80);
                self.doc.category_links.push(CategoryLinkRow {
                    line,
                    from: dept.name.to_string(),
                    to,
                    priority,
                    talking_point,
                });
            }
        }
    }

    /// About n/200 bundles: a main product with 1-3 of its complements, 5-15 % off.
    pub(super) fn bundles(&mut self) {
        let candidates: Vec<usize> =
            (0..self.mains.len()).filter(|&m| !self.complements[m].is_empty()).collect();
        let count = (self.n / 200).min(candidates.len());
        for (b, c) in self.rng.sample(candidates.len(), count).into_iter().enumerate() {
            let anchor = candidates[c];
            let comps = &self.complements[anchor];
            let extra = (1 + self.rng.below(3)).min(comps.len());
            let mut items = vec![anchor];
            items.extend(self.rng.sample(comps.len(), extra).into_iter().map(|i| comps[i]));
            let sum: i64 = items.iter().map(|&i| self.doc.products[i].price.0).sum();
            let discount = sum * self.rng.range(5, 15) / 100;
            let p = &self.doc.products;
            let talking_point = match items.len() {
                2 => format!(
                    "The {} with the {} saves {} together.",
                    p[items[0]].name,
                    p[items[1]].name,
                    self.amount(discount)
                ),
                n => format!(
                    "The {} with {} accessories: {} off the lot.",
                    p[items[0]].name,
                    n - 1,
                    self.amount(discount)
                ),
            };
            let name = format!(
                "{} {}",
                p[anchor].name,
                if items.len() > 2 { "Complete Kit" } else { "Starter Kit" }
            );
            let row = BundleRow {
                line: b + 1,
                code: format!("SYN-B{:04}", b + 1),
                name,
                items: items.iter().map(|&i| p[i].sku.clone()).collect(),
                discount: Money(discount),
                talking_point,
            };
            self.doc.bundles.push(row);
        }
    }
}
