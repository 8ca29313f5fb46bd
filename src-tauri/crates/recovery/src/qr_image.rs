//! Reading QR codes from a PNG or JPEG image: a scan or a phone photo of share sheets.
//! Large photos are also tried scaled down, which helps the detector with blur and noise.

use image::{DynamicImage, GrayImage, ImageFormat, imageops::FilterType};

use crate::error::QrImageError;

/// Longest side a large photo is scaled to for a second attempt.
const SECOND_TRY_SIDE: u32 = 1600;

/// The texts of every QR code found in a PNG or JPEG image, in the order found, each once.
pub fn decode_qr_image(bytes: &[u8]) -> Result<Vec<String>, QrImageError> {
    let format = image::guess_format(bytes).map_err(|e| QrImageError::Image(e.to_string()))?;
    if !matches!(format, ImageFormat::Png | ImageFormat::Jpeg) {
        return Err(QrImageError::Image(format!(
            "{format:?} images are not read; use PNG or JPEG"
        )));
    }
    let image = image::load_from_memory_with_format(bytes, format)
        .map_err(|e| QrImageError::Image(e.to_string()))?;
    let gray = image.to_luma8();

    let mut texts = decode_gray(&gray);
    if texts.is_empty() && gray.width().max(gray.height()) > SECOND_TRY_SIDE {
        let smaller = DynamicImage::ImageLuma8(gray).resize(
            SECOND_TRY_SIDE,
            SECOND_TRY_SIDE,
            FilterType::Triangle,
        );
        texts = decode_gray(&smaller.to_luma8());
    }
    if texts.is_empty() {
        Err(QrImageError::NoCode)
    } else {
        Ok(texts)
    }
}

fn decode_gray(gray: &GrayImage) -> Vec<String> {
    let (width, height) = (gray.width() as usize, gray.height() as usize);
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| {
        // `x` < width and `y` < height, which came from u32 values.
        gray.get_pixel(x as u32, y as u32).0[0]
    });
    let mut texts: Vec<String> = Vec::new();
    for grid in prepared.detect_grids() {
        if let Ok((_, text)) = grid.decode()
            && !texts.contains(&text)
        {
            texts.push(text);
        }
    }
    texts
}
