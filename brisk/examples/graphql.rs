//! FastAPI's GraphQL recipe in brisk: an async-graphql schema mounted as a service
//! (`App::mount_service`), beside ordinary path operations. `GET /graphql/` serves the
//! GraphQL Playground page; `POST /graphql/` runs a query.
//!
//! Run it with `cargo run -p brisk --example graphql`, then open
//! http://127.0.0.1:8000/graphql/.

use std::convert::Infallible;

use async_graphql::{EmptyMutation, EmptySubscription, Object, Schema, SimpleObject};
use brisk::Body;
use brisk::prelude::*;
use http_body_util::BodyExt;

/// A user (strawberry's `User` type in FastAPI's recipe).
#[derive(SimpleObject)]
struct User {
    name: String,
    age: i32,
}

/// The root query.
struct Query;

#[Object]
impl Query {
    /// The one user there is.
    async fn user(&self) -> User {
        User { name: "Patrick".into(), age: 100 }
    }
}

type AppSchema = Schema<Query, EmptyMutation, EmptySubscription>;

/// The GraphQL endpoint: a plain tower service over the schema.
async fn graphql(schema: AppSchema, req: http::Request<Body>) -> Result<http::Response<Body>, Infallible> {
    let html = |page: String| {
        let mut res = http::Response::new(Body::from(page));
        res.headers_mut().insert("content-type", http::HeaderValue::from_static("text/html; charset=utf-8"));
        res
    };
    let json = |status: u16, body: Vec<u8>| {
        let mut res = http::Response::new(Body::from(body));
        *res.status_mut() = http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::BAD_REQUEST);
        res.headers_mut().insert("content-type", http::HeaderValue::from_static("application/json"));
        res
    };
    if req.method() == http::Method::GET {
        let config = async_graphql::http::GraphQLPlaygroundConfig::new("/graphql/");
        return Ok(html(async_graphql::http::playground_source(config)));
    }
    // Bounded, as every body brisk reads.
    let bytes = match http_body_util::Limited::new(req.into_body(), 1024 * 1024).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => return Ok(json(413, br#"{"detail":"Request body too large"}"#.to_vec())),
    };
    let request: async_graphql::Request = match serde_json::from_slice(&bytes) {
        Ok(r) => r,
        Err(e) => {
            return Ok(json(
                400,
                serde_json::to_vec(&serde_json::json!({"detail": e.to_string()})).unwrap_or_default(),
            ));
        }
    };
    let response = schema.execute(request).await;
    Ok(json(200, serde_json::to_vec(&response).unwrap_or_default()))
}

#[get("/")]
async fn root() -> serde_json::Value {
    serde_json::json!({"message": "GraphQL at /graphql"})
}

fn app() -> App {
    let schema = Schema::new(Query, EmptyMutation, EmptySubscription);
    let service = tower::service_fn(move |req| graphql(schema.clone(), req));
    App::new().routes(routes![root]).mount_service("/graphql", service)
}

#[tokio::main]
async fn main() {
    if let Err(e) = brisk::serve(app()).await {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_schema_answers_under_its_mount() {
        let client = TestClient::new(app());
        let res = client.post("/graphql/").json(&serde_json::json!({"query": "{ user { name age } }"})).send().await;
        assert_eq!(res.status(), 200);
        assert_eq!(
            res.json::<serde_json::Value>(),
            serde_json::json!({"data": {"user": {"name": "Patrick", "age": 100}}})
        );
        let res = client.get("/graphql/").send().await;
        assert!(res.text().contains("GraphQL Playground"), "{}", res.text());
        let res = client.post("/graphql/").body("not json").send().await;
        assert_eq!(res.status(), 400);
        // The app's own routes are beside it.
        assert_eq!(client.get("/").send().await.status(), 200);
    }
}
