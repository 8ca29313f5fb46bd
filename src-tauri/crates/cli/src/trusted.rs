//! The trusted-persons commands: `emergency-kit`, `shares`, `export`, `open-export`
//! and `recover`. Core decides and words everything; this file reads the shares the
//! user hands in, renders the sheets and writes the files (owner-only, atomically).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use levensregister_core::vault::Keychain;
use levensregister_core::{
    Lang, ReceivedRegister, Session, ShareSet, VisibilityFilter, emergency_kit_data,
    recover_register, share_sheet_file_stem, share_sheets_data, shares_in_image,
};
use levensregister_report::{Sheet, render_sheet};
use zeroize::Zeroizing;

use crate::args::{OpenExportArgs, ReceivedCommand, ShareSources, SharesCommand};
use crate::commands::write_private_output;
use crate::failure::Failure;
use crate::{output, reports};

/// `emergency-kit --out F`.
pub fn emergency_kit(session: &mut Session, out: &Path, lang: Lang) -> Result<(), Failure> {
    let fail = |e: levensregister_core::Error| Failure::from_core(&e, lang);
    let kit = session.emergency_kit().map_err(fail)?;
    let data = emergency_kit_data(&kit, lang, reports::today()).map_err(fail)?;
    let pdf = render_sheet(Sheet::EmergencyKit, &data).map_err(render_failure)?;
    write_private_output(out, &pdf, lang)?;
    eprintln!(
        "{}",
        lang.pick(
            "Print de noodset en bewaar hem op een veilige plek. Verwijder daarna de PDF: met de woorden alleen opent iemand uw register.",
            "Print the Emergency Kit and keep it somewhere safe. Then delete the PDF: the words alone open your register.",
        )
    );
    Ok(())
}

/// `shares create …` and `shares status`.
pub fn shares(session: &mut Session, command: SharesCommand, lang: Lang) -> Result<(), Failure> {
    let fail = |e: levensregister_core::Error| Failure::from_core(&e, lang);
    match command {
        SharesCommand::Status => {
            match session.share_set().map_err(fail)? {
                Some(set) => println!(
                    "{} {}: {} {} {} ({}) — {}",
                    lang.pick("Set", "Set"),
                    set.set_id,
                    set.threshold,
                    lang.pick("van", "of"),
                    set.holders.len(),
                    set.holders.join(", "),
                    set.created
                ),
                None => println!(
                    "{}",
                    lang.pick("Nog geen deelsleutels gemaakt.", "No shares made yet.")
                ),
            }
            Ok(())
        }
        SharesCommand::Create {
            threshold,
            holders,
            out_dir,
            name_others,
            replace,
        } => {
            if let Some(current) = session.share_set().map_err(fail)?
                && !replace
            {
                return Err(Failure {
                    exit_code: 6,
                    message: match lang {
                        Lang::Nl => format!(
                            "er is al een set deelsleutels (set {}, {} van {}); een nieuwe set maakt die bladen ongeldig. Bevestig met --replace",
                            current.set_id,
                            current.threshold,
                            current.holders.len()
                        ),
                        Lang::En => format!(
                            "a share set exists (set {}, {} of {}); a new set makes those sheets stop working. Confirm with --replace",
                            current.set_id,
                            current.threshold,
                            current.holders.len()
                        ),
                    },
                });
            }
            std::fs::create_dir_all(&out_dir).map_err(|e| Failure::file(&out_dir, &e))?;
            // The old set keeps working until every sheet of the new one is written.
            let prepared = session
                .prepare_share_set(&holders, threshold)
                .map_err(fail)?;
            let set = &prepared.set;
            let written = write_sheets(session, set, &out_dir, name_others, lang)?;
            if let Err(error) = session.commit_share_set(&prepared) {
                // Sheets of a set that never came into force would only confuse; when
                // that is decided at the next open, they are kept.
                if !error.is_unsettled() {
                    remove_files(&written);
                }
                return Err(fail(error));
            }
            println!(
                "{}",
                match lang {
                    Lang::Nl => format!(
                        "Set {} gemaakt: {} deelsleutels, {} nodig. Geef ieder zijn blad en verwijder daarna de bestanden in {}.",
                        set.set_id,
                        set.shares.len(),
                        set.threshold,
                        out_dir.display()
                    ),
                    Lang::En => format!(
                        "Set {} made: {} shares, {} needed. Give each person their sheet, then delete the files in {}.",
                        set.set_id,
                        set.shares.len(),
                        set.threshold,
                        out_dir.display()
                    ),
                }
            );
            Ok(())
        }
    }
}

/// `D/share-<i>-<name>.txt` (the words on one line) and `.pdf` (the sheet) per holder.
fn write_sheets(
    session: &mut Session,
    set: &ShareSet,
    out_dir: &Path,
    name_others: bool,
    lang: Lang,
) -> Result<Vec<PathBuf>, Failure> {
    let fail = |e: levensregister_core::Error| Failure::from_core(&e, lang);
    let profile = session.vault().profile().clone();
    let sheets = share_sheets_data(
        set,
        &profile.name,
        &profile.id,
        name_others,
        lang,
        reports::today(),
    )
    .map_err(fail)?;
    let mut files = Vec::new();
    let mut written = Vec::new();
    for (share, data) in set.shares.iter().zip(&sheets) {
        let stem = share_sheet_file_stem(share.number, &share.holder);
        // The words are in both files: zeroized once written.
        let text = Zeroizing::new(format!("{}\n", share.words.as_str()).into_bytes());
        let pdf = Zeroizing::new(render_sheet(Sheet::ShareSheet, data).map_err(render_failure)?);
        files.push((out_dir.join(format!("{stem}.txt")), text));
        files.push((out_dir.join(format!("{stem}.pdf")), pdf));
    }
    for (path, bytes) in &files {
        if let Err(failure) = write_private_output(path, bytes, lang) {
            // Sheets of a set that never came into force would only confuse.
            remove_files(&written);
            return Err(failure);
        }
        written.push(path.clone());
    }
    Ok(written)
}

/// Removes files written for a share set that did not come into force (best effort).
fn remove_files(paths: &[PathBuf]) {
    for path in paths {
        let _ = std::fs::remove_file(path);
    }
}

/// `export --visibility … --out F`.
pub fn export(
    session: &mut Session,
    visibility: &str,
    out: &Path,
    lang: Lang,
) -> Result<(), Failure> {
    let filter = VisibilityFilter::parse(visibility)
        .ok_or_else(|| Failure::usage("--visibility is incapacity or death"))?;
    let summary = session
        .export_for_trusted(filter, out)
        .map_err(|e| Failure::from_core(&e, lang))?;
    println!(
        "{}",
        match lang {
            Lang::Nl => format!(
                "{} gegevens versleuteld in {}; te openen met {} van de {} deelsleutels van set {}.",
                summary.items,
                out.display(),
                summary.threshold,
                summary.count,
                summary.set_id
            ),
            Lang::En => format!(
                "{} items encrypted in {}; opened with {} of the {} shares of set {}.",
                summary.items,
                out.display(),
                summary.threshold,
                summary.count,
                summary.set_id
            ),
        }
    );
    Ok(())
}

/// `open-export F --share-file … ACTION`.
pub fn open_export(args: OpenExportArgs, lang: Lang) -> Result<(), Failure> {
    let fail = |e: levensregister_core::Error| Failure::from_core(&e, lang);
    let texts = share_texts(&args.shares, lang)?;
    let mut received = ReceivedRegister::open(&args.file, &texts).map_err(fail)?;
    match args.action {
        ReceivedCommand::Info => {
            let header = received.header();
            println!(
                "{}: {}\n{}: {}\n{}: {} ({} {})\n{}: {}",
                lang.pick("Register", "Register"),
                header.register,
                lang.pick("Gemaakt op", "Made on"),
                header.made,
                lang.pick("Gegevens", "Items"),
                header.items,
                lang.pick("zichtbaarheid", "visibility"),
                header.visibility,
                lang.pick("Set deelsleutels", "Share set"),
                header.share_set
            );
        }
        ReceivedCommand::List { section, json } => {
            let items = received.items(section.as_deref()).map_err(fail)?;
            if json {
                println!("{}", output::items_json(&items));
            } else {
                print!("{}", output::items_text(&items, lang));
            }
        }
        ReceivedCommand::Show { id, json } => {
            let item = received.item(&id).map_err(fail)?;
            if json {
                println!("{}", output::items_json(std::slice::from_ref(&item)));
            } else {
                print!("{}", output::item_text(&item, lang));
            }
        }
        ReceivedCommand::Report(report) => {
            let request = reports::request(&report, lang)?;
            let data = received
                .report_data(&request, reports::today())
                .map_err(fail)?;
            reports::render_and_write(request.kind, &data, &report.out, lang)?;
        }
    }
    Ok(())
}

/// `recover --share-file … [--new-authenticator]`.
pub fn recover(
    dir: &Path,
    sources: &ShareSources,
    new_authenticator: bool,
    new_password: &secrecy::SecretString,
    lang: Lang,
) -> Result<(), Failure> {
    let texts = share_texts(sources, lang)?;
    let keychain = Keychain::system();
    let recovery = recover_register(dir, &texts, new_password, &keychain, new_authenticator)
        .map_err(|e| Failure::from_core(&e, lang))?;
    println!(
        "{}",
        lang.pick(
            "Het nieuwe wachtwoord is ingesteld; het oude werkt niet meer.",
            "The new password is set; the old one no longer works.",
        )
    );
    if let Some(key) = &recovery.new_secret_key {
        println!(
            "{} {}",
            lang.pick(
                "Deze computer kende de geheime sleutel niet; dit is de nieuwe (maak een nieuwe noodset):",
                "This computer did not know the Secret Key; this is the new one (make a new Emergency Kit):",
            ),
            key.display().as_str()
        );
    }
    if let Some(totp) = &recovery.new_authenticator {
        let name = recovery.vault.profile().name.clone();
        let uri = totp
            .uri(&name)
            .map_err(|e| Failure::from_core(&e.into(), lang))?;
        println!(
            "{}\n{}",
            lang.pick(
                "Nieuwe authenticator: voeg deze link toe aan uw app en bevestig met `levensregister verify`:",
                "New authenticator: add this link to your app, then confirm with `levensregister verify`:",
            ),
            uri.as_str()
        );
    }
    recovery.vault.lock();
    Ok(())
}

/// The share texts from files and images, or typed at a prompt when none are given.
fn share_texts(sources: &ShareSources, lang: Lang) -> Result<Vec<Zeroizing<String>>, Failure> {
    let mut texts = Vec::new();
    for file in &sources.files {
        let text = std::fs::read_to_string(file).map_err(|e| Failure::file(file, &e))?;
        texts.push(Zeroizing::new(text));
    }
    for image in &sources.images {
        let found = shares_in_image(image).map_err(|e| Failure::from_core(&e, lang))?;
        texts.extend(found.into_iter().map(Zeroizing::new));
    }
    if texts.is_empty() {
        texts = prompt_shares(lang)?;
    }
    Ok(texts)
}

fn prompt_shares(lang: Lang) -> Result<Vec<Zeroizing<String>>, Failure> {
    if !std::io::stdin().is_terminal() {
        return Err(Failure::usage(lang.pick(
            "geen deelsleutels: gebruik --share-file of --share-image",
            "no shares: use --share-file or --share-image",
        )));
    }
    eprintln!(
        "{}",
        lang.pick(
            "Typ de woorden van elke deelsleutel op één regel (de eerste vier letters zijn genoeg). Een lege regel sluit af.",
            "Type the words of each share on one line (the first four letters are enough). An empty line ends.",
        )
    );
    let mut texts = Vec::new();
    loop {
        let mut line = Zeroizing::new(String::new());
        let read = std::io::stdin()
            .read_line(&mut line)
            .map_err(|e| Failure::io(&e))?;
        if read == 0 || line.trim().is_empty() {
            break;
        }
        texts.push(line);
    }
    Ok(texts)
}

fn render_failure(error: levensregister_report::ReportError) -> Failure {
    Failure {
        exit_code: 1,
        message: error.to_string(),
    }
}
