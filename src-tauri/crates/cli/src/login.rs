//! Where the password, the code and the Secret Key come from: a prompt on a terminal,
//! else the environment or a file. Nothing secret is ever echoed or logged.

use std::io::IsTerminal;
use std::path::Path;

use levensregister_core::vault::SecretKey;
use levensregister_core::{Lang, vault};
use secrecy::SecretString;
use zeroize::Zeroizing;

use crate::args::Global;
use crate::failure::Failure;

/// The password: `--password-file`, else `LEVENSREGISTER_PASSWORD`, else a prompt.
pub fn password(global: &Global, lang: Lang) -> Result<SecretString, Failure> {
    secret_input(
        global.password_file.as_deref(),
        "LEVENSREGISTER_PASSWORD",
        lang.pick("Wachtwoord: ", "Password: "),
        lang,
    )
}

/// A new password (for `init` and `passwd`): `LEVENSREGISTER_NEW_PASSWORD` (or for
/// `init` the usual sources), else a prompt asked twice.
pub fn new_password(global: &Global, lang: Lang, for_init: bool) -> Result<SecretString, Failure> {
    if let Ok(value) = std::env::var("LEVENSREGISTER_NEW_PASSWORD") {
        return Ok(SecretString::from(value));
    }
    if for_init
        && (global.password_file.is_some() || std::env::var_os("LEVENSREGISTER_PASSWORD").is_some())
    {
        return password(global, lang);
    }
    if !std::io::stdin().is_terminal() {
        return Err(Failure::usage(lang.pick(
            "geen nieuw wachtwoord: zet LEVENSREGISTER_NEW_PASSWORD of gebruik een terminal",
            "no new password: set LEVENSREGISTER_NEW_PASSWORD or use a terminal",
        )));
    }
    let first = prompt(lang.pick("Nieuw wachtwoord: ", "New password: "))?;
    let second = prompt(lang.pick("Nogmaals: ", "Again: "))?;
    if first.as_str() != second.as_str() {
        return Err(Failure::usage(lang.pick(
            "de twee wachtwoorden zijn niet gelijk",
            "the two passwords differ",
        )));
    }
    Ok(SecretString::from(first.to_string()))
}

/// The authenticator code: `--code`, else a prompt.
pub fn code(global: &Global, lang: Lang) -> Result<Zeroizing<String>, Failure> {
    if let Some(code) = &global.code {
        return Ok(Zeroizing::new(code.clone()));
    }
    if !std::io::stdin().is_terminal() {
        return Err(Failure::usage(lang.pick(
            "geen code: geef --code NNNNNN (de 6 cijfers uit de authenticator)",
            "no code: pass --code NNNNNN (the 6 digits from the authenticator)",
        )));
    }
    eprint!(
        "{}",
        lang.pick(
            "Code uit de authenticator: ",
            "Code from the authenticator: "
        )
    );
    let mut line = Zeroizing::new(String::new());
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| Failure::io(&e))?;
    Ok(Zeroizing::new(line.trim().to_string()))
}

/// The Secret Key typed from the Emergency Kit, when `--secret-key-file` is given.
pub fn typed_secret_key(global: &Global, lang: Lang) -> Result<Option<SecretKey>, Failure> {
    let Some(path) = &global.secret_key_file else {
        return Ok(None);
    };
    let text = read_first_line(path, lang)?;
    Ok(Some(SecretKey::parse(&text).map_err(Failure::vault(lang))?))
}

/// On a terminal, asks for the Secret Key when this machine does not know it.
pub fn prompt_secret_key(lang: Lang) -> Result<Option<SecretKey>, Failure> {
    if !std::io::stdin().is_terminal() {
        return Ok(None);
    }
    let typed = prompt(lang.pick(
        "Geheime sleutel (van de noodkaart): ",
        "Secret Key (from the Emergency Kit): ",
    ))?;
    Ok(Some(
        SecretKey::parse(&typed).map_err(Failure::vault(lang))?,
    ))
}

fn secret_input(
    file: Option<&Path>,
    env: &str,
    label: &str,
    lang: Lang,
) -> Result<SecretString, Failure> {
    if let Some(path) = file {
        return Ok(SecretString::from(read_first_line(path, lang)?.to_string()));
    }
    if let Ok(value) = std::env::var(env) {
        return Ok(SecretString::from(value));
    }
    if std::io::stdin().is_terminal() {
        return Ok(SecretString::from(prompt(label)?.to_string()));
    }
    Err(Failure::usage(match lang {
        Lang::Nl => format!("geen wachtwoord: gebruik een terminal, {env} of --password-file"),
        Lang::En => format!("no password: use a terminal, {env} or --password-file"),
    }))
}

fn prompt(label: &str) -> Result<Zeroizing<String>, Failure> {
    rpassword::prompt_password(label)
        .map(Zeroizing::new)
        .map_err(|e| Failure::io(&e))
}

fn read_first_line(path: &Path, lang: Lang) -> Result<Zeroizing<String>, Failure> {
    let text = Zeroizing::new(std::fs::read_to_string(path).map_err(|e| {
        Failure::vault(lang)(vault::Error::Io {
            context: format!("reading {}", path.display()),
            source: e,
        })
    })?);
    Ok(Zeroizing::new(
        text.lines()
            .next()
            .unwrap_or("")
            .trim_end_matches('\r')
            .to_string(),
    ))
}
