//! `levensregister`: the register's use cases on the command line, with no GUI
//! dependencies. Grammar in `args`, logins in `login`, the work in `commands`.

mod args;
mod bench;
mod commands;
mod failure;
mod login;
mod output;
mod reports;
mod shell;
mod trusted;

use std::process::ExitCode;

use clap::Parser;
use levensregister_core::Lang;

fn main() -> ExitCode {
    let cli = match args::Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let code = if error.use_stderr() { 2 } else { 0 };
            let _ = error.print();
            return ExitCode::from(code);
        }
    };
    let lang = match cli.global.lang.as_deref() {
        None => Lang::from_environment(),
        Some(code) => match Lang::from_code(code) {
            Some(lang) => lang,
            None => {
                eprintln!("levensregister: --lang takes nl or en");
                return ExitCode::from(2);
            }
        },
    };
    match commands::run(cli, lang) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            if !failure.message.is_empty() {
                eprintln!("levensregister: {}", failure.message);
            }
            ExitCode::from(failure.exit_code)
        }
    }
}
