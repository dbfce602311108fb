//! Errors tied to their fields (issue 18 item 10): a refused form keeps its summary at the top
//! and each refused field is marked where it stands — `aria-invalid`, the message beside it in
//! its label, and `aria-describedby` naming the message — so a screen reader reads the
//! problem with the field and a sighted reader sees it there. Done on the rendered page, so
//! every form of the console gets it without each template knowing its errors.

/// Escapes text for HTML.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// The id of a field's message: letters and digits of the field's path (`items[0].name` →
/// `error-items-0-name`).
fn message_id(field: &str) -> String {
    let mut id = String::from("error-");
    for c in field.chars() {
        id.push(if c.is_ascii_alphanumeric() { c } else { '-' });
    }
    id
}

/// Where the first input, select or text area named `field` starts and its tag ends.
fn find_control(html: &str, field: &str) -> Option<(usize, usize)> {
    let needle = format!("name=\"{field}\"");
    let mut from = 0;
    while let Some(found) = html[from..].find(&needle) {
        let at = from + found;
        let start = html[..at].rfind('<')?;
        let tag = &html[start..at];
        let end = at + html[at..].find('>')?;
        let is_control = ["<input", "<select", "<textarea"]
            .iter()
            .any(|t| tag.starts_with(t));
        if is_control && !tag.contains("type=\"hidden\"") && !html[at..end].contains("type=\"hidden\"") {
            return Some((start, end));
        }
        from = at + needle.len();
    }
    None
}

/// Marks each refused field of `html`; a field the page has no input for stays in the
/// summary alone.
pub fn tie(mut html: String, errors: &[(String, String)]) -> String {
    let mut done: Vec<&str> = Vec::new();
    for (field, message) in errors {
        if done.contains(&field.as_str()) {
            continue;
        }
        let Some((start, end)) = find_control(&html, field) else {
            continue;
        };
        done.push(field);
        let id = message_id(field);
        let tag = &html[start..end];
        let marks = if tag.contains("aria-describedby=\"") {
            format!(" aria-invalid=\"true\" data-error=\"{id}\"")
        } else {
            format!(" aria-invalid=\"true\" aria-describedby=\"{id}\"")
        };
        let closing = if html[..end].ends_with('/') { end - 1 } else { end };
        html.insert_str(closing, &marks);
        let after = closing + marks.len();
        let note = format!(
            "<span class=\"field-error\" id=\"{id}\">{}</span>",
            escape(message)
        );
        // Inside the field's label when it closes soon after the control, else right after it.
        let tag_end = after + html[after..].find('>').map_or(0, |i| i + 1);
        let label_end = html[tag_end..]
            .find("</label>")
            .filter(|i| !html[tag_end..tag_end + i].contains("<label"))
            .map(|i| tag_end + i);
        html.insert_str(label_end.unwrap_or(tag_end), &note);
    }
    html
}

#[cfg(test)]
mod tests {
    use super::tie;

    #[test]
    fn issue_18_a_refused_field_is_marked_where_it_stands() {
        let page = "<form><input type=\"hidden\" name=\"email\" value=\"x\">\
                    <label>E-mail<input name=\"email\" value=\"a@\"></label>\
                    <label>Name<input name=\"name\"></label></form>";
        let out = tie(page.to_owned(), &[("email".into(), "not an <address>".into())]);
        assert!(
            out.contains(
                "<input name=\"email\" value=\"a@\" aria-invalid=\"true\" aria-describedby=\"error-email\">\
             <span class=\"field-error\" id=\"error-email\">not an &lt;address&gt;</span></label>"
            ),
            "{out}"
        );
        assert!(
            out.contains("<input type=\"hidden\" name=\"email\" value=\"x\">"),
            "hidden fields untouched"
        );
        assert!(out.contains("<label>Name<input name=\"name\"></label>"));
        let none = tie(page.to_owned(), &[("items[0].plan".into(), "unknown".into())]);
        assert_eq!(none, page, "a field the page does not have changes nothing");
    }
}
