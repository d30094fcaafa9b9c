//! The tutorial's models: `Hero` is the table's row; `HeroCreate`, `HeroPublic` and
//! `HeroUpdate` are what goes over the wire (SQLModel's `HeroBase` family, fields spelled
//! out: a Rust struct has no base class).
//!
//! Their comments are plain `//` comments, not doc comments: a doc comment would become
//! the schema's `description` in the OpenAPI document, and FastAPI's models have none.

use brisk::prelude::*;

// ANCHOR: hero
// A row of the `hero` table, `secret_name` included: never sent as it is, only through
// [`HeroPublic`] (`response_model = HeroPublic`).
#[derive(Model, sqlx::FromRow)]
pub struct Hero {
    // The hero's name, unique.
    pub name: String,
    // The hero's age, if known.
    pub age: Option<i64>,
    // The key the database gave the row.
    pub id: i64,
    // Who the hero really is.
    pub secret_name: String,
}
// ANCHOR_END: hero

// ANCHOR: wire_models
// What a client sends to create a hero.
#[derive(Model)]
pub struct HeroCreate {
    // The hero's name, unique.
    pub name: String,
    // The hero's age, if known.
    pub age: Option<i64>,
    // Who the hero really is.
    pub secret_name: String,
}

// What a client gets back: a hero without its secret name.
#[derive(Model)]
pub struct HeroPublic {
    // The hero's name.
    pub name: String,
    // The hero's age, if known.
    pub age: Option<i64>,
    // The hero's key.
    pub id: i64,
}

// A partial update: every field optional; read as `Partial<HeroUpdate>` so only the
// fields the client sent are written (`model_dump(exclude_unset=True)`).
#[derive(Model)]
pub struct HeroUpdate {
    // A new name.
    pub name: Option<String>,
    // A new age (`null` clears it).
    pub age: Option<i64>,
    // A new secret name.
    pub secret_name: Option<String>,
}
// ANCHOR_END: wire_models
