//! The Typst `World` of one report: a template as main file, the templates it may
//! import, the data as `/data.json`, our fonts, and the caller's date.

use std::sync::LazyLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// The font families the templates may use; nothing else is embedded.
pub const FONT_FAMILIES: &[&str] = &["DejaVu Sans"];

/// The faces embedded in the program (DejaVu Sans Book and Bold, Bitstream Vera
/// licence, see `assets/fonts/DejaVu-LICENSE.txt`).
const FONT_FILES: [&[u8]; 2] = [
    include_bytes!("../../../../assets/fonts/DejaVuSans.ttf"),
    include_bytes!("../../../../assets/fonts/DejaVuSans-Bold.ttf"),
];

/// The templates, by file name; `common.typ` holds what they share, `sheets.typ`
/// what the trusted-persons sheets share besides.
pub(crate) const TEMPLATES: [(&str, &str); 11] = [
    (
        "common.typ",
        include_str!("../../../../assets/reports/common.typ"),
    ),
    (
        "full.typ",
        include_str!("../../../../assets/reports/full.typ"),
    ),
    (
        "emergency.typ",
        include_str!("../../../../assets/reports/emergency.typ"),
    ),
    (
        "section.typ",
        include_str!("../../../../assets/reports/section.typ"),
    ),
    (
        "contacts.typ",
        include_str!("../../../../assets/reports/contacts.typ"),
    ),
    (
        "financial.typ",
        include_str!("../../../../assets/reports/financial.typ"),
    ),
    (
        "funeral.typ",
        include_str!("../../../../assets/reports/funeral.typ"),
    ),
    (
        "access_sheet.typ",
        include_str!("../../../../assets/reports/access_sheet.typ"),
    ),
    (
        "sheets.typ",
        include_str!("../../../../assets/reports/sheets.typ"),
    ),
    (
        "emergency_kit.typ",
        include_str!("../../../../assets/reports/emergency_kit.typ"),
    ),
    (
        "share_sheet.typ",
        include_str!("../../../../assets/reports/share_sheet.typ"),
    ),
];

/// What every compile shares: loaded once per process.
struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    templates: Vec<Source>,
}

static SHARED: LazyLock<Shared> = LazyLock::new(|| {
    let fonts: Vec<Font> = FONT_FILES
        .iter()
        .flat_map(|data| Font::iter(Bytes::new(*data)))
        .collect();
    let templates = TEMPLATES
        .iter()
        .filter_map(|(name, text)| Some(Source::new(file_id(name)?, (*text).to_owned())))
        .collect();
    Shared {
        library: LazyHash::new(Library::default()),
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
        templates,
    }
});

/// Loads fonts, library and templates now rather than in the first compile.
pub(crate) fn load() {
    LazyLock::force(&SHARED);
}

/// The id of a file at the root of the virtual project, e.g. `/full.typ`; `None`
/// for a name Typst cannot take as a path.
pub(crate) fn file_id(name: &str) -> Option<FileId> {
    let path = VirtualPath::new(format!("/{name}")).ok()?;
    Some(RootedPath::new(VirtualRoot::Project, path).intern())
}

/// The file name of a file id, e.g. `full.typ`.
pub(crate) fn file_name(id: FileId) -> String {
    let path = id.vpath().get_without_slash().to_owned();
    if path.is_empty() { "?".into() } else { path }
}

/// One compile's world.
pub(crate) struct ReportWorld {
    main: Source,
    data_id: Option<FileId>,
    data: Bytes,
    today: Option<Datetime>,
}

impl ReportWorld {
    /// A world whose main file is `main` and whose `/data.json` is `data`.
    pub(crate) fn new(main: Source, data: String, today: Option<Datetime>) -> ReportWorld {
        ReportWorld {
            main,
            data_id: file_id("data.json"),
            data: Bytes::from_string(data),
            today,
        }
    }

    /// The built-in template called `name`.
    pub(crate) fn template(name: &str) -> Option<Source> {
        let id = file_id(name)?;
        SHARED.templates.iter().find(|s| s.id() == id).cloned()
    }
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &SHARED.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &SHARED.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            return Ok(self.main.clone());
        }
        SHARED
            .templates
            .iter()
            .find(|source| source.id() == id)
            .cloned()
            .ok_or_else(|| not_found(id))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if Some(id) == self.data_id {
            return Ok(self.data.clone());
        }
        self.source(id)
            .map(|source| Bytes::from_string(source.text().to_owned()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        SHARED.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        self.today
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.vpath().get_without_slash().into())
}
