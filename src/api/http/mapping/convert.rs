//! Conversions from a foreign value to the native one: money in major or minor units (with an
//! optional percentage off), text, ids, integers, flags, URLs relative to the API, timestamps.

use serde_json::{json, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Conversion {
    Text,
    MoneyMajor,
    MoneyMinor,
    String,
    Integer,
    Bool,
    Url,
    Timestamp,
}

impl Conversion {
    pub const NAMES: &'static str =
        "text, money_major, money_minor, string, integer, bool, url, timestamp";

    pub fn parse(s: &str) -> Option<Conversion> {
        Some(match s {
            "text" => Conversion::Text,
            "money_major" => Conversion::MoneyMajor,
            "money_minor" => Conversion::MoneyMinor,
            "string" => Conversion::String,
            "integer" => Conversion::Integer,
            "bool" => Conversion::Bool,
            "url" => Conversion::Url,
            "timestamp" => Conversion::Timestamp,
            _ => return None,
        })
    }

    pub fn is_money(self) -> bool {
        matches!(self, Conversion::MoneyMajor | Conversion::MoneyMinor)
    }
}

/// What a money conversion needs besides the amount.
pub struct MoneyContext<'a> {
    pub currency: &'a str,
    /// Percent off (20 → 80 % of the price).
    pub discount_percent: Option<f64>,
    /// For integers: a factor applied before rounding (seconds → milliseconds: 1000).
    pub scale: Option<f64>,
}

/// Converts `v`; `None` when it cannot be read as asked (the field then takes its default, or
/// the record fails to decode, naming the field).
pub fn convert(v: &Value, how: Conversion, base: &str, money: &MoneyContext) -> Option<Value> {
    Some(match how {
        Conversion::Text => match v {
            Value::String(s) => json!({"zh": s, "en": s}),
            Value::Object(o) if o.contains_key("zh") || o.contains_key("en") => v.clone(),
            Value::Number(n) => json!({"zh": n.to_string(), "en": n.to_string()}),
            _ => return None,
        },
        Conversion::String => match v {
            Value::String(_) => v.clone(),
            Value::Number(n) => Value::String(n.to_string()),
            Value::Bool(b) => Value::String(b.to_string()),
            _ => return None,
        },
        Conversion::Integer => {
            let scale = money.scale.unwrap_or(1.0);
            match v {
                Value::Number(n) => match n.as_i64() {
                    Some(i) if scale == 1.0 => json!(i),
                    _ => json!((n.as_f64()? * scale).round() as i64),
                },
                Value::String(s) => json!((s.trim().parse::<f64>().ok()? * scale).round() as i64),
                _ => return None,
            }
        }
        Conversion::Bool => match v {
            Value::Bool(_) => v.clone(),
            Value::Number(n) => json!(n.as_f64()? != 0.0),
            Value::String(s) => json!(matches!(s.as_str(), "true" | "1" | "yes" | "y")),
            _ => return None,
        },
        Conversion::Url => json!(resolve(v.as_str()?, base)),
        Conversion::Timestamp => json!(match v {
            Value::Number(n) => {
                let x = n.as_f64()?;
                if x.abs() < 1e11 {
                    (x * 1000.0).round() as i64
                } else {
                    x.round() as i64
                }
            }
            Value::String(s) => iso_millis(s)?,
            _ => return None,
        }),
        Conversion::MoneyMajor | Conversion::MoneyMinor => {
            let digits = minor_digits(money.currency);
            let minor = match (how, v) {
                (Conversion::MoneyMinor, Value::Number(n)) => n.as_f64()?,
                (Conversion::MoneyMinor, Value::String(s)) => s.trim().parse::<f64>().ok()?,
                (_, Value::Number(n)) => n.as_f64()? * 10f64.powi(digits),
                (_, Value::String(s)) => decimal_minor(s, digits)? as f64,
                _ => return None,
            };
            let minor = match money.discount_percent {
                Some(pct) => minor * (100.0 - pct) / 100.0,
                None => minor,
            };
            json!({"amount": minor.round() as i64, "currency": money.currency})
        }
    })
}

fn minor_digits(currency: &str) -> i32 {
    match currency {
        "JPY" | "KRW" => 0,
        _ => 2,
    }
}

/// "129.5" → 12950 exactly (no float rounding of the written decimal); "¥1,299.00" is read
/// too (symbols and thousands separators dropped).
fn decimal_minor(s: &str, digits: i32) -> Option<i64> {
    let cleaned: String = s
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.' || *c == '-')
        .collect();
    let (negative, cleaned) = match cleaned.strip_prefix('-') {
        Some(rest) => (true, rest.to_owned()),
        None => (false, cleaned),
    };
    let (whole, frac) = cleaned.split_once('.').unwrap_or((&cleaned, ""));
    if whole.is_empty() && frac.is_empty() {
        return None;
    }
    let scale = 10i64.pow(digits as u32);
    let mut minor = whole.parse::<i64>().unwrap_or(0).checked_mul(scale)?;
    let mut frac_digits = frac.chars();
    let mut unit = scale / 10;
    while unit > 0 {
        let d = frac_digits.next().and_then(|c| c.to_digit(10)).unwrap_or(0);
        minor += i64::from(d) * unit;
        unit /= 10;
    }
    // Round half up on the first digit beyond the currency's precision.
    if frac_digits
        .next()
        .and_then(|c| c.to_digit(10))
        .is_some_and(|d| d >= 5)
    {
        minor += 1;
    }
    Some(if negative { -minor } else { minor })
}

/// Resolves a URL found in a foreign record against the API's base URL.
pub fn resolve(url: &str, base: &str) -> String {
    if url.starts_with("https://") || url.starts_with("http://") || url.starts_with("data:") {
        return url.to_owned();
    }
    let (scheme, rest) = base.split_once("://").unwrap_or(("https", base));
    if let Some(host_relative) = url.strip_prefix("//") {
        return format!("{scheme}://{host_relative}");
    }
    let host = rest.find('/').map_or(rest, |i| &rest[..i]);
    if url.starts_with('/') {
        format!("{scheme}://{host}{url}")
    } else {
        format!("{}/{url}", base.trim_end_matches('/'))
    }
}

/// "2026-03-01T08:00:00Z", "2026-03-01T08:00:00.250+08:00", "2026-03-01" → Unix milliseconds.
fn iso_millis(s: &str) -> Option<i64> {
    let s = s.trim();
    let num = |a: usize, b: usize| s.get(a..b)?.parse::<i64>().ok();
    let (y, m, d) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    let (mut hh, mut mm, mut ss, mut ms, mut offset_min) = (0, 0, 0, 0, 0);
    if s.len() > 10 {
        hh = num(11, 13)?;
        mm = num(14, 16)?;
        ss = num(17, 19).unwrap_or(0);
        let mut rest = s.get(19..).unwrap_or("");
        if let Some(frac) = rest.strip_prefix('.') {
            let end = frac
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(frac.len());
            let digits = format!("{:0<3}", &frac[..end.min(3)]);
            ms = digits.parse().ok()?;
            rest = &frac[end..];
        }
        if let Some(sign) = rest.chars().next().filter(|c| *c == '+' || *c == '-') {
            let h: i64 = rest.get(1..3)?.parse().ok()?;
            let m: i64 = rest.get(4..6).and_then(|x| x.parse().ok()).unwrap_or(0);
            offset_min = (h * 60 + m) * if sign == '-' { -1 } else { 1 };
        }
    }
    // Days since 1970-01-01 (civil calendar, Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(((days * 24 + hh) * 60 + mm - offset_min) * 60_000 + ss * 1000 + ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cny() -> MoneyContext<'static> {
        MoneyContext {
            currency: "CNY",
            discount_percent: None,
            scale: None,
        }
    }

    #[test]
    fn money_from_major_and_minor_units() {
        let base = "http://api.example/v1";
        let c = |v: Value, how| convert(&v, how, base, &cny()).unwrap()["amount"].clone();
        assert_eq!(c(json!(129.5), Conversion::MoneyMajor), json!(12950));
        assert_eq!(c(json!("129.50"), Conversion::MoneyMajor), json!(12950));
        assert_eq!(c(json!("0.1"), Conversion::MoneyMajor), json!(10));
        assert_eq!(c(json!("1,299.005"), Conversion::MoneyMajor), json!(129901));
        assert_eq!(c(json!(19.99), Conversion::MoneyMajor), json!(1999));
        assert_eq!(c(json!(12950), Conversion::MoneyMinor), json!(12950));
        let off = MoneyContext {
            currency: "CNY",
            discount_percent: Some(20.0),
            scale: None,
        };
        assert_eq!(
            convert(&json!("129.00"), Conversion::MoneyMajor, base, &off).unwrap(),
            json!({"amount": 10320, "currency": "CNY"})
        );
        assert!(convert(&json!("abc"), Conversion::MoneyMajor, base, &cny()).is_none());
        assert!(convert(&json!(true), Conversion::MoneyMajor, base, &cny()).is_none());
    }

    #[test]
    fn ids_text_urls_and_times() {
        let base = "http://127.0.0.1:3010/api";
        let c = |v: Value, how| convert(&v, how, base, &cny());
        assert_eq!(c(json!(42), Conversion::String), Some(json!("42")));
        assert_eq!(
            c(json!("汉服"), Conversion::Text),
            Some(json!({"zh": "汉服", "en": "汉服"}))
        );
        assert_eq!(
            c(json!("/media/a.mp4"), Conversion::Url),
            Some(json!("http://127.0.0.1:3010/media/a.mp4"))
        );
        assert_eq!(
            c(json!("img/a.webp"), Conversion::Url),
            Some(json!("http://127.0.0.1:3010/api/img/a.webp"))
        );
        assert_eq!(
            c(json!("https://cdn.example/a.webp"), Conversion::Url),
            Some(json!("https://cdn.example/a.webp"))
        );
        assert_eq!(c(json!("12"), Conversion::Integer), Some(json!(12)));
        assert_eq!(
            c(json!("1970-01-02T00:00:00Z"), Conversion::Timestamp),
            Some(json!(86_400_000))
        );
        assert_eq!(
            c(json!("2024-03-01T08:00:00.5+08:00"), Conversion::Timestamp),
            Some(json!(1_709_251_200_500i64))
        );
        assert_eq!(
            c(json!(1_709_251_200), Conversion::Timestamp),
            Some(json!(1_709_251_200_000i64))
        );
        assert_eq!(c(json!("1"), Conversion::Bool), Some(json!(true)));
        let seconds = MoneyContext {
            currency: "CNY",
            discount_percent: None,
            scale: Some(1000.0),
        };
        assert_eq!(
            convert(&json!(2.5), Conversion::Integer, base, &seconds),
            Some(json!(2500))
        );
        assert_eq!(
            convert(&json!("12"), Conversion::Integer, base, &seconds),
            Some(json!(12000))
        );
    }
}
