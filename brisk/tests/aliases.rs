//! What a return or parameter type does follows from its trait impls, not its name: a
//! `Result` alias, `std::io::Result`, a renamed import and a re-export behave exactly like
//! the types they name.

use brisk::depends::{Exit, Yield};
use brisk::prelude::*;
use serde_json::{Value, json};

/// An error type of the app's, answered by its own handler.
#[derive(Debug)]
pub struct ApiError(String);

impl IntoResponse for ApiError {
    fn into_response(self) -> brisk::response::HttpResponse {
        brisk::raise(self)
    }
}

type ApiResult<T> = Result<T, ApiError>;

use brisk::HttpException as Problem;
use std::result::Result as Outcome;

/// A dependency returning an alias: its `Err` stops the request.
#[dependency]
async fn current_user(#[header] x_user: Option<String>) -> ApiResult<String> {
    x_user.ok_or_else(|| ApiError("no user".into()))
}

/// A renamed `Result` with a renamed `HttpException`.
#[dependency]
fn admin(#[depends(current_user)] user: String) -> Outcome<String, Problem> {
    if user == "root" { Ok(user) } else { Err(Problem::new(403, "admins only")) }
}

/// A `Result` whose error is not a response: the whole `Result` is the value.
#[dependency]
fn disk() -> Result<u64, std::num::ParseIntError> {
    "disk gone".parse::<u64>()
}

/// An alias of `Result` around a `Yield`.
#[dependency]
fn session() -> ApiResult<Yield<u32>> {
    Ok(Yield::new(7).on_exit(|exit: Exit| async move { exit }))
}

#[get("/me")]
async fn me(#[depends(current_user)] user: String, #[depends(session)] s: u32) -> ApiResult<Value> {
    if user == "nobody" {
        return Err(ApiError("nobody is nobody".into()));
    }
    Ok(json!({"user": user, "session": s}))
}

#[get("/admin")]
async fn admin_page(#[depends(admin)] user: String) -> Outcome<Json<String>, Problem> {
    Ok(Json(user))
}

#[get("/disk")]
async fn disk_page(#[depends(disk)] disk: Result<u64, std::num::ParseIntError>) -> Json<String> {
    Json(match disk {
        Ok(n) => n.to_string(),
        Err(e) => e.to_string(),
    })
}

fn app() -> App {
    App::new()
        .exception_handler(|_req: &Request, e: ApiError| {
            JsonResponse::new(json!({"error": e.0})).status(401).into_response()
        })
        .routes(routes![me, admin_page, disk_page])
}

#[tokio::test]
async fn a_result_alias_from_a_dependency_stops_the_request() {
    let client = TestClient::new(app());
    let res = client.get("/me").send().await;
    assert_eq!(res.status(), 401);
    assert_eq!(res.json::<Value>(), json!({"error": "no user"}));
    let res = client.get("/me").header("x-user", "ann").send().await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>(), json!({"user": "ann", "session": 7}));
}

#[tokio::test]
async fn a_result_alias_from_a_handler_answers_its_error() {
    let client = TestClient::new(app());
    let res = client.get("/me").header("x-user", "nobody").send().await;
    assert_eq!(res.status(), 401);
    assert_eq!(res.json::<Value>(), json!({"error": "nobody is nobody"}));
}

#[tokio::test]
async fn renamed_imports_behave_as_what_they_name() {
    let client = TestClient::new(app());
    let res = client.get("/admin").header("x-user", "ann").send().await;
    assert_eq!(res.status(), 403);
    assert_eq!(res.json::<Value>(), json!({"detail": "admins only"}));
    let res = client.get("/admin").header("x-user", "root").send().await;
    assert_eq!((res.status(), res.json::<Value>()), (200, json!("root")));
}

#[tokio::test]
async fn a_result_whose_error_is_not_a_response_is_a_value() {
    let client = TestClient::new(app());
    let res = client.get("/disk").send().await;
    assert_eq!((res.status(), res.json::<Value>()), (200, json!("invalid digit found in string")));
}

#[tokio::test]
async fn app_dependencies_returning_an_alias_stop_the_request_too() {
    let client = TestClient::new(App::new().dependency::<current_user>().routes(routes![disk_page]));
    let res = client.get("/disk").send().await;
    assert_eq!(res.status(), 500, "ApiError has no handler in this app: a 500, as an unhandled exception");
    let res = client.get("/disk").header("x-user", "ann").send().await;
    assert_eq!(res.status(), 200);
}
