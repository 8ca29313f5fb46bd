//! kill -9 in the middle of writing: a `shell` adding items one by one, and one long
//! `import`. Reopening must always work (opening checks every page), every change
//! the program reported as done must be there, and an import is all or nothing.

use std::collections::BTreeSet;
use std::io::Write;
use std::time::{Duration, Instant};

use crate::fixtures::{Rng, exchange_document, item_id, note};
use crate::support::{Register, ids};

const SHELL_ROUNDS: usize = 5;
const ADDS_PER_ROUND: usize = 400;
const IMPORT_ITEMS: u64 = 3_000;
const IMPORT_ROUNDS: u64 = 4;

#[test]
fn kill_9_during_a_shell_loses_no_reported_add() {
    let mut rng = Rng::seeded("kill shell", 0xC0FF_EE01);
    let mut register = Register::enrolled();
    let mut reported: BTreeSet<String> = BTreeSet::new();
    for round in 0..SHELL_ROUNDS {
        let kill_after = rng.below(1..ADDS_PER_ROUND / 2);
        let mut shell = register.shell();
        let mut stdin = shell.stdin.take().unwrap();
        let writer = std::thread::spawn(move || {
            for n in 0..ADDS_PER_ROUND {
                let line = format!(
                    "add personal note --set 'title=Ronde {round} nr {n}' --set 'text=Één regel'"
                );
                // The pipe breaks when the shell is killed; that is the point.
                if writeln!(stdin, "{line}").is_err() {
                    break;
                }
            }
        });
        let mut printed = Vec::new();
        while printed.len() < kill_after {
            printed.push(shell.read_line());
        }
        shell.child.kill().expect("kill -9 the shell");
        let status = shell.child.wait().unwrap();
        assert!(
            status.code().is_none(),
            "the shell was killed, not finished"
        );
        writer.join().unwrap();
        reported.extend(printed);

        let present: BTreeSet<String> = ids(&register.list_json()).into_iter().collect();
        let missing: Vec<&String> = reported.difference(&present).collect();
        assert!(
            missing.is_empty(),
            "round {round} (killed after {kill_after} ids): reported adds lost: {missing:?}"
        );
        assert!(present.len() <= (round + 1) * ADDS_PER_ROUND);
        eprintln!(
            "round {round}: killed after {kill_after} ids; {} reported, {} present",
            reported.len(),
            present.len()
        );
    }
}

/// An import of `IMPORT_ITEMS` notes whose ids are distinct per `round`.
fn big_import(round: u64) -> (String, BTreeSet<String>) {
    let items: Vec<_> = (0..IMPORT_ITEMS)
        .map(|n| {
            let id = item_id((round + 1) << 32 | n);
            note(
                &id,
                "documents",
                &format!("Map {n}"),
                "Ligt in de kast, één na bovenste plank.",
            )
        })
        .collect();
    let expected = ids(&items).into_iter().collect();
    (exchange_document(items), expected)
}

#[test]
fn kill_9_during_an_import_leaves_none_or_all() {
    let mut rng = Rng::seeded("kill import", 0xC0FF_EE02);
    let mut register = Register::enrolled();
    let keep = register.add("personal", "note", &[("title", "Blijft staan")]);

    // The last round runs to the end: it measures the import and proves it works.
    let (json, expected) = big_import(IMPORT_ROUNDS);
    let file = register.root().join("complete.json");
    std::fs::write(&file, json).unwrap();
    let started = Instant::now();
    let summary = register.run(&["import", file.to_str().unwrap()]).ok();
    let full = started.elapsed();
    eprintln!("an import of {IMPORT_ITEMS} items took {full:?}");
    assert!(
        summary.contains(&format!("\"added\":{IMPORT_ITEMS}")),
        "{summary}"
    );
    let mut present: BTreeSet<String> = ids(&register.list_json()).into_iter().collect();
    assert!(present.is_superset(&expected));

    // One kill in each quarter of the measured time, the last one possibly after the
    // end, so some land late in the write and some after the commit.
    let quarter = u64::try_from(full.as_millis()).unwrap().max(20) * 5 / (4 * IMPORT_ROUNDS);
    for round in 0..IMPORT_ROUNDS {
        let (json, expected) = big_import(round);
        let file = register.root().join(format!("round-{round}.json"));
        std::fs::write(&file, json).unwrap();
        let delay = Duration::from_millis(quarter * round + rng.next_u64() % quarter);
        let mut child = register
            .login()
            .args(["import", file.to_str().unwrap()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        child.kill().unwrap();
        let status = child.wait().unwrap();

        let now: BTreeSet<String> = ids(&register.list_json()).into_iter().collect();
        let imported = now.intersection(&expected).count();
        eprintln!(
            "round {round}: killed after {delay:?} (finished first: {}): {imported} imported",
            status.success()
        );
        assert!(
            imported == 0 || imported == expected.len(),
            "round {round}: a killed import left {imported} of {} items",
            expected.len()
        );
        assert!(now.contains(&keep));
        assert!(
            now.is_superset(&present),
            "round {round}: earlier items lost"
        );
        present = now;
    }
}
