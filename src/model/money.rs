use serde::{Deserialize, Serialize};
use std::fmt;

/// An ISO 4217 currency code, three ASCII upper-case letters.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Currency([u8; 3]);

impl Currency {
    pub const CNY: Currency = Currency(*b"CNY");
    pub const USD: Currency = Currency(*b"USD");

    pub fn parse(code: &str) -> Option<Currency> {
        let b = code.as_bytes();
        (b.len() == 3 && b.iter().all(u8::is_ascii_uppercase)).then(|| Currency([b[0], b[1], b[2]]))
    }

    pub fn code(&self) -> &str {
        // Only ever built from three ASCII letters.
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }

    /// Digits after the decimal point (ISO 4217 minor unit).
    pub fn minor_digits(&self) -> u32 {
        match &self.0 {
            b"JPY" | b"KRW" | b"VND" | b"CLP" | b"ISK" => 0,
            b"KWD" | b"BHD" | b"OMR" | b"JOD" | b"TND" => 3,
            _ => 2,
        }
    }

    pub fn symbol(&self) -> Option<&'static str> {
        Some(match &self.0 {
            b"CNY" => "¥",
            b"USD" => "$",
            b"EUR" => "€",
            b"GBP" => "£",
            b"JPY" => "JP¥",
            b"HKD" => "HK$",
            b"KRW" => "₩",
            _ => return None,
        })
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Currency::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!("not an ISO 4217 currency code: {s:?}"))
        })
    }
}

/// An amount of money in integer minor units (fen for CNY, cents for USD). Never a float:
/// totals must add up exactly.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    pub amount: i64,
    pub currency: Currency,
}

impl Money {
    pub fn new(amount: i64, currency: Currency) -> Self {
        Money { amount, currency }
    }

    pub fn cny(fen: i64) -> Self {
        Money::new(fen, Currency::CNY)
    }

    pub fn zero(currency: Currency) -> Self {
        Money::new(0, currency)
    }

    /// Adds two amounts of the same currency; `None` on a currency mismatch or overflow.
    pub fn checked_add(self, other: Money) -> Option<Money> {
        (self.currency == other.currency)
            .then(|| self.amount.checked_add(other.amount))
            .flatten()
            .map(|amount| Money::new(amount, self.currency))
    }

    pub fn checked_sub(self, other: Money) -> Option<Money> {
        (self.currency == other.currency)
            .then(|| self.amount.checked_sub(other.amount))
            .flatten()
            .map(|amount| Money::new(amount, self.currency))
    }

    pub fn checked_mul(self, n: u32) -> Option<Money> {
        self.amount
            .checked_mul(i64::from(n))
            .map(|amount| Money::new(amount, self.currency))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn currency_codes_are_validated() {
        assert_eq!(Currency::parse("CNY"), Some(Currency::CNY));
        assert_eq!(Currency::parse("cny"), None);
        assert_eq!(Currency::parse("YUAN"), None);
        assert!(serde_json::from_str::<Currency>("\"RMB1\"").is_err());
    }

    #[test]
    fn money_round_trips_as_minor_units() {
        let m = Money::cny(12_900);
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(json, r#"{"amount":12900,"currency":"CNY"}"#);
        assert_eq!(serde_json::from_str::<Money>(&json).unwrap(), m);
    }

    #[test]
    fn arithmetic_refuses_mixed_currencies() {
        let a = Money::cny(100);
        assert_eq!(a.checked_add(Money::cny(250)), Some(Money::cny(350)));
        assert_eq!(a.checked_add(Money::new(1, Currency::USD)), None);
        assert_eq!(a.checked_mul(3), Some(Money::cny(300)));
        assert_eq!(Money::cny(i64::MAX).checked_add(a), None);
    }
}
