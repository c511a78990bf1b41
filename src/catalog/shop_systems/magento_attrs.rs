//! Which of a Magento export's attributes a customer sees. Magento puts every
//! attribute that has no column of its own into `additional_attributes`,
//! its own bookkeeping too (`has_options`, `quantity_and_stock_status`, an
//! extension's `vendor_id`); an export may also carry attributes as columns
//! of their own (`size`, `color`, or `color_text` with the label beside a
//! `color` option id). Only what describes the product reaches the upgrade
//! pane's spec-by-spec comparison.

use std::collections::HashMap;

use super::{Col, Sheet, title_case};

/// The columns of Magento's catalog product export (and import) that are
/// not attributes of the product as a customer sees it.
const SYSTEM_COLUMNS: &[&str] = &[
    "sku",
    "store_view_code",
    "attribute_set_code",
    "product_type",
    "categories",
    "product_websites",
    "name",
    "description",
    "short_description",
    "weight",
    "product_online",
    "tax_class_name",
    "visibility",
    "price",
    "special_price",
    "special_price_from_date",
    "special_price_to_date",
    "url_key",
    "save_rewrites_history",
    "meta_title",
    "meta_keywords",
    "meta_description",
    "base_image",
    "base_image_label",
    "small_image",
    "small_image_label",
    "thumbnail_image",
    "thumbnail_image_label",
    "swatch_image",
    "swatch_image_label",
    "created_at",
    "updated_at",
    "new_from_date",
    "new_to_date",
    "display_product_options_in",
    "map_price",
    "msrp_price",
    "map_enabled",
    "gift_message_available",
    "custom_design",
    "custom_design_from",
    "custom_design_to",
    "custom_layout_update",
    "page_layout",
    "product_options_container",
    "msrp_display_actual_price_type",
    "country_of_manufacture",
    "additional_attributes",
    "qty",
    "out_of_stock_qty",
    "allow_backorders",
    "min_cart_qty",
    "max_cart_qty",
    "is_in_stock",
    "notify_on_stock_below",
    "manage_stock",
    "qty_increments",
    "enable_qty_increments",
    "is_decimal_divided",
    "website_id",
    "deferred_stock_update",
    "related_skus",
    "related_position",
    "crosssell_skus",
    "crosssell_position",
    "upsell_skus",
    "upsell_position",
    "additional_images",
    "additional_image_labels",
    "hide_from_product_page",
    "custom_options",
    "bundle_price_type",
    "bundle_sku_type",
    "bundle_price_view",
    "bundle_weight_type",
    "bundle_values",
    "bundle_shipment_type",
    "associated_skus",
    "downloadable_links",
    "downloadable_samples",
    "configurable_variations",
    "configurable_variation_labels",
    // Read for what they are, not as specs.
    "cost",
    "brand",
    "manufacturer",
    "ean",
    "gtin",
    "upc",
    "barcode",
];

/// Magento's (and common extensions') internal attributes: how a product is
/// set up, sold, shipped or shown, not what it is.
const INTERNAL: &[&str] = &[
    "has_options",
    "required_options",
    "quantity_and_stock_status",
    "options_container",
    "shipment_type",
    "sku_type",
    "price_type",
    "price_view",
    "weight_type",
    "links_purchased_separately",
    "links_title",
    "links_exist",
    "samples_title",
    "is_returnable",
    "status",
    "image",
    "image_label",
    "small_image",
    "thumbnail",
    "thumbnail_label",
    "media_gallery",
    "gallery",
    "tier_price",
    "minimal_price",
    "salable_quantity",
    "allow_open_amount",
    "open_amount_min",
    "open_amount_max",
    "email_template",
    "lifetime",
    "allow_message",
    "recurring_profile",
    "entity_id",
    "type_id",
    "quantity",
];

/// Prefixes and suffixes of internal attribute codes.
const INTERNAL_PREFIXES: &[&str] = &[
    "use_config_",
    "is_",
    "ts_",
    "msrp",
    "gift",
    "url_",
    "meta_",
    "news_",
    "special_",
    "custom_",
    "swatch_",
    "related_tgtr",
    "upsell_tgtr",
    "crosssell_tgtr",
    "page_",
    "_",
];
const INTERNAL_SUFFIXES: &[&str] = &["_id", "_ids", "_position"];

/// Whether an attribute code describes the product to a customer.
pub(super) fn customer_facing(code: &str) -> bool {
    let code = code.trim().to_ascii_lowercase();
    !code.is_empty()
        && !SYSTEM_COLUMNS.contains(&code.as_str())
        && !INTERNAL.contains(&code.as_str())
        && !INTERNAL_PREFIXES.iter().any(|p| code.starts_with(p))
        && !INTERNAL_SUFFIXES.iter().any(|s| code.ends_with(s))
}

/// An attribute carried as a column of its own.
pub(super) struct AttrColumn {
    pub code: String,
    /// Where the value is read: the `_text` column (a label) when there is one.
    pub col: Col,
}

/// The export's attribute columns, in header order.
pub(super) fn attribute_columns(sheet: &Sheet) -> Vec<AttrColumn> {
    let names = sheet.names();
    let has = |n: &str| names.iter().any(|h| h.eq_ignore_ascii_case(n));
    let mut out = Vec::new();
    for name in names {
        let lower = name.to_ascii_lowercase();
        // "color_text" is the label of "color": read under "color", once.
        let code = match lower.strip_suffix("_text") {
            Some(base) if has(base) => continue,
            Some(base) => base.to_string(),
            None => lower.clone(),
        };
        if !customer_facing(&code) {
            continue;
        }
        let text = format!("{code}_text");
        let col = if has(&text) { sheet.col(&[&text]) } else { sheet.col(&[name]) };
        out.push(AttrColumn { code, col });
    }
    out
}

/// `configurable_variation_labels` ("color=Colour,size=Size") as code → label.
pub(super) fn labels(v: &str) -> HashMap<String, String> {
    super::magento::key_values(v)
        .into_iter()
        .filter(|(_, label)| !label.trim().is_empty())
        .map(|(code, label)| (code.to_ascii_lowercase(), label.trim().to_string()))
        .collect()
}

/// The name an attribute is shown by: its label, else its code in title case.
pub(super) fn shown_name(code: &str, labels: &HashMap<String, String>) -> String {
    labels.get(&code.to_ascii_lowercase()).cloned().unwrap_or_else(|| title_case(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internals_are_told_from_specs() {
        for internal in [
            "has_options",
            "quantity_and_stock_status",
            "required_options",
            "vendor_id",
            "shipment_type",
            "use_config_gift_wrapping",
            "ts_hs_code",
            "gift_wrapping_price",
            "is_returnable",
            "related_tgtr_position_limit",
            "url_path",
            "cost",
        ] {
            assert!(!customer_facing(internal), "{internal}");
        }
        for spec in
            ["color", "size", "material", "capacity", "keep_warm", "pack_size", "connectivity", "screen_size"]
        {
            assert!(customer_facing(spec), "{spec}");
        }
    }

    #[test]
    fn labels_name_attributes() {
        let l = labels("color=Colour,size=Size");
        assert_eq!(shown_name("color", &l), "Colour");
        assert_eq!(shown_name("keep_warm", &l), "Keep Warm");
    }
}
