//! Who is signed in. `POST /auth/login {phone, code}` answers with a [`Session`].

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginRequest {
    pub phone: String,
    pub code: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// Bearer token, sent only to the configured API origin.
    pub token: String,
    pub user: Account,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub id: String,
    /// As shown to the shopper: "138****5678".
    pub phone_masked: String,
}

/// "13812345678" → "138****5678".
pub fn mask_phone(phone: &str) -> String {
    if phone.len() == 11 && phone.is_ascii() {
        format!("{}****{}", &phone[..3], &phone[7..])
    } else {
        "****".to_owned()
    }
}

/// A mainland mobile number: 11 digits starting with 1.
pub fn phone_ok(p: &str) -> bool {
    p.len() == 11 && p.starts_with('1') && p.chars().all(|c| c.is_ascii_digit())
}

/// A mobile number as people type it — "138 0013 8000", "138-0013-8000", "+86 13800138000",
/// "0086 138…", full-width digits — as the 11 digits a backend expects, or `None` when it is not
/// one.
pub fn normalize_phone(input: &str) -> Option<String> {
    let mut digits = String::with_capacity(16);
    for (i, c) in input.trim().chars().enumerate() {
        match c {
            '0'..='9' => digits.push(c),
            // Full-width digits, from a Chinese keyboard.
            '０'..='９' => digits.push(char::from(b'0' + (c as u32 - '０' as u32) as u8)),
            '+' if i == 0 => {}
            ' ' | '-' | '(' | ')' | '\u{3000}' | '.' => {}
            _ => return None,
        }
    }
    let national = digits
        .strip_prefix("0086")
        .or_else(|| {
            (digits.len() == 13)
                .then(|| digits.strip_prefix("86"))
                .flatten()
        })
        .unwrap_or(&digits);
    phone_ok(national).then(|| national.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_checked_and_masked() {
        assert!(phone_ok("13812345678"));
        assert!(!phone_ok("23812345678"));
        assert!(!phone_ok("1381234567"));
        assert!(!phone_ok("1381234567x"));
        assert_eq!(mask_phone("13812345678"), "138****5678");
        assert_eq!(mask_phone("短"), "****");
    }

    #[test]
    fn phones_are_accepted_as_people_type_them() {
        for typed in [
            "13800138000",
            "138 0013 8000",
            "138-0013-8000",
            "+86 13800138000",
            "+86 138 0013 8000",
            "0086 13800138000",
            "8613800138000",
            " (138) 0013-8000 ",
            "１３８００１３８０００",
        ] {
            assert_eq!(
                normalize_phone(typed).as_deref(),
                Some("13800138000"),
                "{typed:?}"
            );
        }
        for wrong in [
            "",
            "1380013800",
            "23800138000",
            "+1 13800138000x",
            "138001380001",
            "+8623800138000",
            "abc",
        ] {
            assert_eq!(normalize_phone(wrong), None, "{wrong:?}");
        }
    }
}
