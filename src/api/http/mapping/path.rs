//! Paths into a foreign JSON record: `data.list`, `skus.0.price` ("" is the record itself).

use serde_json::Value;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Path(Vec<String>);

impl Path {
    pub fn parse(s: &str) -> Path {
        Path(
            s.split('.')
                .filter(|seg| !seg.is_empty())
                .map(str::to_owned)
                .collect(),
        )
    }

    /// The value at this path; a numeric segment indexes an array (or names an object key).
    pub fn get<'v>(&self, mut value: &'v Value) -> Option<&'v Value> {
        for seg in &self.0 {
            value = match value {
                Value::Object(map) => map.get(seg)?,
                Value::Array(items) => items.get(seg.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(value).filter(|v| !v.is_null())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_walk_objects_and_arrays() {
        let v = json!({"data": {"list": [{"a": 1}, {"a": 2}]}, "n": null});
        assert_eq!(Path::parse("data.list.1.a").get(&v), Some(&json!(2)));
        assert_eq!(Path::parse("").get(&v), Some(&v));
        assert_eq!(Path::parse("data.list.7").get(&v), None);
        assert_eq!(Path::parse("n").get(&v), None);
        assert_eq!(Path::parse("data.list.x").get(&v), None);
    }
}
