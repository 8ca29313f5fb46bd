//! Splitting and combining: every k-subset recovers, groups, refusals (too few, mixed
//! sets, duplicates), surplus shares, and the parameters a split refuses.

use levensregister_recovery::{Share, ShareError, combine, split, split_groups};

use crate::random_bytes;

/// Every subset of `0..n` with `k` elements, as index lists.
fn subsets(n: usize, k: usize) -> Vec<Vec<usize>> {
    (0u32..1 << n)
        .filter(|mask| mask.count_ones() as usize == k)
        .map(|mask| (0..n).filter(|i| mask >> i & 1 == 1).collect())
        .collect()
}

fn take(shares: &[Share], indices: &[usize]) -> Vec<Share> {
    indices.iter().map(|&i| shares[i].clone()).collect()
}

#[test]
fn every_threshold_subset_recovers_and_fewer_do_not() {
    let secret = random_bytes(16);
    let shares = split(&secret, 3, 5, b"", 0).unwrap();
    for subset in subsets(5, 3) {
        let got = combine(&take(&shares, &subset), b"").unwrap();
        assert_eq!(got.as_slice(), secret.as_slice(), "{subset:?}");
    }
    for subset in subsets(5, 2) {
        assert_eq!(
            combine(&take(&shares, &subset), b""),
            Err(ShareError::TooFewShares { have: 2, need: 3 })
        );
    }
    assert_eq!(
        combine(&[], b""),
        Err(ShareError::TooFewShares { have: 0, need: 1 })
    );
}

#[test]
fn one_of_one_and_sixteen_of_sixteen() {
    let secret = random_bytes(32);
    let one = split(&secret, 1, 1, b"", 0).unwrap();
    assert_eq!(combine(&one, b"").unwrap().as_slice(), secret.as_slice());
    let all = split(&secret, 16, 16, b"", 0).unwrap();
    assert_eq!(combine(&all, b"").unwrap().as_slice(), secret.as_slice());
    assert_eq!(
        combine(&all[1..], b""),
        Err(ShareError::TooFewShares { have: 15, need: 16 })
    );
}

#[test]
fn surplus_shares_are_used_to_check_not_refused() {
    let secret = random_bytes(16);
    let shares = split(&secret, 2, 4, b"", 0).unwrap();
    assert_eq!(combine(&shares, b"").unwrap().as_slice(), secret.as_slice());
}

#[test]
fn groups_need_their_thresholds() {
    let secret = random_bytes(32);
    let groups = split_groups(&secret, 2, &[(2, 3), (1, 1), (3, 5)], b"", 0, false).unwrap();
    assert_eq!(
        groups.iter().map(Vec::len).collect::<Vec<_>>(),
        vec![3, 1, 5]
    );
    let mut two_groups = take(&groups[2], &[4, 0, 2]);
    two_groups.push(groups[1][0].clone());
    assert!(!two_groups[0].extendable());
    assert_eq!(
        combine(&two_groups, b"").unwrap().as_slice(),
        secret.as_slice()
    );

    assert_eq!(
        combine(&groups[2], b""),
        Err(ShareError::TooFewGroups { have: 1, need: 2 })
    );
    let mut short = take(&groups[0], &[1]);
    short.push(groups[1][0].clone());
    assert_eq!(
        combine(&short, b""),
        Err(ShareError::TooFewShares { have: 1, need: 2 })
    );
    // A complete third group beyond the threshold is checked too.
    let mut all = two_groups.clone();
    all.extend(take(&groups[0], &[0, 2]));
    assert_eq!(combine(&all, b"").unwrap().as_slice(), secret.as_slice());
}

#[test]
fn the_same_share_twice_is_a_duplicate() {
    let shares = split(&random_bytes(16), 2, 3, b"", 0).unwrap();
    let twice = vec![shares[2].clone(), shares[2].clone()];
    let error = combine(&twice, b"").unwrap_err();
    assert_eq!(error, ShareError::Duplicate { member_index: 2 });
    assert_eq!(
        error.to_string(),
        "share number 3 of a group was given twice"
    );
}

#[test]
fn shares_of_two_sets_are_mixed() {
    let secret = random_bytes(16);
    let first = split(&secret, 2, 3, b"", 0).unwrap();
    let mut second = split(&secret, 2, 3, b"", 0).unwrap();
    while second[0].identifier() == first[0].identifier() {
        second = split(&secret, 2, 3, b"", 0).unwrap();
    }
    let mixed = vec![first[0].clone(), second[1].clone()];
    assert_eq!(combine(&mixed, b""), Err(ShareError::MixedSets));
    let other_exponent = split(&secret, 2, 3, b"", 1).unwrap();
    let mixed = vec![first[0].clone(), other_exponent[1].clone()];
    assert_eq!(combine(&mixed, b""), Err(ShareError::MixedSets));
}

#[test]
fn a_passphrase_round_trips() {
    let secret = random_bytes(16);
    let shares = split(&secret, 2, 2, b"open sesame", 0).unwrap();
    assert_eq!(
        combine(&shares, b"open sesame").unwrap().as_slice(),
        secret.as_slice()
    );
    assert_ne!(combine(&shares, b"").unwrap().as_slice(), secret.as_slice());
}

#[test]
fn impossible_parameters_are_refused() {
    let secret = random_bytes(16);
    let refused = |r: Result<Vec<Share>, ShareError>| {
        assert!(matches!(r, Err(ShareError::InvalidParameters(_))), "{r:?}");
    };
    refused(split(&secret, 1, 3, b"", 0));
    refused(split(&secret, 0, 3, b"", 0));
    refused(split(&secret, 4, 3, b"", 0));
    refused(split(&secret, 2, 17, b"", 0));
    refused(split(&secret[..15], 2, 3, b"", 0));
    refused(split(&random_bytes(17), 2, 3, b"", 0));
    refused(split(&secret, 2, 3, b"caf\xc3\xa9", 0));
    refused(split(&secret, 2, 3, b"", 16));
    let groups = |gt, g: &[(u8, u8)]| split_groups(&secret, gt, g, b"", 0, true).map(|_| ());
    assert!(matches!(
        groups(2, &[(2, 3)]),
        Err(ShareError::InvalidParameters(_))
    ));
    assert!(matches!(
        groups(0, &[(2, 3)]),
        Err(ShareError::InvalidParameters(_))
    ));
    assert!(matches!(
        groups(1, &[]),
        Err(ShareError::InvalidParameters(_))
    ));
    assert!(matches!(
        groups(1, &[(1, 1); 17]),
        Err(ShareError::InvalidParameters(_))
    ));
}

#[test]
fn a_one_of_one_phrase_with_a_given_identifier_comes_out_the_same_every_time() {
    use levensregister_recovery::split_with_identifier;
    let secret = [0x42u8; 16];
    let first = split_with_identifier(&secret, 1, 1, b"", 1, 0x1234).unwrap();
    let again = split_with_identifier(&secret, 1, 1, b"", 1, 0x1234).unwrap();
    assert_eq!(first[0].words().as_str(), again[0].words().as_str());
    assert_eq!(first[0].identifier(), 0x1234);
    assert_eq!(combine(&first, b"").unwrap().as_slice(), secret);
    let other = split_with_identifier(&secret, 1, 1, b"", 1, 0x1235).unwrap();
    assert_ne!(first[0].words().as_str(), other[0].words().as_str());
    assert!(split_with_identifier(&secret, 1, 1, b"", 1, 0x8000).is_err());
}
