//! An optional tagged union read from a form: `kind` picks the model, `null` when none
//! of the union's fields is sent.
use brisk::prelude::*;

#[derive(Model, Clone, Copy)]
#[model(literal)]
pub enum PersonKind {
    #[value("person")]
    Person,
}

#[derive(Model, Clone, Copy)]
#[model(literal)]
pub enum CompanyKind {
    #[value("company")]
    Company,
}

#[derive(Model)]
pub struct Person {
    kind: PersonKind,
    name: String,
}

#[derive(Model)]
pub struct Company {
    kind: CompanyKind,
    company_name: String,
}

/// A person or a company, told apart by `kind`.
#[derive(Model)]
#[model(discriminator = "kind")]
pub enum Contact {
    #[value("person")]
    Person(Person),
    #[value("company")]
    Company(Company),
}

#[post("/contacts/")]
async fn create_contact(#[form] contact: Option<Contact>) -> Json<Option<Contact>> {
    Json(contact)
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![create_contact])
}
