//! The registry of ported tutorial apps.

macro_rules! cases {
    ($($name:ident),* $(,)?) => {
        $(#[allow(non_snake_case)] pub mod $name;)*

        /// Every ported case, by name.
        pub const NAMES: &[&str] = &[$(stringify!($name)),*];

        /// The app of a case.
        pub fn app(name: &str) -> Option<brisk::App> {
            match name {
                $(stringify!($name) => Some($name::app()),)*
                _ => None,
            }
        }
    };
}

cases!(
    first_steps_tutorial001,
    path_params_tutorial003,
    path_params_tutorial004,
    path_params_tutorial005,
    query_params_tutorial003,
    query_params_tutorial006,
    body_tutorial001,
    response_directly_tutorial001,
    response_directly_tutorial002,
    encoder_tutorial001,
    extra_data_types_tutorial001,
    custom_response_tutorial002,
    custom_response_tutorial005,
    custom_response_tutorial006,
    custom_response_tutorial010,
    handling_errors_tutorial002,
    response_status_code_tutorial001,
    path_params_numeric_validations_tutorial006,
    query_params_str_validations_tutorial004,
    header_params_tutorial001,
    header_params_tutorial003,
    query_params_str_validations_tutorial010,
    query_params_str_validations_tutorial011,
    body_multiple_params_tutorial004,
    body_multiple_params_tutorial005,
    body_fields_tutorial001,
    dependencies_tutorial001,
    dependencies_tutorial005,
    response_model_tutorial001,
    response_model_tutorial003_02,
    response_model_tutorial004,
    response_model_tutorial005,
    response_cookies_tutorial001,
    response_cookies_tutorial002,
    response_headers_tutorial001,
    response_headers_tutorial002,
    response_change_status_code_tutorial001,
    handling_errors_tutorial003,
    handling_errors_tutorial004,
    handling_errors_tutorial005,
    additional_status_codes_tutorial001,
    metadata_tutorial001,
    metadata_tutorial002,
    metadata_tutorial004,
    extending_openapi_tutorial001,
    conditional_openapi_tutorial001,
    conditional_openapi_tutorial001_disabled,
    configure_swagger_ui_tutorial001,
    path_operation_advanced_configuration_tutorial001,
    path_operation_advanced_configuration_tutorial003,
    path_operation_configuration_tutorial005,
    path_operation_configuration_tutorial006,
    additional_responses_tutorial001,
    additional_responses_tutorial002,
    additional_responses_tutorial003,
    custom_response_tutorial007,
    custom_response_tutorial009,
    body_updates_tutorial002,
    separate_openapi_schemas_tutorial001,
    openapi_callbacks_tutorial001,
    openapi_webhooks_tutorial001,
    custom_response_tutorial009c,
    extra_models_tutorial003,
    separate_openapi_schemas_tutorial002,
    dependencies_tutorial006,
    dependencies_tutorial012,
    security_tutorial001,
    security_tutorial002,
    security_tutorial006,
    security_tutorial007,
    dependencies_tutorial008b,
    dependencies_tutorial008c,
    dependencies_tutorial008d,
    dependencies_tutorial008e,
    body_nested_models_tutorial005,
    body_nested_models_tutorial007,
    body_nested_models_tutorial009,
    dataclasses__tutorial001,
    dataclasses__tutorial003,
    using_request_directly_tutorial001,
    query_param_models_tutorial002,
    header_param_models_tutorial002,
    cookie_param_models_tutorial002,
);
