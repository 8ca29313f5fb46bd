//! Share words as people type them: prefixes, capitals, typos, swapped words, and that
//! `Debug` keeps the words to itself.

use levensregister_recovery::{Share, ShareError, split};

use crate::random_bytes;

fn sample_share() -> (Share, Vec<String>) {
    let shares = split(&random_bytes(16), 2, 3, b"", 0).unwrap();
    let share = shares[1].clone();
    let words = share.words().split(' ').map(str::to_owned).collect();
    (share, words)
}

#[test]
fn canonical_words_parse_back() {
    let (share, words) = sample_share();
    assert_eq!(words.len(), 20);
    assert_eq!(Share::parse(&words.join(" ")).unwrap(), share);
    let messy = format!("  \t{}\n", words.join(" \n "));
    assert_eq!(Share::parse(&messy).unwrap(), share);
}

#[test]
fn four_letter_prefixes_and_capitals_are_accepted() {
    let (share, words) = sample_share();
    let prefixes: Vec<String> = words.iter().map(|w| w[..4].to_uppercase()).collect();
    let parsed = Share::parse(&prefixes.join(" ")).unwrap();
    assert_eq!(parsed, share);
    assert_eq!(parsed.words().as_str(), words.join(" "));
}

#[test]
fn a_mistyped_word_is_named_with_its_position() {
    let (_, mut words) = sample_share();
    let typo = format!("{}x", words[4]);
    words[4] = typo.clone();
    assert_eq!(
        Share::parse(&words.join(" ")),
        Err(ShareError::UnknownWord {
            position: 5,
            word: typo.clone()
        })
    );
    let message = Share::parse(&words.join(" ")).unwrap_err().to_string();
    assert!(
        message.contains("word 5") && message.contains(&typo),
        "{message}"
    );
}

#[test]
fn an_unknown_word_is_refused() {
    let (_, mut words) = sample_share();
    words[0] = "Bitcoin".into();
    assert_eq!(
        Share::parse(&words.join(" ")),
        Err(ShareError::UnknownWord {
            position: 1,
            word: "bitcoin".into()
        })
    );
}

#[test]
fn a_too_short_prefix_is_ambiguous() {
    let (_, mut words) = sample_share();
    words[19] = "ac".into();
    assert_eq!(
        Share::parse(&words.join(" ")),
        Err(ShareError::AmbiguousWord {
            position: 20,
            word: "ac".into()
        })
    );
}

#[test]
fn a_wrong_valid_word_fails_the_checksum() {
    let (_, words) = sample_share();
    for position in [0, 3, 9, 19] {
        let mut changed = words.clone();
        changed[position] = if words[position] == "academic" {
            "acid".into()
        } else {
            "academic".into()
        };
        let error = Share::parse(&changed.join(" ")).unwrap_err();
        assert_eq!(error, ShareError::Checksum, "word {position}");
        assert_eq!(
            error.to_string(),
            "a word is mistyped: the checksum does not match"
        );
    }
    let mut swapped = words.clone();
    swapped.swap(6, 7);
    if swapped != words {
        assert_eq!(Share::parse(&swapped.join(" ")), Err(ShareError::Checksum));
    }
}

#[test]
fn missing_or_extra_words_are_refused() {
    let (_, words) = sample_share();
    assert_eq!(
        Share::parse(&words[..19].join(" ")),
        Err(ShareError::WrongLength { words: 19 })
    );
    assert_eq!(Share::parse(""), Err(ShareError::WrongLength { words: 0 }));
    let mut longer = words.clone();
    longer.push("academic".into());
    assert_eq!(
        Share::parse(&longer.join(" ")),
        Err(ShareError::WrongLength { words: 21 })
    );
}

#[test]
fn debug_shows_no_word() {
    let (share, words) = sample_share();
    // Debug prints the set's parameters and nothing else: compared whole, since share
    // words such as "group", "index" or "true" also occur in field names and values.
    let expected = format!(
        "Share {{ identifier: {}, extendable: {}, iteration_exponent: {}, group_index: {}, \
         group_threshold: {}, group_count: {}, member_index: {}, member_threshold: {}, .. }}",
        share.identifier(),
        share.extendable(),
        share.iteration_exponent(),
        share.group_index(),
        share.group_threshold(),
        share.group_count(),
        share.member_index(),
        share.member_threshold(),
    );
    assert_eq!(format!("{share:?}"), expected);
    assert!(!format!("{share:#?}").contains(&words[..2].join(" ")));
}

#[test]
fn metadata_is_read_back() {
    let shares = split(&random_bytes(32), 3, 7, b"", 2).unwrap();
    assert_eq!(shares.len(), 7);
    for (i, share) in shares.iter().enumerate() {
        let parsed = Share::parse(&share.words()).unwrap();
        assert_eq!(parsed.identifier(), shares[0].identifier());
        assert!(parsed.identifier() < 1 << 15);
        assert!(parsed.extendable());
        assert_eq!(parsed.iteration_exponent(), 2);
        assert_eq!(parsed.group_index(), 0);
        assert_eq!(parsed.group_threshold(), 1);
        assert_eq!(parsed.group_count(), 1);
        assert_eq!(usize::from(parsed.member_index()), i);
        assert_eq!(parsed.member_threshold(), 3);
        assert_eq!(share.words().split(' ').count(), 33);
    }
}
