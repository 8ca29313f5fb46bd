//! placeholder
#[test]
fn placeholder() {
    println!("{}", env!("CARGO_BIN_EXE_levensregister"));
}
