//! Static files: the directory `static` (relative to the working directory) mounted at
//! `/static` and named `static`, as `app.mount("/static", StaticFiles(directory="static"),
//! name="static")`.
use brisk::StaticFiles;
use brisk::prelude::*;

pub fn app() -> App {
    crate::fastapi_app().mount_service_as("static", "/static", StaticFiles::new("static"))
}
