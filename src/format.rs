//! One function per thing shown as text: prices, counts, durations.

use crate::config::CurrencyDisplay;
use crate::model::{Locale, Money};

/// "¥129", "¥9.90", "¥1,299" (en groups thousands), or "CNY 129" with the code display.
pub fn price(m: Money, display: CurrencyDisplay, locale: Locale) -> String {
    let digits = m.currency.minor_digits();
    let scale = 10_i64.pow(digits);
    let negative = m.amount < 0;
    let abs = m.amount.unsigned_abs();
    let major = abs / scale as u64;
    let minor = abs % scale as u64;
    let mut number = group_thousands(major, locale);
    if minor != 0 {
        number.push('.');
        number.push_str(&format!("{minor:0width$}", width = digits as usize));
    }
    let sign = if negative { "-" } else { "" };
    match (display, m.currency.symbol()) {
        (CurrencyDisplay::Symbol, Some(symbol)) => format!("{sign}{symbol}{number}"),
        _ => format!("{sign}{} {number}", m.currency.code()),
    }
}

fn group_thousands(n: u64, locale: Locale) -> String {
    let s = n.to_string();
    if locale == Locale::ZhCn || s.len() <= 3 {
        return s;
    }
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Compact counts as the apps show them: "9999", "1.2万", "3.4亿" in Chinese; "999", "1.2K",
/// "3.4M" in English. One decimal, dropped when zero, truncated rather than rounded up so a
/// count never looks larger than it is.
pub fn count(n: u64, locale: Locale) -> String {
    let steps: &[(u64, &str)] = match locale {
        Locale::ZhCn => &[(100_000_000, "亿"), (10_000, "万")],
        Locale::En => &[(1_000_000_000, "B"), (1_000_000, "M"), (1_000, "K")],
    };
    for &(unit, suffix) in steps {
        if n >= unit {
            let tenths = n / (unit / 10);
            let (whole, frac) = (tenths / 10, tenths % 10);
            return if frac == 0 {
                format!("{whole}{suffix}")
            } else {
                format!("{whole}.{frac}{suffix}")
            };
        }
    }
    n.to_string()
}

/// A review score out of 5 with one decimal, "4.8". Integer arithmetic: float formatting
/// would add kilobytes of WASM for one number.
pub fn rating(score: f32) -> String {
    let tenths = (score.clamp(0.0, 5.0) * 10.0 + 0.5) as u32;
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// "0:07", "12:34", "1:02:03".
pub fn duration(ms: u64) -> String {
    let s = ms / 1000;
    let (h, m, s) = (s / 3600, (s / 60) % 60, s % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// "2026-11-25 18:42" for Unix milliseconds `ms`, shown `offset_min` minutes east of UTC
/// (the browser's zone; see `js_sys::Date::get_timezone_offset`, which counts the other way).
pub fn datetime(ms: i64, offset_min: i64) -> String {
    let minutes = ms.div_euclid(60_000) + offset_min;
    let (days, in_day) = (minutes.div_euclid(1_440), minutes.rem_euclid(1_440));
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year}-{month:02}-{day:02} {:02}:{:02}",
        in_day / 60,
        in_day % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Currency;

    #[test]
    fn prices() {
        let s = CurrencyDisplay::Symbol;
        assert_eq!(price(Money::cny(12_900), s, Locale::ZhCn), "¥129");
        assert_eq!(price(Money::cny(990), s, Locale::ZhCn), "¥9.90");
        assert_eq!(price(Money::cny(129_905), s, Locale::En), "¥1,299.05");
        assert_eq!(price(Money::cny(129_900), s, Locale::ZhCn), "¥1299");
        assert_eq!(price(Money::cny(-1_000), s, Locale::ZhCn), "-¥10");
        assert_eq!(price(Money::cny(5), s, Locale::ZhCn), "¥0.05");
        assert_eq!(
            price(Money::cny(12_900), CurrencyDisplay::Code, Locale::En),
            "CNY 129"
        );
        assert_eq!(
            price(
                Money::new(1500, Currency::parse("JPY").unwrap()),
                s,
                Locale::En
            ),
            "JP¥1,500"
        );
        assert_eq!(
            price(
                Money::new(1500, Currency::parse("CHF").unwrap()),
                s,
                Locale::En
            ),
            "CHF 15"
        );
    }

    #[test]
    fn counts() {
        assert_eq!(count(9_999, Locale::ZhCn), "9999");
        assert_eq!(count(12_345, Locale::ZhCn), "1.2万");
        assert_eq!(count(10_000, Locale::ZhCn), "1万");
        assert_eq!(count(199_999, Locale::ZhCn), "19.9万");
        assert_eq!(count(320_000_000, Locale::ZhCn), "3.2亿");
        assert_eq!(count(999, Locale::En), "999");
        assert_eq!(count(1_250, Locale::En), "1.2K");
        assert_eq!(count(12_000, Locale::En), "12K");
        assert_eq!(count(3_400_000, Locale::En), "3.4M");
    }

    #[test]
    fn ratings() {
        assert_eq!(rating(4.8), "4.8");
        assert_eq!(rating(4.96), "5.0");
        assert_eq!(rating(5.0), "5.0");
        assert_eq!(rating(-1.0), "0.0");
    }

    #[test]
    fn datetimes() {
        assert_eq!(datetime(0, 0), "1970-01-01 00:00");
        // 2026-11-25 18:42 UTC, and in Beijing (UTC+8) the next morning.
        assert_eq!(datetime(1_795_632_120_000, 0), "2026-11-25 18:42");
        assert_eq!(datetime(1_795_632_120_000, 480), "2026-11-26 02:42");
        assert_eq!(datetime(1_709_164_800_000, 0), "2024-02-29 00:00");
        assert_eq!(datetime(-60_000, 0), "1969-12-31 23:59");
    }

    #[test]
    fn durations() {
        assert_eq!(duration(7_400), "0:07");
        assert_eq!(duration(754_000), "12:34");
        assert_eq!(duration(3_723_000), "1:02:03");
    }
}
