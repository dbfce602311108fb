//! The mail port: SMTP through lettre (TLS by rustls), or one `.eml` file per message when no
//! SMTP server is configured (MSG-1).

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;

use lettre::message::SinglePart;
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::platform::files;
use crate::platform::settings::{MailTransport, Settings, SmtpSettings};

/// One e-mail ready to leave.
#[derive(Debug, Clone)]
pub struct OutgoingMail {
    pub outbox_id: i64,
    pub from: String,
    pub to: String,
    pub subject: String,
    pub body: String,
}

pub type SendFuture<'a> = Pin<Box<dyn Future<Output = Result<String, String>> + Send + 'a>>;

/// Sends one message; answers a short description of where it went, or why it failed.
pub trait Mailer: Send + Sync {
    fn send<'a>(&'a self, mail: &'a OutgoingMail) -> SendFuture<'a>;
}

pub fn from_settings(settings: &Settings) -> anyhow::Result<Arc<dyn Mailer>> {
    Ok(match &settings.mail {
        MailTransport::Files(dir) => Arc::new(FileMailer { dir: dir.clone() }),
        MailTransport::Smtp(smtp) => Arc::new(SmtpMailer::new(smtp)?),
    })
}

fn build(mail: &OutgoingMail) -> Result<Message, String> {
    Message::builder()
        .from(mail.from.parse().map_err(|e| format!("from address: {e}"))?)
        .to(mail.to.parse().map_err(|e| format!("recipient address: {e}"))?)
        .subject(mail.subject.clone())
        .message_id(Some(format!("<outbox-{}@kontor>", mail.outbox_id)))
        .singlepart(
            // Quoted-printable keeps links readable in the raw message whatever the language.
            SinglePart::builder()
                .header(ContentType::TEXT_PLAIN)
                .header(ContentTransferEncoding::QuotedPrintable)
                .body(mail.body.clone()),
        )
        .map_err(|e| format!("message: {e}"))
}

/// Writes `<dir>/<outbox id>-<recipient>.eml`, 0600 in a 0700 folder.
pub struct FileMailer {
    pub dir: PathBuf,
}

impl Mailer for FileMailer {
    fn send<'a>(&'a self, mail: &'a OutgoingMail) -> SendFuture<'a> {
        Box::pin(async move {
            let message = build(mail)?;
            let safe: String = mail
                .to
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '.' || c == '@' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            let path = self.dir.join(format!("{:06}-{safe}.eml", mail.outbox_id));
            let dir = self.dir.clone();
            let file = path.clone();
            // A message holds live links: its folder and file are the recipient's mailbox,
            // private to Kontor's user (SEC-6). A retry after a crash finds the file written.
            tokio::task::spawn_blocking(move || {
                files::private_dir(&dir)?;
                match files::write_new_private(&file, &message.formatted()) {
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
                    other => other,
                }
            })
            .await
            .map_err(|e| e.to_string())?
            .map_err(|e| format!("{}: {e}", path.display()))?;
            tracing::info!(path = %path.display(), to = %mail.to, "e-mail written to file");
            Ok(path.display().to_string())
        })
    }
}

/// Sends through an SMTP server.
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
}

impl SmtpMailer {
    pub fn new(s: &SmtpSettings) -> anyhow::Result<SmtpMailer> {
        let mut builder = match s.tls.as_str() {
            "tls" => AsyncSmtpTransport::<Tokio1Executor>::relay(&s.host)?,
            "none" => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&s.host),
            _ => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&s.host)?,
        }
        .port(s.port);
        if let (Some(user), Some(password)) = (&s.username, &s.password) {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(SmtpMailer {
            transport: builder.build(),
        })
    }
}

impl Mailer for SmtpMailer {
    fn send<'a>(&'a self, mail: &'a OutgoingMail) -> SendFuture<'a> {
        Box::pin(async move {
            let message = build(mail)?;
            let response = self.transport.send(message).await.map_err(|e| e.to_string())?;
            Ok(format!("smtp {}", response.code()))
        })
    }
}
