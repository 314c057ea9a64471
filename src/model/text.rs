use serde::{Deserialize, Serialize};

/// The two languages Haowu ships. The wire form is the BCP 47 tag.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "en")]
    En,
}

impl Locale {
    pub fn tag(self) -> &'static str {
        match self {
            Locale::ZhCn => "zh-CN",
            Locale::En => "en",
        }
    }

    pub fn parse(tag: &str) -> Option<Locale> {
        match tag {
            "zh-CN" | "zh" | "zh-Hans" => Some(Locale::ZhCn),
            "en" | "en-US" | "en-GB" => Some(Locale::En),
            _ => None,
        }
    }
}

/// Text written by people (titles, captions, bios) in both languages.
/// Backends that only have one language fill one side; `get` falls back to the other,
/// so a missing translation shows the original rather than nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Text {
    #[serde(default)]
    pub zh: String,
    #[serde(default)]
    pub en: String,
}

impl Text {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The same text in both languages (names that are not translated).
    pub fn same(s: impl Into<String>) -> Self {
        let s = s.into();
        Text {
            zh: s.clone(),
            en: s,
        }
    }

    pub fn get(&self, locale: Locale) -> &str {
        let (first, second) = match locale {
            Locale::ZhCn => (&self.zh, &self.en),
            Locale::En => (&self.en, &self.zh),
        };
        if first.is_empty() {
            second
        } else {
            first
        }
    }

    pub fn is_empty(&self) -> bool {
        self.zh.is_empty() && self.en.is_empty()
    }

    pub fn contains_ci(&self, needle_lower: &str) -> bool {
        self.zh.to_lowercase().contains(needle_lower)
            || self.en.to_lowercase().contains(needle_lower)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn falls_back_to_the_other_language() {
        let t = Text::new("汉服", "");
        assert_eq!(t.get(Locale::En), "汉服");
        assert_eq!(Text::new("", "Hanfu").get(Locale::ZhCn), "Hanfu");
        assert_eq!(Text::new("汉服", "Hanfu").get(Locale::En), "Hanfu");
    }

    #[test]
    fn locale_wire_form_is_the_bcp47_tag() {
        assert_eq!(serde_json::to_string(&Locale::ZhCn).unwrap(), "\"zh-CN\"");
        assert_eq!(
            serde_json::from_str::<Locale>("\"en\"").unwrap(),
            Locale::En
        );
        assert_eq!(Locale::parse("zh"), Some(Locale::ZhCn));
        assert_eq!(Locale::parse("fr"), None);
    }
}
