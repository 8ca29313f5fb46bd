//! `shell`: one login, then one command per line from standard input, so a script
//! needs one authenticator code, not one per command.

use std::io::BufRead;

use clap::Parser;
use levensregister_core::{Lang, Session};

use crate::args::ShellLine;
use crate::commands::work_command;
use crate::failure::Failure;

/// Runs until end of input; exits with the first failure's code, after running every line.
pub fn run(mut session: Session, lang: Lang) -> Result<(), Failure> {
    let mut first_failure: Option<Failure> = None;
    for line in std::io::stdin().lock().lines() {
        let line = line.map_err(|e| Failure::io(&e))?;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if let Err(failure) = run_line(&mut session, trimmed, lang) {
            eprintln!("levensregister: {}", failure.message);
            first_failure.get_or_insert(failure);
        }
    }
    session.lock();
    // Every failure was reported on its own line already; only its exit code remains.
    first_failure.map_or(Ok(()), |failure| Err(failure.already_reported()))
}

fn run_line(session: &mut Session, line: &str, lang: Lang) -> Result<(), Failure> {
    let words = shlex::split(line).ok_or_else(|| {
        Failure::usage(lang.pick("onafgesloten aanhalingsteken", "unclosed quotation mark"))
    })?;
    let parsed =
        ShellLine::try_parse_from(words).map_err(|e| Failure::usage(first_line(&e.to_string())))?;
    work_command(session, parsed.command, lang)
}

/// Clap's first line ("error: unrecognized subcommand 'x'"), without the usage text.
fn first_line(text: &str) -> String {
    text.lines()
        .next()
        .unwrap_or("")
        .trim_start_matches("error: ")
        .to_string()
}
