use brisk::prelude::*;

/// Serializes and describes itself, but cannot be validated.
struct Opaque(u32);

impl serde::Serialize for Opaque {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u32(self.0)
    }
}

impl brisk::model::JsonSchema for Opaque {
    fn json_schema(_: &mut brisk::model::SchemaGenerator) -> serde_json::Value {
        serde_json::json!({"type": "integer"})
    }
}

#[derive(Model)]
struct Report {
    id: Opaque,
}

#[get("/report")]
async fn report() -> Report {
    Report { id: Opaque(1) }
}

#[post("/report")]
async fn create(r: Report) -> Report {
    r
}

fn main() {}
