//! Link previews. Chat apps and social sites fetch a shared link and read its `<head>`; they
//! run no WASM, so the app's own titles never reach them. For a clip, a product, a creator, a
//! shop or a live room the server writes the title, description and Open Graph tags into index.html
//! before sending it.

use haowu::api::demo::DemoWorld;
use haowu::model::Locale;

pub const SITE_NAME: &str = "好物 Haowu";

/// What a preview shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Preview {
    pub title: String,
    pub description: String,
    /// Absolute URL.
    pub image: Option<String>,
    /// Absolute URL of the page.
    pub url: String,
    /// `og:type`.
    pub kind: &'static str,
}

/// The page's language: the app's default, which crawlers get.
const LOCALE: Locale = Locale::ZhCn;

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// At most `max` characters, with an ellipsis when cut.
fn clip(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// `url` as an absolute URL on `origin` (world media paths are site-relative).
fn absolute(url: &str, origin: &str) -> Option<String> {
    if url.is_empty() {
        None
    } else if url.starts_with("https://") || url.starts_with("http://") {
        Some(url.to_owned())
    } else if let Some(rest) = url.strip_prefix("//") {
        Some(format!("https://{rest}"))
    } else {
        Some(format!("{origin}/{}", url.trim_start_matches('/')))
    }
}

/// The preview of the page at `path`, when it names something the world has.
pub fn preview(world: &DemoWorld, path: &str, origin: &str) -> Option<Preview> {
    let path = path
        .strip_suffix('/')
        .filter(|p| !p.is_empty())
        .unwrap_or(path);
    let segments: Vec<String> = path
        .trim_start_matches('/')
        .split('/')
        .map(percent_decode)
        .collect();
    let url = format!("{origin}{path}");
    match segments.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["v", id] => {
            let item = world.video(id).ok()?;
            let caption = item.caption.get(LOCALE);
            let who = format!(
                "{} (@{})",
                item.creator.name.get(LOCALE),
                item.creator.handle
            );
            Some(Preview {
                title: clip(if caption.is_empty() { &who } else { caption }, 60),
                description: clip(&format!("{who}: {caption}"), 200),
                image: absolute(&item.media.poster, origin),
                url,
                kind: "video.other",
            })
        }
        ["p", id] => {
            let detail = world.product_detail(id).ok()?;
            let product = &detail.product;
            let shop = detail.shop.name.get(LOCALE);
            let description = product.description.get(LOCALE);
            Some(Preview {
                title: clip(product.title.get(LOCALE), 80),
                description: clip(
                    &if description.is_empty() {
                        shop.to_owned()
                    } else {
                        format!("{description} · {shop}")
                    },
                    200,
                ),
                image: product.images.first().and_then(|i| absolute(i, origin)),
                url,
                kind: "product",
            })
        }
        ["live", id] => {
            let scenario = world.scenario(id).ok()?;
            let host = world.creator(&scenario.host).ok()?;
            Some(Preview {
                title: clip(scenario.title.get(LOCALE), 80),
                description: clip(
                    &format!(
                        "{} (@{}) 正在直播 · {}",
                        host.name.get(LOCALE),
                        host.handle,
                        scenario.title.get(LOCALE)
                    ),
                    200,
                ),
                image: absolute(&scenario.stream.poster, origin),
                url,
                kind: "video.other",
            })
        }
        ["shop", id] => {
            let shop = world.shop(id).ok()?;
            let name = shop.name.get(LOCALE);
            let description = shop.description.get(LOCALE);
            Some(Preview {
                title: clip(name, 80),
                description: clip(
                    if description.is_empty() {
                        name
                    } else {
                        description
                    },
                    200,
                ),
                image: absolute(&shop.logo, origin),
                url,
                kind: "website",
            })
        }
        [single] if single.starts_with('@') => {
            let creator = world.creator(&single[1..]).ok()?;
            let name = format!("{} (@{})", creator.name.get(LOCALE), creator.handle);
            let bio = creator.bio.get(LOCALE);
            Some(Preview {
                title: clip(&name, 80),
                description: clip(if bio.is_empty() { &name } else { bio }, 200),
                image: absolute(&creator.avatar, origin),
                url,
                kind: "profile",
            })
        }
        _ => None,
    }
}

/// Text for an HTML attribute or element.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// index.html with the preview written into its `<head>`: the page's `<title>` and
/// description replaced, the Open Graph and Twitter tags added. A page without a `<head>`
/// is returned as it is.
pub fn inject(html: &str, p: &Preview) -> String {
    let Some(head_end) = html.find("</head>") else {
        return html.to_owned();
    };
    let (head, rest) = html.split_at(head_end);
    let mut head = head.to_owned();
    let title = format!("<title>{} · {SITE_NAME}</title>", escape(&p.title));
    match (head.find("<title>"), head.find("</title>")) {
        (Some(a), Some(b)) if a < b => head.replace_range(a..b + "</title>".len(), &title),
        _ => {
            head.push_str(&title);
            head.push('\n');
        }
    }
    let description = format!(
        r#"<meta name="description" content="{}" />"#,
        escape(&p.description)
    );
    match head.find(r#"<meta name="description""#) {
        Some(a) => {
            let b = head[a..].find('>').map_or(head.len(), |b| a + b + 1);
            head.replace_range(a..b, &description);
        }
        None => {
            head.push_str(&description);
            head.push('\n');
        }
    }
    let mut tags = vec![
        ("og:site_name", SITE_NAME.to_owned()),
        ("og:type", p.kind.to_owned()),
        ("og:title", p.title.clone()),
        ("og:description", p.description.clone()),
        ("og:url", p.url.clone()),
    ];
    if let Some(image) = &p.image {
        tags.push(("og:image", image.clone()));
    }
    for (property, content) in tags {
        head.push_str(&format!(
            "  <meta property=\"{property}\" content=\"{}\" />\n",
            escape(&content)
        ));
    }
    let card = if p.image.is_some() {
        "summary_large_image"
    } else {
        "summary"
    };
    head.push_str(&format!(
        "  <meta name=\"twitter:card\" content=\"{card}\" />\n"
    ));
    head + rest
}

#[cfg(test)]
mod tests {
    use super::*;

    fn preview() -> Preview {
        Preview {
            title: r#"A "quoted" <b>title</b> & more"#.into(),
            description: "it's <script>alert(1)</script>".into(),
            image: Some("https://x.example/a.jpg?w=1&h=2".into()),
            url: "https://x.example/p/1".into(),
            kind: "product",
        }
    }

    #[test]
    fn writes_and_escapes_the_head() {
        let html = "<html><head>\n<title>Old</title>\n<meta name=\"description\" content=\"old\" />\n</head><body><title>not me</title></body></html>";
        let out = inject(html, &preview());
        assert!(out.contains(
            "<title>A &quot;quoted&quot; &lt;b&gt;title&lt;/b&gt; &amp; more · 好物 Haowu</title>"
        ));
        assert!(!out.contains("<title>Old</title>"));
        assert!(!out.contains("content=\"old\""));
        assert!(out.contains("content=\"it&#39;s &lt;script&gt;alert(1)&lt;/script&gt;\""));
        assert!(out.contains(
            "<meta property=\"og:image\" content=\"https://x.example/a.jpg?w=1&amp;h=2\" />"
        ));
        assert!(out.contains("<body><title>not me</title></body>"));
        assert!(!out.contains("<script>"));
    }

    #[test]
    fn helpers() {
        assert_eq!(percent_decode("%40yuebai"), "@yuebai");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%4"), "%4");
        assert_eq!(clip("abcdef", 4), "abc…");
        assert_eq!(clip("a  b\nc", 10), "a b c");
        assert_eq!(
            absolute("/m/a.jpg", "http://h:1").unwrap(),
            "http://h:1/m/a.jpg"
        );
        assert_eq!(
            absolute("https://c/a.jpg", "http://h").unwrap(),
            "https://c/a.jpg"
        );
        assert_eq!(absolute("", "http://h"), None);
    }
}
