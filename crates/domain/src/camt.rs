//! REC-1: ISO 20022 bank-to-customer messages as Swiss and EU banks deliver them — camt.053
//! (statements) and camt.054 (debit/credit notifications), message versions `.001.02` to
//! `.001.13`, with the default namespace or a prefix. Read as one stream of events (never a
//! tree of the whole file), by element names, ignoring elements it does not need. A file that
//! is not camt.053/054, or is malformed, is refused whole with its line and the reason.

use std::fmt;

use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use crate::references::{is_valid_creditor_reference, is_valid_qr_reference};

/// Which message a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageKind {
    /// camt.053, a bank-to-customer statement.
    Statement,
    /// camt.054, a debit/credit notification.
    Notification,
}

/// A payment reference as a bank reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaymentReference {
    /// A 27-digit QR reference (`QRR`), spaces removed.
    Qr(String),
    /// An ISO 11649 creditor reference (`SCOR`, `RF…`), spaces removed, upper case.
    Creditor(String),
}

impl PaymentReference {
    pub fn as_str(&self) -> &str {
        match self {
            PaymentReference::Qr(r) | PaymentReference::Creditor(r) => r,
        }
    }
}

/// One payment: a `TxDtls`, or an entry without details standing for itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Transaction {
    /// The bank's reference of the transaction (`Refs/AcctSvcrRef`).
    pub bank_reference: Option<String>,
    pub end_to_end_id: Option<String>,
    pub amount_minor: i64,
    pub currency: String,
    /// The structured reference, or one found in the unstructured remittance text.
    pub reference: Option<PaymentReference>,
    /// The unstructured remittance lines (`RmtInf/Ustrd`), joined by a space.
    pub remittance: String,
    pub debtor_name: String,
    pub debtor_iban: Option<String>,
}

/// One `Ntry`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entry {
    /// The bank's reference of the entry (`AcctSvcrRef`).
    pub bank_reference: Option<String>,
    pub amount_minor: i64,
    pub currency: String,
    /// `CRDT` (money in) rather than `DBIT`.
    pub credit: bool,
    /// `RvslInd` true: the entry undoes an earlier one.
    pub reversal: bool,
    /// `BOOK`, `PDNG`, `INFO` …
    pub status: String,
    /// `YYYY-MM-DD`.
    pub booking_date: String,
    pub value_date: String,
    /// The payments booked in this entry (one when the bank gave no details).
    pub transactions: Vec<Transaction>,
    /// The line the entry starts on, for messages about it.
    pub line: usize,
}

impl Entry {
    /// Only booked credits that undo nothing are matched (REC-1).
    pub fn is_booked_credit(&self) -> bool {
        self.credit && !self.reversal && self.status == "BOOK"
    }
}

/// One `Stmt` or `Ntfctn`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Statement {
    pub id: String,
    pub account_iban: String,
    pub entries: Vec<Entry>,
}

/// A read file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub kind: MessageKind,
    /// E.g. `camt.054.001.08`.
    pub message: String,
    pub statements: Vec<Statement>,
}

/// Why a file was refused, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CamtError {
    pub line: usize,
    pub reason: String,
}

impl fmt::Display for CamtError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

impl std::error::Error for CamtError {}

/// The largest amount read (a billion in major units), so sums never overflow.
const AMOUNT_MAX: i64 = 100_000_000_000;

/// `123.45` → 12345: digits, an optional point and at most two decimals.
fn amount(text: &str) -> Option<i64> {
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| !s.is_empty() && s.len() <= 12 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || frac.len() > 2 || (!frac.is_empty() && !digits(frac)) {
        return None;
    }
    let frac = format!("{frac:0<2}");
    let minor = whole.parse::<i64>().ok()? * 100 + frac.parse::<i64>().ok()?;
    (minor <= AMOUNT_MAX).then_some(minor)
}

/// A QR or RF reference written somewhere in free text (a payer typing it), if one is there.
pub fn reference_in_text(text: &str) -> Option<PaymentReference> {
    let upper = text.to_ascii_uppercase();
    // An RF reference: "RF" and up to 23 more letters or digits, spaces allowed in groups of 4.
    for (i, _) in upper.match_indices("RF") {
        let candidate: String = upper[i..]
            .chars()
            .take(40)
            .filter(|c| !c.is_whitespace())
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        for len in (5..=candidate.len().min(25)).rev() {
            if is_valid_creditor_reference(&candidate[..len]) {
                return Some(PaymentReference::Creditor(candidate[..len].to_owned()));
            }
        }
    }
    // A QR reference: 27 digits, possibly grouped by spaces.
    let digits: Vec<(usize, char)> = upper.char_indices().collect();
    let mut run = String::new();
    for (_, c) in digits.iter().chain(std::iter::once(&(0, '#'))) {
        if c.is_ascii_digit() {
            run.push(*c);
        } else if *c != ' ' {
            if run.len() == 27 && is_valid_qr_reference(&run) {
                return Some(PaymentReference::Qr(run));
            }
            run.clear();
        }
    }
    None
}

/// Where the reader is inside the message.
#[derive(Default)]
struct State {
    path: Vec<String>,
    statements: Vec<Statement>,
    statement: Option<Statement>,
    entry: Option<Entry>,
    tx: Option<Transaction>,
    ref_value: String,
    /// The `Ccy` attribute of the `Amt` element being read.
    currency: String,
    text: String,
}

fn is_tail(path: &[String], tail: &[&str]) -> bool {
    path.len() >= tail.len()
        && path[path.len() - tail.len()..]
            .iter()
            .zip(tail)
            .all(|(a, b)| a == b)
}

fn local(name: &[u8]) -> String {
    String::from_utf8_lossy(name).into_owned()
}

/// The message name a namespace declares: `urn:iso:std:iso:20022:tech:xsd:camt.054.001.08`.
fn message_of(e: &BytesStart<'_>) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        let key = a.key.as_ref();
        if key == b"xmlns" || key.starts_with(b"xmlns:") {
            let v = String::from_utf8_lossy(&a.value).into_owned();
            v.rsplit(':')
                .next()
                .filter(|m| m.starts_with("camt."))
                .map(ToOwned::to_owned)
        } else {
            None
        }
    })
}

fn currency_of(e: &BytesStart<'_>) -> String {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == b"Ccy")
        .map(|a| String::from_utf8_lossy(&a.value).into_owned())
        .unwrap_or_default()
}

impl State {
    fn open(&mut self, name: String, e: &BytesStart<'_>, line: usize) {
        match name.as_str() {
            "Stmt" | "Ntfctn" if self.path.len() == 2 => self.statement = Some(Statement::default()),
            "Ntry" if self.statement.is_some() && self.entry.is_none() => {
                self.entry = Some(Entry {
                    line,
                    ..Entry::default()
                });
            }
            "TxDtls" if self.entry.is_some() => self.tx = Some(Transaction::default()),
            "Amt" => self.currency = currency_of(e),
            "CdtrRefInf" => self.ref_value.clear(),
            _ => {}
        }
        self.path.push(name);
        self.text.clear();
    }

    /// The end of an element: its text lands where the path says.
    fn close(&mut self) -> Result<(), String> {
        let text = std::mem::take(&mut self.text).trim().to_owned();
        if self.tx.is_some() {
            self.close_in_tx(text)?;
        } else if self.entry.is_some() {
            self.close_in_entry(text)?;
        } else if let Some(st) = self.statement.as_mut() {
            let p = &self.path;
            if p.len() == 4 && is_tail(p, &["Id"]) {
                st.id = text;
            } else if is_tail(p, &["Acct", "Id", "IBAN"]) && p.len() == 6 {
                st.account_iban = text.replace(' ', "");
            } else if p.len() == 3 && (is_tail(p, &["Stmt"]) || is_tail(p, &["Ntfctn"])) {
                let st = self.statement.take().unwrap_or_default();
                self.statements.push(st);
            }
        }
        self.path.pop();
        Ok(())
    }

    /// Inside a `TxDtls`.
    fn close_in_tx(&mut self, text: String) -> Result<(), String> {
        let p = &self.path;
        let Some(tx) = self.tx.as_mut() else {
            return Ok(());
        };
        if is_tail(p, &["TxDtls", "Amt"])
            || is_tail(p, &["AmtDtls", "TxAmt", "Amt"])
            || (is_tail(p, &["AmtDtls", "InstdAmt", "Amt"]) && tx.amount_minor == 0)
        {
            tx.amount_minor =
                amount(&text).ok_or_else(|| format!("the amount \"{text}\" is not an amount"))?;
            tx.currency.clone_from(&self.currency);
        } else if is_tail(p, &["Refs", "AcctSvcrRef"]) {
            tx.bank_reference = Some(text);
        } else if is_tail(p, &["Refs", "EndToEndId"]) {
            tx.end_to_end_id = Some(text).filter(|t| t != "NOTPROVIDED");
        } else if is_tail(p, &["CdtrRefInf", "Ref"]) {
            self.ref_value = text;
        } else if is_tail(p, &["Strd", "CdtrRefInf"]) {
            // The reference's kind is told by its own check digits (`Tp` says `QRR` or `SCOR`,
            // but banks also put either under `Prtry` or leave `Tp` out).
            let r = self
                .ref_value
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_uppercase();
            if is_valid_qr_reference(&r) {
                tx.reference = Some(PaymentReference::Qr(r));
            } else if is_valid_creditor_reference(&r) {
                tx.reference = Some(PaymentReference::Creditor(r));
            }
        } else if is_tail(p, &["RmtInf", "Ustrd"]) {
            if !tx.remittance.is_empty() {
                tx.remittance.push(' ');
            }
            tx.remittance.push_str(&text);
        } else if is_tail(p, &["RltdPties", "Dbtr", "Nm"]) || is_tail(p, &["RltdPties", "Dbtr", "Pty", "Nm"])
        {
            tx.debtor_name = text;
        } else if is_tail(p, &["RltdPties", "DbtrAcct", "Id", "IBAN"]) {
            tx.debtor_iban = Some(text.replace(' ', ""));
        } else if is_tail(p, &["TxDtls"]) {
            let mut tx = self.tx.take().unwrap_or_default();
            if tx.reference.is_none() {
                tx.reference = reference_in_text(&tx.remittance);
            }
            if let Some(entry) = self.entry.as_mut() {
                if tx.currency.is_empty() {
                    tx.amount_minor = entry.amount_minor;
                    tx.currency.clone_from(&entry.currency);
                }
                entry.transactions.push(tx);
            }
        }
        Ok(())
    }

    /// Inside an `Ntry`, outside its `TxDtls`.
    fn close_in_entry(&mut self, text: String) -> Result<(), String> {
        let p = &self.path;
        let Some(entry) = self.entry.as_mut() else {
            return Ok(());
        };
        if is_tail(p, &["Ntry", "Amt"]) {
            entry.amount_minor =
                amount(&text).ok_or_else(|| format!("the amount \"{text}\" is not an amount"))?;
            if self.currency.len() != 3 {
                return Err("an entry's amount has no currency (Ccy)".to_owned());
            }
            entry.currency.clone_from(&self.currency);
        } else if is_tail(p, &["Ntry", "CdtDbtInd"]) {
            entry.credit = match text.as_str() {
                "CRDT" => true,
                "DBIT" => false,
                _ => return Err(format!("CdtDbtInd is \"{text}\", not CRDT or DBIT")),
            };
        } else if is_tail(p, &["Ntry", "RvslInd"]) {
            entry.reversal = text == "true" || text == "1";
        } else if is_tail(p, &["Ntry", "Sts"]) || is_tail(p, &["Ntry", "Sts", "Cd"]) {
            if !text.is_empty() {
                entry.status = text;
            }
        } else if is_tail(p, &["Ntry", "BookgDt", "Dt"]) || is_tail(p, &["Ntry", "BookgDt", "DtTm"]) {
            entry.booking_date = text.chars().take(10).collect();
        } else if is_tail(p, &["Ntry", "ValDt", "Dt"]) || is_tail(p, &["Ntry", "ValDt", "DtTm"]) {
            entry.value_date = text.chars().take(10).collect();
        } else if is_tail(p, &["Ntry", "AcctSvcrRef"]) {
            entry.bank_reference = Some(text);
        } else if is_tail(p, &["Ntry"]) {
            let mut entry = self.entry.take().unwrap_or_default();
            if entry.currency.is_empty() {
                return Err("an entry (Ntry) has no amount".to_owned());
            }
            if entry.status.is_empty() {
                return Err("an entry (Ntry) has no status (Sts)".to_owned());
            }
            if entry.transactions.is_empty() {
                entry.transactions.push(Transaction {
                    bank_reference: entry.bank_reference.clone(),
                    amount_minor: entry.amount_minor,
                    currency: entry.currency.clone(),
                    ..Transaction::default()
                });
            }
            if let Some(st) = self.statement.as_mut() {
                st.entries.push(entry);
            }
        }
        Ok(())
    }
}

/// The line (from 1) of byte `pos`, counting on from `(from, line)`, a position before it
/// whose line is known — so reading a file counts each newline once.
fn line_at(xml: &str, pos: u64, (from, line): (usize, usize)) -> usize {
    let end = usize::try_from(pos).unwrap_or(usize::MAX).min(xml.len());
    let from = from.min(end);
    line + xml.as_bytes()[from..end].split(|b| *b == b'\n').count() - 1
}

/// A read in progress: the reader, where it is, and what the root said.
struct Parser<'x> {
    xml: &'x str,
    reader: Reader<&'x [u8]>,
    st: State,
    kind: Option<MessageKind>,
    message: String,
    /// A position read and its line.
    counted: (usize, usize),
}

impl Parser<'_> {
    fn fail(&self, reason: impl Into<String>) -> CamtError {
        CamtError {
            line: line_at(self.xml, self.reader.buffer_position(), self.counted),
            reason: reason.into(),
        }
    }

    /// The line the reader is on.
    fn line(&mut self) -> usize {
        let pos = self.reader.buffer_position();
        let line = line_at(self.xml, pos, self.counted);
        self.counted = (
            usize::try_from(pos).unwrap_or(usize::MAX).min(self.xml.len()),
            line,
        );
        line
    }

    /// One event; `false` at the end of the file.
    fn step(&mut self) -> Result<bool, CamtError> {
        let event = self
            .reader
            .read_event()
            .map_err(|e| self.fail(format!("not well-formed XML: {e}")))?;
        match event {
            Event::Start(e) | Event::Empty(e) if self.st.path.is_empty() => {
                let name = local(e.local_name().as_ref());
                if name != "Document" || self.kind.is_some() {
                    return Err(self.fail(format!("the root element is {name}, not a camt Document")));
                }
                self.message = message_of(&e).unwrap_or_default();
                self.st.open(name, &e, 1);
            }
            Event::Start(e) => {
                let name = local(e.local_name().as_ref());
                if self.st.path.len() == 1 {
                    self.kind = Some(match name.as_str() {
                        "BkToCstmrStmt" => MessageKind::Statement,
                        "BkToCstmrDbtCdtNtfctn" => MessageKind::Notification,
                        _ => {
                            return Err(self.fail(format!(
                                "{name} is not a camt.053 statement or a camt.054 notification"
                            )));
                        }
                    });
                }
                let line = self.line();
                self.st.open(name, &e, line);
            }
            Event::Empty(e) => {
                let name = local(e.local_name().as_ref());
                self.st.open(name, &e, 0);
                self.st.close().map_err(|r| self.fail(r))?;
            }
            Event::Text(t) => {
                let text = t
                    .decode()
                    .map_err(|e| self.fail(format!("unreadable text: {e}")))?;
                self.st.text.push_str(&text);
            }
            Event::CData(t) => self.st.text.push_str(&String::from_utf8_lossy(&t)),
            Event::GeneralRef(r) => {
                let resolved = if let Ok(Some(c)) = r.resolve_char_ref() {
                    c.to_string()
                } else {
                    let name = r
                        .decode()
                        .map_err(|e| self.fail(format!("unreadable reference: {e}")))?;
                    quick_xml::escape::resolve_predefined_entity(&name)
                        .ok_or_else(|| self.fail(format!("unknown entity &{name};")))?
                        .to_owned()
                };
                self.st.text.push_str(&resolved);
            }
            Event::End(_) => self.st.close().map_err(|r| self.fail(r))?,
            Event::Eof => return Ok(false),
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
        }
        Ok(true)
    }

    fn finish(self) -> Result<Document, CamtError> {
        let Some(kind) = self.kind else {
            return Err(self.fail("no camt.053 statement or camt.054 notification in the file"));
        };
        if !self.st.path.is_empty() {
            return Err(self.fail("the file ends inside an element"));
        }
        let expected = match kind {
            MessageKind::Statement => "camt.053.",
            MessageKind::Notification => "camt.054.",
        };
        let message = self.message;
        let version = message
            .strip_prefix(expected)
            .and_then(|v| v.strip_prefix("001."));
        if !message.is_empty()
            && !version.is_some_and(|v| v.parse::<u32>().is_ok_and(|n| (2..=13).contains(&n)))
        {
            return Err(CamtError {
                line: 1,
                reason: format!("the namespace names {message}, not a known {expected}001.02–13 message"),
            });
        }
        if self.st.statements.is_empty() {
            return Err(CamtError {
                line: 1,
                reason: "the message holds no statement (Stmt) or notification (Ntfctn)".to_owned(),
            });
        }
        Ok(Document {
            kind,
            message,
            statements: self.st.statements,
        })
    }
}

/// Reads a camt.053 or camt.054 file; refuses anything else, or anything malformed, whole.
pub fn parse(xml: &str) -> Result<Document, CamtError> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut p = Parser {
        xml,
        reader,
        st: State::default(),
        kind: None,
        message: String::new(),
        counted: (0, 1),
    };
    while p.step()? {}
    p.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::references::{creditor_reference, qr_reference};

    /// A camt.054.001.08 in the default namespace: one batch entry of three QR payments in CHF,
    /// a EUR credit with an RF reference typed into the remittance text, a debit and a reversal.
    pub fn notification() -> String {
        let (q1, q2, q3) = (qr_reference(1001), qr_reference(1002), qr_reference(1003));
        let rf = creditor_reference("INV2026000042").unwrap();
        let tx = |r: &str, amt: &str, n: u32| {
            format!(
                "<TxDtls><Refs><AcctSvcrRef>TX-{n}</AcctSvcrRef><EndToEndId>NOTPROVIDED</EndToEndId></Refs>\
                 <Amt Ccy=\"CHF\">{amt}</Amt><CdtDbtInd>CRDT</CdtDbtInd>\
                 <RltdPties><Dbtr><Pty><Nm>Payer {n} &amp; Co</Nm></Pty></Dbtr><DbtrAcct><Id><IBAN>CH93 0076 2011 6238 5295 7</IBAN></Id></DbtrAcct></RltdPties>\
                 <RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Prtry>QRR</Prtry></CdOrPrtry></Tp><Ref>{r}</Ref></CdtrRefInf></Strd></RmtInf></TxDtls>"
            )
        };
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08">
<BkToCstmrDbtCdtNtfctn><GrpHdr><MsgId>M1</MsgId></GrpHdr>
<Ntfctn><Id>N-1</Id><Acct><Id><IBAN>CH44 3199 9123 0008 8901 2</IBAN></Id></Acct>
<Ntry><Amt Ccy="CHF">600.50</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
<BookgDt><Dt>2026-12-01</Dt></BookgDt><ValDt><Dt>2026-12-01</Dt></ValDt><AcctSvcrRef>E-1</AcctSvcrRef>
<NtryDtls><Btch><NbOfTxs>3</NbOfTxs></Btch>{}{}{}</NtryDtls></Ntry>
<Ntry><Amt Ccy="EUR">90.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><DtTm>2026-12-02T10:00:00</DtTm></BookgDt>
<AcctSvcrRef>E-2</AcctSvcrRef><NtryDtls><TxDtls><Refs><AcctSvcrRef>TX-4</AcctSvcrRef></Refs>
<RmtInf><Ustrd>Invoice {} thank you</Ustrd><Ustrd>second line</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
<Ntry><Amt Ccy="CHF">12.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><AcctSvcrRef>E-3</AcctSvcrRef></Ntry>
<Ntry><Amt Ccy="CHF">100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><RvslInd>true</RvslInd><Sts><Cd>BOOK</Cd></Sts><AcctSvcrRef>E-4</AcctSvcrRef></Ntry>
</Ntfctn></BkToCstmrDbtCdtNtfctn></Document>"#,
            tx(&q1, "100.00", 1),
            tx(&q2, "200.25", 2),
            tx(&q3, "300.25", 3),
            crate::references::grouped(&rf),
        )
    }

    #[test]
    fn rec_1_a_batch_entry_is_read_as_its_payments_with_their_references() {
        let doc = parse(&notification()).unwrap();
        assert_eq!(doc.kind, MessageKind::Notification);
        assert_eq!(doc.message, "camt.054.001.08");
        let st = &doc.statements[0];
        assert_eq!(
            (st.id.as_str(), st.account_iban.as_str()),
            ("N-1", "CH4431999123000889012")
        );
        assert_eq!(st.entries.len(), 4);
        let batch = &st.entries[0];
        assert!(batch.is_booked_credit());
        assert_eq!(batch.amount_minor, 60_050);
        assert_eq!(batch.transactions.len(), 3);
        let t = &batch.transactions[1];
        assert_eq!(t.amount_minor, 20_025);
        assert_eq!(t.currency, "CHF");
        assert_eq!(t.reference, Some(PaymentReference::Qr(qr_reference(1002))));
        assert_eq!(t.bank_reference.as_deref(), Some("TX-2"));
        assert_eq!(t.end_to_end_id, None);
        assert_eq!(t.debtor_name, "Payer 2 & Co");
        assert_eq!(t.debtor_iban.as_deref(), Some("CH9300762011623852957"));
        let eur = &st.entries[1];
        assert_eq!(eur.booking_date, "2026-12-02");
        let t = &eur.transactions[0];
        assert_eq!(
            (t.amount_minor, t.currency.as_str()),
            (9_000, "EUR"),
            "the entry's amount stands for a lone payment"
        );
        assert_eq!(
            t.reference,
            Some(PaymentReference::Creditor(
                creditor_reference("INV2026000042").unwrap()
            ))
        );
        assert!(t.remittance.ends_with("second line"));
        assert!(!st.entries[2].is_booked_credit(), "a debit");
        assert!(!st.entries[3].is_booked_credit(), "a reversal");
        assert_eq!(st.entries[2].transactions.len(), 1);
    }

    #[test]
    fn rec_1_a_prefixed_camt_053_of_an_older_version_with_several_statements() {
        let rf = creditor_reference("A1").unwrap();
        let xml = format!(
            r#"<c:Document xmlns:c="urn:iso:std:iso:20022:tech:xsd:camt.053.001.04"><c:BkToCstmrStmt>
<c:Stmt><c:Id>S1</c:Id><c:Acct><c:Id><c:IBAN>DE89370400440532013000</c:IBAN></c:Id></c:Acct>
<c:Ntry><c:Amt Ccy="EUR">5</c:Amt><c:CdtDbtInd>CRDT</c:CdtDbtInd><c:Sts>BOOK</c:Sts><c:NtryDtls><c:TxDtls>
<c:RmtInf><c:Strd><c:CdtrRefInf><c:Tp><c:CdOrPrtry><c:Cd>SCOR</c:Cd></c:CdOrPrtry></c:Tp><c:Ref>{rf}</c:Ref></c:CdtrRefInf></c:Strd></c:RmtInf>
</c:TxDtls></c:NtryDtls></c:Ntry></c:Stmt>
<c:Stmt><c:Id>S2</c:Id><c:Ntry><c:Amt Ccy="EUR">1.5</c:Amt><c:CdtDbtInd>CRDT</c:CdtDbtInd><c:Sts>PDNG</c:Sts></c:Ntry></c:Stmt>
</c:BkToCstmrStmt></c:Document>"#
        );
        let doc = parse(&xml).unwrap();
        assert_eq!(doc.kind, MessageKind::Statement);
        assert_eq!(doc.statements.len(), 2);
        let e = &doc.statements[0].entries[0];
        assert_eq!(e.amount_minor, 500);
        assert_eq!(e.transactions[0].reference, Some(PaymentReference::Creditor(rf)));
        let pending = &doc.statements[1].entries[0];
        assert_eq!(pending.amount_minor, 150);
        assert!(!pending.is_booked_credit(), "pending is not booked");
    }

    #[test]
    fn rec_1_what_is_not_camt_or_is_malformed_is_refused_with_its_line() {
        let good = notification();
        let cases: Vec<(String, &str)> = vec![
            ("not xml at all".to_owned(), "no camt"),
            ("<html><body/></html>".to_owned(), "not a camt Document"),
            (
                good.replace("BkToCstmrDbtCdtNtfctn", "BkToCstmrAcctRpt"),
                "not a camt.053",
            ),
            (
                good.replace("camt.054.001.08", "camt.053.001.08"),
                "not a known camt.054",
            ),
            (good.replace("600.50", "600,50"), "not an amount"),
            (good.replace("600.50", "600.505"), "not an amount"),
            (
                good.replace("<Amt Ccy=\"EUR\">90.00</Amt>", "<Amt>90.00</Amt>"),
                "no currency",
            ),
            (good.replace("DBIT", "DEBIT"), "not CRDT or DBIT"),
            (good[..good.rfind("</Ntfctn>").unwrap()].to_owned(), "ends inside"),
            (good[..good.len() / 2].to_owned(), "not well-formed"),
            (good.replace("</Ntfctn>", "</Ntfctnx>"), "not well-formed"),
        ];
        for (xml, reason) in cases {
            let err = parse(&xml).unwrap_err();
            assert!(err.reason.contains(reason), "{reason}: {err}");
            assert!(err.line >= 1);
        }
        let err = parse(&good.replace("DBIT", "DEBIT")).unwrap_err();
        assert_eq!(err.line, 11, "{err}");
    }

    #[test]
    fn rec_1_references_in_free_text() {
        let q = qr_reference(77);
        let spaced = crate::references::grouped(&q);
        assert_eq!(
            reference_in_text(&format!("ref {spaced} ok")),
            Some(PaymentReference::Qr(q))
        );
        assert_eq!(reference_in_text("no reference 12345"), None);
        let rf = creditor_reference("XYZ9").unwrap();
        assert_eq!(
            reference_in_text(&format!("paying {} now", rf.to_lowercase())),
            Some(PaymentReference::Creditor(rf))
        );
    }

    mod properties {
        use proptest::prelude::*;

        use super::super::parse;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(300))]

            /// Whatever arrives, the parser answers Ok or a refusal; it never panics.
            #[test]
            fn rec_1_random_text_never_panics(s in "\\PC{0,400}") {
                let _ = parse(&s);
            }

            /// A real file cut, spliced or with a byte changed is read or refused, never a panic,
            /// and a refusal names a line inside the file.
            #[test]
            fn rec_1_mutated_files_never_panic(cut in 0usize..4000, len in 0usize..200, byte in 0u8..128, at in 0usize..4000) {
                let good = super::notification();
                let mut bytes = good.clone().into_bytes();
                let at = at % bytes.len();
                bytes[at] = byte;
                let cut = cut % bytes.len();
                let end = (cut + len).min(bytes.len());
                bytes.drain(cut..end);
                let text = String::from_utf8_lossy(&bytes).into_owned();
                if let Err(e) = parse(&text) {
                    prop_assert!(e.line >= 1 && e.line <= text.lines().count().max(1) + 1, "{}", e);
                }
            }
        }
    }
}
