//! How a foreign list pages: by cursor, page number and size, offset and limit, or start and
//! end; and how the answer says there is more (a next cursor, or a total in the body or in a
//! header: `X-Total-Count`, `Content-Range`, `Link`). The app's own cursor for the numbered
//! styles is the offset of the next item ("n20"), whatever the API counts in.

use super::super::endpoint::with_query;
use super::super::shape::PageAsk;
use super::path::Path;
use super::Problem;
use crate::api::{ApiError, ApiResult, ErrorKind};
use serde_json::Value;

#[derive(Clone, Debug)]
enum Style {
    Cursor {
        cursor: String,
        limit: String,
    },
    Page {
        page: String,
        size: String,
        first: u64,
    },
    Offset {
        offset: String,
        limit: String,
    },
    Range {
        start: String,
        end: String,
    },
}

#[derive(Clone, Debug)]
enum Source {
    Body(Path),
    Header(String),
}

#[derive(Clone, Debug)]
pub struct Paging {
    style: Style,
    total: Option<Source>,
    next_cursor: Option<Source>,
}

const STYLES: &str = "cursor, page, offset, range";

impl Paging {
    pub fn parse(v: &Value, key: &str) -> Result<Paging, Problem> {
        let o = v
            .as_object()
            .ok_or_else(|| Problem::new(key, "expected an object with a \"style\""))?;
        let text = |k: &str, default: Option<&str>| -> Result<String, Problem> {
            match o.get(k) {
                Some(Value::String(s)) if !s.is_empty() => Ok(s.clone()),
                Some(_) => Err(Problem::new(
                    &format!("{key}.{k}"),
                    "expected a non-empty string",
                )),
                None => default.map(str::to_owned).ok_or_else(|| {
                    Problem::new(&format!("{key}.{k}"), "required for this pagination style")
                }),
            }
        };
        let style_name = match o.get("style") {
            Some(Value::String(s)) => s.as_str(),
            _ => {
                return Err(Problem::new(
                    &format!("{key}.style"),
                    format!("expected one of {STYLES}"),
                ))
            }
        };
        let (style, allowed): (Style, &[&str]) = match style_name {
            "cursor" => (
                Style::Cursor {
                    cursor: text("cursor_param", Some("cursor"))?,
                    limit: text("limit_param", Some("limit"))?,
                },
                &["cursor_param", "limit_param", "next_cursor"],
            ),
            "page" => (
                Style::Page {
                    page: text("page_param", None)?,
                    size: text("size_param", None)?,
                    first: match o.get("first_page") {
                        None => 1,
                        Some(v) => v.as_u64().filter(|n| *n <= 1).ok_or_else(|| {
                            Problem::new(&format!("{key}.first_page"), "expected 0 or 1")
                        })?,
                    },
                },
                &["page_param", "size_param", "first_page", "total"],
            ),
            "offset" => (
                Style::Offset {
                    offset: text("offset_param", None)?,
                    limit: text("limit_param", None)?,
                },
                &["offset_param", "limit_param", "total"],
            ),
            "range" => (
                Style::Range {
                    start: text("start_param", None)?,
                    end: text("end_param", None)?,
                },
                &["start_param", "end_param", "total"],
            ),
            other => {
                return Err(Problem::new(
                    &format!("{key}.style"),
                    format!("expected one of {STYLES}, not {other:?}"),
                ))
            }
        };
        if let Some(k) = o
            .keys()
            .find(|k| *k != "style" && *k != "$comment" && !allowed.contains(&k.as_str()))
        {
            return Err(Problem::new(
                &format!("{key}.{k}"),
                format!(
                    "not used by the {style_name} style; expected {}",
                    allowed.join(", ")
                ),
            ));
        }
        let source = |k: &str| -> Result<Option<Source>, Problem> {
            match o.get(k) {
                None => Ok(None),
                Some(Value::String(s)) => Source::parse(s)
                    .map(Some)
                    .ok_or_else(|| Problem::new(&format!("{key}.{k}"), SOURCE_FORMS)),
                Some(_) => Err(Problem::new(&format!("{key}.{k}"), SOURCE_FORMS)),
            }
        };
        let next_cursor = source("next_cursor")?;
        if matches!(style, Style::Cursor { .. }) && next_cursor.is_none() {
            return Err(Problem::new(
                &format!("{key}.next_cursor"),
                "required for the cursor style: where the next cursor is (\"body:next\" or \"header:Link\")",
            ));
        }
        Ok(Paging {
            style,
            total: source("total")?,
            next_cursor,
        })
    }

    /// The URL of the page the app asks for.
    pub fn request(&self, url: &str, ask: PageAsk<'_>) -> ApiResult<String> {
        let limit = u64::from(ask.limit.max(1));
        if let Style::Cursor { cursor, limit: l } = &self.style {
            let mut params = vec![(l.as_str(), limit.to_string())];
            if let Some(c) = ask.cursor {
                params.push((cursor.as_str(), c.to_owned()));
            }
            return Ok(with_query(url, &params));
        }
        let offset = offset_of(ask.cursor)?;
        let params = match &self.style {
            Style::Page { page, size, first } => vec![
                (page.as_str(), (offset / limit + first).to_string()),
                (size.as_str(), limit.to_string()),
            ],
            Style::Offset {
                offset: o,
                limit: l,
            } => {
                vec![
                    (o.as_str(), offset.to_string()),
                    (l.as_str(), limit.to_string()),
                ]
            }
            Style::Range { start, end } => vec![
                (start.as_str(), offset.to_string()),
                (end.as_str(), (offset + limit).to_string()),
            ],
            Style::Cursor { .. } => unreachable!("answered above"),
        };
        Ok(with_query(url, &params))
    }

    /// The app's cursor for the page after this one, `None` on the last page.
    pub fn next(
        &self,
        ask: PageAsk<'_>,
        got: usize,
        doc: &Value,
        header: &dyn Fn(&str) -> Option<String>,
    ) -> ApiResult<Option<String>> {
        if let Style::Cursor { .. } = self.style {
            let next = match &self.next_cursor {
                Some(Source::Body(p)) => p.get(doc).and_then(|v| match v {
                    Value::String(s) => Some(s.clone()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                }),
                Some(Source::Header(h)) => header(h).and_then(|v| link_next(&v)),
                None => None,
            };
            return Ok(next.filter(|c| !c.is_empty() && got > 0));
        }
        let after = offset_of(ask.cursor)? + got as u64;
        let more = match &self.total {
            Some(Source::Body(p)) => p
                .get(doc)
                .and_then(|v| v.as_u64().or_else(|| v.as_str()?.trim().parse().ok()))
                .map(|total| after < total),
            Some(Source::Header(h)) => header(h).and_then(|v| header_more(h, &v, after)),
            None => None,
        }
        // Without a total, a full page means there may be more.
        .unwrap_or(got as u64 >= u64::from(ask.limit.max(1)));
        Ok((more && got > 0).then(|| format!("n{after}")))
    }
}

const SOURCE_FORMS: &str =
    "expected \"body:<path>\", \"header:X-Total-Count\", \"header:Content-Range\" or \"header:Link\"";

impl Source {
    fn parse(s: &str) -> Option<Source> {
        let (kind, rest) = s.split_once(':')?;
        match kind {
            "body" => Some(Source::Body(Path::parse(rest))),
            "header" if !rest.trim().is_empty() => Some(Source::Header(rest.trim().to_owned())),
            _ => None,
        }
    }
}

fn offset_of(cursor: Option<&str>) -> ApiResult<u64> {
    match cursor {
        None | Some("") => Ok(0),
        Some(c) => c
            .strip_prefix('n')
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| ApiError::with_detail(ErrorKind::Invalid, format!("bad cursor {c:?}"))),
    }
}

/// Whether more items follow `after`, from a total header: `X-Total-Count: 64`,
/// `Content-Range: items 0-9/64`, or a `Link` header with `rel="next"`.
fn header_more(name: &str, value: &str, after: u64) -> Option<bool> {
    if name.eq_ignore_ascii_case("link") {
        return Some(link_next(value).is_some());
    }
    let total = match value.rsplit_once('/') {
        Some((_, total)) => total.trim(),
        None => value.trim(),
    };
    // "*" (unknown total) falls back to the full-page rule.
    total.parse::<u64>().ok().map(|total| after < total)
}

/// The URL of `rel="next"` in a Link header.
fn link_next(link: &str) -> Option<String> {
    link.split(',').find_map(|part| {
        let (url, params) = part.split_once(';')?;
        params
            .split(';')
            .any(|p| {
                let p = p.trim().replace(' ', "");
                p == "rel=\"next\"" || p == "rel=next"
            })
            .then(|| {
                url.trim()
                    .trim_start_matches('<')
                    .trim_end_matches('>')
                    .to_owned()
            })
    })
}
