//! A register in a temp folder, driven only through the real `levensregister` binary.
//!
//! Every spawn gets a cleared environment pointing at the temp folder (register, config,
//! data, home), cheap Argon2 and a fake clock. Each login advances that clock by one
//! TOTP step, because a step once used is refused; its code comes from `oathtool`, an
//! implementation independent of ours.

use std::io::{BufRead, BufReader, Lines, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, ExitStatus, Stdio};

use serde_json::Value;
use tempfile::TempDir;

/// The owner's password in every test register (it passes the password rules).
pub const PASSWORD: &str = "Geheim-Wachtwoord-2026!";
/// The password `passwd` changes to.
pub const NEW_PASSWORD: &str = "Nieuw-Wachtwoord-2027?";
/// The first fake time: 2027-01-15 08:00:00 UTC, the start of a TOTP step.
const START: u64 = 1_800_000_000;
/// RFC 6238 time step.
pub const STEP: u64 = 30;

/// What one run of the binary did.
#[derive(Debug)]
pub struct Outcome {
    /// Exit code (-1 when killed by a signal).
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Outcome {
    fn from_output(output: std::process::Output) -> Outcome {
        Outcome {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Asserts exit 0 and returns standard output.
    pub fn ok(self) -> String {
        assert_eq!(self.code, 0, "expected success, got {self:#?}");
        assert_no_panic(&self.stderr);
        self.stdout
    }

    /// Asserts a refusal as the CLI promises it: this exit code, nothing on standard
    /// output, one line on standard error that names the reason (`mentions`).
    pub fn refused(&self, exit: i32, mentions: &str) {
        assert_eq!(self.code, exit, "expected exit {exit}, got {self:#?}");
        assert_no_panic(&self.stderr);
        assert!(self.stdout.is_empty(), "a refusal printed data: {self:#?}");
        let lines: Vec<&str> = self.stderr.lines().collect();
        assert_eq!(lines.len(), 1, "expected a one-line message: {self:#?}");
        assert!(
            lines[0].starts_with("levensregister: ") && lines[0].contains(mentions),
            "expected a message mentioning {mentions:?}: {self:#?}"
        );
    }
}

/// Fails when the program panicked: a refusal must be an error, never a crash.
pub fn assert_no_panic(stderr: &str) {
    assert!(
        !stderr.contains("panicked"),
        "the program panicked: {stderr}"
    );
}

/// One register in its own temp folder, with its authenticator and fake clock.
pub struct Register {
    root: TempDir,
    secret: String,
    clock: u64,
    /// The password logins use (tests change it after `passwd`).
    pub password: String,
    /// The `--lang` every command gets.
    pub lang: &'static str,
}

impl Register {
    /// Runs `init --name Jan` and returns the register (not yet enrolled) and the output.
    pub fn created() -> (Register, String) {
        let root = tempfile::tempdir().expect("temp folder");
        let mut register = Register {
            root,
            secret: String::new(),
            clock: START,
            password: PASSWORD.into(),
            lang: "en",
        };
        let stdout = register.run_plain(&["init", "--name", "Jan"]).ok();
        register.secret = authenticator_secret(&stdout);
        (register, stdout)
    }

    /// A register whose authenticator is confirmed (init, then verify).
    pub fn enrolled() -> Register {
        let (mut register, _) = Register::created();
        let verify = register.run(&["verify"]);
        assert_eq!(
            verify.code, 0,
            "verify failed; is target/debug/levensregister built with the vault's \
             insecure-test-hooks (another `cargo build` may have replaced it)? {verify:#?}"
        );
        register
    }

    /// The temp folder holding everything this register's runs touch.
    pub fn root(&self) -> &Path {
        self.root.path()
    }

    /// The register folder.
    pub fn dir(&self) -> PathBuf {
        self.root().join("register")
    }

    /// A file in the register folder.
    pub fn file(&self, name: &str) -> PathBuf {
        self.dir().join(name)
    }

    /// The Secret Key files the file keychain holds.
    pub fn key_files(&self) -> Vec<PathBuf> {
        files_under(&self.root().join("config"))
            .into_iter()
            .filter(|path| path.extension().is_some_and(|e| e == "key"))
            .collect()
    }

    /// The authenticator secret (base32), as the `otpauth://` URI gave it.
    pub fn secret(&self) -> &str {
        &self.secret
    }

    /// Moves the fake clock to the start of the next TOTP step and returns that time.
    pub fn next_step(&mut self) -> u64 {
        self.clock = (self.clock / STEP + 1) * STEP;
        self.clock
    }

    /// The command with this register's environment and `--lang`, no login options.
    pub fn command(&self, at: u64) -> Command {
        let root = self.root();
        let mut command = Command::new(env!("CARGO_BIN_EXE_levensregister"));
        command
            .env_clear()
            .env("LEVENSREGISTER_VAULT", self.dir())
            .env("LEVENSREGISTER_KEYCHAIN", "file")
            .env("XDG_CONFIG_HOME", root.join("config"))
            .env("XDG_DATA_HOME", root.join("data"))
            .env("HOME", root.join("home"))
            .env("LANG", "C")
            .env("LEVENSREGISTER_PASSWORD", &self.password)
            .env("LEVENSREGISTER_INSECURE_TEST_KDF", "1")
            .env("LEVENSREGISTER_INSECURE_TEST_CLOCK", at.to_string())
            .arg("--lang")
            .arg(self.lang)
            .stdin(Stdio::null());
        command
    }

    /// The command logged in with a fresh code at the next step.
    pub fn login(&mut self) -> Command {
        let at = self.next_step();
        let mut command = self.command(at);
        command.arg("--code").arg(totp(&self.secret, at));
        command
    }

    /// Runs a command that needs no login (`init`, `sections`, `delete` without `--yes`).
    pub fn run_plain(&self, args: &[&str]) -> Outcome {
        run(self.command(self.clock).args(args))
    }

    /// Runs a command logged in with a fresh code.
    pub fn run(&mut self, args: &[&str]) -> Outcome {
        run(self.login().args(args))
    }

    /// Runs a command at a chosen time, with a chosen code and password.
    pub fn attempt(&self, at: u64, code: &str, password: &str, args: &[&str]) -> Outcome {
        let mut command = self.command(at);
        command
            .env("LEVENSREGISTER_PASSWORD", password)
            .arg("--code")
            .arg(code)
            .args(args);
        run(&mut command)
    }

    /// `add`, asserting success; returns the new item's id.
    pub fn add(&mut self, section: &str, item_type: &str, fields: &[(&str, &str)]) -> String {
        let mut args = vec!["add".to_string(), section.into(), item_type.into()];
        for (field, value) in fields {
            args.push("--set".into());
            args.push(format!("{field}={value}"));
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        self.run(&args).ok().trim().to_string()
    }

    /// `list --json`, asserting success.
    pub fn list_json(&mut self) -> Vec<Value> {
        parse_items(&self.run(&["list", "--json"]).ok())
    }

    /// `shell`, logged in, with standard input and output piped.
    pub fn shell(&mut self) -> Shell {
        let mut child = self
            .login()
            .arg("shell")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start shell");
        let stdin = child.stdin.take();
        let stdout = BufReader::new(child.stdout.take().expect("shell stdout")).lines();
        Shell {
            child,
            stdin,
            stdout,
        }
    }
}

/// A running `shell`.
pub struct Shell {
    /// The process.
    pub child: Child,
    /// Its standard input (`None` once taken or closed).
    pub stdin: Option<ChildStdin>,
    /// Its standard output, line by line.
    pub stdout: Lines<BufReader<ChildStdout>>,
}

impl Shell {
    /// Writes one command line.
    pub fn send(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().expect("shell stdin open");
        writeln!(stdin, "{line}").expect("write to shell");
        stdin.flush().expect("flush shell stdin");
    }

    /// The next line of output.
    pub fn read_line(&mut self) -> String {
        self.stdout
            .next()
            .expect("shell output ended")
            .expect("read shell output")
    }

    /// Closes standard input and waits; returns the exit status, the rest of the output
    /// and standard error.
    pub fn finish(mut self) -> (ExitStatus, String, String) {
        drop(self.stdin.take());
        let rest: Vec<String> = self.stdout.by_ref().map_while(Result::ok).collect();
        let mut stderr = String::new();
        if let Some(mut pipe) = self.child.stderr.take() {
            std::io::Read::read_to_string(&mut pipe, &mut stderr).expect("read shell stderr");
        }
        let status = self.child.wait().expect("wait for shell");
        (status, rest.join("\n"), stderr)
    }
}

/// Runs a prepared command of the binary.
pub fn run(command: &mut Command) -> Outcome {
    Outcome::from_output(command.output().expect("run levensregister"))
}

/// The 6-digit code for `at` by `oathtool`, the independent implementation.
pub fn totp(secret: &str, at: u64) -> String {
    let output = Command::new("oathtool")
        .args(["--totp", "-b", "-N", &format!("@{at}"), secret])
        .output()
        .expect("oathtool is installed (apt install oathtool)");
    assert!(output.status.success(), "oathtool failed: {output:?}");
    let code = String::from_utf8_lossy(&output.stdout).trim().to_string();
    assert!(code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()));
    code
}

/// The `secret=` of the `otpauth://` line `init` prints.
fn authenticator_secret(init_stdout: &str) -> String {
    let uri = init_stdout
        .lines()
        .find(|line| line.starts_with("otpauth://totp/"))
        .unwrap_or_else(|| panic!("init printed no otpauth:// line:\n{init_stdout}"));
    let query = uri.split_once('?').map_or("", |(_, q)| q);
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("secret="))
        .expect("the URI carries secret=")
        .to_string()
}

/// The Secret Key line `init` prints (`XXXX-XXXX-…`, 7 groups of 4).
pub fn secret_key(init_stdout: &str) -> String {
    init_stdout
        .lines()
        .find(|line| {
            line.len() == 34
                && line.split('-').all(|group| {
                    group.len() == 4 && group.bytes().all(|b| b.is_ascii_alphanumeric())
                })
        })
        .unwrap_or_else(|| panic!("init printed no Secret Key:\n{init_stdout}"))
        .to_string()
}

/// A JSON array of items, as `list --json` and `search --json` print it.
pub fn parse_items(stdout: &str) -> Vec<Value> {
    match serde_json::from_str(stdout) {
        Ok(Value::Array(items)) => items,
        other => panic!("not a JSON array of items ({other:?}):\n{stdout}"),
    }
}

/// The ids of items.
pub fn ids(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|item| item["id"].as_str().expect("an id").to_string())
        .collect()
}

/// Every file under `root`, recursively.
pub fn files_under(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.map_while(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}
