//! Haowu: interest-driven shopping in the browser.

pub mod api;
pub mod app;
pub mod boot;
pub mod browser;
pub mod chunks;
pub mod components;
pub mod config;
pub mod format;
pub mod i18n;
pub mod model;
pub mod pages;
pub mod state;
pub mod storage;
