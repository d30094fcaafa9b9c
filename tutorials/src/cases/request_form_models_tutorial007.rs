//! Two tagged unions and a plain field from one form: a required contact, an optional
//! notification (`null` when none of its fields is sent).
use brisk::prelude::*;
use serde_json::{Value, json};

macro_rules! tag {
    ($name:ident, $value:literal) => {
        #[derive(Model, Clone, Copy)]
        #[model(literal)]
        pub enum $name {
            #[value($value)]
            Only,
        }
    };
}

tag!(PersonTag, "person");
tag!(CompanyTag, "company");
tag!(EmailTag, "email");
tag!(SmsTag, "sms");

#[derive(Model)]
pub struct Person {
    contact_type: PersonTag,
    name: String,
}

#[derive(Model)]
pub struct Company {
    contact_type: CompanyTag,
    company_name: String,
}

#[derive(Model)]
#[model(discriminator = "contact_type")]
pub enum Contact {
    #[value("person")]
    Person(Person),
    #[value("company")]
    Company(Company),
}

#[derive(Model)]
pub struct Email {
    notification_type: EmailTag,
    email: String,
}

#[derive(Model)]
#[model(name = "SMS")]
pub struct Sms {
    notification_type: SmsTag,
    phone: String,
}

#[derive(Model)]
#[model(discriminator = "notification_type")]
pub enum Notification {
    #[value("email")]
    Email(Email),
    #[value("sms")]
    Sms(Sms),
}

#[post("/contacts/")]
async fn create_contact(
    #[form] contact: Contact,
    #[form] token: String,
    #[form] notification: Option<Notification>,
) -> Value {
    json!({"contact": contact, "notification": notification, "token": token})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![create_contact])
}
