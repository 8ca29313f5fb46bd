//! QR codes as SVG, drawn here (not in the webview) so that the enrolment link never
//! passes through a third-party script.

use crate::error::{Error, Result};

/// An SVG picture of `text` as a QR code, black on white, with a quiet zone.
pub fn qr_svg(text: &str) -> Result<String> {
    let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)
        .map_err(|_| Error::InvalidQr)?;
    Ok(code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(240, 240)
        .quiet_zone(true)
        .dark_color(qrcode::render::svg::Color("#000000"))
        .light_color(qrcode::render::svg::Color("#ffffff"))
        .build())
}

#[cfg(test)]
mod tests {
    #[test]
    fn draws_an_svg() {
        let svg =
            super::qr_svg("otpauth://totp/Levensregister:Jan?secret=ABC&issuer=Levensregister")
                .unwrap();
        assert!(svg.starts_with("<?xml") || svg.starts_with("<svg"));
        assert!(svg.contains("</svg>"));
    }
}
