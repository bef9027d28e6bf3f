//! Publication times as sources write them, to RFC 3339.

use jiff::civil::{Date, DateTime, Time};
use jiff::fmt::temporal::{Pieces, PiecesOffset};
use jiff::tz::{Offset, TimeZone};

/// Parses a publication time to RFC 3339, keeping the source's UTC offset.
///
/// Accepts RFC 3339 / ISO 8601 (`2024-03-12T14:05:00+01:00`,
/// `2017-01-19 16:40:00`, `2016-05-04T00:00:00`, `2024-03-12`) and RFC 2822
/// (`Tue, 12 Mar 2024 14:05:00 GMT`, as in HTTP and RSS). A time without an
/// offset is taken as UTC and a date without a time as its midnight, UTC:
/// news-please and most CMSs write naive times in UTC. Returns `None` for
/// anything else, including the placeholder strings some exporters write
/// (`None`, `null`).
pub fn parse_published(s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() || s.len() > 64 {
        return None;
    }
    if let Ok(pieces) = Pieces::parse(s) {
        let time = pieces.time().unwrap_or(Time::midnight());
        let datetime = DateTime::from_parts(pieces.date(), time);
        let offset = match pieces.offset() {
            Some(PiecesOffset::Numeric(n)) => n.offset(),
            Some(PiecesOffset::Zulu) | None => Offset::UTC,
            Some(_) => Offset::UTC,
        };
        return format_at(datetime, offset);
    }
    if let Ok(zoned) = jiff::fmt::rfc2822::parse(s) {
        return format_at(zoned.datetime(), zoned.offset());
    }
    // A bare year-month-day with a slash, as some sites write it.
    let parts: Vec<&str> = s.split('/').collect();
    if let [y, m, d] = parts[..]
        && let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i16>(), m.parse::<i8>(), d.parse::<i8>())
        && let Ok(date) = Date::new(y, m, d)
    {
        return format_at(date.to_datetime(Time::midnight()), Offset::UTC);
    }
    None
}

/// Seconds since the Unix epoch of an RFC 3339 time (as in
/// `Document::published`), for ordering and time arithmetic.
pub fn published_seconds(rfc3339: &str) -> Option<i64> {
    rfc3339
        .parse::<jiff::Timestamp>()
        .ok()
        .map(|t| t.as_second())
}

fn format_at(datetime: DateTime, offset: Offset) -> Option<String> {
    let ts = datetime.to_zoned(TimeZone::fixed(offset)).ok()?.timestamp();
    if offset == Offset::UTC {
        Some(ts.to_string())
    } else {
        Some(ts.display_with_offset(offset).to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_sources_use() {
        let p = |s| parse_published(s);
        assert_eq!(
            p("2024-03-12T14:05:00+01:00").unwrap(),
            "2024-03-12T14:05:00+01:00"
        );
        assert_eq!(p("2024-03-12T14:05:00Z").unwrap(), "2024-03-12T14:05:00Z");
        assert_eq!(p("2017-01-19 16:40:00").unwrap(), "2017-01-19T16:40:00Z");
        assert_eq!(p("2016-05-04T00:00:00").unwrap(), "2016-05-04T00:00:00Z");
        assert_eq!(p("2024-03-12").unwrap(), "2024-03-12T00:00:00Z");
        assert_eq!(
            p("Tue, 12 Mar 2024 14:05:00 GMT").unwrap(),
            "2024-03-12T14:05:00Z"
        );
        assert_eq!(
            p("Tue, 12 Mar 2024 14:05:00 -0500").unwrap(),
            "2024-03-12T14:05:00-05:00"
        );
        assert_eq!(p("2024/03/12").unwrap(), "2024-03-12T00:00:00Z");
        assert_eq!(
            p("2024-03-12T14:05:00.123+05:30").unwrap(),
            "2024-03-12T14:05:00.123+05:30"
        );
        assert_eq!(published_seconds("1970-01-01T01:00:00+01:00"), Some(0));
        assert_eq!(published_seconds("not a date"), None);
        for bad in ["None", "null", "", "yesterday", "2024-13-45", "12 March"] {
            assert_eq!(p(bad), None, "{bad}");
        }
    }
}
