//! A bill as a PDF (the customer's download): A4, Chinese and English labels, set in a CJK
//! font of which only the glyphs used are embedded (krilla subsets fonts on writing), so the
//! file stays small and opens anywhere without the font installed.

use crate::bills::Bill;
use crate::labels::progress_label;
use krilla::Document;
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::Stroke;
use krilla::text::{Font, TextDirection};
use std::path::Path;
use std::sync::OnceLock;

/// The CJK font (an OpenType file or collection and the face's index in it).
#[derive(Debug, Clone)]
pub struct PdfFont {
    pub path: String,
    pub index: u32,
}

static FONT: OnceLock<Result<Font, String>> = OnceLock::new();

/// The font, read once. An error says what is missing, for the log and the 503 answer.
pub fn font(config: &PdfFont) -> Result<Font, String> {
    FONT.get_or_init(|| {
        let data = std::fs::read(Path::new(&config.path))
            .map_err(|e| format!("cannot read the PDF font {}: {e} (install fonts-noto-cjk)", config.path))?;
        Font::new(data.into(), config.index)
            .ok_or_else(|| format!("{} (face {}) is not a usable font", config.path, config.index))
    })
    .clone()
}

const WIDTH: f32 = 595.0;
const HEIGHT: f32 = 842.0;
const MARGIN: f32 = 56.0;

/// The PDF of `bill`, generated at `generated_at` (Shanghai time, printed in the footer).
pub fn render(bill: &Bill, font: &Font, generated_at: &str) -> Result<Vec<u8>, String> {
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(format!("账单 Bill {}", bill.order_number))
            .creator("发票管理中心 Fapiao Center".to_owned()),
    );
    let mut page = document.start_page_with(PageSettings::new(WIDTH, HEIGHT));
    let mut surface = page.surface();
    let mut text = |x: f32, y: f32, size: f32, content: &str| {
        surface.draw_text(Point::from_xy(x, y), font.clone(), size, content, false, TextDirection::Auto);
    };

    text(MARGIN, 80.0, 22.0, "账单 Bill");
    text(MARGIN, 104.0, 10.0, "发票管理中心 Fapiao Center");
    use crate::i18n::Locale;
    let rows: [(&str, String); 7] = [
        ("订单号 Order number", bill.order_number.clone()),
        ("产品 Product", bill.product.clone()),
        ("金额 Amount", bill.amount.clone()),
        ("付款时间 Paid (UTC+8)", bill.paid_at.clone()),
        ("付款方 Payer", bill.payer_name.clone()),
        (
            "发票状态 Fapiao status",
            format!("{} {}", progress_label(Locale::zh_CN, bill.progress), progress_label(Locale::en, bill.progress)),
        ),
        ("币种 Currency", "CNY 人民币".to_owned()),
    ];
    let mut y = 160.0;
    for (label, value) in &rows {
        text(MARGIN, y, 10.0, label);
        text(MARGIN + 170.0, y, 12.0, value);
        y += 30.0;
    }
    text(MARGIN, y + 20.0, 9.0, "本账单不是发票。发票请在发票管理中心申请。");
    text(MARGIN, y + 34.0, 9.0, "This bill is not a fapiao. Request the fapiao in the Fapiao Center.");
    text(MARGIN, HEIGHT - 40.0, 8.0, &format!("生成时间 Generated {generated_at}"));

    // A rule under the heading.
    let mut rule = PathBuilder::new();
    rule.move_to(MARGIN, 120.0);
    rule.line_to(WIDTH - MARGIN, 120.0);
    if let Some(path) = rule.finish() {
        surface.set_fill(None);
        surface.set_stroke(Some(Stroke::default()));
        surface.draw_path(&path);
    }
    surface.finish();
    page.finish();
    document.finish().map_err(|e| format!("the PDF could not be written: {e:?}"))
}
