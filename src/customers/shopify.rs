//! Shopify's customer export, as downloaded from the admin (Customers →
//! Export): the older shape (`First Name,Last Name,Email,Company,Address1,…,
//! Phone,Accepts Marketing,Total Spent,Total Orders,Tags,Note,Tax Exempt`)
//! and the newer one (`Customer ID,First Name,Last Name,Email,Accepts Email
//! Marketing,Default Address Company,…,Default Address Phone,Phone,Accepts
//! SMS Marketing,…`). A byte-order mark, CRLF line ends, quoted fields and
//! the apostrophe Shopify puts before phone numbers and ids are all read.
//!
//! Only what counterpart keeps is read: the name (first and last), email,
//! phone (`Phone`, else the default address's), and the email marketing
//! answer, which becomes the `marketing` consent. Profiling consent is never
//! read from a file: no export can say that someone agreed to it.

use std::collections::HashMap;

use super::{Field, yes_no};
use crate::catalog::doc::{ImportError, Problem};
use crate::catalog::shop_systems::{Sheet, header_names};

/// What errors call the file.
pub const WHAT: &str = "Shopify customer export";

/// One customer of the file, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerRow {
    pub line: usize,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// `Accepts Marketing` / `Accepts Email Marketing` said yes.
    pub marketing: bool,
}

/// Whether a file's header is Shopify's customer export: `Email`, a first
/// or last name, and `Accepts Marketing` or `Accepts Email Marketing`.
pub fn sniff(bytes: &[u8]) -> bool {
    header_names(bytes).is_some_and(|names| {
        let has = |n: &str| names.iter().any(|x| x == n);
        has("email")
            && (has("first name") || has("last name"))
            && (has("accepts marketing") || has("accepts email marketing"))
    })
}

/// Whether a file's header names people rather than products (an email and
/// a name column) without being Shopify's customer export: it gets an error
/// of its own instead of a product reader's.
pub fn looks_like_customers(bytes: &[u8]) -> bool {
    header_names(bytes).is_some_and(|names| {
        let has = |n: &str| names.iter().any(|x| x == n);
        let named = has("first name") || has("last name") || has("first_name") || has("last_name");
        let emailed = has("email") || has("e-mail") || has("email address");
        named && emailed && !has("sku") && !has("handle")
    })
}

/// Reads the file: every row checked, every problem named by line and
/// column as the file spells it; nothing is returned when any row is wrong.
pub fn read(file: &str, bytes: &[u8]) -> Result<Vec<CustomerRow>, ImportError> {
    let sheet = Sheet::read_export(file, bytes, WHAT, false)?;
    let first = sheet.col(&["First Name"]);
    let last = sheet.col(&["Last Name"]);
    let email = sheet.col(&["Email"]);
    let phone = sheet.col(&["Phone"]);
    let address_phone = sheet.col(&["Default Address Phone"]);
    let accepts = sheet.col(&["Accepts Email Marketing", "Accepts Marketing"]);
    sheet.require_of(file, WHAT, &[&email, &accepts])?;
    if !first.present() && !last.present() {
        sheet.require_of(file, WHAT, &[&first])?;
    }
    let mut problems = sheet.problems.clone();
    let mut rows = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in &sheet.rows {
        let line = row.line;
        let mut problem = |col: &str, message: String| problems.push(Problem::at(line, col, message));
        let full = format!("{} {}", row.get(&first), row.get(&last));
        let name = match full.trim() {
            "" => None,
            n => Field::Name.parse(n).map_err(|e| problem(&first.name, e.message)).ok(),
        };
        let email_value = match row.get(&email) {
            "" => None,
            e => Field::Email.parse(e).map_err(|err| problem(&email.name, err.message)).ok(),
        };
        let (phone_col, raw_phone) = match row.get(&phone).trim_start_matches('\'') {
            "" => (&address_phone, row.get(&address_phone)),
            _ => (&phone, row.get(&phone)),
        };
        let phone_value = match raw_phone.trim_start_matches('\'').trim() {
            "" => None,
            p => Field::Phone.parse(p).map_err(|e| problem(&phone_col.name, e.message)).ok(),
        };
        let marketing = match row.get(&accepts) {
            "" => false,
            v => yes_no(v).map_err(|m| problem(&accepts.name, m)).unwrap_or(false),
        };
        if full.trim().is_empty()
            && row.get(&email).is_empty()
            && raw_phone.trim_start_matches('\'').is_empty()
        {
            problem(&email.name, "no name, email or phone: nothing to know this customer by".into());
        }
        if let Some(e) = &email_value
            && let Some(before) = seen.insert(e.clone(), line)
        {
            problem(&email.name, format!("`{e}` is on line {before} too"));
        }
        rows.push(CustomerRow { line, name, phone: phone_value, email: email_value, marketing });
    }
    if !problems.is_empty() {
        return Err(ImportError::new(file, problems));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = "First Name,Last Name,Email,Company,Address1,Address2,City,Province,Province Code,Country,\
Country Code,Zip,Phone,Accepts Marketing,Total Spent,Total Orders,Tags,Note,Tax Exempt";
    const NEW: &str = "Customer ID,First Name,Last Name,Email,Accepts Email Marketing,Default Address Company,\
Default Address Address1,Default Address Address2,Default Address City,Default Address Province Code,\
Default Address Country Code,Default Address Zip,Default Address Phone,Phone,Accepts SMS Marketing,\
Total Spent,Total Orders,Note,Tax Exempt,Tags";

    #[test]
    fn both_shapes_are_recognised_and_a_product_export_is_not() {
        assert!(sniff(OLD.as_bytes()));
        assert!(sniff(format!("\u{feff}{NEW}\r\n").as_bytes()));
        assert!(!sniff(b"Handle,Title,Variant SKU,Variant Price\n"));
        assert!(!sniff(b"sku,name,price\n"));
        assert!(looks_like_customers(b"first_name,last_name,email,phone\n"));
        assert!(!looks_like_customers(OLD.as_bytes()) || sniff(OLD.as_bytes()));
        assert!(!looks_like_customers(b"sku,name,email\n"));
    }

    #[test]
    fn the_older_export_reads_name_email_phone_and_marketing() {
        let text = format!(
            "{OLD}\r\nAnn,Lee,Ann@Example.com,,\"1 High St, Flat 2\",,Leeds,,,UK,GB,LS1,'+44 113 496 0000,yes,10.00,1,,,no\r\n\
             Bo,,,,,,,,,,,,555-0101,no,0.00,0,,,no\r\n"
        );
        let rows = read("c.csv", text.as_bytes()).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].name.as_deref(), Some("Ann Lee"));
        assert_eq!(rows[0].email.as_deref(), Some("ann@example.com"));
        assert_eq!(rows[0].phone.as_deref(), Some("+441134960000"));
        assert!(rows[0].marketing);
        assert_eq!((rows[1].line, rows[1].phone.as_deref(), rows[1].marketing), (3, Some("5550101"), false));
    }

    #[test]
    fn the_newer_export_falls_back_to_the_address_phone() {
        let text =
            format!("\u{feff}{NEW}\n'7001,Cy,Ng,cy@example.com,yes,,,,,,,,'+1 613 555 0100,,no,0,0,,no,\n");
        let rows = read("c.csv", text.as_bytes()).unwrap();
        assert_eq!(rows[0].phone.as_deref(), Some("+16135550100"));
        assert!(rows[0].marketing);
    }

    #[test]
    fn problems_name_the_line_and_the_column() {
        let text = format!(
            "{OLD}\nAnn,Lee,not-an-email,,,,,,,,,,,maybe,,,,,\nBo,Ng,bo@example.com,,,,,,,,,,x1,no,,,,,\n\
             Cy,Ng,BO@example.com,,,,,,,,,,,no,,,,,\n"
        );
        let e = read("c.csv", text.as_bytes()).unwrap_err().to_string();
        assert!(e.contains("c.csv:2: field `Email`: `not-an-email` is not an email address"), "{e}");
        assert!(e.contains("c.csv:2: field `Accepts Marketing`: `maybe` is neither yes nor no"), "{e}");
        assert!(e.contains("c.csv:3: field `Phone`: `x1` is not a phone number"), "{e}");
        assert!(e.contains("c.csv:4: field `Email`: `bo@example.com` is on line 3 too"), "{e}");
    }

    #[test]
    fn a_file_without_the_consent_column_is_not_a_customer_export() {
        let e = read("c.csv", b"First Name,Last Name,Email\nAnn,Lee,ann@example.com\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "c.csv:1: missing column `Accepts Email Marketing` of a Shopify customer export"
        );
    }
}
