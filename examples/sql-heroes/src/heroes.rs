//! The path operations of FastAPI's tutorial002: create, list (paginated), read, update
//! and delete heroes. Database errors go up with `?` to the app's handler
//! ([`crate::errors::database_error`]).

use brisk::model::Partial;
use brisk::prelude::*;
use serde_json::{Value, json};

use crate::database::{Session, get_session};
use crate::models::{Hero, HeroCreate, HeroPublic, HeroUpdate};

const COLUMNS: &str = "id, name, age, secret_name";

fn not_found() -> brisk::Error {
    HttpException::new(404, "Hero not found").into()
}

// ANCHOR: create
#[post("/heroes/", response_model = HeroPublic)]
async fn create_hero(hero: HeroCreate, #[depends(get_session)] session: Session) -> brisk::Result<Hero> {
    let sql = format!("INSERT INTO hero (name, age, secret_name) VALUES ($1, $2, $3) RETURNING {COLUMNS}");
    let db_hero: Hero = sqlx::query_as(&sql)
        .bind(hero.name)
        .bind(hero.age)
        .bind(hero.secret_name)
        .fetch_one(&mut *session.conn().await?)
        .await?; // a name already taken: the handler answers 409
    session.commit().await?;
    Ok(db_hero)
}
// ANCHOR_END: create

// ANCHOR: read_heroes
#[get("/heroes/", response_model = Vec<HeroPublic>)]
async fn read_heroes(
    #[depends(get_session)] session: Session,
    #[query(default = 0, ge = 0)] offset: i64,
    #[query(default = 100, ge = 0, le = 100)] limit: i64,
) -> brisk::Result<Vec<Hero>> {
    let sql = format!("SELECT {COLUMNS} FROM hero ORDER BY id LIMIT $1 OFFSET $2");
    let heroes = sqlx::query_as(&sql).bind(limit).bind(offset).fetch_all(&mut *session.conn().await?).await?;
    Ok(heroes)
}
// ANCHOR_END: read_heroes

/// The hero with key `id`, if there is one.
async fn get_hero(session: &Session, id: i64) -> brisk::Result<Option<Hero>> {
    let sql = format!("SELECT {COLUMNS} FROM hero WHERE id = $1");
    Ok(sqlx::query_as(&sql).bind(id).fetch_optional(&mut *session.conn().await?).await?)
}

// ANCHOR: read_hero
#[get("/heroes/{hero_id}", response_model = HeroPublic)]
async fn read_hero(hero_id: i64, #[depends(get_session)] session: Session) -> brisk::Result<Hero> {
    get_hero(&session, hero_id).await?.ok_or_else(not_found)
}
// ANCHOR_END: read_hero

// ANCHOR: update
#[patch("/heroes/{hero_id}", response_model = HeroPublic)]
async fn update_hero(
    hero_id: i64,
    hero: Partial<HeroUpdate>,
    #[depends(get_session)] session: Session,
) -> brisk::Result<Hero> {
    let hero_db = get_hero(&session, hero_id).await?.ok_or_else(not_found)?;
    // Only the fields the client sent replace the stored ones (`exclude_unset=True`).
    let sent = |field: &str| hero.fields_set().iter().any(|f| f == field);
    let update = hero.value();
    let name = if sent("name") { update.name.clone() } else { Some(hero_db.name) };
    let age = if sent("age") { update.age } else { hero_db.age };
    let secret_name = if sent("secret_name") { update.secret_name.clone() } else { Some(hero_db.secret_name) };
    let sql = format!("UPDATE hero SET name = $1, age = $2, secret_name = $3 WHERE id = $4 RETURNING {COLUMNS}");
    let hero_db: Hero = sqlx::query_as(&sql)
        .bind(name)
        .bind(age)
        .bind(secret_name)
        .bind(hero_id)
        .fetch_one(&mut *session.conn().await?)
        .await?;
    session.commit().await?;
    Ok(hero_db)
}
// ANCHOR_END: update

// ANCHOR: delete
#[delete("/heroes/{hero_id}")]
async fn delete_hero(hero_id: i64, #[depends(get_session)] session: Session) -> brisk::Result<Value> {
    let deleted =
        sqlx::query("DELETE FROM hero WHERE id = $1").bind(hero_id).execute(&mut *session.conn().await?).await?;
    if deleted.rows_affected() == 0 {
        return Err(not_found());
    }
    session.commit().await?;
    Ok(json!({"ok": true}))
}
// ANCHOR_END: delete

/// The tutorial's routes.
pub fn routes() -> Vec<brisk::Route> {
    routes![create_hero, read_heroes, read_hero, update_hero, delete_hero]
}
