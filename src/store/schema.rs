//! The schema, as numbered migrations applied in order on `PRAGMA user_version`.
//! Each migration runs in one transaction with the version bump, so a database
//! is always at exactly one version. Later work appends migrations; it never
//! edits a released one.

/// Migration `i` takes the database from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    CATALOG,
    HISTORY,
    CATALOG_VERSION,
    SALE_DETAIL,
    RULE_COUNTS,
    IMPORT_DETAIL,
    TRAINING_DETAIL,
    EVENTS_BY_SALE,
    SHIFTS,
    TAKE_COUNTS,
    CUSTOMERS,
    EVENTS_PLACE,
    RECEIPTS,
    PAYMENTS_CREDIT,
];

/// The schema version this build writes.
pub const VERSION: i64 = MIGRATIONS.len() as i64;

/// Version 1: the catalog.
const CATALOG: &str = r#"
CREATE TABLE categories (
    id        INTEGER PRIMARY KEY,
    parent_id INTEGER REFERENCES categories(id),
    path      TEXT NOT NULL UNIQUE CHECK (length(path) > 0)
) STRICT;
CREATE INDEX categories_parent ON categories(parent_id);

CREATE TABLE products (
    id           INTEGER PRIMARY KEY,
    sku          TEXT NOT NULL UNIQUE CHECK (length(sku) BETWEEN 1 AND 64),
    barcode      TEXT UNIQUE CHECK (barcode IS NULL OR (length(barcode) = 14 AND barcode NOT GLOB '*[^0-9]*')),
    name         TEXT NOT NULL CHECK (length(name) > 0),
    brand        TEXT NOT NULL DEFAULT '',
    category_id  INTEGER NOT NULL REFERENCES categories(id),
    family       TEXT,
    tier         INTEGER CHECK (tier IS NULL OR tier >= 0),
    price        INTEGER NOT NULL CHECK (price >= 0),
    cost         INTEGER NOT NULL DEFAULT 0 CHECK (cost >= 0),
    stock        INTEGER NOT NULL DEFAULT 0,
    active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    description  TEXT NOT NULL DEFAULT '',
    role         TEXT,
    cover_min    INTEGER CHECK (cover_min IS NULL OR cover_min >= 0),
    cover_max    INTEGER CHECK (cover_max IS NULL OR cover_max >= cover_min),
    updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
CREATE INDEX products_category ON products(category_id, price, sku);
CREATE INDEX products_family ON products(family, tier) WHERE family IS NOT NULL;

CREATE TABLE product_attributes (
    product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL CHECK (position >= 0),
    key        TEXT NOT NULL CHECK (length(key) > 0),
    value      TEXT NOT NULL,
    PRIMARY KEY (product_id, key)
) STRICT, WITHOUT ROWID;

CREATE TABLE selling_points (
    product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL CHECK (position >= 0),
    text       TEXT NOT NULL CHECK (length(text) > 0),
    PRIMARY KEY (product_id, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE product_links (
    from_id       INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    to_id         INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('complement', 'upgrade', 'substitute')),
    priority      INTEGER NOT NULL DEFAULT 50 CHECK (priority BETWEEN 0 AND 100),
    talking_point TEXT NOT NULL DEFAULT '',
    source        TEXT NOT NULL DEFAULT 'curated',
    PRIMARY KEY (from_id, kind, to_id),
    CHECK (from_id <> to_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX product_links_to ON product_links(to_id);

CREATE TABLE category_links (
    from_id       INTEGER NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
    to_id         INTEGER NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
    priority      INTEGER NOT NULL DEFAULT 50 CHECK (priority BETWEEN 0 AND 100),
    talking_point TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (from_id, to_id),
    CHECK (from_id <> to_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE bundles (
    id            INTEGER PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE CHECK (length(code) > 0),
    name          TEXT NOT NULL,
    discount      INTEGER NOT NULL DEFAULT 0 CHECK (discount >= 0),
    talking_point TEXT NOT NULL DEFAULT '',
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

CREATE TABLE bundle_items (
    bundle_id  INTEGER NOT NULL REFERENCES bundles(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    qty        INTEGER NOT NULL DEFAULT 1 CHECK (qty > 0),
    PRIMARY KEY (bundle_id, product_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX bundle_items_product ON bundle_items(product_id);
"#;

/// Version 2: what the till records — staff, sales, payments, suggestion
/// events, mined rules, carts in progress, the audit log and training results.
const HISTORY: &str = r#"
CREATE TABLE staff (
    id              TEXT PRIMARY KEY CHECK (length(id) > 0),
    name            TEXT NOT NULL,
    role            TEXT NOT NULL DEFAULT 'cashier' CHECK (role IN ('cashier', 'manager', 'trainee')),
    pin_hash        TEXT,
    failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
    locked_until    TEXT,
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

CREATE TABLE sales (
    id           TEXT PRIMARY KEY CHECK (length(id) > 0),
    kind         TEXT NOT NULL DEFAULT 'sale' CHECK (kind IN ('sale', 'refund', 'training')),
    refund_of    TEXT REFERENCES sales(id),
    terminal     TEXT NOT NULL,
    staff_id     TEXT REFERENCES staff(id),
    started_at   TEXT,
    completed_at TEXT NOT NULL,
    currency     TEXT NOT NULL,
    subtotal     INTEGER NOT NULL,
    discount     INTEGER NOT NULL DEFAULT 0 CHECK (discount >= 0),
    tax          INTEGER NOT NULL,
    total        INTEGER NOT NULL,
    line_count   INTEGER NOT NULL CHECK (line_count > 0)
) STRICT;
CREATE INDEX sales_terminal ON sales(terminal, completed_at);
CREATE INDEX sales_completed ON sales(completed_at);
CREATE INDEX sales_refund_of ON sales(refund_of) WHERE refund_of IS NOT NULL;

CREATE TABLE sale_lines (
    sale_id    TEXT NOT NULL REFERENCES sales(id),
    line_no    INTEGER NOT NULL CHECK (line_no >= 1),
    product_id INTEGER REFERENCES products(id) ON DELETE SET NULL,
    sku        TEXT NOT NULL,
    name       TEXT NOT NULL,
    qty        INTEGER NOT NULL CHECK (qty > 0),
    unit_price INTEGER NOT NULL CHECK (unit_price >= 0),
    list_price INTEGER NOT NULL CHECK (list_price >= 0),
    discount   INTEGER NOT NULL DEFAULT 0 CHECK (discount >= 0),
    line_total INTEGER NOT NULL,
    tax        INTEGER NOT NULL DEFAULT 0,
    origin     TEXT NOT NULL CHECK (origin IN ('scan', 'search', 'browse', 'cross_sell', 'upsell', 'training', 'refund')),
    PRIMARY KEY (sale_id, line_no)
) STRICT, WITHOUT ROWID;
CREATE INDEX sale_lines_product ON sale_lines(product_id);

CREATE TABLE payments (
    sale_id  TEXT NOT NULL REFERENCES sales(id),
    seq      INTEGER NOT NULL CHECK (seq >= 1),
    method   TEXT NOT NULL CHECK (method IN ('cash', 'card', 'other')),
    amount   INTEGER NOT NULL,
    tendered INTEGER NOT NULL DEFAULT 0,
    change   INTEGER NOT NULL DEFAULT 0 CHECK (change >= 0),
    PRIMARY KEY (sale_id, seq)
) STRICT, WITHOUT ROWID;

CREATE TABLE suggestion_events (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    terminal   TEXT NOT NULL,
    staff_id   TEXT,
    cart_id    TEXT NOT NULL,
    sale_id    TEXT REFERENCES sales(id),
    kind       TEXT NOT NULL CHECK (kind IN ('cross_sell', 'upsell')),
    event      TEXT NOT NULL CHECK (event IN ('shown', 'added', 'dismissed', 'swapped')),
    anchor_sku TEXT,
    sku        TEXT NOT NULL,
    source     TEXT NOT NULL,
    rank       INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX suggestion_events_cart ON suggestion_events(cart_id);
CREATE INDEX suggestion_events_at ON suggestion_events(at);

CREATE TABLE rule_sets (
    id             INTEGER PRIMARY KEY,
    created_at     TEXT NOT NULL,
    origin         TEXT NOT NULL CHECK (origin IN ('mined', 'imported')),
    baskets        INTEGER NOT NULL DEFAULT 0,
    min_support    REAL,
    min_confidence REAL,
    min_lift       REAL,
    params         TEXT NOT NULL DEFAULT '{}',
    current        INTEGER NOT NULL DEFAULT 1 CHECK (current IN (0, 1))
) STRICT;

CREATE TABLE rules (
    id            INTEGER PRIMARY KEY,
    rule_set_id   INTEGER NOT NULL REFERENCES rule_sets(id) ON DELETE CASCADE,
    antecedent    TEXT NOT NULL,
    consequent_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    count         INTEGER NOT NULL CHECK (count >= 0),
    antecedent_count INTEGER NOT NULL CHECK (antecedent_count >= count),
    consequent_count INTEGER NOT NULL CHECK (consequent_count >= count),
    support       REAL NOT NULL CHECK (support >= 0 AND support <= 1),
    confidence    REAL NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
    lift          REAL NOT NULL CHECK (lift >= 0)
) STRICT;
CREATE INDEX rules_set ON rules(rule_set_id);

CREATE TABLE rule_antecedents (
    rule_id    INTEGER NOT NULL REFERENCES rules(id) ON DELETE CASCADE,
    product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    PRIMARY KEY (product_id, rule_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE carts (
    id         TEXT PRIMARY KEY,
    terminal   TEXT NOT NULL,
    staff_id   TEXT,
    status     TEXT NOT NULL CHECK (status IN ('open', 'parked', 'done')),
    label      TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    state      TEXT NOT NULL
) STRICT;
CREATE INDEX carts_terminal ON carts(terminal, status);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    terminal    TEXT NOT NULL,
    staff_id    TEXT,
    approved_by TEXT,
    action      TEXT NOT NULL,
    sale_id     TEXT,
    details     TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

CREATE TABLE training_results (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    staff_id  TEXT,
    scenario  TEXT NOT NULL,
    score     INTEGER NOT NULL CHECK (score >= 0),
    max_score INTEGER NOT NULL CHECK (max_score >= score),
    details   TEXT NOT NULL DEFAULT '{}'
) STRICT;
"#;

/// Version 3: a counter every catalog or rules change bumps in its own
/// transaction, so running tills notice and reload.
const CATALOG_VERSION: &str = r#"
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO meta (key, value) VALUES ('catalog_version', 1);
"#;

/// Version 4: what a sale's total is made of and where it came from. The
/// bundle savings the till gave; whether the sale was generated by
/// `simulate` (history for demos and load tests, not a customer); whether a
/// reversal was a void (a sale rung up by mistake) rather than a refund.
const SALE_DETAIL: &str = r#"
ALTER TABLE sales ADD COLUMN bundle_savings INTEGER NOT NULL DEFAULT 0 CHECK (bundle_savings >= 0);
ALTER TABLE sales ADD COLUMN simulated INTEGER NOT NULL DEFAULT 0 CHECK (simulated IN (0, 1));
ALTER TABLE sales ADD COLUMN void INTEGER NOT NULL DEFAULT 0 CHECK (void IN (0, 1));
UPDATE sales SET void = 1 WHERE kind = 'refund' AND id IN (SELECT sale_id FROM audit_log WHERE action = 'void');
"#;

/// Version 5: whether a rule set's counts were counted. Rules imported
/// without counts and without a basket total keep counts in proportion to
/// their supports for ranking, but nobody counted them: they are never shown.
const RULE_COUNTS: &str = r#"
ALTER TABLE rule_sets ADD COLUMN counted INTEGER NOT NULL DEFAULT 1 CHECK (counted IN (0, 1));
"#;

/// Version 6: what a shop export may leave unknown, and the price before a
/// reduction. A product whose stock is not counted (`stock_tracked = 0`) is
/// sold as available; an unknown cost (`cost_known = 0`) is left out of
/// margin ranking rather than read as 0; `was_price` is the regular price
/// when the shelf price is a sale or special price.
const IMPORT_DETAIL: &str = r#"
ALTER TABLE products ADD COLUMN stock_tracked INTEGER NOT NULL DEFAULT 1 CHECK (stock_tracked IN (0, 1));
ALTER TABLE products ADD COLUMN cost_known INTEGER NOT NULL DEFAULT 1 CHECK (cost_known IN (0, 1));
ALTER TABLE products ADD COLUMN was_price INTEGER CHECK (was_price IS NULL OR was_price >= 0);
"#;

/// Version 7: who trained and at what. `trainee` is a staff id or a plain
/// name (`staff_id` stays set only when it is a member of staff); `kind`
/// tells a selling scenario from a drill on real baskets; `tier` is the
/// scenario rubric's tier ("Gold"…), none for drills.
const TRAINING_DETAIL: &str = r#"
ALTER TABLE training_results ADD COLUMN trainee TEXT NOT NULL DEFAULT '';
ALTER TABLE training_results ADD COLUMN kind TEXT NOT NULL DEFAULT 'scenario' CHECK (kind IN ('scenario', 'drill'));
ALTER TABLE training_results ADD COLUMN tier TEXT;
UPDATE training_results SET trainee = coalesce(staff_id, '');
CREATE INDEX training_results_trainee ON training_results(trainee, at);
"#;

/// Version 8: a sale's suggestion events found from the sale, so a report
/// on a short period reads only the events of that period's sales.
const EVENTS_BY_SALE: &str = r#"
CREATE INDEX suggestion_events_sale ON suggestion_events(sale_id) WHERE sale_id IS NOT NULL;
"#;

/// Version 9: shifts. A till's shift runs from its opening (who opened it,
/// the float put in the drawer) to its closing (who closed it, the cash
/// counted, the cash expected and the Z-report as printed, as JSON); a till
/// has at most one open shift. The sales, refunds and voids rung up at a
/// till while its shift is open carry the shift.
const SHIFTS: &str = r#"
CREATE TABLE shifts (
    id            TEXT PRIMARY KEY CHECK (length(id) > 0),
    terminal      TEXT NOT NULL CHECK (length(terminal) > 0),
    staff_id      TEXT REFERENCES staff(id),
    opened_at     TEXT NOT NULL,
    opening_float INTEGER NOT NULL CHECK (opening_float >= 0),
    closed_at     TEXT,
    closed_by     TEXT REFERENCES staff(id),
    counted_cash  INTEGER CHECK (counted_cash IS NULL OR counted_cash >= 0),
    expected_cash INTEGER,
    z_report      TEXT,
    CHECK ((closed_at IS NULL) = (counted_cash IS NULL))
) STRICT;
CREATE UNIQUE INDEX shifts_one_open ON shifts(terminal) WHERE closed_at IS NULL;
CREATE INDEX shifts_opened ON shifts(opened_at);
ALTER TABLE sales ADD COLUMN shift_id TEXT REFERENCES shifts(id);
CREATE INDEX sales_shift ON sales(shift_id) WHERE shift_id IS NOT NULL;
CREATE TRIGGER shifts_closed_stay_closed BEFORE UPDATE ON shifts WHEN OLD.closed_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a closed shift cannot change'); END;
"#;

/// Version 10: the learned counts, stored (`store::take_counts`). For each
/// (list, cart item or product in focus, suggestion) how many times it was
/// offered and how many times accepted, as the suggestion funnel counts them
/// over every sold cart (docs/report.md, "What the ranking learns from"),
/// and each list's totals, which triggers keep equal to the sum of its
/// pairs. Backfilled here once from the history: per cart, list and
/// suggestion the last offer (added, swapped or dismissed) of the events of
/// carts sold; accepted when it was an add or a swap and the sale still
/// holds some of the product after its refunds and voids. From then on the
/// transactions that change them (a sale, a refund, a void) move them.
const TAKE_COUNTS: &str = r#"
CREATE TABLE take_counts (
    kind       TEXT NOT NULL CHECK (kind IN ('cross_sell', 'upsell')),
    anchor_sku TEXT NOT NULL,
    sku        TEXT NOT NULL,
    offered    INTEGER NOT NULL CHECK (offered >= 0),
    accepted   INTEGER NOT NULL CHECK (accepted >= 0),
    PRIMARY KEY (kind, anchor_sku, sku)
) STRICT, WITHOUT ROWID;

CREATE TABLE take_totals (
    kind     TEXT PRIMARY KEY CHECK (kind IN ('cross_sell', 'upsell')),
    offered  INTEGER NOT NULL,
    accepted INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO take_totals (kind, offered, accepted) VALUES ('cross_sell', 0, 0), ('upsell', 0, 0);

CREATE TRIGGER take_counts_insert AFTER INSERT ON take_counts
BEGIN
    UPDATE take_totals SET offered = offered + NEW.offered, accepted = accepted + NEW.accepted
    WHERE kind = NEW.kind;
END;
CREATE TRIGGER take_counts_update AFTER UPDATE OF offered, accepted ON take_counts
BEGIN
    UPDATE take_totals
    SET offered = offered + NEW.offered - OLD.offered, accepted = accepted + NEW.accepted - OLD.accepted
    WHERE kind = NEW.kind;
END;
CREATE TRIGGER take_counts_delete AFTER DELETE ON take_counts
BEGIN
    UPDATE take_totals SET offered = offered - OLD.offered, accepted = accepted - OLD.accepted
    WHERE kind = OLD.kind;
END;

INSERT INTO take_counts (kind, anchor_sku, sku, offered, accepted)
SELECT kind, anchor_sku, sku, count(*), sum(accepted)
FROM (
    SELECT e.kind, coalesce(e.anchor_sku, '') AS anchor_sku, e.sku,
           e.event <> 'dismissed'
           AND (SELECT coalesce(sum(l.qty), 0) FROM sale_lines l WHERE l.sale_id = e.sale_id AND l.sku = e.sku)
             - (SELECT coalesce(sum(l.qty), 0) FROM sales r JOIN sale_lines l ON l.sale_id = r.id
                WHERE r.refund_of = e.sale_id AND r.kind = 'refund' AND l.sku = e.sku) > 0 AS accepted
    FROM suggestion_events e
    JOIN (
        SELECT max(o.id) AS id
        FROM suggestion_events o JOIN sales s ON s.id = o.sale_id
        WHERE o.event <> 'shown' AND s.kind = 'sale'
        GROUP BY o.cart_id, o.kind, o.sku
    ) last ON last.id = e.id
)
GROUP BY kind, anchor_sku, sku;
"#;

/// Version 11: customers the store knows, with consent as regulators read
/// it. Two consents, each with its own answer and the date it was given or
/// withdrawn, never bundled: `profiling` (their history may shape what is
/// offered) and `marketing` (they may be contacted). Email and loyalty card
/// are unique among the customers who have them. Erasure empties the
/// personal fields (name, phone, email, card) and keeps the row as a
/// tombstone with `erased_at`, so the audit keeps its subject. The audit
/// records who did what and which fields changed, never their values, so it
/// holds no personal data before or after an erasure; it is append-only. A
/// sale names its customer when one was attached.
const CUSTOMERS: &str = r#"
CREATE TABLE customers (
    id           INTEGER PRIMARY KEY,
    name         TEXT CHECK (name IS NULL OR length(name) > 0),
    phone        TEXT CHECK (phone IS NULL OR length(phone) > 0),
    email        TEXT CHECK (email IS NULL OR length(email) > 0),
    card         TEXT CHECK (card IS NULL OR length(card) > 0),
    profiling    INTEGER NOT NULL DEFAULT 0 CHECK (profiling IN (0, 1)),
    profiling_at TEXT,
    marketing    INTEGER NOT NULL DEFAULT 0 CHECK (marketing IN (0, 1)),
    marketing_at TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    erased_at    TEXT,
    CHECK (profiling = 0 OR profiling_at IS NOT NULL),
    CHECK (marketing = 0 OR marketing_at IS NOT NULL),
    CHECK (erased_at IS NULL OR (name IS NULL AND phone IS NULL AND email IS NULL AND card IS NULL
                                 AND profiling = 0 AND marketing = 0))
) STRICT;
CREATE UNIQUE INDEX customers_email ON customers(email) WHERE email IS NOT NULL;
CREATE UNIQUE INDEX customers_card ON customers(card) WHERE card IS NOT NULL;
CREATE INDEX customers_phone ON customers(phone) WHERE phone IS NOT NULL;

CREATE TABLE customer_audit (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    at          TEXT NOT NULL,
    terminal    TEXT NOT NULL,
    staff_id    TEXT,
    action      TEXT NOT NULL CHECK (action IN ('created', 'edited', 'consent', 'erased', 'imported')),
    details     TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX customer_audit_customer ON customer_audit(customer_id, id);
CREATE TRIGGER customer_audit_no_update BEFORE UPDATE ON customer_audit
BEGIN SELECT RAISE(ABORT, 'the customer audit is append-only'); END;
CREATE TRIGGER customer_audit_no_delete BEFORE DELETE ON customer_audit
BEGIN SELECT RAISE(ABORT, 'the customer audit is append-only'); END;

ALTER TABLE sales ADD COLUMN customer_id INTEGER REFERENCES customers(id);
CREATE INDEX sales_customer ON sales(customer_id, completed_at) WHERE customer_id IS NOT NULL;
"#;

/// Version 12: where a suggestion event happened — a suggestion pane, or the
/// checkout summary, which lists the last add-ons not yet offered for the
/// cart — so reports tell checkout offers from pane offers. Every earlier
/// event was in a pane.
pub(super) const EVENTS_PLACE: &str = r#"
ALTER TABLE suggestion_events ADD COLUMN place TEXT NOT NULL DEFAULT 'pane' CHECK (place IN ('pane', 'checkout'));
"#;

/// Version 13: each sale's and refund's receipt text as it was printed, so a
/// reprint is the very same text. Sales recorded before have none (NULL):
/// a reprint says so rather than guess.
pub(super) const RECEIPTS: &str = r#"
ALTER TABLE sales ADD COLUMN receipt TEXT;
"#;

/// Version 14: exchange credit (`credit`) as a payment method: the part of a
/// new sale an exchange's returned items pay, and on the refund what went to
/// it. SQLite cannot change a CHECK constraint, so the table is rebuilt in
/// this migration's transaction: a new table, every row copied, the old one
/// dropped and the new one renamed (it has no index of its own beyond its
/// key, and no table refers to it).
pub(super) const PAYMENTS_CREDIT: &str = r#"
CREATE TABLE payments_v14 (
    sale_id  TEXT NOT NULL REFERENCES sales(id),
    seq      INTEGER NOT NULL CHECK (seq >= 1),
    method   TEXT NOT NULL CHECK (method IN ('cash', 'card', 'other', 'credit')),
    amount   INTEGER NOT NULL,
    tendered INTEGER NOT NULL DEFAULT 0,
    change   INTEGER NOT NULL DEFAULT 0 CHECK (change >= 0),
    PRIMARY KEY (sale_id, seq)
) STRICT, WITHOUT ROWID;
INSERT INTO payments_v14 (sale_id, seq, method, amount, tendered, change)
    SELECT sale_id, seq, method, amount, tendered, change FROM payments;
DROP TABLE payments;
ALTER TABLE payments_v14 RENAME TO payments;
"#;
