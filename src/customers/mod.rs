//! Customers the store knows: who they are, how to reach them, their loyalty
//! card, and their two consents. Plain Rust: the values and the rules they
//! follow; `store/customers.rs` keeps them, `cli/customer_cmd.rs` types them.
//!
//! **Consent.** Two separate answers, each with the date it was given or
//! withdrawn, never bundled with each other nor with the loyalty card:
//! [`Consent::Profiling`] (their purchase history may shape what is offered
//! to them) and [`Consent::Marketing`] (they may be contacted). Without an
//! answer a consent is not given.
//!
//! **Erasure.** The personal fields ([`Field`]) are emptied; the record stays
//! as a tombstone so its audit has a subject, and the sales stay, no longer
//! linked to anyone. The audit only ever names fields, never their values.
//!
//! `shopify.rs` reads Shopify's customer export; `followup.rs` works out the
//! "bought X, not yet Y" follow-up lists; `history.rs` sums up what a
//! customer bought for the till's customer pane.

pub mod followup;
pub mod history;
pub mod owned;
pub mod shopify;

use std::fmt;
use std::str::FromStr;

/// A personal field of a customer record: what erasure removes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Name,
    Phone,
    Email,
    Card,
}

impl Field {
    pub const ALL: [Field; 4] = [Field::Name, Field::Phone, Field::Email, Field::Card];

    /// "name", "phone", "email", "card": as the audit, the errors and the JSON name it.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Phone => "phone",
            Field::Email => "email",
            Field::Card => "card",
        }
    }

    /// Checks and normalises a value typed or imported for this field.
    pub fn parse(self, raw: &str) -> Result<String, FieldError> {
        let checked = match self {
            Field::Name => name(raw),
            Field::Phone => phone(raw),
            Field::Email => email(raw),
            Field::Card => card(raw),
        };
        checked.map_err(|message| FieldError { field: self, message })
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A value refused for a field: "email: `ann@` is not an email address".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct FieldError {
    pub field: Field,
    pub message: String,
}

/// The longest name, email or phone kept.
const MAX_TEXT: usize = 200;

fn no_control(raw: &str) -> Result<(), String> {
    if raw.chars().any(char::is_control) {
        return Err("has a control character (a tab or a line break?)".into());
    }
    if raw.chars().count() > MAX_TEXT {
        return Err(format!("is longer than {MAX_TEXT} characters"));
    }
    Ok(())
}

/// A name as written, trimmed; not empty.
pub fn name(raw: &str) -> Result<String, String> {
    let v = raw.trim();
    if v.is_empty() {
        return Err("is empty".into());
    }
    no_control(v)?;
    Ok(v.to_string())
}

/// A phone number as digits, with the leading `+` of an international one:
/// "+44 (0)20 7946-0958" is kept as "+4402079460958". Spaces, dashes, dots,
/// brackets and the apostrophe spreadsheet exports put first are dropped.
pub fn phone(raw: &str) -> Result<String, String> {
    let v = raw.trim().trim_start_matches('\'').trim();
    let mut out = String::new();
    for (i, ch) in v.chars().enumerate() {
        match ch {
            '+' if i == 0 => out.push('+'),
            '0'..='9' => out.push(ch),
            ' ' | '-' | '.' | '(' | ')' | '/' => {}
            _ => return Err(format!("`{v}` is not a phone number (digits, spaces, + - . ( ) only)")),
        }
    }
    let digits = out.trim_start_matches('+').len();
    if !(5..=20).contains(&digits) {
        return Err(format!("`{v}` has {digits} digits; a phone number has 5 to 20"));
    }
    Ok(out)
}

/// An email address in lower case: one `@`, something before it, a domain
/// with a dot after it, no spaces.
pub fn email(raw: &str) -> Result<String, String> {
    let v = raw.trim();
    no_control(v)?;
    let bad = || format!("`{v}` is not an email address");
    let (local, domain) = v.split_once('@').ok_or_else(bad)?;
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && !domain.contains('@');
    if local.is_empty() || !domain_ok || v.chars().any(char::is_whitespace) {
        return Err(bad());
    }
    Ok(v.to_lowercase())
}

/// The longest loyalty card code.
pub const CARD_MAX: usize = 32;

/// A loyalty card code as the scanner reads it: 4 to 32 letters, digits or
/// dashes, letters in upper case.
pub fn card(raw: &str) -> Result<String, String> {
    let v = raw.trim();
    if !(4..=CARD_MAX).contains(&v.len()) || !v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Err(format!("`{v}` is not a card code (4 to {CARD_MAX} letters, digits or dashes)"));
    }
    Ok(v.to_ascii_uppercase())
}

/// One of the two consents a customer gives or withholds, each on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Consent {
    /// Their purchase history may shape what the till offers them.
    Profiling,
    /// They may be contacted (follow-up lists, newsletters).
    Marketing,
}

impl Consent {
    pub const ALL: [Consent; 2] = [Consent::Profiling, Consent::Marketing];

    /// "profiling", "marketing".
    pub fn as_str(self) -> &'static str {
        match self {
            Consent::Profiling => "profiling",
            Consent::Marketing => "marketing",
        }
    }

    /// The consents named in "profiling,marketing" (any case, either order;
    /// an empty list names none).
    pub fn parse_list(list: &str) -> Result<Vec<Consent>, String> {
        let mut out = Vec::new();
        for part in list.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let c: Consent = part.parse()?;
            if !out.contains(&c) {
                out.push(c);
            }
        }
        out.sort();
        Ok(out)
    }
}

impl fmt::Display for Consent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Consent {
    type Err = String;

    fn from_str(s: &str) -> Result<Consent, String> {
        Consent::ALL
            .into_iter()
            .find(|c| c.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| format!("`{s}` is not a consent (profiling or marketing)"))
    }
}

/// "yes" or "no" (also true/false, y/n, 1/0; any case).
pub fn yes_no(s: &str) -> Result<bool, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" | "1" => Ok(true),
        "no" | "n" | "false" | "0" => Ok(false),
        _ => Err(format!("`{s}` is neither yes nor no")),
    }
}

/// "yes" or "no".
pub fn yes_no_word(given: bool) -> &'static str {
    if given { "yes" } else { "no" }
}

/// A consent as stored: the answer and when it was given or withdrawn
/// (`None`: never asked).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConsentState {
    pub given: bool,
    pub at: Option<String>,
}

/// A customer as stored. An erased one has no personal field left.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Customer {
    pub id: i64,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub card: Option<String>,
    pub profiling: ConsentState,
    pub marketing: ConsentState,
    pub created_at: String,
    pub updated_at: String,
    pub erased_at: Option<String>,
}

impl Customer {
    pub fn consent(&self, c: Consent) -> &ConsentState {
        match c {
            Consent::Profiling => &self.profiling,
            Consent::Marketing => &self.marketing,
        }
    }

    pub fn field(&self, f: Field) -> Option<&str> {
        match f {
            Field::Name => self.name.as_deref(),
            Field::Phone => self.phone.as_deref(),
            Field::Email => self.email.as_deref(),
            Field::Card => self.card.as_deref(),
        }
    }

    /// The name, or "(erased)" / "(no name)".
    pub fn display_name(&self) -> &str {
        match (&self.name, &self.erased_at) {
            (Some(n), _) => n,
            (None, Some(_)) => "(erased)",
            (None, None) => "(no name)",
        }
    }
}

/// A new customer's details, each checked ([`Field::parse`]), with the
/// consents they gave.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewCustomer {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub card: Option<String>,
    pub consents: Vec<Consent>,
}

impl NewCustomer {
    /// Checks each value given; a customer needs a name, a phone or an email.
    pub fn parse(
        name: Option<&str>,
        phone: Option<&str>,
        email: Option<&str>,
        card: Option<&str>,
        consents: Vec<Consent>,
    ) -> Result<NewCustomer, FieldError> {
        let check = |f: Field, v: Option<&str>| v.map(|v| f.parse(v)).transpose();
        let c = NewCustomer {
            name: check(Field::Name, name)?,
            phone: check(Field::Phone, phone)?,
            email: check(Field::Email, email)?,
            card: check(Field::Card, card)?,
            consents,
        };
        if c.name.is_none() && c.phone.is_none() && c.email.is_none() {
            return Err(FieldError {
                field: Field::Name,
                message: "a customer needs a name, a phone or an email".into(),
            });
        }
        Ok(c)
    }
}

/// An edit: for each field, `None` leaves it, `Some(None)` clears it (not
/// the name), `Some(Some(v))` sets it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Edit {
    pub changes: Vec<(Field, Option<String>)>,
}

impl Edit {
    /// An edit from the values typed for each field: an empty value clears
    /// the phone, email or card; a name cannot be cleared.
    pub fn parse(values: &[(Field, Option<&str>)]) -> Result<Edit, FieldError> {
        let mut changes = Vec::new();
        for &(field, value) in values {
            let Some(v) = value else { continue };
            if v.trim().is_empty() && field != Field::Name {
                changes.push((field, None));
            } else {
                changes.push((field, Some(field.parse(v)?)));
            }
        }
        Ok(Edit { changes })
    }

    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

/// Who changed a record, for the audit: the till and the member of staff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor<'a> {
    pub terminal: &'a str,
    pub staff_id: Option<&'a str>,
}

/// The audit's words for a change of fields: "edited: phone, email" (the
/// fields, never their values).
pub fn fields_changed(fields: &[Field]) -> String {
    fields.iter().map(|f| f.as_str()).collect::<Vec<_>>().join(", ")
}

/// The audit's words for a consent change: "marketing: no → yes".
pub fn consent_changed(c: Consent, from: bool, to: bool) -> String {
    format!("{c}: {} → {}", yes_no_word(from), yes_no_word(to))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_keep_digits_and_a_leading_plus() {
        assert_eq!(phone("+44 (0)20 7946-0958"), Ok("+4402079460958".into()));
        assert_eq!(phone("'+16135551111"), Ok("+16135551111".into()));
        assert_eq!(phone("555.0101"), Ok("5550101".into()));
        assert!(phone("12").unwrap_err().contains("2 digits"));
        assert!(phone("call me").unwrap_err().contains("not a phone number"));
        assert!(phone("1+2345678").is_err(), "a plus only leads");
    }

    #[test]
    fn emails_are_lower_case_and_need_a_domain() {
        assert_eq!(email(" Ann@Example.COM "), Ok("ann@example.com".into()));
        for bad in ["ann", "ann@", "@example.com", "ann@example", "ann@.com", "a b@example.com", "a@b@c.com"]
        {
            assert!(email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn cards_are_upper_case_codes() {
        assert_eq!(card(" ab-1234 "), Ok("AB-1234".into()));
        assert!(card("12").is_err());
        assert!(card("AB 1234").is_err());
        assert!(card(&"9".repeat(CARD_MAX + 1)).is_err());
    }

    #[test]
    fn consents_are_named_one_by_one() {
        assert_eq!(
            Consent::parse_list("marketing, Profiling"),
            Ok(vec![Consent::Profiling, Consent::Marketing])
        );
        assert_eq!(Consent::parse_list(""), Ok(vec![]));
        assert!(Consent::parse_list("profiling,newsletter").unwrap_err().contains("`newsletter`"));
        assert_eq!(yes_no("YES"), Ok(true));
        assert_eq!(yes_no("no"), Ok(false));
        assert!(yes_no("maybe").is_err());
    }

    #[test]
    fn a_new_customer_needs_a_way_to_know_them() {
        let e = NewCustomer::parse(None, None, None, Some("CARD-1"), vec![]).unwrap_err();
        assert_eq!(e.field, Field::Name);
        let e = NewCustomer::parse(Some("Ann"), None, Some("nope"), None, vec![]).unwrap_err();
        assert_eq!(e.to_string(), "email: `nope` is not an email address");
        let c = NewCustomer::parse(Some(" Ann "), Some("555 0101"), None, None, vec![Consent::Marketing])
            .unwrap();
        assert_eq!((c.name.as_deref(), c.phone.as_deref()), (Some("Ann"), Some("5550101")));
    }

    #[test]
    fn an_edit_clears_with_an_empty_value_but_never_the_name() {
        let e = Edit::parse(&[(Field::Phone, Some("")), (Field::Email, None), (Field::Card, Some("c-123"))])
            .unwrap();
        assert_eq!(e.changes, vec![(Field::Phone, None), (Field::Card, Some("C-123".into()))]);
        assert!(Edit::parse(&[(Field::Name, Some(" "))]).is_err());
        assert_eq!(fields_changed(&[Field::Phone, Field::Card]), "phone, card");
        assert_eq!(consent_changed(Consent::Marketing, false, true), "marketing: no → yes");
    }
}
