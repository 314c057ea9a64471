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
}
