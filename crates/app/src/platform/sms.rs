//! The SMS port (SEC-1): a pluggable sender. The log sender ships for development: it writes
//! `<sms_dir>/<outbox id>-sms-<number>.txt` (0600 in a 0700 folder, beside the `.eml` files)
//! and logs the path. An operator's gateway implements [`SmsSender`] the same way.

use std::path::PathBuf;

use crate::platform::files;
use crate::platform::mailer::SendFuture;

/// One SMS ready to leave.
#[derive(Debug, Clone)]
pub struct OutgoingSms {
    pub outbox_id: i64,
    pub to: String,
    pub text: String,
}

/// Sends one SMS; answers where it went, or why it failed (then the outbox retries).
pub trait SmsSender: Send + Sync {
    fn send<'a>(&'a self, sms: &'a OutgoingSms) -> SendFuture<'a>;
}

/// Writes each SMS to a text file.
pub struct LogSmsSender {
    pub dir: PathBuf,
}

impl SmsSender for LogSmsSender {
    fn send<'a>(&'a self, sms: &'a OutgoingSms) -> SendFuture<'a> {
        Box::pin(async move {
            let digits: String = sms.to.chars().filter(char::is_ascii_digit).collect();
            let path = self.dir.join(format!("{:06}-sms-{digits}.txt", sms.outbox_id));
            let (dir, file) = (self.dir.clone(), path.clone());
            let content = format!("To: {}\n\n{}\n", sms.to, sms.text);
            tokio::task::spawn_blocking(move || {
                files::private_dir(&dir)?;
                match files::write_new_private(&file, content.as_bytes()) {
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
                    other => other,
                }
            })
            .await
            .map_err(|e| e.to_string())?
            .map_err(|e| format!("{}: {e}", path.display()))?;
            tracing::info!(path = %path.display(), "SMS written to file");
            Ok(path.display().to_string())
        })
    }
}
