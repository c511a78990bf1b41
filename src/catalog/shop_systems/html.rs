//! Plain text from the HTML that shop systems keep descriptions in.

/// Plain text from an HTML fragment: tags dropped (block-level ones leave a
/// space), `<script>`/`<style>` contents and comments dropped, the common
/// entities decoded, whitespace collapsed.
pub fn strip_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |e| &after[e + 3..]);
            out.push(' ');
        } else if c == '<' && rest[1..].starts_with(|n: char| n.is_ascii_alphabetic() || n == '/' || n == '!')
        {
            let Some(end) = rest.find('>') else { break };
            let tag = &rest[1..end];
            rest = &rest[end + 1..];
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_lowercase();
            if (name == "script" || name == "style") && !tag.starts_with('/') {
                let close = format!("</{name}");
                rest = find_ignore_case(rest, &close)
                    .and_then(|at| rest[at..].find('>').map(|e| &rest[at + e + 1..]))
                    .unwrap_or("");
            }
            if BLOCK_TAGS.contains(&name.as_str()) {
                out.push(' ');
            }
        } else if c == '&' {
            match decode_entity(rest) {
                Some((decoded, len)) => {
                    out.push(decoded);
                    rest = &rest[len..];
                }
                None => {
                    out.push('&');
                    rest = &rest[1..];
                }
            }
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

const BLOCK_TAGS: &[&str] = &[
    "br",
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "td",
    "th",
    "table",
    "section",
    "article",
    "blockquote",
    "hr",
    "dd",
    "dt",
    "dl",
    "figure",
    "figcaption",
    "header",
    "footer",
    "pre",
];

fn find_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    if n.is_empty() || h.len() < n.len() {
        return None;
    }
    (0..=h.len() - n.len()).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// The character an entity at the start of `s` stands for, and the entity's length.
fn decode_entity(s: &str) -> Option<(char, usize)> {
    let semi = s.char_indices().take(12).find(|(_, c)| *c == ';').map(|(i, _)| i)?;
    let body = &s[1..semi];
    let c = if let Some(num) = body.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse::<u32>().ok()?,
        };
        char::from_u32(code).map(|c| if c.is_control() { ' ' } else { c })?
    } else {
        match body {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
            "ndash" => '–',
            "mdash" => '—',
            "hellip" => '…',
            "lsquo" => '‘',
            "rsquo" => '’',
            "ldquo" => '“',
            "rdquo" => '”',
            "bull" => '•',
            "middot" => '·',
            "deg" => '°',
            "times" => '×',
            "trade" => '™',
            "reg" => '®',
            "copy" => '©',
            "euro" => '€',
            "pound" => '£',
            "yen" => '¥',
            "cent" => '¢',
            "frac12" => '½',
            "frac14" => '¼',
            "frac34" => '¾',
            "micro" => 'µ',
            _ => return None,
        }
    };
    Some((c, semi + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_stripped_and_entities_decoded() {
        assert_eq!(
            strip_html(
                "<p>Fast &amp; light,&nbsp;<strong>6.1&quot;</strong></p><ul><li>One</li><li>Two</li></ul>"
            ),
            "Fast & light, 6.1\" One Two"
        );
        assert_eq!(
            strip_html("a < b &copy; &#8364;5 &#x263A; &bogus; <style>p{}</style>x<!-- c -->y"),
            "a < b © €5 ☺ &bogus; x y"
        );
        assert_eq!(strip_html("<b>Hel</b>lo<br/>there<script>alert(1)</SCRIPT>!"), "Hello there!");
        assert_eq!(strip_html("unclosed <p"), "unclosed");
    }
}
