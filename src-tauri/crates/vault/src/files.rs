//! Private, crash-safe file writes: a uniquely named 0600 temporary file in the same
//! folder, fsync, rename over the target, fsync of the folder.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};
use crate::keys::random_bytes;

/// Writes `bytes` to `path` so that a crash leaves either the old or the new file, and
/// the file ends up readable by the owner only (0600), whatever the old file's mode.
///
/// The temporary file has a random name (`.<name>.<16 hex>.tmp`) and is created with
/// `O_CREAT | O_EXCL`, so two writers never share one and no symlink is followed. The
/// rename replaces whatever is at `path` (a symlink there is replaced, not followed).
pub fn write_private_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| {
            Error::io(
                format!("writing {}", path.display()),
                std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a file name"),
            )
        })?;
    let context = || format!("writing {}", path.display());
    let suffix: [u8; 8] = random_bytes()?;
    let temp = dir.join(format!(
        ".{file_name}.{}.tmp",
        data_encoding::HEXLOWER.encode(&suffix)
    ));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&temp).map_err(|e| Error::io(context(), e))?;
    let written = (|| {
        #[cfg(unix)]
        {
            // The umask may only have removed bits; make the mode exact.
            use std::os::unix::fs::PermissionsExt;
            file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    drop(file);
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(Error::io(context(), e));
    }
    sync_dir(dir);
    Ok(())
}

/// How long [`lock_exclusively`] waits for another program's lock (an open or a change
/// of keys takes a second or two; a program stopped while holding it, much longer).
const LOCK_PATIENCE: std::time::Duration = std::time::Duration::from_secs(15);

/// Opens (creating it, 0600) the lock file at `path` and takes an exclusive lock on it
/// (`flock` on Unix); the lock goes with the returned file. Refused with
/// [`Error::InUse`] when another program holds it longer than [`LOCK_PATIENCE`].
pub(crate) fn lock_exclusively(path: &Path) -> Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let context = || format!("locking {}", path.display());
    let file = options.open(path).map_err(|e| Error::io(context(), e))?;
    let deadline = std::time::Instant::now() + LOCK_PATIENCE;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(std::fs::TryLockError::WouldBlock) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(std::fs::TryLockError::WouldBlock) => return Err(Error::InUse),
            Err(std::fs::TryLockError::Error(e)) => return Err(Error::io(context(), e)),
        }
    }
}

/// Makes renames in `dir` durable (fsync of the folder; best effort).
pub(crate) fn sync_dir(dir: &Path) {
    if let Ok(dir) = std::fs::File::open(dir) {
        // Not every platform can fsync a folder.
        let _ = dir.sync_all();
    }
}

/// The crate's name for [`write_private_file`].
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    write_private_file(path, bytes)
}

/// True when `name` is a temporary file [`write_private_file`] made for one of `targets`.
pub(crate) fn is_temp_of(name: &str, targets: &[&str]) -> bool {
    targets.iter().any(|target| {
        name.strip_prefix('.')
            .and_then(|rest| rest.strip_prefix(target))
            .and_then(|rest| rest.strip_prefix('.'))
            .and_then(|rest| rest.strip_suffix(".tmp"))
            .is_some_and(|middle| {
                middle.len() == 16 && middle.bytes().all(|b| b.is_ascii_hexdigit())
            })
            // The fixed name earlier versions used.
            || name == format!(".{target}.tmp")
    })
}

/// Removes the temporary files of ours that a crash left in `dir` (best effort).
pub(crate) fn remove_temp_files(dir: &Path, targets: &[&str]) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.map_while(std::result::Result::ok) {
        let name = entry.file_name();
        if name.to_str().is_some_and(|name| is_temp_of(name, targets)) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn concurrent_writers_do_not_clobber_each_other() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keyslots.bin");
        let writers: Vec<_> = (0u8..4)
            .map(|n| {
                let path = path.clone();
                std::thread::spawn(move || {
                    let bytes = vec![n; 4096];
                    for _ in 0..200 {
                        write_atomically(&path, &bytes).unwrap();
                    }
                })
            })
            .collect();
        for writer in writers {
            writer.join().unwrap();
        }
        let content = std::fs::read(&path).unwrap();
        assert_eq!(content.len(), 4096);
        assert!(content.iter().all(|&b| b == content[0]), "a mixed file");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file is left behind");
    }

    #[cfg(unix)]
    #[test]
    fn an_existing_file_ends_up_private_and_a_symlink_is_not_followed() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.json");
        std::fs::write(&path, b"old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        write_private_file(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);

        let elsewhere = dir.path().join("elsewhere");
        std::fs::write(&elsewhere, b"untouched").unwrap();
        let link = dir.path().join("link.key");
        std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
        write_private_file(&link, b"secret").unwrap();
        assert_eq!(std::fs::read(&elsewhere).unwrap(), b"untouched");
        assert!(!std::fs::symlink_metadata(&link).unwrap().is_symlink());
    }

    #[test]
    fn temporary_names_are_recognised() {
        let ours = ["keyslots.bin", "profile.json"];
        assert!(is_temp_of(".keyslots.bin.tmp", &ours));
        assert!(is_temp_of(".keyslots.bin.0123456789abcdef.tmp", &ours));
        assert!(is_temp_of(".profile.json.fedcba9876543210.tmp", &ours));
        assert!(!is_temp_of(".keyslots.bin.mine.tmp", &ours));
        assert!(!is_temp_of(".notes.txt.0123456789abcdef.tmp", &ours));
        assert!(!is_temp_of("keyslots.bin", &ours));
    }
}
