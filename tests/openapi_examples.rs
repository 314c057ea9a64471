#![cfg(not(target_arch = "wasm32"))]
//! docs/openapi.yaml against the Rust model, so neither drifts from the other.
//!
//! Every schema of a model type names it in `x-rust-type`. For every example of such a schema
//! (the request and response examples of the operations, the events of the event-stream
//! example, and the schemas' own `examples`):
//! - it decodes into the Rust type and re-encodes to the same JSON (a field renamed, added or
//!   dropped on either side shows up here);
//! - each field it has is `required` in the document exactly when serde refuses the example
//!   without it (`#[serde(default)]` and `Option` fields are optional);
//! - every value of each `enum` in it decodes, and a made-up value does not.
//!
//! And the enums of the document list exactly the Rust variants.
//!
//! `node --test tests/contract/` checks the document's side: every example fits its schema.

use haowu::model::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Codec = fn(&Value) -> Result<Value, String>;

/// Decodes `value` as `T` and encodes it again (through a string, as on the wire: a `f32`
/// shop rating re-encodes as 4.9, not as its widened f64).
fn round_trip<T: Serialize + DeserializeOwned>(value: &Value) -> Result<Value, String> {
    let typed: T =
        serde_json::from_value(value.clone()).map_err(|e| format!("does not decode: {e}"))?;
    let json = serde_json::to_string(&typed).map_err(|e| format!("does not encode: {e}"))?;
    serde_json::from_str(&json).map_err(|e| format!("encodes to invalid JSON ({e}): {json}"))
}

macro_rules! model_types {
    ($($name:literal => $t:ty,)*) => {
        /// The Rust type for an `x-rust-type` name.
        fn codec(name: &str) -> Option<Codec> {
            match name {
                $($name => Some(round_trip::<$t> as Codec),)*
                _ => None,
            }
        }
        const MODEL_TYPES: &[&str] = &[$($name),*];
    };
}

model_types! {
    "Text" => Text,
    "Currency" => Currency,
    "Money" => Money,
    "Media" => Media,
    "Page<FeedItem>" => Page<FeedItem>,
    "Page<ProductSummary>" => Page<ProductSummary>,
    "Page<SearchHit>" => Page<SearchHit>,
    "Page<Review>" => Page<Review>,
    "FeedTab" => FeedTab,
    "FeedItem" => FeedItem,
    "CreatorSummary" => CreatorSummary,
    "Creator" => Creator,
    "Shop" => Shop,
    "Category" => Category,
    "ShopDetail" => ShopDetail,
    "OptionValue" => OptionValue,
    "VariantOption" => VariantOption,
    "Variant" => Variant,
    "Product" => Product,
    "ProductSummary" => ProductSummary,
    "ProductDetail" => ProductDetail,
    "ProductClip" => ProductClip,
    "Review" => Review,
    "ReviewSummary" => ReviewSummary,
    "SearchKind" => SearchKind,
    "ProductSort" => ProductSort,
    "SearchHit" => SearchHit,
    "Coupon" => Coupon,
    "Claim" => Claim,
    "CouponRequirement" => CouponRequirement,
    "LinkDrop" => LinkDrop,
    "LiveStatus" => LiveStatus,
    "FlashSale" => FlashSale,
    "LiveRoom" => LiveRoom,
    "LiveEvent" => LiveEvent,
    "Delivery" => Delivery,
    "Address" => Address,
    "OrderRequestLine" => OrderRequestLine,
    "OrderRequest" => OrderRequest,
    "OrderStatus" => OrderStatus,
    "StatusStep" => StatusStep,
    "OrderLine" => OrderLine,
    "Order" => Order,
    "LoginRequest" => LoginRequest,
    "Account" => Account,
    "Session" => Session,
    "CartLine" => CartLine,
    "Cart" => Cart,
}

/// Body schemas that are not model types: the error body and the small request bodies the
/// HTTP backend writes by hand.
const NOT_MODEL_TYPES: &[&str] = &[
    "Error",
    "NotFoundError",
    "CommentRequest",
    "HeartRequest",
    "ClaimRequest",
    "PhoneRequest",
];

/// The bodies the contract exchanges: each needs at least one example checked here.
const CONTRACT_BODIES: &[&str] = &[
    "Page<FeedItem>",
    "FeedItem",
    "ProductDetail",
    "Creator",
    "CreatorSummary",
    "Page<ProductSummary>",
    "Page<SearchHit>",
    "Text",
    "ShopDetail",
    "Page<Review>",
    "Coupon",
    "LiveRoom",
    "LiveEvent",
    "OrderRequest",
    "Order",
    "LoginRequest",
    "Session",
    "Cart",
];

/// Schemas whose examples the model cannot encode today. Their examples must still fail to
/// round-trip, so a fix of the model is noticed (then remove the entry).
const KNOWN_DRIFT: &[(&str, &str)] = &[];

/// Enums in the document whose Rust field is a plain `String`, so other values decode (and
/// the server refuses them itself).
const OPEN_ENUMS: &[(&str, &str)] = &[("OrderRequest", "/delivery")];

struct Doc(Value);

impl Doc {
    fn load() -> Doc {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/openapi.yaml");
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        Doc(serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("docs/openapi.yaml: {e}")))
    }

    /// Follows `$ref`s (local JSON pointers) to the node they name.
    fn resolve<'a>(&'a self, mut node: &'a Value) -> &'a Value {
        while let Some(r) = node.get("$ref").and_then(Value::as_str) {
            let pointer = r
                .strip_prefix('#')
                .unwrap_or_else(|| panic!("non-local $ref {r}"));
            node = self
                .0
                .pointer(pointer)
                .unwrap_or_else(|| panic!("unresolved $ref {r}"));
        }
        node
    }

    fn schemas(&self) -> &serde_json::Map<String, Value> {
        self.0["components"]["schemas"]
            .as_object()
            .expect("components.schemas")
    }

    fn schema(&self, name: &str) -> &Value {
        self.schemas()
            .get(name)
            .unwrap_or_else(|| panic!("no schema {name}"))
    }
}

fn component_name(schema: &Value) -> Option<&str> {
    schema
        .get("$ref")?
        .as_str()?
        .strip_prefix("#/components/schemas/")
}

/// One example of a model type: where it is, the component schema it belongs to, its value.
struct Example {
    place: String,
    component: String,
    value: Value,
}

/// Every example of a model type in the document.
fn examples(doc: &Doc) -> Vec<Example> {
    let mut out = Vec::new();
    for (name, schema) in doc.schemas() {
        if schema.get("x-rust-type").is_none() {
            continue;
        }
        for (i, value) in schema["examples"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
        {
            out.push(Example {
                place: format!("components/schemas/{name} example {i}"),
                component: name.clone(),
                value: value.clone(),
            });
        }
    }
    let media_examples = |media: &Value| -> Vec<(String, Value)> {
        let mut found: Vec<(String, Value)> = media["examples"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(n, ex)| (n.clone(), doc.resolve(ex)["value"].clone()))
            .collect();
        if let Some(v) = media.get("example") {
            found.push(("example".into(), v.clone()));
        }
        found
    };
    // The body's schema: one model type, or an array of one (checked item by item).
    let add = |place: String, schema: &Value, value: Value, out: &mut Vec<Example>| {
        let (component, items) = match component_name(schema) {
            Some(c) => (c, false),
            None if schema["type"] == "array" => (
                component_name(&schema["items"])
                    .unwrap_or_else(|| panic!("{place}: array items are not a component")),
                true,
            ),
            None => match schema["allOf"][0]
                .get("$ref")
                .and(component_name(&schema["allOf"][0]))
            {
                Some(c) => (c, false),
                None => panic!("{place}: cannot tell the Rust type of this schema"),
            },
        };
        if doc.schema(component).get("x-rust-type").is_none() {
            assert!(
                NOT_MODEL_TYPES.contains(&component),
                "{place}: schema {component} has no x-rust-type; name its Rust type, or add it to NOT_MODEL_TYPES"
            );
            return;
        }
        let values = if items {
            value
                .as_array()
                .unwrap_or_else(|| panic!("{place}: not an array"))
                .clone()
        } else {
            vec![value]
        };
        for (i, value) in values.into_iter().enumerate() {
            let place = if items {
                format!("{place}[{i}]")
            } else {
                place.clone()
            };
            out.push(Example {
                place,
                component: component.to_owned(),
                value,
            });
        }
    };
    for (path, item) in doc.0["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            if op.get("responses").is_none() {
                continue; // `parameters` of the path, not an operation
            }
            let op_name = format!("{} {path}", method.to_uppercase());
            if let Some(body) = op.get("requestBody") {
                if let Some(media) = doc.resolve(body)["content"].get("application/json") {
                    for (name, value) in media_examples(media) {
                        add(
                            format!("{op_name} request example {name}"),
                            &media["schema"],
                            value,
                            &mut out,
                        );
                    }
                }
            }
            for (status, response) in op["responses"].as_object().expect("responses") {
                let content = &doc.resolve(response)["content"];
                if let Some(media) = content.get("application/json") {
                    for (name, value) in media_examples(media) {
                        add(
                            format!("{op_name} {status} example {name}"),
                            &media["schema"],
                            value,
                            &mut out,
                        );
                    }
                }
                if let Some(media) = content.get("text/event-stream") {
                    let data_schema = &media["x-sse-data"];
                    for (name, value) in media_examples(media) {
                        let text = value.as_str().expect("an event stream example is text");
                        for (i, data) in text
                            .lines()
                            .filter_map(|l| l.strip_prefix("data: "))
                            .enumerate()
                        {
                            let event: Value = serde_json::from_str(data).unwrap_or_else(|e| {
                                panic!("{op_name} example {name}: data line {i}: {e}")
                            });
                            add(
                                format!("{op_name} {status} example {name} event {i}"),
                                data_schema,
                                event,
                                &mut out,
                            );
                        }
                    }
                }
            }
        }
    }
    out
}

fn rust_type<'a>(doc: &'a Doc, component: &str) -> &'a str {
    doc.schema(component)["x-rust-type"]
        .as_str()
        .unwrap_or_else(|| panic!("{component}: no x-rust-type"))
}

fn known_drift(component: &str) -> bool {
    KNOWN_DRIFT.iter().any(|(c, _)| *c == component)
}

#[test]
fn every_model_type_in_the_document_is_a_rust_type_and_back() {
    let doc = Doc::load();
    let mut named = BTreeSet::new();
    for (name, schema) in doc.schemas() {
        if let Some(t) = schema.get("x-rust-type").and_then(Value::as_str) {
            assert!(
                codec(t).is_some(),
                "{name}: x-rust-type {t:?} is not in this test's table"
            );
            named.insert(t);
        }
    }
    for t in MODEL_TYPES {
        assert!(
            named.contains(t),
            "{t} is in the table but no schema says x-rust-type: {t}"
        );
    }
}

#[test]
fn examples_decode_into_the_model_and_encode_back_unchanged() {
    let doc = Doc::load();
    let mut failures = Vec::new();
    let mut covered = BTreeMap::<&str, usize>::new();
    for ex in examples(&doc) {
        let t = rust_type(&doc, &ex.component);
        let result = codec(t).expect("checked above")(&ex.value);
        if known_drift(&ex.component) {
            assert!(
                result.as_ref() != Ok(&ex.value),
                "{}: KNOWN_DRIFT entry for {} is fixed: remove it",
                ex.place,
                ex.component
            );
            continue;
        }
        *covered.entry(t).or_default() += 1;
        match result {
            Ok(again) if again == ex.value => {}
            Ok(again) => failures.push(format!(
                "{} ({t}): re-encodes differently\n  doc:  {}\n  rust: {}",
                ex.place, ex.value, again
            )),
            Err(e) => failures.push(format!("{} ({t}): {e}\n  doc:  {}", ex.place, ex.value)),
        }
    }
    assert!(
        failures.is_empty(),
        "{} example(s) drifted:\n{}",
        failures.len(),
        failures.join("\n")
    );
    for t in CONTRACT_BODIES {
        assert!(covered.contains_key(t), "no example of {t} was checked");
    }
}

/// A place in an example that its schema describes.
enum Site<'a> {
    /// An object: its JSON pointer and its (resolved) object schema.
    Object(String, &'a Value),
    /// A string enum: its JSON pointer and the values the document allows.
    Enum(String, Vec<String>),
}

/// Walks `value` along `schema`, collecting its objects and enum values.
fn sites<'a>(
    doc: &'a Doc,
    schema: &'a Value,
    value: &Value,
    pointer: String,
    out: &mut Vec<Site<'a>>,
) {
    let schema = doc.resolve(schema);
    if let Some(branches) = schema["oneOf"].as_array() {
        let tag = schema["discriminator"]["propertyName"]
            .as_str()
            .expect("oneOf with a discriminator");
        let branch = branches
            .iter()
            .find(|b| doc.resolve(b)["properties"][tag]["const"] == value[tag])
            .unwrap_or_else(|| panic!("{pointer}: no branch for {tag} {}", value[tag]));
        return sites(doc, branch, value, pointer, out);
    }
    if let Some(values) = schema["enum"].as_array() {
        let values = values
            .iter()
            .filter_map(Value::as_str)
            .map(String::from)
            .collect();
        out.push(Site::Enum(pointer.clone(), values));
    }
    if let (Some(props), Some(object)) = (schema["properties"].as_object(), value.as_object()) {
        out.push(Site::Object(pointer.clone(), schema));
        for (key, sub) in props {
            if let Some(v) = object.get(key) {
                sites(doc, sub, v, format!("{pointer}/{key}"), out);
            }
        }
    }
    if let (Some(items), Some(array)) = (schema.get("items"), value.as_array()) {
        for (i, v) in array.iter().enumerate() {
            sites(doc, items, v, format!("{pointer}/{i}"), out);
        }
    }
}

/// The JSON pointer without array indices, to name a place in a type (`/lines/*/qty`).
fn shape(pointer: &str) -> String {
    pointer
        .split('/')
        .map(|s| if s.parse::<usize>().is_ok() { "*" } else { s })
        .collect::<Vec<_>>()
        .join("/")
}

#[test]
fn required_fields_and_enums_agree_with_serde() {
    let doc = Doc::load();
    let mut failures = BTreeSet::new();
    for ex in examples(&doc) {
        if known_drift(&ex.component) {
            continue;
        }
        let t = rust_type(&doc, &ex.component);
        let decode = codec(t).expect("checked above");
        let mut found = Vec::new();
        sites(
            &doc,
            doc.schema(&ex.component),
            &ex.value,
            String::new(),
            &mut found,
        );
        for site in found {
            match site {
                Site::Object(pointer, schema) => {
                    let required: Vec<&str> = schema["required"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                        .collect();
                    let present: Vec<String> = ex
                        .value
                        .pointer(&pointer)
                        .and_then(Value::as_object)
                        .map_or(vec![], |o| o.keys().cloned().collect());
                    for key in present {
                        let mut without = ex.value.clone();
                        without
                            .pointer_mut(&pointer)
                            .and_then(Value::as_object_mut)
                            .expect("object")
                            .remove(&key);
                        let at = format!("{t}{}/{key}", shape(&pointer));
                        match (required.contains(&key.as_str()), decode(&without)) {
                            (true, Ok(_)) => failures.insert(format!(
                                "{at}: required in the document, but serde decodes without it (a default or an Option): make it optional"
                            )),
                            (false, Err(e)) => failures.insert(format!(
                                "{at}: optional in the document, but serde needs it ({e}): make it required"
                            )),
                            _ => false,
                        };
                    }
                }
                Site::Enum(pointer, values) => {
                    let at = format!("{t}{}", shape(&pointer));
                    for v in &values {
                        let mut with = ex.value.clone();
                        *with.pointer_mut(&pointer).expect("enum site") = Value::from(v.as_str());
                        let problem = match decode(&with) {
                            Ok(again) if again == with => continue,
                            Ok(again) => format!(
                                "{at}: {v:?} re-encodes as {}",
                                again.pointer(&pointer).unwrap_or(&Value::Null)
                            ),
                            Err(e) => {
                                format!("{at}: the document allows {v:?}, serde does not: {e}")
                            }
                        };
                        failures.insert(problem);
                    }
                    let open = OPEN_ENUMS
                        .iter()
                        .any(|(c, p)| *c == ex.component && *p == shape(&pointer));
                    let mut with = ex.value.clone();
                    *with.pointer_mut(&pointer).expect("enum site") =
                        Value::from("not_in_the_document");
                    if !open && decode(&with).is_ok() {
                        failures.insert(format!(
                            "{at}: serde accepts values the document's enum does not list (a String field?): list it in OPEN_ENUMS or make it an enum"
                        ));
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "the document and serde disagree:\n{}",
        failures.into_iter().collect::<Vec<_>>().join("\n")
    );
}

fn doc_enum(doc: &Doc, schema: &str) -> BTreeSet<String> {
    doc.schema(schema)["enum"]
        .as_array()
        .unwrap_or_else(|| panic!("{schema}: no enum"))
        .iter()
        .map(|v| v.as_str().expect("string enum").to_owned())
        .collect()
}

fn wire_names<T: Serialize>(all: &[T]) -> BTreeSet<String> {
    all.iter()
        .map(|v| {
            serde_json::to_value(v)
                .unwrap()
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}

fn tags(doc: &Doc, schema: &str) -> BTreeSet<String> {
    doc.schema(schema)["discriminator"]["mapping"]
        .as_object()
        .unwrap_or_else(|| panic!("{schema}: no discriminator mapping"))
        .keys()
        .cloned()
        .collect()
}

/// The document's enums list every Rust variant. Each list below is guarded by a `match`
/// without a wildcard, so a new variant does not compile until it is listed (and documented).
#[test]
fn enums_list_every_rust_variant() {
    let doc = Doc::load();

    use OrderStatus::*;
    let statuses = [Pending, Paid, Shipped, Delivered, Cancelled];
    statuses.iter().for_each(|s| match s {
        Pending | Paid | Shipped | Delivered | Cancelled => {}
    });
    assert_eq!(wire_names(&statuses), doc_enum(&doc, "OrderStatus"));

    let live = [LiveStatus::Scheduled, LiveStatus::Live, LiveStatus::Ended];
    live.iter().for_each(|s| match s {
        LiveStatus::Scheduled | LiveStatus::Live | LiveStatus::Ended => {}
    });
    assert_eq!(wire_names(&live), doc_enum(&doc, "LiveStatus"));

    let feed_tabs = [FeedTab::ForYou, FeedTab::Following];
    feed_tabs.iter().for_each(|t| match t {
        FeedTab::ForYou | FeedTab::Following => {}
    });
    assert_eq!(wire_names(&feed_tabs), doc_enum(&doc, "FeedTab"));

    let deliveries = [Delivery::Standard, Delivery::Express];
    deliveries.iter().for_each(|d| match d {
        Delivery::Standard | Delivery::Express => {}
    });
    assert_eq!(wire_names(&deliveries), doc_enum(&doc, "Delivery"));
    for d in deliveries {
        assert_eq!(
            Delivery::parse(d.as_str()),
            Some(d),
            "the server parses the wire name of {d:?}"
        );
    }

    let text = Text::same("x");
    let money = Money::cny(100);
    let coupon = Coupon {
        id: "c".into(),
        title: text.clone(),
        shop_id: None,
        min_spend: money,
        discount: money,
        expires_at: 0,
        claim: None,
    };
    let sale = FlashSale {
        product_id: "p".into(),
        price: money,
        total: 1,
        remaining: 1,
        phase: SalePhase::Started,
        starts_at: 0,
        ends_at: 0,
        limit: 0,
    };
    use LiveEventKind as K;
    let kinds = [
        K::Comment {
            user: "u".into(),
            text: "t".into(),
        },
        K::Heart { count: 1 },
        K::Pin {
            product_id: "p".into(),
        },
        K::Unpin,
        K::LinkDrop {
            product_id: "p".into(),
            countdown_s: 5,
            opens_at: 0,
        },
        K::FlashSale(sale),
        K::Price {
            product_id: "p".into(),
            price: money,
        },
        K::Stock {
            product_id: "p".into(),
            variant_id: None,
            remaining: 1,
        },
        K::Viewers { count: 1 },
        K::Purchase {
            user: "u".into(),
            product_id: "p".into(),
        },
        K::Coupon(coupon),
        K::Ended,
        K::Reset,
    ];
    kinds.iter().for_each(|k| match k {
        K::Comment { .. }
        | K::Heart { .. }
        | K::Pin { .. }
        | K::Unpin
        | K::LinkDrop { .. }
        | K::FlashSale(_)
        | K::Stock { .. }
        | K::Viewers { .. }
        | K::Purchase { .. }
        | K::Price { .. }
        | K::Coupon(_)
        | K::Ended
        | K::Reset => {}
    });
    let event_types: BTreeSet<String> = kinds
        .iter()
        .map(|k| {
            let event = serde_json::to_value(LiveEvent {
                id: 1,
                kind: k.clone(),
            })
            .unwrap();
            event["type"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(event_types, tags(&doc, "LiveEvent"));

    let summary = |id: &str| ProductSummary {
        id: id.into(),
        title: text.clone(),
        image: String::new(),
        price: money,
        original_price: None,
        sold: 0,
        in_stock: true,
        shop_id: "s".into(),
    };
    let creator = CreatorSummary {
        handle: "h".into(),
        name: text.clone(),
        avatar: String::new(),
        verified: false,
        live_now: None,
    };
    let clip = FeedItem {
        id: "v".into(),
        media: Media {
            src: String::new(),
            poster: String::new(),
            width: 1,
            height: 1,
            duration_ms: 0,
        },
        caption: text.clone(),
        creator: creator.clone(),
        products: vec![summary("p")],
        views: 0,
        likes: 0,
        comments: 0,
        shares: 0,
        posted_at: 0,
    };
    let hits = [
        SearchHit::Product(summary("p")),
        SearchHit::Creator(creator),
        SearchHit::Video(clip),
    ];
    hits.iter().for_each(|h| match h {
        SearchHit::Product(_) | SearchHit::Creator(_) | SearchHit::Video(_) => {}
    });
    let kinds: BTreeSet<String> = hits
        .iter()
        .map(|h| {
            serde_json::to_value(h).unwrap()["kind"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(kinds, tags(&doc, "SearchHit"));

    // The search page's tabs and orders (`ALL` is guarded by the model's own tests).
    SearchKind::ALL.iter().for_each(|k| match k {
        SearchKind::Products | SearchKind::Creators | SearchKind::Videos | SearchKind::Live => {}
    });
    assert_eq!(wire_names(&SearchKind::ALL), doc_enum(&doc, "SearchKind"));
    ProductSort::ALL.iter().for_each(|s| match s {
        ProductSort::Relevance
        | ProductSort::Popular
        | ProductSort::New
        | ProductSort::PriceAsc
        | ProductSort::PriceDesc => {}
    });
    assert_eq!(wire_names(&ProductSort::ALL), doc_enum(&doc, "ProductSort"));
    for k in SearchKind::ALL {
        assert_eq!(
            SearchKind::parse(k.as_str()),
            Some(k),
            "the server parses {k:?}"
        );
    }
    for s in ProductSort::ALL {
        assert_eq!(
            ProductSort::parse(s.as_str()),
            Some(s),
            "the server parses {s:?}"
        );
    }
}
