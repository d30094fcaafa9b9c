//! The user guide's code samples live in `tests/`, one file per page that needs code of
//! its own; each is included into the book with mdBook's `{{#include}}` and runs as a test.
