//! A configured instance as a dependency (FastAPI's callable instances).
use brisk::prelude::*;
use serde_json::{Value, json};

pub struct FixedContentQueryChecker {
    fixed_content: &'static str,
}

#[dependency]
impl FixedContentQueryChecker {
    async fn call(&self, #[query(default = "")] q: String) -> bool {
        !q.is_empty() && q.contains(self.fixed_content)
    }
}

static CHECKER: FixedContentQueryChecker = FixedContentQueryChecker { fixed_content: "bar" };

#[get("/query-checker/")]
async fn read_query_check(#[depends(instance = CHECKER)] fixed_content_included: bool) -> Value {
    json!({"fixed_content_in_query": fixed_content_included})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![read_query_check])
}
