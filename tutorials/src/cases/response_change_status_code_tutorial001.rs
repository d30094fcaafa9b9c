//! Changing the status code through the injected response.
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use brisk::prelude::*;

static TASKS: LazyLock<Mutex<HashMap<String, String>>> =
    LazyLock::new(|| Mutex::new(HashMap::from([("foo".to_owned(), "Listen to the Bar Fighters".to_owned())])));

#[put("/get-or-create-task/{task_id}", status_code = 200)]
async fn get_or_create_task(task_id: String, response: &mut Response) -> Json<String> {
    let mut tasks = TASKS.lock().unwrap_or_else(|e| e.into_inner());
    if !tasks.contains_key(&task_id) {
        tasks.insert(task_id.clone(), "This didn't exist before".to_owned());
        response.set_status(201);
    }
    Json(tasks[&task_id].clone())
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![get_or_create_task])
}
