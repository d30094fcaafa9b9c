//! FastAPI's "Bigger Applications": an app split into modules — shared dependencies, a
//! users router, an items router with its own prefix, tag, dependency and responses, and
//! an admin router given those options when it is included.
use brisk::prelude::*;

/// `app/dependencies.py`.
mod dependencies {
    use brisk::prelude::*;

    #[dependency]
    pub async fn get_token_header(#[header] x_token: String) -> Result<(), HttpException> {
        if x_token != "fake-super-secret-token" {
            return Err(HttpException::new(400, "X-Token header invalid"));
        }
        Ok(())
    }

    #[dependency]
    pub async fn get_query_token(token: String) -> Result<(), HttpException> {
        if token != "jessica" {
            return Err(HttpException::new(400, "No Jessica token provided"));
        }
        Ok(())
    }
}

/// `app/routers/users.py`.
mod users {
    use brisk::prelude::*;
    use serde_json::{Value, json};

    #[get("/users/", tags = ["users"])]
    async fn read_users() -> Value {
        json!([{"username": "Rick"}, {"username": "Morty"}])
    }

    #[get("/users/me", tags = ["users"])]
    async fn read_user_me() -> Value {
        json!({"username": "fakecurrentuser"})
    }

    #[get("/users/{username}", tags = ["users"])]
    async fn read_user(username: String) -> Value {
        json!({"username": username})
    }

    pub fn router() -> ApiRouter {
        ApiRouter::new().routes(routes![read_users, read_user_me, read_user])
    }
}

/// `app/routers/items.py`.
mod items {
    use brisk::prelude::*;
    use serde_json::{Value, json};

    fn fake_items_db() -> Value {
        json!({"plumbus": {"name": "Plumbus"}, "gun": {"name": "Portal Gun"}})
    }

    #[get("/")]
    async fn read_items() -> Value {
        fake_items_db()
    }

    #[get("/{item_id}")]
    async fn read_item(item_id: String) -> Result<Value, HttpException> {
        let db = fake_items_db();
        let Some(item) = db.get(&item_id) else {
            return Err(HttpException::new(404, "Item not found"));
        };
        Ok(json!({"name": item["name"], "item_id": item_id}))
    }

    #[put("/{item_id}", tags = ["custom"], responses(403(description = "Operation forbidden")))]
    async fn update_item(item_id: String) -> Result<Value, HttpException> {
        if item_id != "plumbus" {
            return Err(HttpException::new(403, "You can only update the item: plumbus"));
        }
        Ok(json!({"item_id": item_id, "name": "The great Plumbus"}))
    }

    pub fn router() -> ApiRouter {
        ApiRouter::new()
            .prefix("/items")
            .tag("items")
            .dependency::<super::dependencies::get_token_header>()
            .response(404, "Not found")
            .routes(routes![read_items, read_item, update_item])
    }
}

/// `app/internal/admin.py`: a router shared with other projects, so its options are
/// given where it is included.
mod admin {
    use brisk::prelude::*;
    use serde_json::{Value, json};

    #[post("/")]
    async fn update_admin() -> Value {
        json!({"message": "Admin getting schwifty"})
    }

    pub fn router() -> ApiRouter {
        ApiRouter::new().routes(routes![update_admin])
    }
}

#[get("/")]
async fn root() -> serde_json::Value {
    serde_json::json!({"message": "Hello Bigger Applications!"})
}

pub fn app() -> App {
    crate::fastapi_app()
        .dependency::<dependencies::get_query_token>()
        .include_router(users::router())
        .include_router(items::router())
        .include_router(
            admin::router()
                .prefix("/admin")
                .tag("admin")
                .dependency::<dependencies::get_token_header>()
                .response(418, "I'm a teapot"),
        )
        .routes(routes![root])
}
