//! A real register (SQLCipher file, cheap Argon2, in-memory keychain) with items in
//! every section, and the report data core prepares from it.
#![allow(clippy::unwrap_used, dead_code)] // a failed unwrap is a failed test or bench

use levensregister_core::vault::{self, Keychain};
use levensregister_core::{
    App, Lang, NewItem, ReportKind, ReportRequest, Visibility, VisibilityFilter,
};
use secrecy::SecretString;

/// The date every fixture report is made on.
pub const TODAY: time::Date = time::macros::date!(2025 - 03 - 01);
/// The register's name.
pub const NAME: &str = "Familie de Vries";
const START: u64 = 1_900_000_000;

/// One item per line: section, type, visibility, fields. `{n}` is replaced by the
/// copy number (empty for the first copy); `{person}` by the first trusted person.
/// Section, item type, visibility and field values of one fixture item.
type Entry = (
    &'static str,
    &'static str,
    Visibility,
    &'static [(&'static str, &'static str)],
);

const ITEMS: &[Entry] = &[
    (
        "trusted_persons",
        "person",
        Visibility::Now,
        &[
            ("name", "Anna Jansen{n}"),
            ("role", "executor"),
            ("phone", "06 12345678"),
            ("email", "anna@example.nl"),
        ],
    ),
    (
        "personal",
        "person",
        Visibility::Now,
        &[
            ("full_name", "Johanna de Vries{n}"),
            ("date_of_birth", "1948-05-12"),
            ("place_of_birth", "Utrecht"),
            ("marital_status", "widowed"),
        ],
    ),
    (
        "personal",
        "address",
        Visibility::Now,
        &[
            ("street", "Lindelaan 4{n}"),
            ("postcode", "3581 AB"),
            ("city", "Utrecht"),
        ],
    ),
    (
        "legal",
        "testament",
        Visibility::Now,
        &[
            ("has_testament", "yes"),
            ("notary", "Notariaat Bakker{n}"),
            ("executor", "{person}"),
            ("original_location", "Kluis bij de notaris"),
        ],
    ),
    (
        "medical",
        "gp",
        Visibility::Now,
        &[("name", "Dokter Pietersen{n}"), ("phone", "030 2345678")],
    ),
    (
        "medical",
        "euthanasia_declaration",
        Visibility::Incapacity,
        &[
            ("date", "2020-02-01"),
            ("discussed_with_gp", "yes"),
            ("where_kept", "Map in de kast"),
        ],
    ),
    (
        "funeral",
        "funeral_wishes",
        Visibility::Death,
        &[
            ("burial_or_cremation", "cremation"),
            ("place", "Crematorium Daelwijck{n}"),
            ("music", "Bach, Air"),
        ],
    ),
    (
        "finance",
        "bank_account",
        Visibility::Incapacity,
        &[
            ("bank", "ING{n}"),
            ("iban", "NL91ABNA0417164300"),
            ("purpose", "Vaste lasten"),
        ],
    ),
    (
        "finance",
        "mortgage",
        Visibility::Death,
        &[
            ("lender", "Rabobank{n}"),
            ("amount", "EUR 185000.00"),
            ("loan_number", "H-889"),
        ],
    ),
    (
        "insurance",
        "policy",
        Visibility::Now,
        &[
            ("kind", "home_contents"),
            ("provider", "Centraal Beheer{n}"),
            ("premium", "EUR 23.45"),
            ("policy_number", "P-12345"),
        ],
    ),
    (
        "pension",
        "pension_fund",
        Visibility::Death,
        &[("fund", "ABP{n}"), ("survivor_pension", "yes")],
    ),
    (
        "housing",
        "utility",
        Visibility::Now,
        &[
            ("kind", "energy"),
            ("provider", "Eneco{n}"),
            ("cost", "EUR 145.00"),
        ],
    ),
    (
        "subscriptions",
        "subscription",
        Visibility::Now,
        &[
            ("what", "Krant{n}"),
            ("provider", "Volkskrant"),
            ("action", "cancel"),
        ],
    ),
    (
        "digital",
        "email_account",
        Visibility::Death,
        &[
            ("address", "johanna@example.nl"),
            ("provider", "KPN{n}"),
            ("wish", "delete"),
        ],
    ),
    (
        "pets",
        "pet",
        Visibility::Now,
        &[
            ("name", "Minoes{n}"),
            ("species", "kat"),
            ("caretaker", "{person}"),
        ],
    ),
    (
        "documents",
        "original",
        Visibility::Now,
        &[("document", "Paspoort{n}"), ("location", "Bureaula links")],
    ),
    (
        "messages",
        "letter",
        Visibility::Death,
        &[
            ("recipient", "Kleinkinderen{n}"),
            ("text", "Lieve allemaal,\nwees lief voor elkaar."),
        ],
    ),
];

/// A register with `items` items (the list above, repeated), open.
pub struct Fixture {
    _dir: tempfile::TempDir,
    app: App,
}

impl Fixture {
    /// Creates the register and fills it.
    pub fn new(items: usize) -> Fixture {
        // The cheap-Argon2 and clock hooks exist only with debug assertions; an
        // optimised build (the benchmark) calibrates Argon2 and uses the real clock.
        #[cfg(debug_assertions)]
        let now = {
            vault::enable_insecure_test_kdf();
            vault::test_clock::set_for_this_thread(Some(START));
            START
        };
        #[cfg(not(debug_assertions))]
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let dir = tempfile::tempdir().unwrap();
        let mut app = App::new(
            dir.path().join("registers"),
            dir.path().join("settings.json"),
            Keychain::in_memory().unwrap(),
        );
        let view = app
            .create(NAME, &SecretString::from("Tulpen-Bollen-1987!".to_string()))
            .unwrap();
        let code = vault::TotpSecret::from_base32(&view.authenticator.secret_grouped)
            .unwrap()
            .code_at(now)
            .unwrap();
        app.confirm_enrolment(&code).unwrap();
        let session = app.session().unwrap();
        let mut person = String::new();
        for i in 0..items {
            let (section, item_type, visibility, fields) = ITEMS[i % ITEMS.len()];
            let copy = i / ITEMS.len();
            let n = if copy == 0 {
                String::new()
            } else {
                format!(" {copy}")
            };
            let new = NewItem {
                section: section.into(),
                item_type: item_type.into(),
                fields: fields
                    .iter()
                    .map(|(k, v)| {
                        (
                            k.to_string(),
                            v.replace("{n}", &n).replace("{person}", &person),
                        )
                    })
                    .collect(),
                visibility,
            };
            let (item, _) = session.add_item(&new).unwrap();
            if person.is_empty() {
                person = item.id;
            }
        }
        Fixture { _dir: dir, app }
    }

    /// The data of one report.
    pub fn data(
        &mut self,
        kind: ReportKind,
        section: Option<&str>,
        lang: Lang,
    ) -> serde_json::Value {
        let request = ReportRequest {
            kind,
            section: section.map(Into::into),
            lang,
            visibility: VisibilityFilter::Death,
        };
        levensregister_core::report_data(self.app.session().unwrap(), &request, NAME, TODAY)
            .unwrap()
    }
}
