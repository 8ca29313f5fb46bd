//! Each command: log in when it needs the register, call one use case, print.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::PathBuf;

use levensregister_core::vault::{KdfParams, Keychain};
use levensregister_core::{
    ItemChange, Lang, NewItem, SecretWarning, Session, Visibility, create_register,
    default_registers_root,
};

use crate::args::{Cli, Command, Global, InitArgs, WorkCommand};
use crate::failure::Failure;
use crate::{bench, login, output, reports, shell, trusted};

/// Runs one invocation.
pub fn run(cli: Cli, lang: Lang) -> Result<(), Failure> {
    let global = cli.global;
    let fail = |e: levensregister_core::Error| Failure::from_core(&e, lang);
    match cli.command {
        Command::Init(init_args) => init(&global, &init_args, lang),
        Command::Sections { json } => {
            if json {
                let catalogue = levensregister_core::Catalogue::builtin();
                println!(
                    "{}",
                    serde_json::to_string_pretty(catalogue).unwrap_or_default()
                );
            } else {
                print!("{}", output::sections_text(lang));
            }
            Ok(())
        }
        Command::Bench { items } => bench::run(items),
        Command::Report(args) => {
            let request = reports::request(&args, lang)?;
            let mut session = login(&global, lang)?;
            let result = reports::report(&mut session, &request, &args.out, lang);
            session.lock();
            result
        }
        Command::AccessSheet { out } => reports::access_sheet(&out, lang),
        Command::EmergencyKit { out } => {
            let mut session = login(&global, lang)?;
            let result = trusted::emergency_kit(&mut session, &out, lang);
            session.lock();
            result
        }
        Command::Shares(command) => {
            let mut session = login(&global, lang)?;
            let result = trusted::shares(&mut session, command, lang);
            session.lock();
            result
        }
        Command::Export { visibility, out } => {
            let mut session = login(&global, lang)?;
            let result = trusted::export(&mut session, &visibility, &out, lang);
            session.lock();
            result
        }
        Command::OpenExport(args) => trusted::open_export(args, lang),
        Command::Recover {
            shares,
            new_authenticator,
        } => {
            let new_password = login::new_password(&global, lang, false)?;
            trusted::recover(
                &vault_dir(&global),
                &shares,
                new_authenticator,
                &new_password,
                lang,
            )
        }
        Command::Verify => {
            let keychain = Keychain::system();
            let (password, code, typed) = credentials(&global, lang)?;
            let (session, completed) = Session::complete_enrolment(
                &vault_dir(&global),
                &password,
                &code,
                &keychain,
                typed,
            )
            .map_err(fail)?;
            session.lock();
            println!(
                "{}",
                if completed {
                    lang.pick(
                        "De authenticator is ingesteld. Het register is klaar voor gebruik.",
                        "The authenticator is set up. The register is ready.",
                    )
                } else {
                    lang.pick(
                        "Code juist; het register was al ingesteld.",
                        "Code accepted; the register was already set up.",
                    )
                }
            );
            Ok(())
        }
        Command::Work(work) => {
            let mut session = login(&global, lang)?;
            let result = work_command(&mut session, work, lang);
            session.lock();
            result
        }
        Command::Shell => {
            let session = login(&global, lang)?;
            shell::run(session, lang)
        }
        Command::Passwd => {
            let keychain = Keychain::system();
            let mut session = login_with(&global, lang, &keychain)?;
            let new_password = login::new_password(&global, lang, false)?;
            session
                .change_password(&new_password, &keychain)
                .map_err(fail)?;
            println!(
                "{}",
                lang.pick(
                    "Het wachtwoord is veranderd.",
                    "The password has been changed."
                )
            );
            Ok(())
        }
        Command::Delete { yes } => {
            if !yes {
                return Err(Failure {
                    exit_code: 6,
                    message: lang
                        .pick(
                            "verwijderen wist het register en zijn sleutels voorgoed; bevestig met --yes",
                            "deleting erases the register and its keys for good; confirm with --yes",
                        )
                        .into(),
                });
            }
            let keychain = Keychain::system();
            let session = login_with(&global, lang, &keychain)?;
            session.delete(&keychain).map_err(fail)?;
            println!(
                "{}",
                lang.pick(
                    "Het register is verwijderd.",
                    "The register has been deleted."
                )
            );
            Ok(())
        }
    }
}

/// The commands that also run inside `shell`.
pub fn work_command(
    session: &mut Session,
    command: WorkCommand,
    lang: Lang,
) -> Result<(), Failure> {
    let fail = |e: levensregister_core::Error| Failure::from_core(&e, lang);
    match command {
        WorkCommand::Add {
            section,
            item_type,
            set,
            visibility,
        } => {
            let new = NewItem {
                section,
                item_type,
                fields: field_values(&set, lang)?,
                visibility: parse_visibility(&visibility, lang)?,
            };
            let (item, warnings) = session.add_item(&new).map_err(fail)?;
            print_warnings(&warnings, lang);
            println!("{}", item.id);
        }
        WorkCommand::Edit {
            id,
            set,
            visibility,
        } => {
            let visibility = visibility.map(|v| parse_visibility(&v, lang)).transpose()?;
            let change = ItemChange {
                fields: field_values(&set, lang)?,
                visibility,
            };
            let (item, warnings) = session.edit_item(&id, &change).map_err(fail)?;
            print_warnings(&warnings, lang);
            println!("{}", item.id);
        }
        WorkCommand::Remove { id } => {
            let item = session.remove_item(&id).map_err(fail)?;
            println!("{}", item.id);
        }
        WorkCommand::List { section, json } => {
            let items = session.items(section.as_deref()).map_err(fail)?;
            print_items(&items, json, lang);
        }
        WorkCommand::Show { id, json } => {
            let item = session.item(&id).map_err(fail)?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&item).unwrap_or_default()
                );
            } else {
                print!("{}", output::item_text(&item, lang));
            }
        }
        WorkCommand::Search { text, json } => {
            let items = session.search(&text).map_err(fail)?;
            print_items(&items, json, lang);
        }
        WorkCommand::Status { json } => {
            let statuses = session.section_statuses().map_err(fail)?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&statuses).unwrap_or_default()
                );
            } else {
                print!("{}", output::statuses_text(&statuses, lang));
            }
        }
        WorkCommand::Review { section } => {
            session.mark_reviewed(&section).map_err(fail)?;
            println!(
                "{}",
                lang.pick("Gemarkeerd als nagekeken.", "Marked as reviewed.")
            );
        }
        WorkCommand::ExportJson { out } => {
            let document = session.export().map_err(fail)?;
            let json = serde_json::to_vec_pretty(&document).unwrap_or_default();
            write_private_output(&out, &json, lang)?;
            eprintln!(
                "{}",
                lang.pick(
                    "Let op: dit bestand is NIET versleuteld. Bewaar het veilig en verwijder het als u het niet meer nodig hebt.",
                    "Note: this file is NOT encrypted. Keep it safe and delete it when you no longer need it.",
                )
            );
        }
        WorkCommand::Import { file } => {
            let json = std::fs::read_to_string(&file).map_err(|e| Failure::file(&file, &e))?;
            let summary = session.import(&json).map_err(fail)?;
            println!("{}", serde_json::to_string(&summary).unwrap_or_default());
        }
    }
    Ok(())
}

fn init(global: &Global, args: &InitArgs, lang: Lang) -> Result<(), Failure> {
    let dir = vault_dir(global);
    let name = args.name.clone().unwrap_or_else(|| {
        dir.file_name().map_or_else(
            || "Levensregister".into(),
            |n| n.to_string_lossy().into_owned(),
        )
    });
    let kdf = kdf_params(args, lang)?;
    if levensregister_core::vault::holds_register(&dir) {
        let exists = levensregister_core::vault::Error::AlreadyExists(dir.display().to_string());
        return Err(Failure::vault(lang)(exists));
    }
    let password = login::new_password(global, lang, true)?;
    let keychain = Keychain::system();
    if kdf.is_none() {
        eprintln!(
            "{}",
            lang.pick(
                "Sleutelafleiding afstemmen op deze computer…",
                "Tuning key derivation to this computer…"
            )
        );
    }
    let (_, enrolment) = create_register(&dir, &name, &password, kdf, &keychain)
        .map_err(|e| Failure::from_core(&e, lang))?;
    let uri = enrolment.totp.uri(&name).map_err(Failure::vault(lang))?;
    println!(
        "{} {}",
        lang.pick("Register gemaakt in", "Register created in"),
        dir.display()
    );
    println!();
    println!(
        "{}",
        lang.pick(
            "Geheime sleutel (schrijf hem over op uw noodkaart):",
            "Secret Key (copy it onto your Emergency Kit):"
        )
    );
    println!("{}", enrolment.secret_key.display().as_str());
    println!();
    println!(
        "{}",
        lang.pick(
            "Authenticator-link (voor Google Authenticator):",
            "Authenticator link (for Google Authenticator):"
        )
    );
    println!("{}", uri.as_str());
    println!(
        "{} {}",
        lang.pick("Of typ deze code over:", "Or type this key:"),
        enrolment.totp.base32_grouped().as_str()
    );
    if std::io::stdout().is_terminal()
        && let Ok(qr) = qrcode::QrCode::new(uri.as_bytes())
    {
        let picture = qr
            .render::<qrcode::render::unicode::Dense1x2>()
            .quiet_zone(true)
            .build();
        println!("{picture}");
    }
    println!();
    println!(
        "{}",
        lang.pick(
            "Scan de QR-code met Google Authenticator en bevestig daarna met: levensregister verify --code NNNNNN",
            "Scan the QR code with Google Authenticator, then confirm with: levensregister verify --code NNNNNN",
        )
    );
    if let Some(notice) = keychain.file_notice(lang == Lang::Nl) {
        eprintln!("{notice}");
    }
    Ok(())
}

/// The Argon2id cost an expert chose, or `None` to calibrate (the floor holds either way).
fn kdf_params(args: &InitArgs, lang: Lang) -> Result<Option<KdfParams>, Failure> {
    if args.kdf_memory.is_none() && args.kdf_iterations.is_none() && args.kdf_parallelism.is_none()
    {
        return Ok(None);
    }
    let floor = KdfParams::FLOOR;
    let params = KdfParams {
        memory_kib: args
            .kdf_memory
            .map_or(floor.memory_kib, |mib| mib.saturating_mul(1024)),
        iterations: args.kdf_iterations.unwrap_or(floor.iterations),
        parallelism: args.kdf_parallelism.unwrap_or(floor.parallelism),
    };
    params
        .check()
        .map(Some)
        .map_err(|e| Failure::from_core(&e.into(), lang))
}

fn login(global: &Global, lang: Lang) -> Result<Session, Failure> {
    login_with(global, lang, &Keychain::system())
}

fn login_with(global: &Global, lang: Lang, keychain: &Keychain) -> Result<Session, Failure> {
    let dir = vault_dir(global);
    let (password, code, typed) = credentials(global, lang)?;
    match Session::unlock(&dir, &password, &code, keychain, typed) {
        Err(levensregister_core::Error::Vault(
            levensregister_core::vault::Error::SecretKeyNeeded,
        )) => {
            let typed = login::prompt_secret_key(lang)?;
            if typed.is_none() {
                return Err(Failure::from_core(
                    &levensregister_core::vault::Error::SecretKeyNeeded.into(),
                    lang,
                ));
            }
            Session::unlock(&dir, &password, &code, keychain, typed)
                .map_err(|e| Failure::from_core(&e, lang))
        }
        other => other.map_err(|e| Failure::from_core(&e, lang)),
    }
}

type Credentials = (
    secrecy::SecretString,
    zeroize::Zeroizing<String>,
    Option<levensregister_core::vault::SecretKey>,
);

fn credentials(global: &Global, lang: Lang) -> Result<Credentials, Failure> {
    let typed = login::typed_secret_key(global, lang)?;
    let password = login::password(global, lang)?;
    let code = login::code(global, lang)?;
    Ok((password, code, typed))
}

/// `--vault`, `LEVENSREGISTER_VAULT`, or the default profile folder.
pub fn vault_dir(global: &Global) -> PathBuf {
    global
        .vault
        .clone()
        .unwrap_or_else(|| default_registers_root().join("default"))
}

fn field_values(set: &[String], lang: Lang) -> Result<BTreeMap<String, String>, Failure> {
    let mut fields = BTreeMap::new();
    for pair in set {
        let Some((field, value)) = pair.split_once('=') else {
            return Err(Failure::usage(match lang {
                Lang::Nl => format!("--set verwacht veld=waarde, niet '{pair}'"),
                Lang::En => format!("--set takes field=value, not '{pair}'"),
            }));
        };
        fields.insert(field.trim().to_string(), value.to_string());
    }
    Ok(fields)
}

fn parse_visibility(text: &str, lang: Lang) -> Result<Visibility, Failure> {
    Visibility::parse(text).ok_or_else(|| {
        Failure::usage(lang.pick(
            "zichtbaarheid is now, incapacity of death",
            "visibility is now, incapacity or death",
        ))
    })
}

fn print_items(items: &[levensregister_core::Item], json: bool, lang: Lang) {
    if json {
        println!("{}", output::items_json(items));
    } else {
        print!("{}", output::items_text(items, lang));
    }
}

fn print_warnings(warnings: &[SecretWarning], lang: Lang) {
    for warning in warnings {
        eprintln!(
            "{} {}",
            lang.pick("Waarschuwing:", "Warning:"),
            warning.message(lang)
        );
    }
}

/// Writes an export or report the user asked for: atomically and readable by the owner
/// only (0600), also when the file existed with other permissions; a symlink at `path`
/// is replaced, not followed.
pub fn write_private_output(
    path: &std::path::Path,
    bytes: &[u8],
    lang: Lang,
) -> Result<(), Failure> {
    levensregister_core::vault::write_private_file(path, bytes).map_err(|e| match e {
        levensregister_core::vault::Error::Io { source, .. } => Failure::file(path, &source),
        other => Failure::vault(lang)(other),
    })
}
