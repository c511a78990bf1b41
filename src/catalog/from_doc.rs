//! A catalog built in memory from a catalog file's rows, with no database:
//! the very catalog that importing the file into an empty store and loading
//! it back gives (`Store::import`, then `Store::load_catalog`) — the same
//! products, categories, links, category links and bundles in the same
//! order, and the same stock — so tests and benchmarks of the engine and
//! the screen need no SQLite. No mined rules and no
//! learned counts: set [`Catalog::mined`] and [`Catalog::learned`] for those.

use std::collections::HashMap;

use super::doc::{CatalogDoc, ProductRow};
use super::{Bundle, Catalog, Category, CategoryIdx, CategoryLink, Link, PATH_SEP, Product, ProductIdx};

impl ProductRow {
    /// The product this row becomes once its category path is resolved: the
    /// one place an import row turns into a catalog product. Blank selling
    /// points are dropped and a repeated attribute key keeps its first
    /// place and its last value, as the store keeps them.
    pub fn to_product(&self, category: CategoryIdx) -> Product {
        let mut attributes: Vec<(String, String)> = Vec::with_capacity(self.attributes.len());
        for (k, v) in &self.attributes {
            match attributes.iter_mut().find(|(key, _)| key == k) {
                Some(slot) => slot.1.clone_from(v),
                None => attributes.push((k.clone(), v.clone())),
            }
        }
        Product {
            sku: self.sku.clone(),
            barcode: self.barcode.clone(),
            name: self.name.clone(),
            brand: self.brand.clone(),
            category,
            family: self.family.clone(),
            tier: self.tier,
            price: self.price,
            cost: self.cost,
            stock: self.stock.unwrap_or(0),
            stock_unknown: self.stock.is_none(),
            was_price: self.was_price,
            active: self.active,
            description: self.description.clone(),
            selling_points: self.selling_points.iter().filter(|t| !t.trim().is_empty()).cloned().collect(),
            role: self.role.clone(),
            cover: self.cover,
            attributes,
        }
    }
}

/// Category paths in the order an import creates them (a parent before its
/// first child), which is the order of their database ids.
#[derive(Default)]
struct Created {
    paths: Vec<String>,
    parents: Vec<Option<usize>>,
    ids: HashMap<String, usize>,
}

impl Created {
    fn ensure(&mut self, path: &str) -> usize {
        if let Some(&id) = self.ids.get(path) {
            return id;
        }
        let parent = path.rsplit_once(PATH_SEP).map(|(parent, _)| self.ensure(parent));
        let id = self.paths.len();
        self.paths.push(path.to_string());
        self.parents.push(parent);
        self.ids.insert(path.to_string(), id);
        id
    }
}

impl Catalog {
    /// The catalog a file's rows make, built in memory (see the module
    /// documentation). Meant for a document that validates
    /// ([`super::validate::validate`] against an empty store); in one that
    /// does not, links and bundles naming unknown SKUs are left out and a
    /// repeated SKU keeps its first place and its last row.
    pub fn from_doc(doc: &CatalogDoc) -> Catalog {
        let mut created = Created::default();
        for (_, path) in &doc.categories {
            created.ensure(path);
        }
        let mut rows: Vec<(&ProductRow, usize)> = Vec::with_capacity(doc.products.len());
        let mut by_sku: HashMap<&str, ProductIdx> = HashMap::with_capacity(doc.products.len());
        for p in &doc.products {
            let category = created.ensure(&p.category);
            match by_sku.get(p.sku.as_str()) {
                Some(&i) => rows[i.index()] = (p, category),
                None => {
                    by_sku.insert(&p.sku, ProductIdx::new(rows.len()));
                    rows.push((p, category));
                }
            }
        }

        // Links by (from, kind, to), the last row of each winning.
        let mut links: Vec<Link> = Vec::new();
        let mut link_at: HashMap<(ProductIdx, super::LinkKind, ProductIdx), usize> = HashMap::new();
        for l in &doc.links {
            let (Some(&from), Some(&to)) = (by_sku.get(l.from.as_str()), by_sku.get(l.to.as_str())) else {
                continue;
            };
            if from == to {
                continue;
            }
            let link = Link {
                from,
                to,
                kind: l.kind,
                priority: l.priority,
                talking_point: l.talking_point.clone(),
                source: l.source.clone(),
            };
            match link_at.get(&(from, l.kind, to)) {
                Some(&at) => links[at] = link,
                None => {
                    link_at.insert((from, l.kind, to), links.len());
                    links.push(link);
                }
            }
        }
        links.sort_by(|a, b| (a.from, a.kind.as_str(), a.to).cmp(&(b.from, b.kind.as_str(), b.to)));

        // Category links by (from, to) creation order, the last row of each winning.
        let mut by_pair: HashMap<(usize, usize), (i64, &str)> = HashMap::new();
        for cl in &doc.category_links {
            let (from, to) = (created.ensure(&cl.from), created.ensure(&cl.to));
            if from != to {
                by_pair.insert((from, to), (cl.priority, &cl.talking_point));
            }
        }
        let mut category_links: Vec<_> = by_pair.into_iter().collect();
        category_links.sort_unstable_by_key(|(pair, _)| *pair);

        // The catalog's categories are in path order.
        let mut order: Vec<usize> = (0..created.paths.len()).collect();
        order.sort_by(|&a, &b| created.paths[a].cmp(&created.paths[b]));
        let mut index_of = vec![CategoryIdx::default(); order.len()];
        for (i, &id) in order.iter().enumerate() {
            index_of[id] = CategoryIdx::new(i);
        }
        let categories: Vec<Category> = order
            .iter()
            .map(|&id| Category {
                path: created.paths[id].clone(),
                parent: created.parents[id].map(|p| index_of[p]),
            })
            .collect();
        let products: Vec<Product> = rows.iter().map(|(p, c)| p.to_product(index_of[*c])).collect();
        let category_links = category_links
            .into_iter()
            .map(|((from, to), (priority, talking_point))| CategoryLink {
                from: index_of[from],
                to: index_of[to],
                priority,
                talking_point: talking_point.to_string(),
            })
            .collect();

        // Bundles by code, the last row of each winning; an item named twice counts once.
        let mut bundles: Vec<Bundle> = Vec::new();
        let mut bundle_at: HashMap<&str, usize> = HashMap::new();
        for b in &doc.bundles {
            let Some(skus) =
                b.items.iter().map(|s| by_sku.get(s.as_str()).copied()).collect::<Option<Vec<_>>>()
            else {
                continue;
            };
            let mut items: Vec<ProductIdx> = Vec::with_capacity(skus.len());
            for p in skus {
                if !items.contains(&p) {
                    items.push(p);
                }
            }
            let bundle = Bundle {
                code: b.code.clone(),
                name: b.name.clone(),
                items,
                discount: b.discount,
                talking_point: b.talking_point.clone(),
            };
            match bundle_at.get(b.code.as_str()) {
                Some(&at) => bundles[at] = bundle,
                None => {
                    bundle_at.insert(&b.code, bundles.len());
                    bundles.push(bundle);
                }
            }
        }
        bundles.sort_by(|a, b| a.code.cmp(&b.code));

        Catalog::new(categories, products, links, category_links, bundles)
    }
}
