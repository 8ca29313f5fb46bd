//! The command line's grammar (clap).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Levensregister: what your next of kin need to know, encrypted on your own computer.
#[derive(Debug, Parser)]
#[command(
    name = "levensregister",
    version,
    about,
    disable_help_subcommand = true
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Clone, Args)]
pub struct Global {
    /// The register's folder (default: a profile folder in your data directory).
    #[arg(long, global = true, env = "LEVENSREGISTER_VAULT", value_name = "DIR")]
    pub vault: Option<PathBuf>,
    /// Language of messages: nl or en (default: from your locale).
    #[arg(long, global = true, value_name = "nl|en")]
    pub lang: Option<String>,
    /// Read the password from this file (first line) instead of a prompt or
    /// LEVENSREGISTER_PASSWORD.
    #[arg(long, global = true, value_name = "FILE")]
    pub password_file: Option<PathBuf>,
    /// The 6-digit authenticator code (prompted for on a terminal). Also read from
    /// LEVENSREGISTER_CODE, so it need not appear in the process list.
    #[arg(
        long,
        global = true,
        value_name = "NNNNNN",
        env = "LEVENSREGISTER_CODE",
        hide_env_values = true
    )]
    pub code: Option<String>,
    /// The Secret Key from the Emergency Kit, on a machine that does not know it yet.
    #[arg(long, global = true, value_name = "FILE")]
    pub secret_key_file: Option<PathBuf>,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new register.
    Init(InitArgs),
    /// Confirm the authenticator with its first code (completes creation).
    Verify,
    /// The sections, item types and fields of the register (no login needed).
    Sections {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    #[command(flatten)]
    Work(WorkCommand),
    /// After one login, read commands from standard input, one per line.
    Shell,
    /// Change the password (new one from LEVENSREGISTER_NEW_PASSWORD or a prompt).
    Passwd,
    /// Delete the register, its key slots and its Secret Key on this machine.
    Delete {
        /// Confirm that everything is to be deleted.
        #[arg(long)]
        yes: bool,
    },
    /// Write a report as PDF (NOT encrypted): full, emergency, section, contacts,
    /// financial or funeral. The report's language is --lang.
    Report(ReportArgs),
    /// Write the blank access-code sheet as PDF (no register or login needed).
    AccessSheet {
        /// Where to write the PDF.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Write your Emergency Kit as PDF: the Secret Key and the recovery phrase that
    /// open the register without the password (made the first time).
    EmergencyKit {
        /// Where to write the PDF.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Shares of the register for trusted persons (SLIP-39, k of n).
    #[command(subcommand)]
    Shares(SharesCommand),
    /// Write the encrypted file for trusted persons, opened with the current share set.
    Export {
        /// Include what is visible on incapacity, or also after death.
        #[arg(long, value_parser = ["incapacity", "death"], value_name = "incapacity|death")]
        visibility: String,
        /// Where to write the file (a tar archive).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Open a register you received, with k shares (no login of your own).
    OpenExport(OpenExportArgs),
    /// Forgot your password: open the register with the Emergency Kit's phrase or k
    /// shares and set a new password (LEVENSREGISTER_NEW_PASSWORD or a prompt).
    Recover {
        #[command(flatten)]
        shares: ShareSources,
        /// Also set up a new authenticator (phone lost); prints its otpauth:// link.
        #[arg(long)]
        new_authenticator: bool,
    },
    /// Measure unlock, save, list and search times (creates a temporary register).
    Bench {
        /// Number of items to fill the register with.
        #[arg(long, default_value_t = 10_000)]
        items: usize,
    },
}

/// Commands that work inside an open register (also available in `shell`).
#[derive(Debug, Subcommand)]
pub enum WorkCommand {
    /// Add an item; prints its id.
    Add {
        /// Section, e.g. finance.
        section: String,
        /// Item type, e.g. bank_account.
        item_type: String,
        /// A field value: field=value (repeatable).
        #[arg(long = "set", value_name = "FIELD=VALUE")]
        set: Vec<String>,
        /// now, incapacity or death.
        #[arg(long, default_value = "now")]
        visibility: String,
    },
    /// Change an item's fields (an empty value clears a field) or visibility.
    Edit {
        /// The item's id.
        id: String,
        /// A field value: field=value (repeatable).
        #[arg(long = "set", value_name = "FIELD=VALUE")]
        set: Vec<String>,
        /// now, incapacity or death.
        #[arg(long)]
        visibility: Option<String>,
    },
    /// Remove an item.
    Remove {
        /// The item's id.
        id: String,
    },
    /// List items, all or of one section.
    List {
        /// Only this section.
        section: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show one item.
    Show {
        /// The item's id.
        id: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Search every field of every item (case and accents ignored).
    Search {
        /// Words to find.
        text: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Mark a section as reviewed today.
    Review {
        /// The section.
        section: String,
    },
    /// Completeness and review dates per section.
    Status {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Write the whole register as JSON (unencrypted!) to a file.
    ExportJson {
        /// Where to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Import a JSON export: everything is checked first; on any error nothing changes.
    Import {
        /// The JSON file.
        file: PathBuf,
    },
}

/// Options of `report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Which report.
    #[arg(value_parser = ["full", "emergency", "section", "contacts", "financial", "funeral"])]
    pub kind: String,
    /// The section, for `section` (e.g. finance).
    #[arg(long)]
    pub section: Option<String>,
    /// Include what is visible now, on incapacity, or after death (everything).
    #[arg(long, default_value = "death", value_name = "now|incapacity|death")]
    pub visibility: String,
    /// Where to write the PDF.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

/// Options of `init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The register's name (default: the folder's name).
    #[arg(long)]
    pub name: Option<String>,
    /// Argon2id memory in MiB (default: calibrated to about 0.5-1 s here; at least 64).
    #[arg(long, value_name = "MIB")]
    pub kdf_memory: Option<u32>,
    /// Argon2id iterations (at least 3).
    #[arg(long, value_name = "N")]
    pub kdf_iterations: Option<u32>,
    /// Argon2id parallelism (at least 4).
    #[arg(long, value_name = "P")]
    pub kdf_parallelism: Option<u32>,
}

/// One line of `shell`: the work commands without the login options.
#[derive(Debug, Parser)]
#[command(name = "", no_binary_name = true, disable_help_subcommand = true)]
pub struct ShellLine {
    #[command(subcommand)]
    pub command: WorkCommand,
}

/// `shares …`.
#[derive(Debug, Subcommand)]
pub enum SharesCommand {
    /// Make a new share set: one share per holder, any --threshold of them open the
    /// register. Replaces the previous set (its sheets stop working): needs --replace.
    Create {
        /// How many shares are needed (2 to the number of holders).
        #[arg(long, value_name = "K")]
        threshold: u8,
        /// A trusted person who gets a share (repeat: 2 to 16).
        #[arg(long = "holder", value_name = "NAME", required = true)]
        holders: Vec<String>,
        /// Where to write share-<i>-<name>.txt and .pdf for each holder.
        #[arg(long, value_name = "DIR")]
        out_dir: PathBuf,
        /// Print the other holders' names on each sheet.
        #[arg(long)]
        name_others: bool,
        /// Confirm that the previous share set stops working.
        #[arg(long)]
        replace: bool,
    },
    /// The current share set: its number, k of n and the holders.
    Status,
}

/// Where shares come from: text files with a share's words, photos or scans of QR codes.
#[derive(Debug, Clone, Args)]
pub struct ShareSources {
    /// A text file with one share's words (repeatable).
    #[arg(long = "share-file", value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// A PNG or JPEG photo or scan of a share's QR code (repeatable).
    #[arg(long = "share-image", value_name = "FILE")]
    pub images: Vec<PathBuf>,
}

/// `open-export FILE --share-file … ACTION`.
#[derive(Debug, Args)]
pub struct OpenExportArgs {
    /// The file you received.
    pub file: PathBuf,
    #[command(flatten)]
    pub shares: ShareSources,
    #[command(subcommand)]
    pub action: ReceivedCommand,
}

/// What to do with a received register (read-only).
#[derive(Debug, Subcommand)]
pub enum ReceivedCommand {
    /// What the file is and who made it.
    Info,
    /// List items, all or of one section.
    List {
        /// Only this section.
        section: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show one item.
    Show {
        /// The item's id.
        id: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Write a report as PDF (NOT encrypted).
    Report(ReportArgs),
}
