//! App-wide state shared through context: the interface settings, the backend and the cart.

pub mod cart;
pub mod cart_sync;
pub mod checkout;
pub mod memory;
pub mod network;
pub mod session;
pub mod social;

use crate::api::Backend;
use crate::config::{AppConfig, CurrencyDisplay, Theme};
use crate::i18n::{strings, Strings};
use crate::model::{Locale, Money};
use crate::storage::{self, Store};
use leptos::prelude::*;

/// The shopper's interface choices. Changing one re-renders the app (see `app.rs`), so the
/// views read plain values instead of subscribing in hundreds of places: a language switch
/// is rare, and every reactive closure costs code size.
#[derive(Clone, Copy)]
pub struct Settings {
    pub locale: RwSignal<Locale>,
    pub theme: RwSignal<Theme>,
}

pub fn use_settings() -> Settings {
    expect_context::<Settings>()
}

/// The shopper's own choices, kept on the device (local storage): they win over the
/// configuration's defaults; a URL that sets one wins for that visit only.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
struct SavedSettings {
    #[serde(default)]
    locale: Option<String>,
    #[serde(default)]
    theme: Option<String>,
}

const SETTINGS_KEY: &str = "haowu.settings.v1";

impl Settings {
    fn provide(config: &AppConfig) {
        let saved: SavedSettings = storage::read(Store::Local, SETTINGS_KEY).unwrap_or_default();
        let locale = saved
            .locale
            .as_deref()
            .and_then(Locale::parse)
            .filter(|_| !config.locale_from_url)
            .unwrap_or(config.locale);
        let theme = saved
            .theme
            .as_deref()
            .and_then(Theme::parse)
            .filter(|_| !config.theme_from_url)
            .unwrap_or(config.theme);
        provide_context(Settings {
            locale: RwSignal::new(locale),
            theme: RwSignal::new(theme),
        });
    }

    /// The shopper picks a language: shown at once and kept for later visits.
    pub fn choose_locale(&self, locale: Locale) {
        self.locale.set(locale);
        Self::save(|s| s.locale = Some(locale.tag().to_owned()));
    }

    /// The shopper picks an appearance: shown at once and kept for later visits.
    pub fn choose_theme(&self, theme: Theme) {
        self.theme.set(theme);
        Self::save(|s| s.theme = Some(theme.as_str().to_owned()));
    }

    fn save(change: impl FnOnce(&mut SavedSettings)) {
        let mut saved: SavedSettings =
            storage::read(Store::Local, SETTINGS_KEY).unwrap_or_default();
        change(&mut saved);
        storage::write(Store::Local, SETTINGS_KEY, Some(&saved));
    }
}

/// The settings as the current render sees them.
#[derive(Clone, Copy)]
pub struct Ui {
    pub locale: Locale,
    pub currency_display: CurrencyDisplay,
    /// Debug mode (config `debug`): developers' details on screen.
    pub debug: bool,
    /// What the backend offers; the interface hides the rest.
    pub offers: crate::config::Offers,
}

impl Ui {
    pub fn t(&self) -> &'static Strings {
        strings(self.locale)
    }

    pub fn price(&self, m: Money) -> String {
        crate::format::price(m, self.currency_display, self.locale)
    }

    pub fn count(&self, n: u64) -> String {
        crate::format::count(n, self.locale)
    }
}

pub fn use_ui() -> Ui {
    expect_context::<Ui>()
}

/// The backend lives in a local `StoredValue` because it holds `Rc`s (it is single-threaded,
/// like the page).
pub fn use_backend() -> Backend {
    expect_context::<StoredValue<Backend, LocalStorage>>().get_value()
}

/// Whether clips play with sound. Off until the shopper turns it on; the choice holds for the
/// session, reloads included (kept in session storage). Where the browser refuses to autoplay
/// with sound, the feed falls back to muted.
#[derive(Clone, Copy)]
pub struct Sound(pub RwSignal<bool>);

pub fn use_sound() -> RwSignal<bool> {
    expect_context::<Sound>().0
}

fn provide_sound() {
    let sound = crate::browser::persisted(crate::storage::Store::Session, "haowu.sound");
    provide_context(Sound(sound));
}

pub fn provide_app_state(config: &AppConfig) {
    Settings::provide(config);
    provide_sound();
    provide_context(StoredValue::new_local(Backend::from_config(config)));
    network::provide_network();
    session::provide_session(config.sign_in_for.clone());
    let session = session::use_session();
    cart::provide_cart();
    let cart = cart::use_cart();
    checkout::provide_checkout(cart, session);
    social::provide_social(session);
    cart_sync::provide_cart_sync(cart, session);
}
