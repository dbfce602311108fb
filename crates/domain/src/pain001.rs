//! REC: refunds as an ISO 20022 customer credit transfer initiation, `pain.001.001.09` (the
//! version Swiss banks take under the Swiss Payment Standards, also read by EU banks): one
//! payment instruction from the provider's account on one execution date, one credit
//! transfer per refund. `NbOfTxs` and `CtrlSum` are the transactions' count and sum.

use std::fmt::Write as _;

use crate::money::format_minor;

/// The account refunds leave from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Debtor {
    pub name: String,
    pub iban: String,
}

/// One refund.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refund {
    /// Unique per refund (the bank returns it on the payer's statement).
    pub end_to_end_id: String,
    pub amount_minor: i64,
    pub currency: String,
    pub creditor_name: String,
    pub creditor_iban: String,
    /// What the payee reads.
    pub remittance: String,
}

/// XML text: the five predefined entities escaped, control characters dropped.
fn text(s: &str, max: usize) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().filter(|c| !c.is_control()).take(max) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}

/// An identifier the schema allows (`Max35Text`, no spaces at the ends).
fn id(s: &str) -> String {
    text(s.trim(), 35)
}

/// The file: `message_id` unique per file, `created` as `YYYY-MM-DDThh:mm:ss`, `execution`
/// as `YYYY-MM-DD`.
pub fn write(
    message_id: &str,
    created: &str,
    execution: &str,
    debtor: &Debtor,
    refunds: &[Refund],
) -> String {
    let sum: i64 = refunds.iter().map(|r| r.amount_minor).sum();
    let n = refunds.len();
    let mut x = String::with_capacity(1024 + 600 * n);
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.push_str("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.09\">\n<CstmrCdtTrfInitn>\n");
    let _ = writeln!(
        x,
        "<GrpHdr><MsgId>{}</MsgId><CreDtTm>{created}</CreDtTm><NbOfTxs>{n}</NbOfTxs><CtrlSum>{}</CtrlSum>\
         <InitgPty><Nm>{}</Nm></InitgPty></GrpHdr>",
        id(message_id),
        format_minor(sum),
        text(&debtor.name, 140)
    );
    let _ = writeln!(
        x,
        "<PmtInf><PmtInfId>{}</PmtInfId><PmtMtd>TRF</PmtMtd><NbOfTxs>{n}</NbOfTxs><CtrlSum>{}</CtrlSum>\
         <ReqdExctnDt><Dt>{execution}</Dt></ReqdExctnDt><Dbtr><Nm>{}</Nm></Dbtr>\
         <DbtrAcct><Id><IBAN>{}</IBAN></Id></DbtrAcct><DbtrAgt><FinInstnId><Othr><Id>NOTPROVIDED</Id></Othr></FinInstnId></DbtrAgt>",
        id(&format!("{message_id}-1")),
        format_minor(sum),
        text(&debtor.name, 140),
        text(&debtor.iban, 34)
    );
    for r in refunds {
        let _ = writeln!(
            x,
            "<CdtTrfTxInf><PmtId><EndToEndId>{}</EndToEndId></PmtId><Amt><InstdAmt Ccy=\"{}\">{}</InstdAmt></Amt>\
             <Cdtr><Nm>{}</Nm></Cdtr><CdtrAcct><Id><IBAN>{}</IBAN></Id></CdtrAcct><RmtInf><Ustrd>{}</Ustrd></RmtInf></CdtTrfTxInf>",
            id(&r.end_to_end_id),
            text(&r.currency, 3),
            format_minor(r.amount_minor),
            text(
                if r.creditor_name.trim().is_empty() {
                    "NOTPROVIDED"
                } else {
                    &r.creditor_name
                },
                140
            ),
            text(&r.creditor_iban, 34),
            text(&r.remittance, 140)
        );
    }
    x.push_str("</PmtInf>\n</CstmrCdtTrfInitn>\n</Document>\n");
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rec_pain_001_counts_and_sums_its_transfers_and_escapes_text() {
        let debtor = Debtor {
            name: "Kontor Hosting AG".to_owned(),
            iban: "CH9300762011623852957".to_owned(),
        };
        let refunds = [
            Refund {
                end_to_end_id: "R-1".to_owned(),
                amount_minor: 1_050,
                currency: "CHF".to_owned(),
                creditor_name: "Müller & Söhne <GmbH>".to_owned(),
                creditor_iban: "CH5604835012345678009".to_owned(),
                remittance: "Refund of your transfer".to_owned(),
            },
            Refund {
                end_to_end_id: "R-2".to_owned(),
                amount_minor: 2_000,
                currency: "EUR".to_owned(),
                creditor_name: String::new(),
                creditor_iban: "DE89370400440532013000".to_owned(),
                remittance: "x".repeat(300),
            },
        ];
        let xml = write(
            "KONTOR-R-1",
            "2027-01-05T10:00:00",
            "2027-01-06",
            &debtor,
            &refunds,
        );
        assert!(xml.contains("<NbOfTxs>2</NbOfTxs><CtrlSum>30.50</CtrlSum>"));
        assert!(xml.contains("Müller &amp; Söhne &lt;GmbH&gt;"));
        assert!(xml.contains("<Nm>NOTPROVIDED</Nm>"));
        assert!(!xml.contains(&"x".repeat(141)));
        let parsed = crate::camt::parse(&xml);
        assert!(parsed.is_err(), "a pain.001 is not a statement");
    }
}
