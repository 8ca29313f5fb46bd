//! Cross-checks against the reference implementation, python-shamir-mnemonic 0.3.0
//! (PyPI `shamir-mnemonic[cli]==0.3.0`), both ways: shares we make are recovered by it,
//! shares it makes are recovered by us (also typed as 4-letter prefixes).
//!
//! The oracle is the `shamir` script named by `LEVENSREGISTER_SHAMIR`, else `shamir` on
//! PATH; its library is used through the `python` beside that script (else `python3`).
//! A missing oracle fails the test: it is part of the proof, not optional.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use levensregister_recovery::{Share, combine, split, split_groups};
use serde_json::{Value, json};

use crate::{hex, pick, random_bytes, random_in};

const INSTALL: &str = "the SLIP-39 reference implementation is needed for this test: \
    python3 -m venv ~/.cache/levensregister-oracles && \
    ~/.cache/levensregister-oracles/bin/pip install \"shamir-mnemonic[cli]==0.3.0\", then put \
    that venv's bin on PATH or set LEVENSREGISTER_SHAMIR=<venv>/bin/shamir";

/// Recovers each case's secret with `combine_mnemonics`, and makes each generation
/// case's shares with `generate_mnemonics`; one interpreter start for all cases.
const LIBRARY_SCRIPT: &str = r#"
import json, sys
import shamir_mnemonic
from importlib.metadata import version
request = json.load(sys.stdin)
reply = {"version": version("shamir-mnemonic"), "recovered": [], "generated": []}
for case in request["recover"]:
    try:
        secret = shamir_mnemonic.combine_mnemonics(case["mnemonics"], case["passphrase"].encode())
        reply["recovered"].append(secret.hex())
    except Exception as e:
        reply["recovered"].append("ERROR: " + str(e))
for case in request["generate"]:
    reply["generated"].append(shamir_mnemonic.generate_mnemonics(
        case["group_threshold"], [tuple(g) for g in case["groups"]],
        bytes.fromhex(case["secret"]), case["passphrase"].encode(),
        extendable=case["extendable"], iteration_exponent=case["exponent"]))
json.dump(reply, sys.stdout)
"#;

struct Oracle {
    shamir: PathBuf,
    python: PathBuf,
}

fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

fn oracle() -> Oracle {
    let shamir = match std::env::var_os("LEVENSREGISTER_SHAMIR") {
        Some(path) => PathBuf::from(path),
        None => find_on_path("shamir").unwrap_or_else(|| panic!("`shamir` not found; {INSTALL}")),
    };
    assert!(
        shamir.is_file(),
        "{} does not exist; {INSTALL}",
        shamir.display()
    );
    let beside = shamir.parent().unwrap_or(Path::new(".")).join("python");
    let python = if beside.is_file() {
        beside
    } else {
        PathBuf::from("python3")
    };
    Oracle { shamir, python }
}

fn run(program: &Path, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}; {INSTALL}", program.display()));
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{} {args:?} failed: {}\n{}; {INSTALL}",
        program.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

impl Oracle {
    fn library(&self, request: &Value) -> Value {
        let input = serde_json::to_vec(request).unwrap();
        let output = run(&self.python, &["-c", LIBRARY_SCRIPT], &input);
        let reply: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(reply["version"], "0.3.0", "{INSTALL}");
        reply
    }
}

/// The mnemonics in `shamir create` output: the lines of 20 or more lowercase words.
fn mnemonics_in(output: &str) -> Vec<String> {
    output
        .lines()
        .map(str::trim)
        .filter(|line| {
            let words: Vec<&str> = line.split(' ').collect();
            words.len() >= 20
                && words
                    .iter()
                    .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()))
        })
        .map(str::to_owned)
        .collect()
}

/// Each word cut to its first four letters, every other one in capitals.
fn as_prefixes(mnemonic: &str) -> String {
    mnemonic
        .split(' ')
        .enumerate()
        .map(|(i, w)| {
            let p = &w[..4.min(w.len())];
            if i % 2 == 0 {
                p.to_uppercase()
            } else {
                p.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("  ")
}

#[test]
fn reference_and_ours_agree_both_ways() {
    let oracle = oracle();

    // Ours -> theirs: random secrets and k of n, any k of the shares.
    let mut ours = Vec::new();
    let mut recover_cases = Vec::new();
    for case in 0..10 {
        let secret = random_bytes(if case % 2 == 0 { 16 } else { 32 });
        let count = random_in(2, 16);
        let threshold = random_in(2, count);
        let shares = split(&secret, threshold, count, b"", 0).unwrap();
        let chosen = pick(&shares, usize::from(threshold));
        let mnemonics: Vec<String> = chosen.iter().map(|s| s.words().to_string()).collect();
        recover_cases.push(json!({"mnemonics": mnemonics, "passphrase": ""}));
        ours.push(hex(&secret));
    }
    // Two groups of three, not extendable, with a passphrase.
    let secret = random_bytes(16);
    let groups = split_groups(&secret, 2, &[(2, 3), (1, 1), (3, 5)], b"TREZOR", 0, false).unwrap();
    let mut mnemonics: Vec<String> = pick(&groups[2], 3)
        .iter()
        .map(|s| s.words().to_string())
        .collect();
    mnemonics.push(groups[1][0].words().to_string());
    recover_cases.push(json!({"mnemonics": mnemonics, "passphrase": "TREZOR"}));
    ours.push(hex(&secret));

    // Theirs -> ours: sets the reference makes.
    let generate_cases = vec![
        json!({"group_threshold": 1, "groups": [[2, 3]], "secret": hex(&random_bytes(16)),
               "passphrase": "", "extendable": true, "exponent": 0}),
        json!({"group_threshold": 1, "groups": [[5, 9]], "secret": hex(&random_bytes(32)),
               "passphrase": "", "extendable": true, "exponent": 1}),
        json!({"group_threshold": 1, "groups": [[1, 1]], "secret": hex(&random_bytes(32)),
               "passphrase": "", "extendable": false, "exponent": 0}),
        json!({"group_threshold": 1, "groups": [[16, 16]], "secret": hex(&random_bytes(16)),
               "passphrase": "TREZOR", "extendable": false, "exponent": 0}),
        json!({"group_threshold": 2, "groups": [[2, 3], [1, 1], [3, 4]], "secret": hex(&random_bytes(18)),
               "passphrase": "", "extendable": true, "exponent": 0}),
    ];

    let reply = oracle.library(&json!({"recover": recover_cases, "generate": generate_cases}));

    let recovered = reply["recovered"].as_array().unwrap();
    assert_eq!(recovered.len(), ours.len());
    for (theirs, expected) in recovered.iter().zip(&ours) {
        assert_eq!(
            theirs.as_str().unwrap(),
            expected,
            "reference recovery of our shares"
        );
    }

    let generated = reply["generated"].as_array().unwrap();
    assert_eq!(generated.len(), generate_cases.len());
    for (case, groups) in generate_cases.iter().zip(generated) {
        let groups: Vec<Vec<String>> = serde_json::from_value(groups.clone()).unwrap();
        let group_threshold = case["group_threshold"].as_u64().unwrap() as usize;
        let mut typed = Vec::new();
        for (group, spec) in groups
            .iter()
            .zip(case["groups"].as_array().unwrap())
            .take(group_threshold)
        {
            let threshold = spec[0].as_u64().unwrap() as usize;
            typed.extend(pick(group, threshold));
        }
        let passphrase = case["passphrase"].as_str().unwrap().as_bytes();
        let full: Vec<Share> = typed.iter().map(|m| Share::parse(m).unwrap()).collect();
        let short: Vec<Share> = typed
            .iter()
            .map(|m| Share::parse(&as_prefixes(m)).unwrap())
            .collect();
        assert_eq!(full, short);
        for (share, mnemonic) in full.iter().zip(&typed) {
            assert_eq!(share.words().as_str(), mnemonic);
            assert_eq!(share.extendable(), case["extendable"].as_bool().unwrap());
        }
        let secret = combine(&short, passphrase).unwrap();
        assert_eq!(
            hex(&secret),
            case["secret"].as_str().unwrap(),
            "our recovery of {case}"
        );
    }
}

#[test]
fn reference_command_line_both_ways() {
    let oracle = oracle();

    // Theirs -> ours through `shamir create`.
    let secret = random_bytes(16);
    let secret_hex = hex(&secret);
    let output = run(
        &oracle.shamir,
        &[
            "create",
            "2of3",
            "--master-secret",
            &secret_hex,
            "--exponent",
            "0",
        ],
        b"",
    );
    let mnemonics = mnemonics_in(&String::from_utf8_lossy(&output.stdout));
    assert_eq!(mnemonics.len(), 3, "shamir create output changed");
    let shares: Vec<Share> = pick(&mnemonics, 2)
        .iter()
        .map(|m| Share::parse(m).unwrap())
        .collect();
    assert_eq!(shares[0].member_threshold(), 2);
    assert_eq!(combine(&shares, b"").unwrap().as_slice(), secret.as_slice());

    // Ours -> theirs through `shamir recover`, the shares typed on its standard input.
    let secret = random_bytes(32);
    let shares = split(&secret, 3, 5, b"", 0).unwrap();
    let mut input = String::new();
    for share in pick(&shares, 3) {
        input.push_str(&share.words());
        input.push('\n');
    }
    let output = run(&oracle.shamir, &["recover"], input.as_bytes());
    let stdout = String::from_utf8_lossy(&output.stdout);
    let expected = format!("Your master secret is: {}", hex(&secret));
    assert!(stdout.contains(&expected), "shamir recover said:\n{stdout}");
}
