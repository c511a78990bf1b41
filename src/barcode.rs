//! Barcodes: EAN-13, UPC-A, EAN-8 and GTIN-14, check digit validated and
//! normalised to GTIN-14 for storage and lookup.

/// Why a code is not a valid barcode.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BarcodeError {
    #[error("`{0}` is not all digits")]
    NotDigits(String),
    #[error("`{0}` has {1} digits; a barcode has 8, 12, 13 or 14")]
    BadLength(String, usize),
    #[error("`{code}` has a bad check digit (expected {expected})")]
    BadCheckDigit { code: String, expected: u8 },
}

/// The GS1 mod-10 check digit for the digits before it.
pub fn check_digit(body: &[u8]) -> u8 {
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| u32::from(d - b'0') * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

/// Validates an EAN-8, UPC-A, EAN-13 or GTIN-14 and returns it as GTIN-14
/// (left-padded with zeros).
pub fn normalize(code: &str) -> Result<String, BarcodeError> {
    let code = code.trim();
    if code.is_empty() || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(BarcodeError::NotDigits(code.to_string()));
    }
    if !matches!(code.len(), 8 | 12 | 13 | 14) {
        return Err(BarcodeError::BadLength(code.to_string(), code.len()));
    }
    let bytes = code.as_bytes();
    let (body, last) = bytes.split_at(bytes.len() - 1);
    let expected = check_digit(body);
    if last[0] - b'0' != expected {
        return Err(BarcodeError::BadCheckDigit { code: code.to_string(), expected });
    }
    Ok(format!("{code:0>14}"))
}

/// The shortest usual form of a stored GTIN-14: EAN-8 when it has six leading
/// zeros, EAN-13 (UPC-A padded) when it has one, else the GTIN-14 itself.
/// `normalize(display(g)) == g` for every stored code.
pub fn display(gtin14: &str) -> &str {
    if let Some(ean8) = gtin14.strip_prefix("000000") {
        ean8
    } else if let Some(ean13) = gtin14.strip_prefix('0') {
        ean13
    } else {
        gtin14
    }
}

/// Whether text looks like a barcode someone scanned or typed (all digits, a barcode length).
pub fn looks_like_barcode(text: &str) -> bool {
    matches!(text.len(), 8 | 12 | 13 | 14) && text.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_valid_codes_of_every_length() {
        assert_eq!(normalize("4006381333931"), Ok("04006381333931".into())); // EAN-13
        assert_eq!(normalize("036000291452"), Ok("00036000291452".into())); // UPC-A
        assert_eq!(normalize("96385074"), Ok("00000096385074".into())); // EAN-8
        assert_eq!(normalize("10012345678902"), Ok("10012345678902".into())); // GTIN-14
    }

    #[test]
    fn refuses_bad_codes_with_the_reason() {
        assert_eq!(
            normalize("4006381333932"),
            Err(BarcodeError::BadCheckDigit { code: "4006381333932".into(), expected: 1 })
        );
        assert!(matches!(normalize("12345"), Err(BarcodeError::BadLength(_, 5))));
        assert!(matches!(normalize("40063813339x1"), Err(BarcodeError::NotDigits(_))));
        assert!(matches!(normalize(""), Err(BarcodeError::NotDigits(_))));
    }

    proptest! {
        #[test]
        fn display_then_normalize_is_identity(body in "[0-9]{12}") {
            let code = format!("{body}{}", check_digit(body.as_bytes()));
            let g = normalize(&code).unwrap();
            prop_assert_eq!(normalize(display(&g)).unwrap(), g);
        }
    }
}
