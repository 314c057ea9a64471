//! Every request the app makes of a backend, by name, with the native contract's method and
//! path (`docs/openapi.yaml`). A mapping names the same endpoints to describe a foreign API.

/// Declares the endpoints once: the enum, the list of all of them, and the name a mapping
/// uses for each (so the list cannot miss one).
macro_rules! endpoints {
    ($($variant:ident => $name:literal,)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Endpoint {
            $($variant,)*
        }

        impl Endpoint {
            pub const ALL: &'static [Endpoint] = &[$(Endpoint::$variant,)*];

            /// The name a mapping uses.
            pub fn name(self) -> &'static str {
                match self {
                    $(Endpoint::$variant => $name,)*
                }
            }
        }
    };
}

endpoints! {
    Feed => "feed",
    FollowingFeed => "following_feed",
    Video => "video",
    Product => "product",
    Creator => "creator",
    CreatorVideos => "creator_videos",
    Showcase => "showcase",
    Search => "search",
    Suggest => "suggest",
    Categories => "categories",
    Shop => "shop",
    Reviews => "reviews",
    ProductVideos => "product_videos",
    SuggestedCreators => "suggested_creators",
    Coupons => "coupons",
    LiveRooms => "live_rooms",
    LiveRoom => "live_room",
    LiveEvents => "live_events",
    PostComment => "post_comment",
    SendHearts => "send_hearts",
    ClaimCoupon => "claim_coupon",
    Like => "like",
    Unlike => "unlike",
    Follow => "follow",
    Unfollow => "unfollow",
    PlaceOrder => "place_order",
    Orders => "orders",
    Order => "order",
    SendCode => "send_code",
    Login => "login",
    Logout => "logout",
    Cart => "cart",
    PutCart => "put_cart",
}

use Endpoint::*;

impl Endpoint {
    pub fn parse(name: &str) -> Option<Endpoint> {
        Self::ALL.iter().copied().find(|e| e.name() == name)
    }

    /// The native contract's method and path template (placeholders `{id}`, `{handle}`,
    /// `{q}`, `{tab}`).
    pub fn native(self) -> (&'static str, &'static str) {
        match self {
            Feed => ("GET", "/feed?tab=for_you"),
            FollowingFeed => ("GET", "/feed?tab=following"),
            Video => ("GET", "/videos/{id}"),
            Product => ("GET", "/products/{id}"),
            Creator => ("GET", "/creators/{handle}"),
            CreatorVideos => ("GET", "/creators/{handle}/videos"),
            Showcase => ("GET", "/creators/{handle}/showcase?sort={sort}"),
            Search => (
                "GET",
                "/search?q={q}&kind={kind}&category={category}&price_min={price_min}\
                 &price_max={price_max}&sort={sort}&shop={shop}",
            ),
            Suggest => ("GET", "/search/suggest?q={q}"),
            Categories => ("GET", "/categories"),
            Shop => ("GET", "/shops/{id}"),
            Reviews => ("GET", "/products/{id}/reviews?photos={photos}"),
            ProductVideos => ("GET", "/products/{id}/videos"),
            SuggestedCreators => ("GET", "/creators"),
            Coupons => ("GET", "/coupons"),
            LiveRooms => ("GET", "/live"),
            LiveRoom => ("GET", "/live/{id}"),
            LiveEvents => ("GET", "/live/{id}/events"),
            PostComment => ("POST", "/live/{id}/comments"),
            SendHearts => ("POST", "/live/{id}/hearts"),
            ClaimCoupon => ("POST", "/live/{id}/coupons/{coupon}/claim"),
            Like => ("PUT", "/videos/{id}/like"),
            Unlike => ("DELETE", "/videos/{id}/like"),
            Follow => ("PUT", "/creators/{handle}/follow"),
            Unfollow => ("DELETE", "/creators/{handle}/follow"),
            PlaceOrder => ("POST", "/orders"),
            Orders => ("GET", "/orders"),
            Order => ("GET", "/orders/{id}"),
            SendCode => ("POST", "/auth/code"),
            Login => ("POST", "/auth/login"),
            Logout => ("POST", "/auth/logout"),
            Cart => ("GET", "/cart"),
            PutCart => ("PUT", "/cart"),
        }
    }

    /// Whether the answer is a page of a longer list.
    pub fn is_paged(self) -> bool {
        matches!(
            self,
            Feed | FollowingFeed | CreatorVideos | Showcase | Search | Reviews | ProductVideos
        )
    }

    /// The placeholders its URL may use.
    pub fn vars(self) -> &'static [&'static str] {
        match self {
            Video | Product | LiveRoom | LiveEvents | PostComment | SendHearts | Like | Unlike
            | Order | Shop | ProductVideos => &["id"],
            Reviews => &["id", "photos"],
            ClaimCoupon => &["id", "coupon"],
            Creator | CreatorVideos | Follow | Unfollow => &["handle"],
            Showcase => &["handle", "sort"],
            Search => &[
                "q",
                "kind",
                "category",
                "price_min",
                "price_max",
                "sort",
                "shop",
            ],
            Suggest => &["q"],
            Feed | FollowingFeed => &["tab"],
            _ => &[],
        }
    }
}

/// Fills `{name}` placeholders with URL-encoded values; `None` names one it cannot fill.
pub fn fill(template: &str, vars: &[(&str, &str)]) -> Result<String, String> {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..]
            .find('}')
            .ok_or_else(|| "an unclosed {".to_owned())?;
        let name = &rest[open + 1..open + close];
        let value = vars
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| *v)
            .ok_or_else(|| format!("{{{name}}} cannot be filled here"))?;
        out.push_str(&encode(value));
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Percent-encodes everything but unreserved characters (RFC 3986).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                out.push('%');
                out.push(HEX[usize::from(b >> 4)] as char);
                out.push(HEX[usize::from(b & 15)] as char);
            }
        }
    }
    out
}

/// Appends query parameters to a URL that may already have some.
pub fn with_query(url: &str, params: &[(&str, String)]) -> String {
    let mut out = url.to_owned();
    for (k, v) in params {
        out.push(if out.contains('?') { '&' } else { '?' });
        out.push_str(k);
        out.push('=');
        out.push_str(&encode(v));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_are_filled_and_encoded() {
        assert_eq!(
            fill("/search?q={q}", &[("q", "汉服 马面裙")]).unwrap(),
            "/search?q=%E6%B1%89%E6%9C%8D%20%E9%A9%AC%E9%9D%A2%E8%A3%99"
        );
        assert_eq!(fill("/v/{id}", &[("id", "a/b")]).unwrap(), "/v/a%2Fb");
        assert!(fill("/v/{id}", &[]).is_err());
        assert_eq!(
            with_query("/feed?tab=for_you", &[("cursor", "o10".into())]),
            "/feed?tab=for_you&cursor=o10"
        );
        for &e in Endpoint::ALL {
            assert_eq!(Endpoint::parse(e.name()), Some(e));
            let (_, path) = e.native();
            let vars: Vec<(&str, &str)> = e.vars().iter().map(|v| (*v, "x")).collect();
            assert!(fill(path, &vars).is_ok(), "{}", e.name());
        }
    }
}
