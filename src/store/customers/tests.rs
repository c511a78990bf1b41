use super::*;

const BY: Actor<'static> = Actor { terminal: "T1", staff_id: Some("ann") };

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("c.db")).unwrap();
    crate::app::load_demo(&mut store, &crate::money::Currency::usd()).unwrap();
    (dir, store)
}

fn new(name: &str, email: Option<&str>, card: Option<&str>, consents: Vec<Consent>) -> NewCustomer {
    NewCustomer::parse(Some(name), None, email, card, consents).unwrap()
}

#[test]
fn consents_are_separate_dated_and_audited() {
    let (_d, mut store) = store();
    let id = store.add_customer(&new("Ann Lee", None, None, vec![Consent::Marketing]), BY).unwrap();
    let c = store.customer(id).unwrap().unwrap();
    assert!(c.marketing.given && c.marketing.at.is_some());
    assert!(!c.profiling.given && c.profiling.at.is_none());
    let changed =
        store.set_consents(id, &[(Consent::Profiling, true), (Consent::Marketing, true)], BY).unwrap();
    assert_eq!(changed, vec![(Consent::Profiling, true)], "only what changed");
    let audit: Vec<String> = store
        .customer_audit(id)
        .unwrap()
        .into_iter()
        .map(|a| format!("{}: {}", a.action, a.details))
        .collect();
    assert_eq!(audit, ["created: ", "consent: marketing: no → yes", "consent: profiling: no → yes"]);
    let upd = store.conn().execute("UPDATE customer_audit SET details = ''", []);
    assert!(upd.unwrap_err().to_string().contains("append-only"));
}

#[test]
fn a_card_may_not_scan_as_a_product_nor_be_someone_elses() {
    let (_d, mut store) = store();
    let e = store.add_customer(&new("Ann", None, Some("2252798299113"), vec![]), BY).unwrap_err();
    assert_eq!(
        e.to_string(),
        "card: `2252798299113` is the barcode of Aurora X5 128 GB (PH-AUR-X5-128); a loyalty card must not scan as a product"
    );
    let e = store.add_customer(&new("Ann", None, Some("ph-aur-x5-128"), vec![]), BY).unwrap_err();
    assert!(e.to_string().starts_with("card: `PH-AUR-X5-128` is the SKU of Aurora X5 128 GB"), "{e}");
    let id = store.add_customer(&new("Ann", Some("ann@example.com"), Some("LC-0001"), vec![]), BY).unwrap();
    let e = store.add_customer(&new("Bo", None, Some("lc-0001"), vec![]), BY).unwrap_err();
    assert_eq!(e.to_string(), format!("card: `LC-0001` is customer {id}'s already"));
    let e = store.add_customer(&new("Bo", Some("ANN@example.com"), None, vec![]), BY).unwrap_err();
    assert_eq!(e.to_string(), format!("email: `ann@example.com` is customer {id}'s already"));
    assert_eq!(store.customer_by_card(" lc-0001").unwrap().map(|c| c.id), Some(id));
}

#[test]
fn find_looks_at_name_email_card_and_phone_digits() {
    let (_d, mut store) = store();
    let ann = NewCustomer::parse(
        Some("Ann Lee"),
        Some("+44 113 496 0000"),
        Some("ann@example.com"),
        Some("LC-7"),
        vec![],
    );
    let ann = store.add_customer(&ann.unwrap(), BY).unwrap();
    let bo = store.add_customer(&new("Bo 100% Ng", Some("bo@example.org"), None, vec![]), BY).unwrap();
    let ids = |t: &str| store.find_customers(t, 10).unwrap().into_iter().map(|c| c.id).collect::<Vec<_>>();
    assert_eq!(ids("lee"), [ann]);
    assert_eq!(ids("example"), [ann, bo]);
    assert_eq!(ids("lc-7"), [ann]);
    assert_eq!(ids("113 496"), [ann]);
    assert_eq!(ids("100%"), [bo], "wildcards are literal");
    assert_eq!(ids("1%"), Vec::<i64>::new());
}

#[test]
fn an_edit_audits_the_fields_it_changed_and_never_their_values() {
    let (_d, mut store) = store();
    let id = store.add_customer(&new("Ann", Some("ann@example.com"), None, vec![]), BY).unwrap();
    let edit = Edit::parse(&[(Field::Phone, Some("555 0101")), (Field::Name, Some("Ann"))]).unwrap();
    assert_eq!(store.edit_customer(id, &edit, BY).unwrap(), [Field::Phone]);
    let last = store.customer_audit(id).unwrap().pop().unwrap();
    assert_eq!((last.action.as_str(), last.details.as_str()), ("edited", "phone"));
    let clear = Edit::parse(&[(Field::Phone, Some("")), (Field::Email, Some(""))]).unwrap();
    let e = store.edit_customer(id, &clear, BY);
    assert!(e.is_ok(), "the name is left: {e:?}");
    store.erase_customer(id, BY).unwrap();
    let e = store.edit_customer(id, &edit, BY).unwrap_err();
    assert!(e.to_string().starts_with(&format!("customer {id} was erased on ")), "{e}");
}
