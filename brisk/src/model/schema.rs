//! The schema generator: collects model schemas under `components/schemas` and hands out
//! `$ref`s, the way pydantic's `GenerateJsonSchema` does for FastAPI.

use std::collections::BTreeMap;

use serde_json::{Value, json};

/// Collects the named schemas of one OpenAPI document.
#[derive(Debug, Default)]
pub struct SchemaGenerator {
    components: BTreeMap<String, Value>,
    /// True while request-body schemas are generated: pydantic writes numeric bounds
    /// there as floats (`exclusiveMinimum: 0.0`), and as written in parameters.
    pub float_bounds: bool,
    /// The security schemes met while documenting operations.
    pub security_schemes: serde_json::Map<String, Value>,
}

impl SchemaGenerator {
    /// An empty generator.
    pub fn new() -> Self {
        Self::default()
    }

    /// The `$ref` to the component `name`, building and registering its schema the first
    /// time. Recursive models see their own `$ref` while being built.
    pub fn component(&mut self, name: &str, build: impl FnOnce(&mut Self) -> Value) -> Value {
        if !self.components.contains_key(name) {
            self.components.insert(name.to_owned(), Value::Null);
            let schema = build(self);
            self.components.insert(name.to_owned(), schema);
        }
        Self::reference(name)
    }

    /// Registers a schema under `name` directly (replacing any).
    pub fn insert(&mut self, name: &str, schema: Value) -> Value {
        self.components.insert(name.to_owned(), schema);
        Self::reference(name)
    }

    /// A `$ref` to a component.
    pub fn reference(name: &str) -> Value {
        json!({ "$ref": format!("#/components/schemas/{name}") })
    }

    /// True when nothing was registered.
    pub fn is_empty(&self) -> bool {
        self.components.is_empty()
    }

    /// The registered schemas, by name.
    pub fn into_components(self) -> BTreeMap<String, Value> {
        self.components
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_are_built_once() {
        let mut g = SchemaGenerator::new();
        let mut builds = 0;
        for _ in 0..2 {
            let r = g.component("Item", |_| {
                builds += 1;
                json!({"type": "object"})
            });
            assert_eq!(r, json!({"$ref": "#/components/schemas/Item"}));
        }
        assert_eq!(builds, 1);
        assert_eq!(g.into_components()["Item"], json!({"type": "object"}));
    }
}
