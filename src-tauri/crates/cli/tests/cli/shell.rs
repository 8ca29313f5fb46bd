//! `shell`: one login, then one command per line. Each add's id is printed as it
//! commits; a failing line does not stop the rest but decides the exit code; a login
//! that is refused runs nothing.

use crate::support::{PASSWORD, Register, parse_items, totp};

#[test]
fn one_login_runs_every_line() {
    let mut register = Register::enrolled();
    let mut shell = register.shell();
    shell.send("# a comment, then an empty line");
    shell.send("");
    shell.send("add personal note --set 'title=Eerste' --set 'text=met spaties'");
    let first = shell.read_line();
    shell.send("add finance bank_account --set iban=NL91ABNA0417164300");
    let second = shell.read_line();
    shell.send(&format!("edit {first} --set 'title=Eerste, herzien'"));
    assert_eq!(shell.read_line(), first);
    shell.send(&format!("remove {second}"));
    assert_eq!(shell.read_line(), second);
    shell.send("review personal");
    assert!(shell.read_line().contains("reviewed"));
    shell.send("list --json");
    let (status, rest, stderr) = shell.finish();
    assert!(status.success(), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    let listed = parse_items(&rest);
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["id"], first.as_str());
    assert_eq!(listed[0]["fields"]["title"], "Eerste, herzien");
    assert_eq!(listed[0]["fields"]["text"], "met spaties");
    assert_eq!(register.list_json(), listed, "a new process reads the same");
}

#[test]
fn a_failing_line_is_reported_and_the_rest_still_runs() {
    let mut register = Register::enrolled();
    let mut shell = register.shell();
    shell.send("show aaaaaaaaaaaaaaaa");
    shell.send("add personal note --set 'title=Na de fout'");
    let id = shell.read_line();
    let (status, _, stderr) = shell.finish();
    assert_eq!(
        status.code(),
        Some(5),
        "the first failure's exit code: {stderr}"
    );
    assert!(stderr.contains("no item with id"), "{stderr}");
    crate::support::assert_no_panic(&stderr);
    let items = register.list_json();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], id.as_str());
}

#[test]
fn a_shell_with_a_replayed_code_runs_nothing() {
    let mut register = Register::enrolled();
    let at = register.next_step();
    let code = totp(register.secret(), at);
    register.attempt(at, &code, PASSWORD, &["list"]).ok();
    let mut replay = register.command(at);
    replay
        .args(["--code", &code, "shell"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = replay.spawn().unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        // The shell may exit before reading; a broken pipe is fine.
        let _ = writeln!(stdin, "add personal note --set title=Mag-niet");
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("already used"));
    assert!(register.list_json().is_empty(), "nothing ran");
}

/// A failing line is reported once, on one line, however clap words its error.
#[test]
fn each_failing_line_is_reported_once_on_one_line() {
    let mut register = Register::enrolled();
    let mut shell = register.shell();
    shell.send("show aaaaaaaaaaaaaaaa");
    shell.send("frobnicate everything");
    shell.send("add personal note --set 'title=Daarna'");
    shell.read_line();
    let (status, _, stderr) = shell.finish();
    assert_eq!(status.code(), Some(5), "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "one line per failing line:\n{stderr}");
    assert!(lines[0].contains("no item with id"), "{stderr}");
    assert!(lines[1].contains("frobnicate"), "{stderr}");
}
