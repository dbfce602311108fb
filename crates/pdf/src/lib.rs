//! Invoices and pro-formas as A4 PDF (BIL-2, BIL-3): a page laid out from already translated
//! texts, with, for CHF, the Swiss QR-bill payment part at the foot of the last page (receipt
//! and payment part, QR code with the Swiss cross, per the Swiss Payment Standards) and, for EUR,
//! the IBAN and RF reference in the payment notes.
//!
//! The layout runs in two passes: [`layout`] turns the document into pages of drawing
//! operations (where pagination happens), [`render`] hands them to krilla.

pub mod canvas;
mod slip;

use std::sync::Arc;

use canvas::{Align, Canvas, Face, faces, wrap};
use kontor_domain::qrbill::QrBill;

pub use slip::SlipLabels;

/// A4 in millimetres.
pub const PAGE_W: f32 = 210.0;
pub const PAGE_H: f32 = 297.0;
/// Height of the payment slip at the foot of the page.
pub const SLIP_H: f32 = 105.0;
const LEFT: f32 = 20.0;
const RIGHT: f32 = 190.0;
const BOTTOM: f32 = 277.0;

/// The provider (creditor) at the head of every page.
#[derive(Debug, Clone, Default)]
pub struct Provider {
    pub name: String,
    /// Address lines under the name.
    pub lines: Vec<String>,
    /// e.g. "VAT CHE-123.456.789 MWST"; empty when none is configured.
    pub vat_line: String,
    /// The operator's logo as PNG, drawn top left.
    pub logo_png: Option<Arc<Vec<u8>>>,
}

/// One invoice line.
#[derive(Debug, Clone, Default)]
pub struct Line {
    pub description: String,
    pub quantity: String,
    pub unit_price: String,
    pub amount: String,
}

/// One line of the totals block.
#[derive(Debug, Clone, Default)]
pub struct Total {
    pub label: String,
    pub amount: String,
    pub strong: bool,
}

/// Column headings of the lines table.
#[derive(Debug, Clone, Default)]
pub struct Headers {
    pub description: String,
    pub quantity: String,
    pub unit_price: String,
    pub amount: String,
}

/// The payment part: the QR-bill data and its headings in the document's language.
#[derive(Debug, Clone)]
pub struct PaymentPart {
    pub bill: QrBill,
    pub labels: SlipLabels,
}

/// An invoice or pro-forma, every text already translated and formatted.
#[derive(Debug, Clone, Default)]
pub struct Invoice {
    /// "Invoice", "Pro-forma invoice", …
    pub title: String,
    pub provider: Provider,
    /// The address the invoice is made out to.
    pub recipient: Vec<String>,
    /// Label/value pairs under the title (number, dates, reference, …).
    pub facts: Vec<(String, String)>,
    pub headers: Headers,
    pub lines: Vec<Line>,
    pub totals: Vec<Total>,
    /// Paragraphs after the totals (VAT mention, how to pay, …).
    pub notes: Vec<String>,
    /// "Page" in the document's language (printed as "Page 1/2").
    pub page_label: String,
    pub payment: Option<PaymentPart>,
}

/// Why a PDF could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("payment part: {0}")]
    QrBill(#[from] kontor_domain::qrbill::QrBillError),
    #[error("QR code: {0}")]
    QrCode(String),
    #[error("logo: {0}")]
    Logo(String),
    #[error("PDF: {0}")]
    Krilla(String),
}

/// One drawing operation, in millimetres from the page's top-left corner.
#[derive(Debug, Clone)]
pub(crate) enum Op {
    Text {
        bold: bool,
        size: f32,
        x: f32,
        y: f32,
        align: Align,
        text: String,
    },
    Line {
        from: (f32, f32),
        to: (f32, f32),
        width: f32,
        dashed: bool,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        gray: u8,
    },
    Modules {
        x: f32,
        y: f32,
        size: f32,
        width: usize,
        dark: Vec<bool>,
    },
    Logo {
        x: f32,
        y: f32,
        height: f32,
    },
}

impl std::fmt::Debug for Align {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Align::Left => "left",
            Align::Right => "right",
        })
    }
}

/// Pages being filled top to bottom.
pub(crate) struct Pages {
    pub pages: Vec<Vec<Op>>,
    pub y: f32,
}

impl Pages {
    pub fn push(&mut self, op: Op) {
        if let Some(p) = self.pages.last_mut() {
            p.push(op);
        }
    }

    pub fn text(&mut self, bold: bool, size: f32, x: f32, y: f32, align: Align, text: &str) {
        self.push(Op::Text {
            bold,
            size,
            x,
            y,
            align,
            text: text.to_owned(),
        });
    }

    fn new_page(&mut self, doc: &Invoice) {
        self.pages.push(Vec::new());
        self.y = head(self, doc, false);
    }
}

fn face(bold: bool) -> &'static Face {
    if bold { &faces().bold } else { &faces().regular }
}

/// Millimetres a line of text at `size` points takes.
fn leading(size: f32) -> f32 {
    size * 1.35 / canvas::PT
}

/// The provider block (and, on the first page, the recipient); returns where content starts.
fn head(p: &mut Pages, doc: &Invoice, first: bool) -> f32 {
    if doc.provider.logo_png.is_some() {
        p.push(Op::Logo {
            x: LEFT,
            y: 15.0,
            height: 14.0,
        });
    }
    let mut y = 19.0;
    p.text(true, 11.0, RIGHT, y, Align::Right, &doc.provider.name);
    for l in doc
        .provider
        .lines
        .iter()
        .chain(std::iter::once(&doc.provider.vat_line))
    {
        y += leading(8.5);
        p.text(false, 8.5, RIGHT, y, Align::Right, l);
    }
    if !first {
        return y.max(30.0) + 10.0;
    }
    // The recipient's window: each line wraps inside it (a 70-character company name, a long
    // street), and the content moves down when the block needs more room.
    let mut y = 50.0;
    for (i, l) in doc.recipient.iter().enumerate() {
        for row in wrap(face(i == 0), 10.0, RIGHT - RECIPIENT_X, l) {
            p.text(i == 0, 10.0, RECIPIENT_X, y, Align::Left, &row);
            y += leading(10.0);
        }
    }
    f32::max(85.0, y + 6.0)
}

/// Where the recipient's address block starts (a right-hand window envelope).
const RECIPIENT_X: f32 = 120.0;

/// Lays the document out on as many pages as it needs.
#[allow(
    clippy::too_many_lines,
    reason = "the page layout in reading order: provider, addresses, lines, totals, notes, pagination"
)]
pub(crate) fn layout(doc: &Invoice) -> Vec<Vec<Op>> {
    let mut p = Pages {
        pages: vec![Vec::new()],
        y: 0.0,
    };
    p.y = head(&mut p, doc, true);
    p.text(true, 16.0, LEFT, p.y, Align::Left, &doc.title);
    p.y += 9.0;
    for (label, value) in &doc.facts {
        p.text(false, 9.0, LEFT, p.y, Align::Left, label);
        p.text(true, 9.0, 65.0, p.y, Align::Left, value);
        p.y += leading(9.0);
    }
    p.y += 6.0;
    table_header(&mut p, &doc.headers);
    let desc_width = 95.0;
    for line in &doc.lines {
        let rows = wrap(face(false), 9.0, desc_width, &line.description);
        let height = rows.len().max(1) as f32 * leading(9.0) + 1.5;
        if p.y + height > BOTTOM {
            p.new_page(doc);
            table_header(&mut p, &doc.headers);
        }
        let top = p.y;
        for (i, r) in rows.iter().enumerate() {
            p.text(false, 9.0, LEFT, top + i as f32 * leading(9.0), Align::Left, r);
        }
        p.text(false, 9.0, 135.0, top, Align::Right, &line.quantity);
        p.text(false, 9.0, 160.0, top, Align::Right, &line.unit_price);
        p.text(false, 9.0, RIGHT, top, Align::Right, &line.amount);
        p.y += height;
    }
    p.push(Op::Line {
        from: (LEFT, p.y - 2.5),
        to: (RIGHT, p.y - 2.5),
        width: 0.5,
        dashed: false,
    });
    p.y += 3.0;
    for t in &doc.totals {
        if p.y + leading(10.0) > BOTTOM {
            p.new_page(doc);
        }
        let size = if t.strong { 10.5 } else { 9.0 };
        p.text(t.strong, size, 110.0, p.y, Align::Left, &t.label);
        p.text(t.strong, size, RIGHT, p.y, Align::Right, &t.amount);
        p.y += leading(size) + 0.5;
    }
    p.y += 5.0;
    for note in &doc.notes {
        let rows = wrap(face(false), 9.0, RIGHT - LEFT, note);
        if p.y + rows.len() as f32 * leading(9.0) > BOTTOM {
            p.new_page(doc);
        }
        for r in rows {
            p.text(false, 9.0, LEFT, p.y, Align::Left, &r);
            p.y += leading(9.0);
        }
        p.y += 2.0;
    }
    if doc.payment.is_some() && p.y > PAGE_H - SLIP_H - 5.0 {
        p.new_page(doc);
    }
    let count = p.pages.len();
    let with_slip = doc.payment.is_some();
    for (i, page) in p.pages.iter_mut().enumerate() {
        if count > 1 && !(with_slip && i + 1 == count) {
            page.push(Op::Text {
                bold: false,
                size: 8.0,
                x: RIGHT,
                y: 287.0,
                align: Align::Right,
                text: format!("{} {}/{}", doc.page_label, i + 1, count),
            });
        }
    }
    p.pages
}

fn table_header(p: &mut Pages, h: &Headers) {
    p.text(true, 9.0, LEFT, p.y, Align::Left, &h.description);
    p.text(true, 9.0, 135.0, p.y, Align::Right, &h.quantity);
    p.text(true, 9.0, 160.0, p.y, Align::Right, &h.unit_price);
    p.text(true, 9.0, RIGHT, p.y, Align::Right, &h.amount);
    p.push(Op::Line {
        from: (LEFT, p.y + 1.8),
        to: (RIGHT, p.y + 1.8),
        width: 0.5,
        dashed: false,
    });
    p.y += 7.0;
}

/// Checks that `png` can be used as the provider's logo.
pub fn check_logo(png: &[u8]) -> Result<(), PdfError> {
    krilla::image::Image::from_png(krilla::Data::from(png.to_vec()), true)
        .map(|_| ())
        .map_err(PdfError::Logo)
}

/// The document as PDF bytes.
pub fn render(doc: &Invoice) -> Result<Vec<u8>, PdfError> {
    let mut pages = layout(doc);
    if let (Some(payment), Some(last)) = (&doc.payment, pages.last_mut()) {
        slip::draw(last, payment)?;
    }
    let logo = match &doc.provider.logo_png {
        Some(png) => Some(
            krilla::image::Image::from_png(krilla::Data::from(Arc::clone(png)), true)
                .map_err(PdfError::Logo)?,
        ),
        None => None,
    };
    let mut document = krilla::Document::new();
    document.set_metadata(
        krilla::metadata::Metadata::new()
            .title(doc.title.clone())
            .creator("Kontor".to_owned()),
    );
    let settings = krilla::page::PageSettings::from_wh(PAGE_W * canvas::PT, PAGE_H * canvas::PT)
        .ok_or_else(|| PdfError::Krilla("page size".to_owned()))?;
    for ops in &pages {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        let mut c = Canvas::new(&mut surface);
        for op in ops {
            match op {
                Op::Text {
                    bold,
                    size,
                    x,
                    y,
                    align,
                    text,
                } => c.text(face(*bold), *size, *x, *y, *align, text),
                Op::Line {
                    from,
                    to,
                    width,
                    dashed,
                } => c.line(*from, *to, *width, *dashed),
                Op::Rect { x, y, w, h, gray } => c.rect(*x, *y, *w, *h, *gray),
                Op::Modules {
                    x,
                    y,
                    size,
                    width,
                    dark,
                } => c.modules(*x, *y, *size, *width, dark),
                Op::Logo { x, y, height } => {
                    if let Some(img) = &logo {
                        c.image(img, *x, *y, *height);
                    }
                }
            }
        }
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| PdfError::Krilla(format!("{e:?}")))
}

pub mod sample;

#[cfg(test)]
mod tests;
