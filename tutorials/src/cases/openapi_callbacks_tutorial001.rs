//! An OpenAPI callback: the request the API will send back to the API user.
use brisk::prelude::*;
use brisk::types::HttpUrl;
use serde_json::{Value, json};

#[derive(Model)]
pub struct Invoice {
    id: String,
    title: Option<String>,
    customer: String,
    total: f64,
}

#[derive(Model)]
pub struct InvoiceEvent {
    description: String,
    paid: bool,
}

#[derive(Model)]
pub struct InvoiceEventReceived {
    ok: bool,
}

#[post("{$callback_url}/invoices/{$request.body.id}", callback, response_model = InvoiceEventReceived)]
async fn invoice_notification(body: InvoiceEvent) -> Json<Value> {
    let _ = body;
    Json(json!({"ok": true}))
}

/// Create an invoice.
///
/// This will (let's imagine) let the API user (some external developer) create an
/// invoice.
///
/// And this path operation will:
///
/// * Send the invoice to the client.
/// * Collect the money from the client.
/// * Send a notification back to the API user (the external developer), as a callback.
///     * At this point is that the API will somehow send a POST request to the
///         external API with the notification of the invoice event
///         (e.g. "payment successful").
#[post("/invoices/", callbacks = [invoice_notification])]
async fn create_invoice(invoice: Invoice, callback_url: Option<HttpUrl>) -> Value {
    // Send the invoice, collect the money, send the notification (the callback).
    let _ = (invoice, callback_url);
    json!({"msg": "Invoice received"})
}

pub fn app() -> App {
    crate::fastapi_app().routes(routes![create_invoice])
}
