//! Injected latency and failures, so designers can demo slow networks and errors and tests can
//! force a failure at an exact call.

use crate::config::{DemoOptions, FailHow};
use std::collections::HashMap;

pub struct Faults {
    options: DemoOptions,
    calls: HashMap<String, u32>,
    rng: u64,
}

impl Faults {
    pub fn new(options: DemoOptions) -> Self {
        // xorshift must not start at zero.
        let rng = options.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        Faults {
            options,
            calls: HashMap::new(),
            rng,
        }
    }

    pub fn latency_ms(&self) -> u32 {
        self.options.latency_ms
    }

    fn next_unit(&mut self) -> f64 {
        let mut x = self.rng;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.rng = x;
        (x >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Counts a call to `endpoint` and says whether it must fail, and how.
    pub fn check(&mut self, endpoint: &str) -> Option<FailHow> {
        let n = self.calls.entry(endpoint.to_owned()).or_insert(0);
        *n += 1;
        let call = *n;
        let forced = self
            .options
            .fail
            .iter()
            .find(|r| r.endpoint == endpoint && r.times.is_none_or(|times| call <= times))
            .map(|r| r.how);
        let random = self.options.fail_rate > 0.0 && self.next_unit() < self.options.fail_rate;
        forced.or(random.then_some(FailHow::Server))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::FailRule;

    #[test]
    fn counted_rules_fail_the_first_calls_only() {
        let mut f = Faults::new(DemoOptions {
            fail: vec![FailRule {
                endpoint: "feed".into(),
                times: Some(2),
                how: FailHow::Timeout,
            }],
            ..Default::default()
        });
        assert_eq!(f.check("feed"), Some(FailHow::Timeout));
        assert_eq!(f.check("product"), None);
        assert_eq!(f.check("feed"), Some(FailHow::Timeout));
        assert_eq!(f.check("feed"), None);
    }

    #[test]
    fn random_failures_follow_the_rate_and_the_seed() {
        let run = |seed| {
            let mut f = Faults::new(DemoOptions {
                fail_rate: 0.25,
                seed,
                ..Default::default()
            });
            (0..2000).filter(|_| f.check("feed").is_some()).count()
        };
        let n = run(7);
        assert_eq!(n, run(7), "same seed, same failures");
        assert!((400..600).contains(&n), "about a quarter failed: {n}");
    }
}
