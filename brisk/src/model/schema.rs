//! The schema generator: collects model schemas under `components/schemas` and hands out
//! `$ref`s, the way pydantic's `GenerateJsonSchema` does for FastAPI.
//!
//! pydantic describes a model twice when asked: as input (`mode="validation"`) and as
//! output (`mode="serialization"`, where computed fields appear, `readOnly` and
//! `required`). A model whose two schemas differ and that is used both ways becomes two
//! components, `Item-Input` and `Item-Output`; one used one way only, or described the
//! same both ways, keeps its name. The split propagates: a model holding a split model
//! differs by its `$ref`s, so it is split too. [`SchemaGenerator::finish`] decides the
//! names once every schema is known, and [`Resolved::rewrite`] writes them into `$ref`s.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

/// Which side of the wire a schema describes (pydantic's `mode`).
///
/// ```
/// use brisk::model::{SchemaGenerator, SchemaMode};
///
/// let mut schemas = SchemaGenerator::new();
/// assert_eq!(schemas.mode(), SchemaMode::Validation);
/// assert_eq!(schemas.serializing(|s| s.mode()), SchemaMode::Serialization);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SchemaMode {
    /// What is accepted: request bodies and parameters.
    #[default]
    Validation,
    /// What is sent: responses, with computed fields.
    Serialization,
}

/// The prefix of every component reference.
const PREFIX: &str = "#/components/schemas/";

/// Marks a reference made in serialization mode until the names are decided (never in a
/// finished document).
const OUTPUT_MARK: &str = "\u{0}output";

/// Collects the named schemas of one OpenAPI document.
///
/// ```
/// use brisk::prelude::*;
/// use brisk::model::{JsonSchema, SchemaGenerator};
///
/// #[derive(Model)]
/// struct Item {
///     name: String,
/// }
///
/// let mut schemas = SchemaGenerator::new();
/// let schema = <Vec<Item> as JsonSchema>::json_schema(&mut schemas);
/// assert_eq!(schema["items"]["$ref"], "#/components/schemas/Item");
/// let components = schemas.into_components();
/// assert_eq!(components["Item"]["required"], serde_json::json!(["name"]));
/// ```
#[derive(Debug, Clone)]
pub struct SchemaGenerator {
    /// Components described in validation mode.
    components: BTreeMap<String, Value>,
    /// Components described in serialization mode.
    outputs: BTreeMap<String, Value>,
    /// Output components with computed fields, in themselves or in a model they hold.
    computed: BTreeSet<String>,
    /// Components described as output before they were as input: unsplit, they keep
    /// the output's schema (the first one built, as when there was one mode).
    output_first: BTreeSet<String>,
    mode: SchemaMode,
    /// True once a computed field was described in the current output component.
    met_computed: bool,
    /// FastAPI's `separate_input_output_schemas`.
    separate: bool,
    /// True while request-body schemas are generated: pydantic writes numeric bounds
    /// there as floats (`exclusiveMinimum: 0.0`), and as written in parameters.
    pub float_bounds: bool,
    /// The security schemes met while documenting operations.
    pub security_schemes: serde_json::Map<String, Value>,
}

impl Default for SchemaGenerator {
    fn default() -> Self {
        SchemaGenerator {
            components: BTreeMap::new(),
            outputs: BTreeMap::new(),
            computed: BTreeSet::new(),
            output_first: BTreeSet::new(),
            mode: SchemaMode::Validation,
            met_computed: false,
            separate: true,
            float_bounds: false,
            security_schemes: serde_json::Map::new(),
        }
    }
}

impl SchemaGenerator {
    /// An empty generator, in validation mode, separating input and output schemas.
    pub fn new() -> Self {
        Self::default()
    }

    /// FastAPI's `separate_input_output_schemas`: when off, an output is described as
    /// input is, unless its type has computed fields somewhere (FastAPI 0.163 keeps
    /// those in serialization mode, so they are still split).
    pub fn separate_input_output(&mut self, on: bool) {
        self.separate = on;
    }

    /// The mode schemas are described in now.
    pub fn mode(&self) -> SchemaMode {
        self.mode
    }

    /// Describes an output (a response) with `f`: in serialization mode, or, without the
    /// separation, in validation mode unless computed fields are met.
    pub fn serializing<R>(&mut self, mut f: impl FnMut(&mut Self) -> R) -> R {
        if self.mode == SchemaMode::Serialization {
            return f(self);
        }
        if self.separate {
            self.mode = SchemaMode::Serialization;
            let r = f(self);
            self.mode = SchemaMode::Validation;
            return r;
        }
        let mut trial = self.clone();
        trial.mode = SchemaMode::Serialization;
        trial.met_computed = false;
        let r = f(&mut trial);
        if trial.met_computed {
            trial.mode = SchemaMode::Validation;
            trial.met_computed = self.met_computed;
            *self = trial;
            r
        } else {
            f(self)
        }
    }

    /// Records that the schema being built has computed fields (models call it in
    /// serialization mode).
    pub fn note_computed(&mut self) {
        self.met_computed = true;
    }

    /// The `$ref` to the component `name`, building and registering its schema the first
    /// time it is met in the current mode. Recursive models see their own `$ref` while
    /// being built.
    pub fn component(&mut self, name: &str, build: impl FnOnce(&mut Self) -> Value) -> Value {
        let mode = self.mode;
        if !self.map(mode).contains_key(name) {
            self.note_first(name);
            self.map(mode).insert(name.to_owned(), Value::Null);
            let outer = std::mem::replace(&mut self.met_computed, false);
            let schema = build(self);
            if self.met_computed && mode == SchemaMode::Serialization {
                self.computed.insert(name.to_owned());
            }
            self.met_computed |= outer;
            self.map(mode).insert(name.to_owned(), schema);
        } else if mode == SchemaMode::Serialization && self.computed.contains(name) {
            self.met_computed = true;
        }
        self.reference_in(name)
    }

    /// Registers a schema under `name` in the current mode directly (replacing any).
    pub fn insert(&mut self, name: &str, schema: Value) -> Value {
        self.note_first(name);
        self.map(self.mode).insert(name.to_owned(), schema);
        self.reference_in(name)
    }

    fn note_first(&mut self, name: &str) {
        if self.mode == SchemaMode::Serialization && !self.components.contains_key(name) {
            self.output_first.insert(name.to_owned());
        }
    }

    fn map(&mut self, mode: SchemaMode) -> &mut BTreeMap<String, Value> {
        match mode {
            SchemaMode::Validation => &mut self.components,
            SchemaMode::Serialization => &mut self.outputs,
        }
    }

    fn reference_in(&self, name: &str) -> Value {
        match self.mode {
            SchemaMode::Validation => Self::reference(name),
            SchemaMode::Serialization => json!({ "$ref": format!("{PREFIX}{name}{OUTPUT_MARK}") }),
        }
    }

    /// A `$ref` to a component.
    pub fn reference(name: &str) -> Value {
        json!({ "$ref": format!("{PREFIX}{name}") })
    }

    /// True when nothing was registered.
    pub fn is_empty(&self) -> bool {
        self.components.is_empty() && self.outputs.is_empty()
    }

    /// The registered schemas, by their final names, with their references rewritten.
    pub fn into_components(self) -> BTreeMap<String, Value> {
        self.finish().0
    }

    /// Decides each component's name (split into `-Input` and `-Output` where its two
    /// schemas differ) and returns the components, their references rewritten, and the
    /// [`Resolved`] names, to rewrite the references made outside them.
    pub fn finish(self) -> (BTreeMap<String, Value>, Resolved) {
        let both: Vec<&String> = self.components.keys().filter(|n| self.outputs.contains_key(*n)).collect();
        let mut resolved = Resolved { split: BTreeSet::new() };
        // The least fixed point: split what differs, until splitting changes nothing more.
        loop {
            let mut changed = false;
            for name in &both {
                if resolved.split.contains(*name) {
                    continue;
                }
                let (mut input, mut output) = (self.components[*name].clone(), self.outputs[*name].clone());
                resolved.rewrite(&mut input);
                resolved.rewrite(&mut output);
                if !same(&input, &output) {
                    resolved.split.insert((*name).clone());
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        let mut all = BTreeMap::new();
        let (mut inputs, mut outputs) = (self.components, self.outputs);
        for name in &self.output_first {
            // Unsplit, the first schema built is kept (they differ at most in how a
            // number is written, `0` or `0.0`).
            if !resolved.split.contains(name)
                && let Some(output) = outputs.remove(name)
            {
                inputs.insert(name.clone(), output);
            }
        }
        for (name, mut schema) in inputs {
            resolved.rewrite(&mut schema);
            let key = if resolved.split.contains(&name) { format!("{name}-Input") } else { name };
            all.insert(key, schema);
        }
        for (name, mut schema) in outputs {
            let split = resolved.split.contains(&name);
            if !split && all.contains_key(&name) {
                continue;
            }
            resolved.rewrite(&mut schema);
            all.insert(if split { format!("{name}-Output") } else { name }, schema);
        }
        (all, resolved)
    }
}

/// Whether two schemas are equal as Python compares them (pydantic decides the split so):
/// numbers by value, `0` equal to `0.0`.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y || x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// The components' final names: which were split into `-Input` and `-Output`.
///
/// ```
/// use brisk::prelude::*;
/// use brisk::model::{JsonSchema, SchemaGenerator};
///
/// #[derive(Model)]
/// #[model(computed)]
/// struct Rect {
///     width: f64,
/// }
///
/// #[computed_fields]
/// impl Rect {
///     /// Twice the width.
///     #[model(computed)]
///     fn double(&self) -> f64 {
///         2.0 * self.width
///     }
/// }
///
/// let mut schemas = SchemaGenerator::new();
/// let mut input = Rect::json_schema(&mut schemas);
/// let mut output = schemas.serializing(|s| Rect::json_schema(s));
/// let (components, resolved) = schemas.finish();
/// // Read and written differently, `Rect` is two components.
/// assert!(components.contains_key("Rect-Input") && components.contains_key("Rect-Output"));
/// resolved.rewrite(&mut input);
/// resolved.rewrite(&mut output);
/// assert_eq!(input["$ref"], "#/components/schemas/Rect-Input");
/// assert_eq!(output["$ref"], "#/components/schemas/Rect-Output");
/// ```
#[derive(Debug, Default)]
pub struct Resolved {
    split: BTreeSet<String>,
}

impl Resolved {
    /// The final form of a reference made in either mode.
    fn name(&self, reference: &str) -> Option<String> {
        let name = reference.strip_prefix(PREFIX)?;
        let (name, output) = match name.strip_suffix(OUTPUT_MARK) {
            Some(n) => (n, true),
            None => (name, false),
        };
        Some(match (self.split.contains(name), output) {
            (true, true) => format!("{PREFIX}{name}-Output"),
            (true, false) => format!("{PREFIX}{name}-Input"),
            (false, _) => format!("{PREFIX}{name}"),
        })
    }

    /// Rewrites every `$ref` (and discriminator `mapping`) in `value` to its final name.
    pub fn rewrite(&self, value: &mut Value) {
        match value {
            Value::Object(m) => {
                for (k, v) in m.iter_mut() {
                    match (k.as_str(), v) {
                        ("$ref", Value::String(s)) => {
                            if let Some(n) = self.name(s) {
                                *s = n;
                            }
                        }
                        ("mapping", Value::Object(targets)) => {
                            for t in targets.values_mut() {
                                if let Some(n) = t.as_str().and_then(|s| self.name(s)) {
                                    *t = n.into();
                                }
                            }
                        }
                        (_, v) => self.rewrite(v),
                    }
                }
            }
            Value::Array(a) => a.iter_mut().for_each(|v| self.rewrite(v)),
            _ => {}
        }
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

    /// `Leaf` differs as output; `Holder` holds it, `Same` does not differ.
    fn describe(g: &mut SchemaGenerator) -> Value {
        let computed = g.mode() == SchemaMode::Serialization;
        g.component("Holder", |g| {
            let leaf = g.component("Leaf", |g| {
                if computed {
                    g.note_computed();
                    json!({"properties": {"double": {"readOnly": true}}})
                } else {
                    json!({"properties": {}})
                }
            });
            let same = g.component("Same", |_| json!({"type": "object"}));
            json!({"properties": {"leaf": leaf, "same": same}})
        })
    }

    #[test]
    fn differing_models_split_and_the_split_propagates() {
        let mut g = SchemaGenerator::new();
        let input = describe(&mut g);
        let mut output = g.serializing(describe);
        let (components, resolved) = g.finish();
        let names: Vec<&String> = components.keys().collect();
        assert_eq!(names, ["Holder-Input", "Holder-Output", "Leaf-Input", "Leaf-Output", "Same"]);
        assert_eq!(
            components["Holder-Output"]["properties"]["leaf"],
            json!({"$ref": "#/components/schemas/Leaf-Output"})
        );
        assert_eq!(components["Holder-Input"]["properties"]["same"], json!({"$ref": "#/components/schemas/Same"}));
        let mut input = input;
        resolved.rewrite(&mut input);
        resolved.rewrite(&mut output);
        assert_eq!(input, json!({"$ref": "#/components/schemas/Holder-Input"}));
        assert_eq!(output, json!({"$ref": "#/components/schemas/Holder-Output"}));
    }

    #[test]
    fn numbers_equal_in_value_do_not_split() {
        let mut g = SchemaGenerator::new();
        g.serializing(|g| g.component("Item", |_| json!({"minimum": 0})));
        g.component("Item", |_| json!({"minimum": 0.0}));
        let c = g.into_components();
        assert_eq!(c.len(), 1);
        // The first one built is kept.
        assert_eq!(c["Item"], json!({"minimum": 0}));
    }

    #[test]
    fn one_direction_keeps_the_plain_name() {
        let mut g = SchemaGenerator::new();
        g.serializing(describe);
        let names: Vec<String> = g.into_components().into_keys().collect();
        assert_eq!(names, ["Holder", "Leaf", "Same"]);
    }

    #[test]
    fn without_separation_only_computed_outputs_are_described_as_output() {
        let mut g = SchemaGenerator::new();
        g.separate_input_output(false);
        g.component("Plain", |_| json!({"type": "object"}));
        let plain = g.serializing(|g| g.component("Plain", |_| json!({"type": "string"})));
        assert_eq!(plain, json!({"$ref": "#/components/schemas/Plain"}));
        describe(&mut g);
        g.serializing(describe);
        let names: Vec<String> = g.into_components().into_keys().collect();
        assert_eq!(names, ["Holder-Input", "Holder-Output", "Leaf-Input", "Leaf-Output", "Plain", "Same"]);
    }
}
