//! The Swiss QR-bill payment slip (Swiss Payment Standards, Implementation Guidelines QR-bill):
//! the bottom 105 mm of an A4 page, a 62 mm receipt on the left and a 148 mm payment part on the
//! right, separated by perforation lines; the 46 × 46 mm QR code (error correction M) carries a
//! 7 × 7 mm Swiss cross in its centre. Headings are bold, receipt 6/8 pt, payment part 8/10 pt.

use kontor_domain::qrbill::{Address, QrBill, Reference, grouped_iban};
use kontor_domain::references::grouped;
use qrcode::{EcLevel, QrCode, Version};

use crate::canvas::Align;
use crate::{Op, PAGE_H, PAGE_W, PaymentPart, PdfError, SLIP_H};

/// The slip's headings in one of the four languages the standard allows (DE, FR, IT, EN).
#[derive(Debug, Clone, Default)]
pub struct SlipLabels {
    pub receipt: String,
    pub payment_part: String,
    pub account: String,
    pub reference: String,
    pub additional_information: String,
    pub payable_by: String,
    pub payable_by_blank: String,
    pub currency: String,
    pub amount: String,
    pub acceptance_point: String,
    pub separate: String,
}

const RECEIPT_W: f32 = 62.0;
const QR_SIZE: f32 = 46.0;
const CROSS: f32 = 7.0;

/// The amount as the slip prints it: blocks of three digits separated by spaces, 2 decimals.
pub fn slip_amount(minor: i64) -> String {
    let units = (minor / 100).to_string();
    let mut grouped_units = String::new();
    for (i, c) in units.chars().enumerate() {
        if i > 0 && (units.len() - i).is_multiple_of(3) {
            grouped_units.push(' ');
        }
        grouped_units.push(c);
    }
    format!("{grouped_units}.{:02}", minor % 100)
}

fn address_lines(a: &Address) -> Vec<String> {
    let street = format!("{} {}", a.street, a.building_number).trim().to_owned();
    let town = format!("{} {}", a.postal_code, a.town).trim().to_owned();
    let town = if a.country == "CH" || a.country.is_empty() {
        town
    } else {
        format!("{}-{town}", a.country)
    };
    [a.name.clone(), street, town]
        .into_iter()
        .filter(|l| !l.is_empty())
        .collect()
}

fn reference_text(r: &Reference) -> Option<String> {
    match r {
        Reference::Qrr(r) | Reference::Scor(r) => Some(grouped(&r.replace(' ', ""))),
        Reference::None => None,
    }
}

/// The QR code of `payload` at error correction M, in the smallest version whose alignment
/// patterns leave the centre free: the Swiss cross covers the centre, and a covered alignment
/// pattern defeats common decoders (zbar) even though the error correction could restore it.
fn qr_code(payload: &str) -> Result<QrCode, PdfError> {
    // Versions 2-6, 14-20 and 28-34 have an even number of alignment rows: none at the centre.
    let centre_free = |v: i16| v >= 2 && (v / 7) % 2 == 0;
    for v in (2..=40).filter(|v| centre_free(*v)) {
        if let Ok(code) = QrCode::with_version(payload.as_bytes(), Version::Normal(v), EcLevel::M) {
            return Ok(code);
        }
    }
    QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M)
        .map_err(|e| PdfError::QrCode(e.to_string()))
}

/// Corner marks of an empty field to be filled in by hand.
fn corners(ops: &mut Vec<Op>, x: f32, y: f32, width_mm: f32, height_mm: f32) {
    let (w, h) = (width_mm, height_mm);
    let arm = 3.0;
    let width = 0.75;
    for (cx, cy, dx, dy) in [
        (x, y, 1.0, 1.0),
        (x + w, y, -1.0, 1.0),
        (x, y + h, 1.0, -1.0),
        (x + w, y + h, -1.0, -1.0),
    ] {
        ops.push(Op::Line {
            from: (cx, cy),
            to: (cx + dx * arm, cy),
            width,
            dashed: false,
        });
        ops.push(Op::Line {
            from: (cx, cy),
            to: (cx, cy + dy * arm),
            width,
            dashed: false,
        });
    }
}

/// A column of the slip: text wraps inside `width`, and stops at `bottom` (the next block
/// below), the last line that fits ending in "…", so nothing runs over the perforation, the QR
/// code or the page edge (style guide QR-bill: text stays in its section).
struct Column<'a> {
    ops: &'a mut Vec<Op>,
    x: f32,
    y: f32,
    width: f32,
    bottom: f32,
    heading: f32,
    value: f32,
}

impl Column<'_> {
    fn text(&mut self, bold: bool, size: f32, text: &str) {
        let face = if bold {
            &crate::canvas::faces().bold
        } else {
            &crate::canvas::faces().regular
        };
        let step = size * 1.25 / crate::canvas::PT;
        let rows = crate::canvas::wrap(face, size, self.width, text);
        for (i, row) in rows.iter().enumerate() {
            if self.y > self.bottom {
                return;
            }
            let last_room = self.y + step > self.bottom && i + 1 < rows.len();
            let mut row = row.clone();
            if last_room {
                while !row.is_empty() && face.width(&format!("{row}…"), size) > self.width {
                    row.pop();
                }
                row.push('…');
            }
            self.ops.push(Op::Text {
                bold,
                size,
                x: self.x,
                y: self.y,
                align: Align::Left,
                text: row,
            });
            self.y += step;
            if last_room {
                self.y = self.bottom + step;
                return;
            }
        }
    }

    fn section(&mut self, heading: &str, lines: &[String]) {
        self.text(true, self.heading, heading);
        for l in lines {
            self.text(false, self.value, l);
        }
        self.y += self.value * 0.9 / crate::canvas::PT;
    }
}

/// Draws the slip at the foot of `ops`' page.
#[allow(
    clippy::too_many_lines,
    reason = "the QR-bill slip is one fixed drawing: each element at the place the Swiss Payment Standards style guide gives it"
)]
pub(crate) fn draw(ops: &mut Vec<Op>, part: &PaymentPart) -> Result<(), PdfError> {
    let bill: &QrBill = &part.bill;
    let l = &part.labels;
    let payload = bill.payload()?;
    let code = qr_code(&payload)?;
    let top = PAGE_H - SLIP_H;
    // Perforations: across the page above the slip, and between receipt and payment part.
    ops.push(Op::Line {
        from: (0.0, top),
        to: (PAGE_W, top),
        width: 0.5,
        dashed: true,
    });
    ops.push(Op::Line {
        from: (RECEIPT_W, top),
        to: (RECEIPT_W, PAGE_H),
        width: 0.5,
        dashed: true,
    });
    if !l.separate.is_empty() {
        ops.push(Op::Text {
            bold: false,
            size: 7.0,
            x: PAGE_W / 2.0 + 14.0,
            y: top - 1.5,
            align: Align::Left,
            text: l.separate.clone(),
        });
    }
    let account = grouped_iban(&bill.account);
    let mut creditor = vec![account];
    creditor.extend(address_lines(&bill.creditor));
    let reference = reference_text(&bill.reference);
    let amount = bill.amount_minor.map(slip_amount);

    // Receipt.
    let amount_y = top + 68.0;
    let mut r = Column {
        ops,
        x: 5.0,
        y: top + 5.0 + 3.9,
        width: RECEIPT_W - 10.0,
        bottom: amount_y - 4.0,
        heading: 6.0,
        value: 8.0,
    };
    r.text(true, 11.0, &l.receipt);
    r.y = top + 14.0;
    r.section(&l.account, &creditor);
    if let Some(reference) = &reference {
        r.section(&l.reference, std::slice::from_ref(reference));
    }
    if let Some(d) = &bill.debtor {
        r.section(&l.payable_by, &address_lines(d));
    } else {
        r.text(true, 6.0, &l.payable_by_blank);
        let y = r.y;
        corners(r.ops, 5.0, y, 52.0, 20.0);
    }
    amount_section(
        ops,
        5.0,
        22.0,
        amount_y,
        6.0,
        8.0,
        &bill.currency,
        amount.as_deref(),
        l,
        (30.0, 10.0),
    );
    ops.push(Op::Text {
        bold: true,
        size: 6.0,
        x: RECEIPT_W - 5.0,
        y: top + 82.0,
        align: Align::Right,
        text: l.acceptance_point.clone(),
    });

    // Payment part: title, QR code, amount on the left; the data column on the right.
    let px = RECEIPT_W + 5.0;
    ops.push(Op::Text {
        bold: true,
        size: 11.0,
        x: px,
        y: top + 5.0 + 3.9,
        align: Align::Left,
        text: l.payment_part.clone(),
    });
    let qr_y = top + 17.0;
    let width = code.width();
    ops.push(Op::Modules {
        x: px,
        y: qr_y,
        size: QR_SIZE,
        width,
        dark: code
            .to_colors()
            .into_iter()
            .map(|c| c == qrcode::Color::Dark)
            .collect(),
    });
    swiss_cross(ops, px + (QR_SIZE - CROSS) / 2.0, qr_y + (QR_SIZE - CROSS) / 2.0);
    amount_section(
        ops,
        px,
        px + 14.0,
        amount_y,
        8.0,
        10.0,
        &bill.currency,
        amount.as_deref(),
        l,
        (40.0, 15.0),
    );

    let mut c = Column {
        ops,
        x: RECEIPT_W + 56.0,
        y: top + 5.0 + 2.8,
        width: PAGE_W - 5.0 - (RECEIPT_W + 56.0),
        bottom: PAGE_H - 5.0 - 3.0,
        heading: 8.0,
        value: 10.0,
    };
    c.section(&l.account, &creditor);
    if let Some(reference) = &reference {
        c.section(&l.reference, std::slice::from_ref(reference));
    }
    if !bill.message.is_empty() {
        c.section(&l.additional_information, std::slice::from_ref(&bill.message));
    }
    if let Some(d) = &bill.debtor {
        c.section(&l.payable_by, &address_lines(d));
    } else {
        c.text(true, 8.0, &l.payable_by_blank);
        let y = c.y;
        corners(c.ops, RECEIPT_W + 56.0, y, 65.0, 25.0);
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn amount_section(
    ops: &mut Vec<Op>,
    x: f32,
    amount_x: f32,
    y: f32,
    heading: f32,
    value: f32,
    currency: &str,
    amount: Option<&str>,
    l: &SlipLabels,
    blank: (f32, f32),
) {
    let line = heading * 1.25 / crate::canvas::PT + value * 1.1 / crate::canvas::PT;
    for (x, label) in [(x, &l.currency), (amount_x, &l.amount)] {
        ops.push(Op::Text {
            bold: true,
            size: heading,
            x,
            y,
            align: Align::Left,
            text: label.clone(),
        });
    }
    ops.push(Op::Text {
        bold: false,
        size: value,
        x,
        y: y + line,
        align: Align::Left,
        text: currency.to_owned(),
    });
    match amount {
        Some(a) => ops.push(Op::Text {
            bold: false,
            size: value,
            x: amount_x,
            y: y + line,
            align: Align::Left,
            text: a.to_owned(),
        }),
        None => corners(ops, amount_x, y + 1.5, blank.0, blank.1),
    }
}

/// The Swiss cross: a white-edged black square with a white cross.
fn swiss_cross(ops: &mut Vec<Op>, x: f32, y: f32) {
    ops.push(Op::Rect {
        x,
        y,
        w: CROSS,
        h: CROSS,
        gray: 255,
    });
    let edge = 0.5;
    ops.push(Op::Rect {
        x: x + edge,
        y: y + edge,
        w: CROSS - 2.0 * edge,
        h: CROSS - 2.0 * edge,
        gray: 0,
    });
    let (long, thick) = (3.9, 1.2);
    let c = CROSS / 2.0;
    ops.push(Op::Rect {
        x: x + c - thick / 2.0,
        y: y + c - long / 2.0,
        w: thick,
        h: long,
        gray: 255,
    });
    ops.push(Op::Rect {
        x: x + c - long / 2.0,
        y: y + c - thick / 2.0,
        w: long,
        h: thick,
        gray: 255,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bil_3_slip_amount_in_blocks_of_three() {
        assert_eq!(slip_amount(123_456_789), "1 234 567.89");
        assert_eq!(slip_amount(5), "0.05");
        assert_eq!(slip_amount(100_000), "1 000.00");
    }

    #[test]
    fn bil_9_qr_reference_printed_two_then_fives() {
        let r = Reference::Qrr("210000000003139471430009017".into());
        assert_eq!(
            reference_text(&r).as_deref(),
            Some("21 00000 00003 13947 14300 09017")
        );
    }
}
