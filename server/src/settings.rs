//! What the server is told at start (command line or environment, see `main.rs`).

use haowu::config::Gated;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct Options {
    /// The built app (`trunk build --release` writes `dist/`).
    pub dist: PathBuf,
    pub db: PathBuf,
    /// The demo world, the same file the browser's demo backend reads.
    pub world: PathBuf,
    /// Actions that need a signed-in shopper.
    pub sign_in_required: Vec<Gated>,
    /// Origins allowed to call the API from another site; empty means any.
    pub cors_origins: Vec<String>,
    /// `https://shop.example`: the origin written into link previews; by default it is
    /// taken from each request's Host.
    pub public_url: Option<String>,
    /// How often an idle event stream sends a comment, so proxies keep it open.
    pub keep_alive: Duration,
    /// How many recent events per room a reconnecting client can catch up on.
    pub backlog: usize,
    /// How often the live rooms' scripts are advanced.
    pub tick: Duration,
    /// How far into their scripts the live shows start.
    pub live_at: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            dist: "dist".into(),
            db: "target/haowu.db".into(),
            world: "public/demo/world.json".into(),
            sign_in_required: vec![Gated::Order, Gated::Comment],
            cors_origins: Vec::new(),
            public_url: None,
            keep_alive: Duration::from_secs(15),
            backlog: 500,
            tick: Duration::from_millis(250),
            live_at: Duration::ZERO,
        }
    }
}

impl Options {
    pub fn gated(&self, action: Gated) -> bool {
        self.sign_in_required.contains(&action)
    }
}

/// `order,comment` (or `none`, or empty) as the actions it names.
pub fn parse_gated(list: &str) -> Result<Vec<Gated>, String> {
    let mut out = Vec::new();
    for word in list.split(',').map(str::trim).filter(|w| !w.is_empty()) {
        if word == "none" {
            continue;
        }
        let g = Gated::ALL
            .into_iter()
            .find(|g| g.as_str() == word)
            .ok_or_else(|| format!("{word:?} is not one of order, follow, like, comment, none"))?;
        if !out.contains(&g) {
            out.push(g);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gated_lists() {
        assert_eq!(
            parse_gated("order, comment").unwrap(),
            [Gated::Order, Gated::Comment]
        );
        assert_eq!(parse_gated("none").unwrap(), []);
        assert_eq!(parse_gated("").unwrap(), []);
        assert!(parse_gated("order,pay").is_err());
    }
}
