//! Files and folders private to Kontor's user (SEC-6): the data folder, the SQLite database
//! and its journal, the server key, e-mails written to files. Folders are 0700 and files 0600
//! on Unix, whatever the umask; a folder or file that exists already is made private too.

use std::io::Write as _;
use std::path::Path;

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_: &Path, _: u32) -> std::io::Result<()> {
    Ok(())
}

/// Creates `dir` (and missing parents) and makes `dir` itself 0700.
pub fn private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    set_mode(dir, 0o700)
}

fn private_options() -> std::fs::OpenOptions {
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    options
}

/// Writes a new file readable by Kontor's user only; fails if it exists.
pub fn write_new_private(path: &Path, content: &[u8]) -> std::io::Result<()> {
    let mut f = private_options().create_new(true).open(path)?;
    f.write_all(content)?;
    f.sync_all()
}

/// Creates `path` empty if it is missing, and makes it 0600 either way: SQLite gives its
/// journal and WAL files the mode of the database file.
pub fn private_file(path: &Path) -> std::io::Result<()> {
    private_options().create(true).truncate(false).open(path)?;
    set_mode(path, 0o600)
}

#[cfg(test)]
#[cfg(unix)]
mod tests {
    use std::os::unix::fs::PermissionsExt as _;

    use super::*;

    fn mode(p: &Path) -> u32 {
        std::fs::metadata(p).map_or(0, |m| m.permissions().mode() & 0o777)
    }

    #[test]
    fn sec_6_created_files_and_folders_are_private() {
        let base = std::env::temp_dir().join(format!("kontor-files-{}", std::process::id()));
        let dir = base.join("data");
        private_dir(&dir).unwrap();
        assert_eq!(mode(&dir), 0o700);
        let key = dir.join("server.key");
        write_new_private(&key, b"secret").unwrap();
        assert_eq!(mode(&key), 0o600);
        assert!(write_new_private(&key, b"again").is_err(), "never overwritten");
        let db = dir.join("kontor.db");
        std::fs::write(&db, b"").unwrap();
        set_mode(&db, 0o644).unwrap();
        private_file(&db).unwrap();
        assert_eq!(mode(&db), 0o600, "an existing file is made private");
        set_mode(&dir, 0o755).unwrap();
        private_dir(&dir).unwrap();
        assert_eq!(mode(&dir), 0o700, "an existing folder is made private");
        std::fs::remove_dir_all(&base).unwrap();
    }
}
