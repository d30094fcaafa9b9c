//! Routing and answers through `TestClient`: 404, 405 with `Allow`, trailing-slash
//! redirects, `HttpException`, responses returned directly (sent untouched), status codes
//! and response classes, a panicking handler, the body size limit.

use brisk::prelude::*;
use serde_json::{Value, json};

#[get("/items/")]
async fn list_items(q: Option<String>) -> Value {
    json!({"q": q})
}

#[get("/users/me")]
async fn me() -> Value {
    json!({"user_id": "the current user"})
}

#[get("/users/{user_id}")]
async fn user(user_id: String) -> Value {
    json!({"user_id": user_id})
}

#[put("/users/{user_id}")]
async fn put_user(user_id: String) -> Value {
    json!({"updated": user_id})
}

#[get("/items-header/{item_id}")]
async fn item_header(item_id: String) -> Result<Value, HttpException> {
    if item_id != "foo" {
        return Err(HttpException::new(404, "Item not found").header("X-Error", "There goes my error"));
    }
    Ok(json!({"item": "The Foo Wrestlers"}))
}

#[get("/teapot")]
async fn teapot() -> Result<Value, HttpException> {
    Err(HttpException::new(418, json!({"reason": "short", "spout": true})))
}

#[get("/forbidden")]
async fn forbidden() -> Result<Value, HttpException> {
    Err(HttpException::from_status(403))
}

/// `status_code` does not apply to a response returned directly.
#[get("/legacy", status_code = 201)]
async fn legacy() -> Response {
    Response::new("<shampoo><Header>Apply shampoo here.</Header></shampoo>")
        .media_type("application/xml")
        .status(203)
        .header("x-custom", "1")
        .header("x-custom", "2")
}

#[get("/json-direct")]
async fn json_direct() -> JsonResponse {
    JsonResponse::new(json!({"message": "accepted"})).status(202).header("x-direct", "yes")
}

#[get("/html")]
async fn html() -> HtmlResponse {
    HtmlResponse::new("<h1>Hello</h1>").header("x-kind", "page")
}

#[get("/text")]
async fn text() -> PlainTextResponse {
    PlainTextResponse::new("Hello World").status(418)
}

#[get("/typer")]
async fn typer() -> RedirectResponse {
    RedirectResponse::new("https://typer.tiangolo.com")
}

#[get("/moved")]
async fn moved() -> RedirectResponse {
    RedirectResponse::new("/items/").status(301)
}

#[post("/created", status_code = 201)]
async fn created() -> Value {
    json!({"created": true})
}

#[get("/page", response_class = Html)]
async fn page() -> &'static str {
    "<html><body><h1>Look ma! HTML!</h1></body></html>"
}

#[get("/plain", response_class = PlainText)]
async fn plain() -> String {
    "just text".to_owned()
}

#[get("/string")]
async fn string() -> &'static str {
    "quoted"
}

#[get("/panic")]
async fn panics() -> Value {
    let items: Vec<i64> = Vec::new();
    json!(items[3])
}

#[post("/echo")]
async fn echo(body: Value) -> Value {
    body
}

#[delete("/items/{item_id}", status_code = 204)]
async fn delete_item(item_id: i64) {
    let _ = item_id;
}

#[get("/accepted")]
async fn no_content_by_hand(response: &mut Response) -> Value {
    response.set_status(204);
    json!({"ignored": true})
}

fn client() -> TestClient {
    TestClient::new(App::new().body_limit(64).routes(routes![
        list_items,
        me,
        user,
        put_user,
        item_header,
        teapot,
        forbidden,
        legacy,
        json_direct,
        html,
        text,
        typer,
        moved,
        created,
        page,
        plain,
        string,
        panics,
        echo,
        delete_item,
        no_content_by_hand
    ]))
}

#[tokio::test]
async fn unknown_paths_are_404() {
    let res = client().get("/nowhere").send().await;
    assert_eq!(res.status(), 404);
    assert_eq!(res.header("content-type"), Some("application/json"));
    assert_eq!(res.text(), r#"{"detail":"Not Found"}"#);
}

#[tokio::test]
async fn a_wrong_method_is_405_with_allow() {
    let c = client();
    let res = c.post("/users/me").send().await;
    assert_eq!(res.status(), 405);
    assert_eq!(res.header("allow"), Some("GET"));
    assert_eq!(res.json::<Value>(), json!({"detail": "Method Not Allowed"}));
    // A path served by two operations lists both methods.
    let res = c.delete("/users/42").send().await;
    assert_eq!(res.status(), 405);
    let allow: Vec<&str> = res.header("allow").unwrap().split(", ").collect();
    assert!(allow.contains(&"GET") && allow.contains(&"PUT"), "allow: {allow:?}");
}

#[tokio::test]
async fn static_segments_win_over_parameters() {
    let c = client();
    assert_eq!(c.get("/users/me").send().await.json::<Value>(), json!({"user_id": "the current user"}));
    assert_eq!(c.get("/users/bob").send().await.json::<Value>(), json!({"user_id": "bob"}));
    assert_eq!(c.put("/users/bob").send().await.json::<Value>(), json!({"updated": "bob"}));
}

#[tokio::test]
async fn a_missing_or_extra_trailing_slash_redirects() {
    let c = client();
    let res = c.get("/items?q=a%20b").send().await;
    assert_eq!(res.status(), 307);
    assert_eq!(res.header("location"), Some("http://testserver/items/?q=a%20b"));
    assert!(res.bytes().is_empty());
    let res = c.get("/users/me/").send().await;
    assert_eq!((res.status(), res.header("location")), (307, Some("http://testserver/users/me")));
    // The redirect uses the request's host.
    let res = c.get("/items").header("host", "example.com:8080").send().await;
    assert_eq!(res.header("location"), Some("http://example.com:8080/items/"));
    // No route either way: 404, not a redirect.
    assert_eq!(c.get("/nothing/").send().await.status(), 404);
}

#[tokio::test]
async fn http_exceptions_carry_detail_and_headers() {
    let c = client();
    let res = c.get("/items-header/bar").send().await;
    assert_eq!(res.status(), 404);
    assert_eq!(res.header("x-error"), Some("There goes my error"));
    assert_eq!(res.header("content-type"), Some("application/json"));
    assert_eq!(res.json::<Value>(), json!({"detail": "Item not found"}));
    assert_eq!(c.get("/items-header/foo").send().await.json::<Value>(), json!({"item": "The Foo Wrestlers"}));
    let res = c.get("/teapot").send().await;
    assert_eq!((res.status(), res.json::<Value>()), (418, json!({"detail": {"reason": "short", "spout": true}})));
    // Without a detail, the status's reason phrase.
    let res = c.get("/forbidden").send().await;
    assert_eq!((res.status(), res.json::<Value>()), (403, json!({"detail": "Forbidden"})));
}

#[tokio::test]
async fn a_returned_response_is_sent_untouched() {
    let c = client();
    let res = c.get("/legacy").send().await;
    assert_eq!(res.status(), 203);
    assert_eq!(res.header("content-type"), Some("application/xml"));
    let custom: Vec<&str> = res.headers().get_all("x-custom").iter().map(|v| v.to_str().unwrap()).collect();
    assert_eq!(custom, ["1", "2"]);
    assert_eq!(res.text(), "<shampoo><Header>Apply shampoo here.</Header></shampoo>");

    let res = c.get("/json-direct").send().await;
    assert_eq!((res.status(), res.header("x-direct")), (202, Some("yes")));
    assert_eq!(res.header("content-type"), Some("application/json"));
    assert_eq!(res.text(), r#"{"message":"accepted"}"#);

    let res = c.get("/html").send().await;
    assert_eq!(res.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!((res.status(), res.text(), res.header("x-kind")), (200, "<h1>Hello</h1>".to_owned(), Some("page")));

    let res = c.get("/text").send().await;
    assert_eq!(res.header("content-type"), Some("text/plain; charset=utf-8"));
    assert_eq!((res.status(), res.text()), (418, "Hello World".to_owned()));
}

#[tokio::test]
async fn redirect_responses() {
    let c = client();
    let res = c.get("/typer").send().await;
    assert_eq!((res.status(), res.header("location")), (307, Some("https://typer.tiangolo.com")));
    assert!(res.bytes().is_empty());
    let res = c.get("/moved").send().await;
    assert_eq!((res.status(), res.header("location")), (301, Some("/items/")));
}

#[tokio::test]
async fn status_code_and_response_class_shape_data_responses() {
    let c = client();
    let res = c.post("/created").send().await;
    assert_eq!((res.status(), res.json::<Value>()), (201, json!({"created": true})));
    let res = c.get("/page").send().await;
    assert_eq!(res.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(res.text(), "<html><body><h1>Look ma! HTML!</h1></body></html>");
    let res = c.get("/plain").send().await;
    assert_eq!((res.header("content-type"), res.text()), (Some("text/plain; charset=utf-8"), "just text".to_owned()));
    // Without a class, a string is JSON.
    let res = c.get("/string").send().await;
    assert_eq!((res.header("content-type"), res.text()), (Some("application/json"), "\"quoted\"".to_owned()));
}

#[tokio::test]
async fn a_panicking_handler_is_a_500_and_the_app_goes_on() {
    let c = client();
    let res = c.get("/panic").send().await;
    assert_eq!(res.status(), 500);
    assert_eq!(res.text(), "Internal Server Error");
    assert_eq!(res.header("content-type"), Some("text/plain; charset=utf-8"));
    let res = c.get("/users/me").send().await;
    assert_eq!(res.status(), 200);
    assert_eq!(c.get("/panic").send().await.status(), 500);
}

#[tokio::test]
async fn a_body_over_the_limit_is_413() {
    let c = client();
    let small = json!({"a": "b"});
    assert_eq!(c.post("/echo").json(&small).send().await.json::<Value>(), small);
    let big = json!({"a": "x".repeat(100)});
    let res = c.post("/echo").json(&big).send().await;
    assert_eq!(res.status(), 413);
    // Exactly at the limit is accepted.
    let exact = format!("\"{}\"", "y".repeat(62));
    assert_eq!(exact.len(), 64);
    let res = c.post("/echo").header("content-type", "application/json").body(exact.clone()).send().await;
    assert_eq!((res.status(), res.text()), (200, exact));
}

#[tokio::test]
async fn a_no_content_status_sends_no_body() {
    let c = client();
    let res = c.delete("/items/3").send().await;
    assert_eq!(res.status(), 204);
    assert_eq!(res.text(), "");
    // FastAPI empties the body but keeps the response class's media type.
    assert_eq!(res.header("content-type"), Some("application/json"));
    assert_eq!(res.header("content-length"), None);
    let res = c.get("/accepted").send().await;
    assert_eq!((res.status(), res.text()), (204, String::new()));
}

#[get("/accounts/{account_id}")]
async fn get_account(account_id: String) -> Value {
    json!({"get": account_id})
}

#[put("/accounts/{id}")]
async fn put_account(id: String) -> Value {
    json!({"put": id})
}

#[get("/accounts/{id}/orders")]
async fn account_orders(id: String) -> Value {
    json!({"orders": id})
}

#[get("/dup")]
async fn first_dup() -> Value {
    json!("first")
}

#[get("/dup")]
async fn second_dup() -> Value {
    json!("second")
}

#[tokio::test]
async fn nested_templates_may_name_parameters_differently() {
    let c = TestClient::new(App::new().routes(routes![get_account, account_orders]));
    assert_eq!(c.get("/accounts/a").send().await.json::<Value>(), json!({"get": "a"}));
    assert_eq!(c.get("/accounts/a/orders").send().await.json::<Value>(), json!({"orders": "a"}));
}

#[tokio::test]
#[ignore = "bug: GET /accounts/{account_id} + PUT /accounts/{id} fail to build (matchit insertion conflict); FastAPI serves both"]
async fn two_methods_may_name_the_same_parameter_differently() {
    let app = App::new().routes(routes![get_account, put_account]);
    let c = TestClient::try_new(app).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(c.get("/accounts/a").send().await.json::<Value>(), json!({"get": "a"}));
    assert_eq!(c.put("/accounts/a").send().await.json::<Value>(), json!({"put": "a"}));
}

#[tokio::test]
async fn the_first_of_two_identical_routes_wins() {
    let c = TestClient::new(App::new().routes(routes![first_dup, second_dup]));
    assert_eq!(c.get("/dup").send().await.json::<Value>(), json!("first"));
}

#[get("/cached", status_code = 304)]
async fn not_modified() {}

#[get("/early")]
async fn early_hints(response: &mut Response) -> Value {
    response.set_status(205);
    json!({"dropped": true})
}

#[tokio::test]
async fn not_modified_and_reset_content_send_no_body() {
    let c = TestClient::new(App::new().routes(routes![not_modified, early_hints]));
    let res = c.get("/cached").send().await;
    assert_eq!((res.status(), res.text()), (304, String::new()));
    let res = c.get("/early").send().await;
    assert_eq!((res.status(), res.text()), (205, String::new()));
}
