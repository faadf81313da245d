//! The `data` of each event of a `text/event-stream` body (the HTML
//! Standard's "Server-sent events" parsing, §9.2.6), which is how a
//! Streamable HTTP server may answer a POST (MCP 2025-11-25, "Sending
//! Messages to the Server").

/// The data of each event, in order. Lines end with CRLF, LF or CR; a
/// `data` field's value loses one leading space; several `data` lines of
/// one event are joined with LF; an event ends at a blank line (and, for
/// a stream cut short, at its end). Comments and other fields are skipped.
pub(crate) fn events(body: &str) -> Vec<String> {
    let mut events = Vec::new();
    let mut data: Option<String> = None;
    let body = body.strip_prefix('\u{feff}').unwrap_or(body);
    for line in body.split("\r\n").flat_map(|l| l.split(['\n', '\r'])) {
        if line.is_empty() {
            events.extend(data.take());
            continue;
        }
        let (field, value) = line.split_once(':').unwrap_or((line, ""));
        if field == "data" {
            let value = value.strip_prefix(' ').unwrap_or(value);
            match &mut data {
                Some(d) => {
                    d.push('\n');
                    d.push_str(value);
                }
                None => data = Some(value.to_owned()),
            }
        }
    }
    events.extend(data);
    events
}

#[cfg(test)]
mod tests {
    use super::events;

    #[test]
    fn frames() {
        let body = ": comment\r\nevent: message\r\nid: 1\r\ndata: {\"a\":\r\ndata:1}\r\n\r\ndata: two\n\ndata:three";
        assert_eq!(events(body), ["{\"a\":\n1}", "two", "three"]);
        assert!(events("").is_empty());
        assert_eq!(events("data\n\n"), [""]);
    }
}
