//! Reading the catalog into memory: whole, or the neighbourhood of a cart.

use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, OptionalExtension, params};

use super::{Result, Store};
use crate::catalog::{
    Bundle, Catalog, Category, CategoryIdx, CategoryLink, Link, LinkKind, Product, ProductIdx,
};
use crate::customers::owned::RefillWindows;
use crate::money::Money;
use crate::suggest::cross_sell::CATEGORY_WINDOW;

const PRODUCT_COLUMNS: &str = "p.id, p.sku, p.barcode, p.name, p.brand, p.category_id, p.family, p.tier, p.price, \
     p.cost, p.stock, p.active, p.description, p.role, p.cover_min, p.cover_max, p.stock_tracked, p.cost_known, \
     p.was_price";

impl Store {
    /// The whole catalog, with what customers did with its suggestions
    /// ([`Catalog::learned`], from [`Store::learned_for`]).
    pub fn load_catalog(&self) -> Result<Catalog> {
        let mut catalog = load(&self.conn, None, None)?;
        catalog.learned = self.learned_for(&catalog)?;
        Ok(catalog)
    }

    /// The part of the catalog the suggestions for these SKUs can touch: the
    /// products, their links, families, bundles, mined rules, and the window
    /// of each complementary category the category source looks at
    /// ([`CATEGORY_WINDOW`], for either stock setting), and the learned
    /// counts of the pairs among them. The engine gives the
    /// same suggestions on it as on the whole catalog. Unknown SKUs are
    /// simply absent.
    pub fn load_neighbourhood(&self, skus: &[&str]) -> Result<Catalog> {
        self.load_neighbourhood_owning(skus, &[], &RefillWindows::default())
    }

    /// [`Store::load_neighbourhood`] for a customer who owns `owned` (SKUs):
    /// the owned products the cart touches (of a family a cart item is in or
    /// is a curated add-on for, or linked to a cart item) count as part of the
    /// cart, so their add-ons, family and upgrades are there. Of the rest, only
    /// what can still change the lists is loaded, without its neighbourhood:
    /// accessories made for something (the slot they fill is taken) and
    /// consumables (`refill`: one that is due is offered again). Any other
    /// owned product matters only if it could be offered, and then it is in
    /// the neighbourhood already. A customer of hundreds of purchases costs a
    /// few rows more, not hundreds of neighbourhoods.
    pub fn load_neighbourhood_owning(
        &self,
        skus: &[&str],
        owned: &[&str],
        refill: &RefillWindows,
    ) -> Result<Catalog> {
        let conn = &self.conn;
        let mut ids: HashSet<i64> = HashSet::new();
        let mut by_sku = conn.prepare_cached("SELECT id FROM products WHERE sku = ?1")?;
        let mut cart: Vec<i64> = Vec::new();
        for sku in skus {
            if let Some(id) = by_sku.query_row([sku], |r| r.get(0)).optional()? {
                cart.push(id);
            }
        }
        let categories = load_categories(conn)?;
        let bare = touched_owned(conn, &mut cart, owned, refill, &categories)?;
        ids.extend(&cart);
        let mut family_ids = Vec::new();
        {
            let mut fam = conn.prepare_cached(
                "SELECT m.id FROM products p JOIN products m ON m.family = p.family WHERE p.id = ?1 AND p.family IS NOT NULL",
            )?;
            for id in &cart {
                for m in fam.query_map([id], |r| r.get::<_, i64>(0))? {
                    family_ids.push(m?);
                }
            }
        }
        ids.extend(&family_ids);
        let anchors: Vec<i64> = ids.iter().copied().collect();
        {
            let mut out = conn.prepare_cached("SELECT to_id FROM product_links WHERE from_id = ?1")?;
            let mut inc = conn.prepare_cached(
                "SELECT from_id FROM product_links WHERE to_id = ?1 AND kind = 'substitute'",
            )?;
            let mut bundle = conn.prepare_cached(
                "SELECT o.product_id FROM bundle_items b JOIN bundle_items o ON o.bundle_id = b.bundle_id WHERE b.product_id = ?1",
            )?;
            let mut rules = conn.prepare_cached(
                "SELECT r.consequent_id FROM rule_antecedents a JOIN rules r ON r.id = a.rule_id WHERE a.product_id = ?1",
            )?;
            for id in &anchors {
                for stmt in [&mut out, &mut inc, &mut bundle] {
                    for to in stmt.query_map([id], |r| r.get::<_, i64>(0))? {
                        ids.insert(to?);
                    }
                }
            }
            for id in &cart {
                for to in rules.query_map([id], |r| r.get::<_, i64>(0))? {
                    ids.insert(to?);
                }
            }
        }
        let cat_index: HashMap<i64, usize> =
            categories.iter().enumerate().map(|(i, (id, _))| (*id, i)).collect();
        {
            // Complementary categories of the cart's categories (and their
            // ancestors), each with the prices of the cart items linked to it.
            let mut cat_of = conn.prepare_cached("SELECT category_id, price FROM products WHERE id = ?1")?;
            let mut links = conn.prepare_cached("SELECT to_id FROM category_links WHERE from_id = ?1")?;
            // The products the category source could offer from one category,
            // cheapest first (the index order); read only as far as the windows need.
            let mut offerable = conn.prepare_cached(
                "SELECT id, price, sku, stock > 0 OR stock_tracked = 0, cover_min, cover_max FROM products \
                 WHERE category_id = ?1 AND active <> 0 AND (role IS NULL OR instr(role, ':') = 0) \
                 ORDER BY price, sku",
            )?;
            let mut targets: HashMap<i64, Vec<i64>> = HashMap::new();
            for id in &cart {
                let Some((mut cat, price)) = cat_of
                    .query_row([id], |r| Ok((Some(r.get::<_, i64>(0)?), r.get::<_, i64>(1)?)))
                    .optional()?
                else {
                    continue;
                };
                while let Some(c) = cat {
                    for t in links.query_map([c], |r| r.get::<_, i64>(0))? {
                        targets.entry(t?).or_default().push(price);
                    }
                    cat = cat_index.get(&c).and_then(|&i| categories[i].1.parent_db);
                }
            }
            let mut children: HashMap<i64, Vec<i64>> = HashMap::new();
            for (id, c) in &categories {
                if let Some(p) = c.parent_db {
                    children.entry(p).or_default().push(*id);
                }
            }
            for (t, mut prices) in targets {
                prices.sort_unstable();
                prices.dedup();
                // Each subcategory's windows, merged over the subtree: the
                // subtree's windows lie within them.
                let mut found: Vec<WindowRow> = Vec::new();
                let mut stack = vec![t];
                let mut seen = HashSet::new();
                while let Some(c) = stack.pop() {
                    if !seen.insert(c) {
                        continue;
                    }
                    stack.extend(children.get(&c).into_iter().flatten());
                    let rows = offerable.query_map([c], |r| {
                        Ok(WindowRow {
                            price: r.get(1)?,
                            sku: r.get(2)?,
                            id: r.get(0)?,
                            in_stock: r.get(3)?,
                            cover: match (r.get::<_, Option<i64>>(4)?, r.get::<_, Option<i64>>(5)?) {
                                (Some(lo), Some(hi)) => Some((lo, hi)),
                                _ => None,
                            },
                        })
                    })?;
                    found.extend(windows(rows, &prices)?);
                }
                found.sort_by(|a, b| (a.price, &a.sku).cmp(&(b.price, &b.sku)));
                ids.extend(windows(found.into_iter().map(Ok), &prices)?.into_iter().map(|r| r.id));
            }
        }
        ids.extend(bare);
        let mut id_list: Vec<i64> = ids.into_iter().collect();
        id_list.sort_unstable();
        let mut catalog = load(conn, Some(&id_list), Some(&cart))?;
        catalog.learned = self.learned_around(&catalog)?;
        Ok(catalog)
    }

    /// Every product's stock now, by SKU.
    pub fn stock_levels(&self) -> Result<Vec<(String, i64)>> {
        let mut stmt = self.conn.prepare_cached("SELECT sku, stock FROM products")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many products the catalog holds.
    pub fn product_count(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT count(*) FROM products", [], |r| r.get(0))?)
    }
}

/// Sorts the owned SKUs (see [`Store::load_neighbourhood_owning`]): the ids
/// of those the cart touches are added to `cart`; the ids of the other
/// accessories made for something and consumables are returned.
fn touched_owned(
    conn: &Connection,
    cart: &mut Vec<i64>,
    owned: &[&str],
    refill: &RefillWindows,
    categories: &[(i64, CategoryRow)],
) -> Result<Vec<i64>> {
    if owned.is_empty() {
        return Ok(Vec::new());
    }
    let mut made_for =
        conn.prepare_cached("SELECT from_id FROM product_links WHERE to_id = ?1 AND kind = ?2")?;
    let mut family_of = conn.prepare_cached("SELECT family FROM products WHERE id = ?1")?;
    // The products the cart's items are curated add-ons for.
    let mut served: HashSet<i64> = HashSet::new();
    for id in cart.iter() {
        let rows = made_for.query_map(params![id, LinkKind::Complement.as_str()], |r| r.get::<_, i64>(0))?;
        for from in rows {
            served.insert(from?);
        }
    }
    let mut families: HashSet<String> = HashSet::new();
    for id in cart.iter().chain(&served) {
        if let Some(f) = family_of.query_row([id], |r| r.get::<_, Option<String>>(0)).optional()?.flatten() {
            families.insert(f);
        }
    }
    let categories: HashMap<i64, &CategoryRow> = categories.iter().map(|(id, c)| (*id, c)).collect();
    let categories = &categories;
    let chain = move |first: i64| {
        std::iter::successors(categories.get_key_value(&first), |(_, c)| {
            c.parent_db.and_then(|p| categories.get_key_value(&p))
        })
        .map(|(_, c)| c.path.as_str())
    };
    // One statement for all of them (a customer may own hundreds): each
    // owned product, and whether it links to a cart item.
    let mut owned_rows = conn.prepare_cached(
        "SELECT p.id, p.family, p.role, p.category_id, EXISTS (SELECT 1 FROM product_links l \
         WHERE l.from_id = p.id AND l.to_id IN (SELECT value FROM json_each(?2))) \
         FROM products p WHERE p.sku IN (SELECT value FROM json_each(?1))",
    )?;
    let as_json = |v: serde_json::Value| v.to_string();
    let rows =
        owned_rows.query_map(params![as_json(owned.into()), as_json(cart.as_slice().into())], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, bool>(4)?,
            ))
        })?;
    let mut bare = Vec::new();
    let mut touched = Vec::new();
    for row in rows {
        let (id, family, role, category, links_to_cart) = row?;
        if links_to_cart || family.is_some_and(|f| families.contains(&f)) {
            touched.push(id);
        } else if role.is_some_and(|r| r.contains(':')) || refill.days_along(chain(category)).is_some() {
            bare.push(id);
        }
    }
    for id in touched {
        if !cart.contains(&id) {
            cart.push(id);
        }
    }
    Ok(bare)
}

/// A product of a complementary category, as the category window sees it.
struct WindowRow {
    price: i64,
    sku: String,
    id: i64,
    in_stock: bool,
    cover: Option<(i64, i64)>,
}

/// The rows within the category window of an item at any of `prices`, for
/// either stock setting (the first [`CATEGORY_WINDOW`] active ones that fit
/// the item's price band, and the first that many in stock), from rows in
/// (price, SKU) order. Stops reading once every window is full.
fn windows(
    rows: impl Iterator<Item = rusqlite::Result<WindowRow>>,
    prices: &[i64],
) -> Result<Vec<WindowRow>> {
    let mut counts = vec![(0usize, 0usize); prices.len()];
    let mut kept = Vec::new();
    for row in rows {
        let row = row?;
        let mut keep = false;
        for (&price, (any, stocked)) in prices.iter().zip(&mut counts) {
            if row.cover.is_some_and(|(lo, hi)| price < lo || price > hi) {
                continue;
            }
            keep |= *any < CATEGORY_WINDOW || (row.in_stock && *stocked < CATEGORY_WINDOW);
            *any += 1;
            *stocked += usize::from(row.in_stock);
        }
        if keep {
            kept.push(row);
        }
        if counts.iter().all(|&(any, stocked)| any >= CATEGORY_WINDOW && stocked >= CATEGORY_WINDOW) {
            break;
        }
    }
    Ok(kept)
}

struct CategoryRow {
    path: String,
    parent_db: Option<i64>,
}

fn load_categories(conn: &Connection) -> Result<Vec<(i64, CategoryRow)>> {
    let mut stmt = conn.prepare_cached("SELECT id, parent_id, path FROM categories ORDER BY path")?;
    let rows =
        stmt.query_map([], |r| Ok((r.get(0)?, CategoryRow { parent_db: r.get(1)?, path: r.get(2)? })))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Loads products (all, or those with the given ids) with everything attached,
/// and the mined rules (all, or those whose antecedent touches `cart`).
fn load(conn: &Connection, only: Option<&[i64]>, cart: Option<&[i64]>) -> Result<Catalog> {
    let cat_rows = load_categories(conn)?;
    let cat_index: HashMap<i64, CategoryIdx> =
        cat_rows.iter().enumerate().map(|(i, (id, _))| (*id, CategoryIdx::new(i))).collect();
    let categories: Vec<Category> = cat_rows
        .iter()
        .map(|(_, c)| Category {
            path: c.path.clone(),
            parent: c.parent_db.and_then(|p| cat_index.get(&p).copied()),
        })
        .collect();

    let mut products = Vec::new();
    let mut index: HashMap<i64, ProductIdx> = HashMap::new();
    let mut read_product = |r: &rusqlite::Row<'_>| -> rusqlite::Result<()> {
        let id: i64 = r.get(0)?;
        let cover = match (r.get::<_, Option<i64>>(14)?, r.get::<_, Option<i64>>(15)?) {
            (Some(lo), Some(hi)) => Some((Money(lo), Money(hi))),
            _ => None,
        };
        index.insert(id, ProductIdx::new(products.len()));
        products.push(Product {
            sku: r.get(1)?,
            barcode: r.get(2)?,
            name: r.get(3)?,
            brand: r.get(4)?,
            category: cat_index.get(&r.get::<_, i64>(5)?).copied().unwrap_or_default(),
            family: r.get(6)?,
            tier: r.get(7)?,
            price: Money(r.get(8)?),
            cost: (r.get::<_, i64>(17)? != 0).then_some(Money(r.get(9)?)),
            stock: r.get(10)?,
            stock_unknown: r.get::<_, i64>(16)? == 0,
            was_price: r.get::<_, Option<i64>>(18)?.map(Money),
            active: r.get::<_, i64>(11)? != 0,
            description: r.get(12)?,
            role: r.get(13)?,
            cover,
            selling_points: Vec::new(),
            attributes: Vec::new(),
        });
        Ok(())
    };
    match only {
        None => {
            let mut stmt =
                conn.prepare(&format!("SELECT {PRODUCT_COLUMNS} FROM products p ORDER BY p.id"))?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                read_product(r)?;
            }
        }
        Some(ids) => {
            let mut stmt =
                conn.prepare_cached(&format!("SELECT {PRODUCT_COLUMNS} FROM products p WHERE p.id = ?1"))?;
            for id in ids {
                let mut rows = stmt.query([id])?;
                if let Some(r) = rows.next()? {
                    read_product(r)?;
                }
            }
        }
    }

    let mut attach =
        |sql_all: &str, sql_one: &str, f: &mut dyn FnMut(&mut Product, String, String)| -> Result<()> {
            let mut handle = |r: &rusqlite::Row<'_>| -> rusqlite::Result<()> {
                if let Some(&i) = index.get(&r.get::<_, i64>(0)?) {
                    f(&mut products[i.index()], r.get(1)?, r.get(2)?);
                }
                Ok(())
            };
            match only {
                None => {
                    let mut stmt = conn.prepare(sql_all)?;
                    let mut rows = stmt.query([])?;
                    while let Some(r) = rows.next()? {
                        handle(r)?;
                    }
                }
                Some(ids) => {
                    let mut stmt = conn.prepare_cached(sql_one)?;
                    for id in ids {
                        let mut rows = stmt.query([id])?;
                        while let Some(r) = rows.next()? {
                            handle(r)?;
                        }
                    }
                }
            }
            Ok(())
        };
    attach(
        "SELECT product_id, key, value FROM product_attributes ORDER BY product_id, position",
        "SELECT product_id, key, value FROM product_attributes WHERE product_id = ?1 ORDER BY position",
        &mut |p, k, v| p.attributes.push((k, v)),
    )?;
    attach(
        "SELECT product_id, text, '' FROM selling_points ORDER BY product_id, position",
        "SELECT product_id, text, '' FROM selling_points WHERE product_id = ?1 ORDER BY position",
        &mut |p, t, _| p.selling_points.push(t),
    )?;

    let mut links = Vec::new();
    {
        let mut read_link = |r: &rusqlite::Row<'_>| -> rusqlite::Result<()> {
            if let (Some(&from), Some(&to)) =
                (index.get(&r.get::<_, i64>(0)?), index.get(&r.get::<_, i64>(1)?))
            {
                let kind = LinkKind::parse(&r.get::<_, String>(2)?).unwrap_or(LinkKind::Complement);
                links.push(Link {
                    from,
                    to,
                    kind,
                    priority: r.get(3)?,
                    talking_point: r.get(4)?,
                    source: r.get(5)?,
                });
            }
            Ok(())
        };
        const LINK_COLUMNS: &str =
            "SELECT from_id, to_id, kind, priority, talking_point, source FROM product_links";
        match only {
            None => {
                let mut stmt = conn.prepare(&format!("{LINK_COLUMNS} ORDER BY from_id, kind, to_id"))?;
                let mut rows = stmt.query([])?;
                while let Some(r) = rows.next()? {
                    read_link(r)?;
                }
            }
            Some(ids) => {
                let mut stmt =
                    conn.prepare_cached(&format!("{LINK_COLUMNS} WHERE from_id = ?1 ORDER BY kind, to_id"))?;
                for id in ids {
                    let mut rows = stmt.query([id])?;
                    while let Some(r) = rows.next()? {
                        read_link(r)?;
                    }
                }
            }
        }
    }
    let mut category_links = Vec::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT from_id, to_id, priority, talking_point FROM category_links ORDER BY from_id, to_id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (Some(&from), Some(&to)) =
                (cat_index.get(&r.get::<_, i64>(0)?), cat_index.get(&r.get::<_, i64>(1)?))
            else {
                continue;
            };
            category_links.push(CategoryLink { from, to, priority: r.get(2)?, talking_point: r.get(3)? });
        }
    }
    let mut bundles = Vec::new();
    {
        let bundle_ids: Vec<i64> = match only {
            None => conn
                .prepare("SELECT id FROM bundles WHERE active = 1 ORDER BY code")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?,
            Some(ids) => {
                let mut stmt =
                    conn.prepare_cached("SELECT bundle_id FROM bundle_items WHERE product_id = ?1")?;
                let mut found = std::collections::BTreeSet::new();
                for id in ids {
                    for b in stmt.query_map([id], |r| r.get::<_, i64>(0))? {
                        found.insert(b?);
                    }
                }
                found.into_iter().collect()
            }
        };
        let mut head = conn.prepare_cached(
            "SELECT code, name, discount, talking_point FROM bundles WHERE id = ?1 AND active = 1",
        )?;
        let mut items = conn
            .prepare_cached("SELECT product_id FROM bundle_items WHERE bundle_id = ?1 ORDER BY position")?;
        for id in bundle_ids {
            let Some((code, name, discount, talking_point)) = head
                .query_row([id], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, i64>(2)?,
                        r.get::<_, String>(3)?,
                    ))
                })
                .optional()?
            else {
                continue;
            };
            let members: Vec<i64> = items.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
            // A bundle is only useful when all of it is loaded.
            let Some(items) = members.iter().map(|m| index.get(m).copied()).collect::<Option<Vec<_>>>()
            else {
                continue;
            };
            bundles.push(Bundle { code, name, items, discount: Money(discount), talking_point });
        }
        bundles.sort_by(|a, b| a.code.cmp(&b.code));
    }
    let rules = load_rules(conn, &index, cart)?;
    let mut catalog = Catalog::new(categories, products, links, category_links, bundles);
    let counted: bool = conn
        .query_row("SELECT counted FROM rule_sets ORDER BY id DESC LIMIT 1", [], |r| r.get::<_, i64>(0))
        .optional()?
        .is_none_or(|c| c != 0);
    catalog.mined = crate::mining::RuleIndex::new(&rules).with_counted(counted);
    Ok(catalog)
}

/// The stored rules over loaded products (those of a cart only, when given).
fn load_rules(
    conn: &Connection,
    index: &HashMap<i64, ProductIdx>,
    cart: Option<&[i64]>,
) -> Result<Vec<crate::mining::Rule>> {
    const COLUMNS: &str = "SELECT r.id, r.consequent_id, r.count, r.antecedent_count, r.consequent_count, r.support, \
         r.confidence, r.lift FROM rules r";
    let rule_ids: Option<std::collections::BTreeSet<i64>> = match cart {
        None => None,
        Some(cart) => {
            let mut stmt =
                conn.prepare_cached("SELECT rule_id FROM rule_antecedents WHERE product_id = ?1")?;
            let mut ids = std::collections::BTreeSet::new();
            for id in cart {
                for r in stmt.query_map([id], |r| r.get::<_, i64>(0))? {
                    ids.insert(r?);
                }
            }
            Some(ids)
        }
    };
    let mut ante = conn.prepare_cached("SELECT product_id FROM rule_antecedents WHERE rule_id = ?1")?;
    let mut out = Vec::new();
    let mut read = |r: &rusqlite::Row<'_>| -> Result<()> {
        let Some(&consequent) = index.get(&r.get::<_, i64>(1)?) else { return Ok(()) };
        let items: Vec<i64> =
            ante.query_map([r.get::<_, i64>(0)?], |a| a.get(0))?.collect::<rusqlite::Result<_>>()?;
        let Some(mut antecedent) =
            items.iter().map(|i| index.get(i).map(|&p| u32::from(p))).collect::<Option<Vec<u32>>>()
        else {
            return Ok(());
        };
        antecedent.sort_unstable();
        out.push(crate::mining::Rule {
            antecedent,
            consequent: u32::from(consequent),
            count: r.get::<_, i64>(2)?.clamp(0, i64::from(u32::MAX)) as u32,
            antecedent_count: r.get::<_, i64>(3)?.clamp(0, i64::from(u32::MAX)) as u32,
            consequent_count: r.get::<_, i64>(4)?.clamp(0, i64::from(u32::MAX)) as u32,
            support: r.get(5)?,
            confidence: r.get(6)?,
            lift: r.get(7)?,
        });
        Ok(())
    };
    match rule_ids {
        None => {
            let mut stmt = conn.prepare(COLUMNS)?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                read(r)?;
            }
        }
        Some(ids) => {
            let mut stmt = conn.prepare_cached(&format!("{COLUMNS} WHERE r.id = ?1"))?;
            for id in ids {
                let mut rows = stmt.query([id])?;
                while let Some(r) = rows.next()? {
                    read(r)?;
                }
            }
        }
    }
    Ok(out)
}
