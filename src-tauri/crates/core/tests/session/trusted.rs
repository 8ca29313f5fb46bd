//! Trusted persons through core's use cases: the Emergency Kit, share sets, the export
//! opened with any k of n shares (and refused with fewer, or with a replaced set), and
//! "forgot password".

use levensregister_core::vault::{self, Keychain};
use levensregister_core::{
    Error, ReceivedRegister, Session, Visibility, VisibilityFilter, create_register,
    recover_register,
};

use super::{PASSWORD, cheap, item, password};

/// An enrolled, open register with one item of each visibility.
fn register(dir: &std::path::Path, keychain: &Keychain) -> (Session, vault::TotpSecret) {
    let (_, enrolment) =
        create_register(dir, "Oma Riet", &password(PASSWORD), cheap(), keychain).unwrap();
    let code = enrolment.totp.code_at(vault::unix_now()).unwrap();
    let (mut session, _) =
        Session::complete_enrolment(dir, &password(PASSWORD), &code, keychain, None).unwrap();
    for (name, visibility) in [
        ("Nu Zichtbaar", Visibility::Now),
        ("Bij Wilsonbekwaamheid", Visibility::Incapacity),
        ("Na Overlijden", Visibility::Death),
    ] {
        let mut new = item("trusted_persons", "person", &[("name", name)]);
        new.visibility = visibility;
        session.add_item(&new).unwrap();
    }
    (session, enrolment.totp)
}

fn names(received: &mut ReceivedRegister) -> Vec<String> {
    let mut names: Vec<String> = received
        .items(None)
        .unwrap()
        .into_iter()
        .map(|i| i.fields["name"].clone())
        .collect();
    names.sort();
    names
}

fn holders() -> Vec<String> {
    ["Jan", "Piet", "Els"].map(String::from).to_vec()
}

#[test]
fn any_two_of_three_shares_open_the_export_and_one_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let keychain = Keychain::in_memory().unwrap();
    let (mut session, _) = register(&dir.path().join("r"), &keychain);
    let set = session.create_share_set(&holders(), 2).unwrap();
    assert_eq!(set.shares.len(), 3);
    assert_eq!(set.shares[1].holder, "Piet");
    let file = dir.path().join("export.tar");
    let summary = session
        .export_for_trusted(VisibilityFilter::Incapacity, &file)
        .unwrap();
    assert_eq!((summary.items, summary.threshold, summary.count), (2, 2, 3));

    let words: Vec<String> = set.shares.iter().map(|s| s.words.to_string()).collect();
    for pair in [[0, 1], [0, 2], [1, 2]] {
        let given = [words[pair[0]].clone(), words[pair[1]].clone()];
        let mut received = ReceivedRegister::open(&file, &given).unwrap();
        assert_eq!(
            names(&mut received),
            ["Bij Wilsonbekwaamheid", "Nu Zichtbaar"],
            "the after-death item stays out of an incapacity export"
        );
        assert_eq!(received.header().share_set, set.set_id);
    }
    let one = ReceivedRegister::open(&file, &words[..1]).unwrap_err();
    assert_eq!(one.code(), "too_few_shares", "{one}");
    let twice = ReceivedRegister::open(&file, &[words[0].clone(), words[0].clone()]).unwrap_err();
    assert_eq!(twice.code(), "duplicate_share", "{twice}");
    let typo = words[1].replacen(' ', " zzzz ", 1);
    let typo = ReceivedRegister::open(&file, &[words[0].clone(), typo]).unwrap_err();
    assert_eq!(typo.code(), "invalid_share", "{typo}");
    assert!(typo.message(levensregister_core::Lang::Nl).contains("zzzz"));
}

#[test]
fn a_new_share_set_retires_the_old_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let keychain = Keychain::in_memory().unwrap();
    let (mut session, _) = register(&dir.path().join("r"), &keychain);
    let old = session.create_share_set(&holders(), 2).unwrap();
    let new = session.create_share_set(&holders(), 3).unwrap();
    assert_ne!(old.set_id, new.set_id);
    let info = session.share_set().unwrap().unwrap();
    assert_eq!((info.set_id, info.threshold), (new.set_id, 3));
    let file = dir.path().join("export.tar");
    session
        .export_for_trusted(VisibilityFilter::Death, &file)
        .unwrap();
    let old_words: Vec<String> = old.shares.iter().map(|s| s.words.to_string()).collect();
    let refused = ReceivedRegister::open(&file, &old_words[..2]).unwrap_err();
    assert_eq!(refused.code(), "wrong_share_set", "{refused}");
    let mixed = [old_words[0].clone(), new.shares[0].words.to_string()];
    let refused = ReceivedRegister::open(&file, &mixed).unwrap_err();
    assert_eq!(refused.code(), "wrong_share_set", "{refused}");
    let all: Vec<String> = new.shares.iter().map(|s| s.words.to_string()).collect();
    let mut received = ReceivedRegister::open(&file, &all).unwrap();
    assert_eq!(names(&mut received).len(), 3);

    let bad = session.create_share_set(&["Jan".into(), " jan ".into()], 2);
    assert_eq!(bad.unwrap_err().code(), "invalid_share_set");
    let bad = session.create_share_set(&holders(), 1);
    assert_eq!(bad.unwrap_err().code(), "invalid_share_set");
}

#[test]
fn an_export_needs_a_share_set_and_a_damaged_export_is_told_apart() {
    let dir = tempfile::tempdir().unwrap();
    let keychain = Keychain::in_memory().unwrap();
    let (mut session, _) = register(&dir.path().join("r"), &keychain);
    let file = dir.path().join("export.tar");
    let none = session.export_for_trusted(VisibilityFilter::Death, &file);
    assert_eq!(none.unwrap_err().code(), "no_share_set");
    let set = session.create_share_set(&holders(), 2).unwrap();
    session
        .export_for_trusted(VisibilityFilter::Death, &file)
        .unwrap();
    let words: Vec<String> = set.shares.iter().map(|s| s.words.to_string()).collect();
    let mut bytes = std::fs::read(&file).unwrap();
    let at = bytes.len() - 2048;
    bytes[at] ^= 0x40;
    let damaged = dir.path().join("damaged.tar");
    std::fs::write(&damaged, &bytes).unwrap();
    let refused = ReceivedRegister::open(&damaged, &words[..2]).unwrap_err();
    assert_eq!(refused.code(), "export_damaged", "{refused}");
    std::fs::write(&damaged, b"not a tar at all").unwrap();
    let refused = ReceivedRegister::open(&damaged, &words[..2]).unwrap_err();
    assert_eq!(refused.code(), "not_an_export", "{refused}");
}

#[test]
fn the_kit_prints_the_same_words_again_and_recovers_the_register() {
    let dir = tempfile::tempdir().unwrap();
    let register_dir = dir.path().join("r");
    let keychain = Keychain::in_memory().unwrap();
    let (mut session, totp) = register(&register_dir, &keychain);
    let kit = session.emergency_kit().unwrap();
    assert_eq!(kit.words.split(' ').count(), 20);
    assert_eq!(
        session.emergency_kit().unwrap().words.as_str(),
        kit.words.as_str()
    );
    let set = session.create_share_set(&holders(), 2).unwrap();
    session.lock();

    let weak = recover_register(
        &register_dir,
        &[kit.words.as_str()],
        &password("kort"),
        &keychain,
        false,
    );
    assert_eq!(weak.unwrap_err().code(), "weak_password");
    let recovered = recover_register(
        &register_dir,
        &[kit.words.as_str()],
        &password("Nieuwe-Tulpen-2027!"),
        &keychain,
        false,
    )
    .unwrap();
    assert!(recovered.new_secret_key.is_none() && recovered.new_authenticator.is_none());
    drop(recovered);
    let code = totp.code_at(vault::unix_now() + 30).unwrap();
    let old = Session::unlock(&register_dir, &password(PASSWORD), &code, &keychain, None);
    assert!(matches!(
        old,
        Err(Error::Vault(vault::Error::WrongPassword))
    ));

    // Two trusted persons' shares work too, with a new authenticator.
    let two: Vec<String> = set.shares[1..]
        .iter()
        .map(|s| s.words.to_string())
        .collect();
    let mut recovered = recover_register(
        &register_dir,
        &two,
        &password("Derde-Tulpen-2028!"),
        &keychain,
        true,
    )
    .unwrap();
    let fresh = recovered.new_authenticator.take().unwrap();
    let code = fresh.code_at(vault::unix_now() + 60).unwrap();
    let mut vault = recovered.vault;
    vault::test_clock::set_for_this_thread(Some(vault::unix_now() + 60));
    let old_phone = vault.accept_code(&totp.code_at(vault::unix_now()).unwrap());
    assert!(old_phone.is_err(), "the old phone's codes no longer count");
    assert!(vault.accept_code(&code).unwrap(), "the first code enrols");
    vault::test_clock::set_for_this_thread(None);
    let mut session = Session::from_accepted(vault).unwrap();
    assert_eq!(session.items(None).unwrap().len(), 3);
}

#[test]
fn an_export_with_doubled_or_odd_entries_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let keychain = Keychain::in_memory().unwrap();
    let (mut session, _) = register(&dir.path().join("r"), &keychain);
    let set = session.create_share_set(&holders(), 2).unwrap();
    let file = dir.path().join("export.tar");
    session
        .export_for_trusted(VisibilityFilter::Death, &file)
        .unwrap();
    let words: Vec<String> = set.shares.iter().map(|s| s.words.to_string()).collect();
    let mut entries = Vec::new();
    let mut archive = tar::Archive::new(std::fs::File::open(&file).unwrap());
    for entry in archive.entries().unwrap() {
        let mut entry = entry.unwrap();
        let name = entry.path().unwrap().to_string_lossy().into_owned();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
        entries.push((name, bytes));
    }
    let repack = |extra: &dyn Fn(&mut tar::Builder<Vec<u8>>)| {
        let mut builder = tar::Builder::new(Vec::new());
        for (name, bytes) in &entries {
            let mut header = tar::Header::new_ustar();
            header.set_size(bytes.len() as u64);
            header.set_mode(0o400);
            builder
                .append_data(&mut header, name, bytes.as_slice())
                .unwrap();
        }
        extra(&mut builder);
        let path = dir.path().join("odd.tar");
        std::fs::write(&path, builder.into_inner().unwrap()).unwrap();
        ReceivedRegister::open(&path, &words[..2])
    };
    let twice = repack(&|builder| {
        let (name, bytes) = &entries[1];
        let mut header = tar::Header::new_ustar();
        header.set_size(bytes.len() as u64);
        builder
            .append_data(&mut header, name, bytes.as_slice())
            .unwrap();
    });
    assert_eq!(twice.unwrap_err().code(), "not_an_export");
    let link = repack(&|builder| {
        let mut header = tar::Header::new_ustar();
        header.set_entry_type(tar::EntryType::Symlink);
        header.set_size(0);
        builder
            .append_link(&mut header, "register.db", "/etc/passwd")
            .unwrap();
    });
    assert_eq!(link.unwrap_err().code(), "not_an_export");
    assert!(
        repack(&|_| {}).is_ok(),
        "the same entries once each still open"
    );
}
