//! A small layout helper over krilla: millimetres from the top-left corner, text placed and
//! measured with the same advance widths (so right-aligned amounts line up exactly), lines,
//! rectangles, QR modules and images.

use std::sync::OnceLock;

use krilla::color::luma;
use krilla::geom::{PathBuilder, Point, Size};
use krilla::image::Image;
use krilla::num::NormalizedF32;
use krilla::paint::{Fill, Stroke, StrokeDash};
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId, KrillaGlyph};
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size as FontSize};

static REGULAR: &[u8] = include_bytes!("../fonts/LiberationSans-Regular.ttf");
static BOLD: &[u8] = include_bytes!("../fonts/LiberationSans-Bold.ttf");

/// Points per millimetre.
pub const PT: f32 = 72.0 / 25.4;

/// One embedded face: krilla's handle to draw with, the raw data to measure with.
pub struct Face {
    font: Font,
    data: &'static [u8],
    units_per_em: f32,
}

/// The two faces every document uses (Liberation Sans, which covers the extended Latin set of
/// the Swiss Payment Standards 2025).
pub struct Faces {
    pub regular: Face,
    pub bold: Face,
}

/// Loaded once per process; krilla's fonts are cheap to clone and shared by all documents.
pub fn faces() -> &'static Faces {
    static FACES: OnceLock<Faces> = OnceLock::new();
    FACES.get_or_init(|| Faces {
        regular: Face::load(REGULAR),
        bold: Face::load(BOLD),
    })
}

impl Face {
    fn load(data: &'static [u8]) -> Face {
        // Both fonts are compiled in and checked by the unit tests; a failure here is a build
        // defect, never input-dependent.
        #[allow(clippy::expect_used)]
        let font = Font::new(data.into(), 0).expect("embedded font parses");
        let units_per_em = font.units_per_em();
        Face {
            font,
            data,
            units_per_em,
        }
    }

    /// Glyphs of `text` with advances in em units; characters the font lacks draw as `?`.
    fn shape(&self, text: &str) -> Vec<KrillaGlyph> {
        let Ok(f) = skrifa::FontRef::new(self.data) else {
            return Vec::new();
        };
        let charmap = f.charmap();
        let metrics = f.glyph_metrics(FontSize::unscaled(), LocationRef::default());
        let fallback = charmap.map('?').unwrap_or_default();
        text.char_indices()
            .map(|(i, c)| {
                let gid = charmap.map(c).unwrap_or(fallback);
                let advance = metrics.advance_width(gid).unwrap_or(0.0) / self.units_per_em;
                KrillaGlyph::new(
                    GlyphId::new(gid.to_u32()),
                    advance,
                    0.0,
                    0.0,
                    0.0,
                    i..i + c.len_utf8(),
                    None,
                )
            })
            .collect()
    }

    /// Width of `text` at `size` points, in millimetres.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        self.shape(text).iter().map(|g| g.x_advance).sum::<f32>() * size / PT
    }

    /// Whether every character of `text` has a glyph.
    pub fn covers(&self, text: &str) -> bool {
        skrifa::FontRef::new(self.data).is_ok_and(|f| {
            let charmap = f.charmap();
            text.chars()
                .all(|c| c.is_whitespace() || charmap.map(c).is_some())
        })
    }
}

/// Horizontal alignment of a text run.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A page being drawn, in millimetres from its top-left corner.
pub struct Canvas<'s, 'p> {
    surface: &'s mut Surface<'p>,
}

fn fill(gray: u8) -> Fill {
    Fill {
        paint: luma::Color::new(gray).into(),
        opacity: NormalizedF32::ONE,
        rule: krilla::paint::FillRule::default(),
    }
}

impl<'s, 'p> Canvas<'s, 'p> {
    pub fn new(surface: &'s mut Surface<'p>) -> Canvas<'s, 'p> {
        Canvas { surface }
    }

    /// Draws `text` with its baseline at `y`, starting at (or, right-aligned, ending at) `x`.
    pub fn text(&mut self, face: &Face, size: f32, x: f32, y: f32, align: Align, text: &str) {
        if text.is_empty() {
            return;
        }
        let glyphs = face.shape(text);
        let width: f32 = glyphs.iter().map(|g| g.x_advance).sum::<f32>() * size;
        let left = match align {
            Align::Left => x * PT,
            Align::Right => x * PT - width,
        };
        self.surface.set_fill(Some(fill(0)));
        self.surface.set_stroke(None);
        self.surface.draw_glyphs(
            Point::from_xy(left, y * PT),
            &glyphs,
            face.font.clone(),
            text,
            size,
            false,
        );
    }

    /// A straight line; `dashed` draws the perforation of the payment part.
    pub fn line(&mut self, from: (f32, f32), to: (f32, f32), width_pt: f32, dashed: bool) {
        let mut pb = PathBuilder::new();
        pb.move_to(from.0 * PT, from.1 * PT);
        pb.line_to(to.0 * PT, to.1 * PT);
        let Some(path) = pb.finish() else { return };
        self.surface.set_fill(None);
        self.surface.set_stroke(Some(Stroke {
            paint: luma::Color::black().into(),
            width: width_pt,
            dash: dashed.then(|| StrokeDash {
                array: vec![3.0, 2.0],
                offset: 0.0,
            }),
            ..Stroke::default()
        }));
        self.surface.draw_path(&path);
        self.surface.set_stroke(None);
    }

    /// A filled rectangle in gray (`0` black … `255` white).
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, gray: u8) {
        let mut pb = PathBuilder::new();
        if let Some(r) = krilla::geom::Rect::from_xywh(x * PT, y * PT, w * PT, h * PT) {
            pb.push_rect(r);
        }
        let Some(path) = pb.finish() else { return };
        self.surface.set_stroke(None);
        self.surface.set_fill(Some(fill(gray)));
        self.surface.draw_path(&path);
    }

    /// The dark modules of a square matrix (`width` × `width`) as one path, `size` mm wide.
    pub fn modules(&mut self, x: f32, y: f32, size: f32, width: usize, dark: &[bool]) {
        let m = size / width as f32 * PT;
        let mut pb = PathBuilder::new();
        for (i, _) in dark.iter().enumerate().filter(|(_, d)| **d) {
            let (col, row) = ((i % width) as f32, (i / width) as f32);
            if let Some(r) = krilla::geom::Rect::from_xywh(x * PT + col * m, y * PT + row * m, m, m) {
                pb.push_rect(r);
            }
        }
        let Some(path) = pb.finish() else { return };
        self.surface.set_stroke(None);
        self.surface.set_fill(Some(fill(0)));
        self.surface.draw_path(&path);
    }

    /// An image scaled to `height` mm, keeping its proportions; returns the drawn width in mm.
    pub fn image(&mut self, image: &Image, x: f32, y: f32, height: f32) -> f32 {
        let (w, h) = image.size();
        if w == 0 || h == 0 {
            return 0.0;
        }
        let width = height * w as f32 / h as f32;
        let Some(size) = Size::from_wh(width * PT, height * PT) else {
            return 0.0;
        };
        self.surface
            .push_transform(&krilla::geom::Transform::from_translate(x * PT, y * PT));
        self.surface.draw_image(image.clone(), size);
        self.surface.pop();
        width
    }
}

/// Splits `text` into lines no wider than `width` mm (words longer than a line are cut).
pub fn wrap(face: &Face, size: f32, width: f32, text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_owned()
        } else {
            format!("{current} {word}")
        };
        if face.width(&candidate, size) <= width {
            current = candidate;
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        let mut piece = String::new();
        for c in word.chars() {
            piece.push(c);
            if face.width(&piece, size) > width && piece.chars().count() > 1 {
                piece.pop();
                lines.push(std::mem::take(&mut piece));
                piece.push(c);
            }
        }
        current = piece;
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bil_3_embedded_font_covers_extended_latin() {
        let f = faces();
        assert!(
            f.regular
                .covers("Zürich Genève Łódź Ștefan Čapek Åsa Øre Œuvre ß €")
        );
        assert!(f.bold.covers("Zürich Genève Łódź Ștefan Čapek"));
    }

    #[test]
    fn measured_width_grows_with_text_and_size() {
        let f = &faces().regular;
        let a = f.width("1000.00", 10.0);
        assert!(a > 10.0 && a < 15.0, "{a}");
        assert!((f.width("1000.00", 20.0) - 2.0 * a).abs() < 0.001);
    }

    #[test]
    fn wrap_keeps_lines_inside_the_width() {
        let f = &faces().regular;
        let text = "Web hosting Business for example.com renewal 12 months until 2027-11-22";
        let lines = wrap(f, 10.0, 40.0, text);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| f.width(l, 10.0) <= 40.0));
        assert_eq!(lines.join(" "), text);
    }
}
