//! Record templates: JSON in the shape of a native record whose values say where each field
//! comes from in the foreign record (see the README, "Mapping a foreign backend").

use super::convert::{convert, Conversion, MoneyContext};
use super::path::Path;
use super::Problem;
use serde_json::{Map, Value};
use std::rc::Rc;

#[derive(Debug)]
pub enum Template {
    /// The value at a path, unchanged.
    Path(Path),
    /// The value at a path, or a default when it is missing.
    Or(Path, Value),
    Convert {
        path: Path,
        how: Conversion,
        default: Option<Value>,
        currency: Currency,
        discount_percent: Option<Path>,
        scale: Option<f64>,
    },
    /// A fixed value.
    Value(Value),
    /// An array made from each element at a path.
    Each(Path, Rc<Template>),
    /// A nested record.
    At(Path, Rc<Template>),
    /// A nested native object, fields from the same record.
    Object(Vec<(String, Template)>),
}

#[derive(Debug)]
pub enum Currency {
    Fixed(String),
    At(Path),
}

/// Named templates, resolved while parsing (`"$record": "product"`).
pub struct Records<'a> {
    pub source: Option<&'a Map<String, Value>>,
    /// Names being parsed, to refuse a record that contains itself.
    pub stack: Vec<String>,
}

const SPEC_KEYS: &[&str] = &[
    "$path",
    "$as",
    "$default",
    "$currency",
    "$currency_path",
    "$discount_percent",
    "$scale",
];

impl Template {
    /// The template that passes the record through unchanged.
    pub fn identity() -> Template {
        Template::Path(Path::default())
    }

    pub fn parse(v: &Value, key: &str, records: &mut Records) -> Result<Template, Problem> {
        match v {
            Value::String(s) => Ok(Template::Path(Path::parse(s))),
            Value::Object(o) if o.contains_key("$value") => {
                only(o, key, &["$value"])?;
                Ok(Template::Value(o["$value"].clone()))
            }
            Value::Object(o) if o.contains_key("$each") || o.contains_key("$at") => {
                let each = o.contains_key("$each");
                let which = if each { "$each" } else { "$at" };
                only(o, key, &[which, "$record"])?;
                let path = path_at(o, which, key)?;
                let record = o
                    .get("$record")
                    .ok_or_else(|| Problem::new(key, format!("{which} needs a \"$record\"")))?;
                let inner = Rc::new(Self::record(record, &format!("{key}.$record"), records)?);
                Ok(if each {
                    Template::Each(path, inner)
                } else {
                    Template::At(path, inner)
                })
            }
            Value::Object(o) if o.contains_key("$path") => {
                only(o, key, SPEC_KEYS)?;
                let path = path_at(o, "$path", key)?;
                let how = match o.get("$as") {
                    None => None,
                    Some(Value::String(s)) => Some(Conversion::parse(s).ok_or_else(|| {
                        Problem::new(
                            &format!("{key}.$as"),
                            format!("expected one of {}, not {s:?}", Conversion::NAMES),
                        )
                    })?),
                    Some(_) => {
                        return Err(Problem::new(&format!("{key}.$as"), "expected a string"))
                    }
                };
                let money = how.is_some_and(Conversion::is_money);
                for k in ["$currency", "$currency_path", "$discount_percent"] {
                    if o.contains_key(k) && !money {
                        return Err(Problem::new(
                            &format!("{key}.{k}"),
                            "only with \"$as\": \"money_major\" or \"money_minor\"",
                        ));
                    }
                }
                let currency = match (o.get("$currency"), o.contains_key("$currency_path")) {
                    (Some(Value::String(c)), false) if c.len() == 3 => Currency::Fixed(c.clone()),
                    (Some(_), _) => return Err(Problem::new(
                        &format!("{key}.$currency"),
                        "expected an ISO 4217 code such as \"CNY\" (and not with $currency_path)",
                    )),
                    (None, true) => Currency::At(path_at(o, "$currency_path", key)?),
                    (None, false) => Currency::Fixed("CNY".into()),
                };
                let scale = match o.get("$scale") {
                    None => None,
                    Some(v) if how == Some(Conversion::Integer) => {
                        Some(v.as_f64().filter(|f| f.is_finite()).ok_or_else(|| {
                            Problem::new(
                                &format!("{key}.$scale"),
                                "expected a number (1000: seconds → milliseconds)",
                            )
                        })?)
                    }
                    Some(_) => {
                        return Err(Problem::new(
                            &format!("{key}.$scale"),
                            "only with \"$as\": \"integer\"",
                        ))
                    }
                };
                let discount_percent = match o.get("$discount_percent") {
                    Some(_) => Some(path_at(o, "$discount_percent", key)?),
                    None => None,
                };
                match how {
                    None if o.keys().all(|k| k == "$path" || k == "$default") => {
                        Ok(match o.get("$default") {
                            Some(d) => Template::Or(path, d.clone()),
                            None => Template::Path(path),
                        })
                    }
                    None => Err(Problem::new(
                        &format!("{key}.$as"),
                        "required with $currency or $discount_percent",
                    )),
                    Some(how) => Ok(Template::Convert {
                        path,
                        how,
                        default: o.get("$default").cloned(),
                        currency,
                        discount_percent,
                        scale,
                    }),
                }
            }
            Value::Object(o) => {
                if let Some(k) = o.keys().find(|k| k.starts_with('$')) {
                    return Err(Problem::new(
                        &format!("{key}.{k}"),
                        "unknown: expected $path, $as, $default, $value, $each, $at or $record",
                    ));
                }
                let mut fields = Vec::with_capacity(o.len());
                for (name, value) in o {
                    fields.push((
                        name.clone(),
                        Self::parse(value, &format!("{key}.{name}"), records)?,
                    ));
                }
                Ok(Template::Object(fields))
            }
            _ => Err(Problem::new(
                key,
                "expected a path string or an object ($path, $value, $each, $at, or fields)",
            )),
        }
    }

    /// A `$record`: a name in `records`, or a template written in place.
    pub fn record(v: &Value, key: &str, records: &mut Records) -> Result<Template, Problem> {
        let Value::String(name) = v else {
            return Self::parse(v, key, records);
        };
        let source = records.source.and_then(|r| r.get(name)).ok_or_else(|| {
            Problem::new(
                key,
                format!("no record named {name:?} in http.mapping.records"),
            )
        })?;
        if records.stack.contains(name) {
            return Err(Problem::new(
                key,
                format!("record {name:?} contains itself"),
            ));
        }
        records.stack.push(name.clone());
        let t = Self::parse(source, &format!("http.mapping.records.{name}"), records);
        records.stack.pop();
        t
    }

    /// The native value for one foreign record.
    pub fn apply(&self, record: &Value, base: &str) -> Value {
        match self {
            Template::Path(p) => p.get(record).cloned().unwrap_or(Value::Null),
            Template::Or(p, default) => p.get(record).unwrap_or(default).clone(),
            Template::Value(v) => v.clone(),
            Template::Convert {
                path,
                how,
                default,
                currency,
                discount_percent,
                scale,
            } => {
                let found = path.get(record);
                let converted = match found {
                    Some(v) => {
                        let code = match currency {
                            Currency::Fixed(c) => c.clone(),
                            Currency::At(p) => p
                                .get(record)
                                .and_then(Value::as_str)
                                .unwrap_or("CNY")
                                .to_owned(),
                        };
                        let pct = discount_percent.as_ref().and_then(|p| {
                            let v = p.get(record)?;
                            v.as_f64().or_else(|| v.as_str()?.trim().parse().ok())
                        });
                        convert(
                            v,
                            *how,
                            base,
                            &MoneyContext {
                                currency: &code,
                                discount_percent: pct,
                                scale: *scale,
                            },
                        )
                    }
                    None => None,
                };
                converted.or_else(|| default.clone()).unwrap_or(Value::Null)
            }
            Template::Each(path, inner) => Value::Array(match path.get(record) {
                Some(Value::Array(items)) => items.iter().map(|i| inner.apply(i, base)).collect(),
                Some(one) => vec![inner.apply(one, base)],
                None => Vec::new(),
            }),
            Template::At(path, inner) => match path.get(record) {
                Some(v) => inner.apply(v, base),
                None => Value::Null,
            },
            Template::Object(fields) => {
                let mut out = Map::with_capacity(fields.len());
                for (name, t) in fields {
                    let v = t.apply(record, base);
                    // Absent rather than null: serde's defaults then apply to optional fields.
                    if !v.is_null() {
                        out.insert(name.clone(), v);
                    }
                }
                Value::Object(out)
            }
        }
    }
}

fn only(o: &Map<String, Value>, key: &str, allowed: &[&str]) -> Result<(), Problem> {
    match o.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(Problem::new(
            &format!("{key}.{k}"),
            format!("not allowed here; expected only {}", allowed.join(", ")),
        )),
        None => Ok(()),
    }
}

fn path_at(o: &Map<String, Value>, k: &str, key: &str) -> Result<Path, Problem> {
    match o.get(k) {
        Some(Value::String(s)) => Ok(Path::parse(s)),
        _ => Err(Problem::new(
            &format!("{key}.{k}"),
            "expected a path string such as \"data.items\"",
        )),
    }
}
