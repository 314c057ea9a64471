//! Integration tests of haowu-server: the Router is driven in-process with
//! `tower::ServiceExt::oneshot`, against a temporary SQLite file and dist directory.

mod common;

mod api;
mod discovery;
mod errors;
mod live;
mod live_commerce;
mod orders;
mod pages;
