//! A machine that does not know the register's Secret Key (a copied folder, a new
//! computer): it is refused until the Secret Key from the Emergency Kit is given once,
//! and remembers it from then on.

use crate::support::{Register, secret_key};

#[test]
fn the_secret_key_is_needed_once_on_a_new_machine() {
    let (mut register, init) = Register::created();
    assert!(register.run(&["verify"]).ok().contains("ready"));
    let id = register.add(
        "digital",
        "note",
        &[("title", "Wachtwoordkluis bij notaris")],
    );
    let items = register.list_json();

    let key_files = register.key_files();
    assert_eq!(key_files.len(), 1);
    std::fs::remove_file(&key_files[0]).unwrap();
    register.run(&["list"]).refused(3, "Secret Key");

    let kit = register.root().join("emergency-kit.txt");
    // As a person might type it: lower case, spaces instead of dashes.
    let typed = secret_key(&init).to_lowercase().replace('-', " ");
    std::fs::write(&kit, format!("{typed}\n")).unwrap();
    let shown = register
        .run(&[
            "--secret-key-file",
            kit.to_str().unwrap(),
            "show",
            &id,
            "--json",
        ])
        .ok();
    assert!(shown.contains("Wachtwoordkluis"), "{shown}");

    assert_eq!(
        register.key_files().len(),
        1,
        "the Secret Key is remembered"
    );
    assert_eq!(register.list_json(), items, "and no longer needed");
}

#[test]
fn another_registers_secret_key_does_not_open() {
    let mut register = Register::enrolled();
    let (_other, other_init) = Register::created();
    std::fs::remove_file(&register.key_files()[0]).unwrap();
    let kit = register.root().join("wrong-kit.txt");
    std::fs::write(&kit, secret_key(&other_init)).unwrap();
    register
        .run(&["--secret-key-file", kit.to_str().unwrap(), "list"])
        .refused(3, "wrong password (or a wrong Secret Key)");
    assert!(
        register.key_files().is_empty(),
        "a wrong key is not remembered"
    );
}
