//! The macros' compile errors: each case must fail to compile, with a message that
//! points at the mistake and says how to fix it (the `.stderr` files next to them).

#[test]
fn macro_misuse_is_a_compile_error() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/compile_fail/*.rs");
}
