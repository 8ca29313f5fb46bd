//! Reading share QR codes from images: a PNG and a JPEG drawn here from the `qrcode`
//! crate's module matrix, two codes in one picture, a picture without a code, and bytes
//! that are no picture.

use std::io::Cursor;

use image::{GrayImage, ImageFormat, Luma};
use levensregister_recovery::{QrImageError, Share, decode_qr_image, split};
use qrcode::{Color, QrCode};

use crate::random_bytes;

const SCALE: u32 = 4;
const QUIET: u32 = 4;

/// Draws the codes side by side, each with a quiet zone, 4 pixels per module.
fn draw(codes: &[&str]) -> GrayImage {
    let codes: Vec<QrCode> = codes
        .iter()
        .map(|t| QrCode::new(t.as_bytes()).unwrap())
        .collect();
    let side = |c: &QrCode| (c.width() as u32 + 2 * QUIET) * SCALE;
    let width = codes.iter().map(side).sum();
    let height = codes.iter().map(side).max().unwrap();
    let mut image = GrayImage::from_pixel(width, height, Luma([255]));
    let mut left = 0;
    for code in &codes {
        let modules = code.width() as u32;
        for (i, color) in code.to_colors().iter().enumerate() {
            if *color == Color::Dark {
                let (mx, my) = (i as u32 % modules, i as u32 / modules);
                for dy in 0..SCALE {
                    for dx in 0..SCALE {
                        let x = left + (QUIET + mx) * SCALE + dx;
                        let y = (QUIET + my) * SCALE + dy;
                        image.put_pixel(x, y, Luma([0]));
                    }
                }
            }
        }
        left += side(code);
    }
    image
}

fn encode(image: &GrayImage, format: ImageFormat) -> Vec<u8> {
    let mut bytes = Cursor::new(Vec::new());
    image.write_to(&mut bytes, format).unwrap();
    bytes.into_inner()
}

#[test]
fn a_share_comes_back_from_a_png_and_a_jpeg() {
    let shares = split(&random_bytes(32), 2, 3, b"", 0).unwrap();
    let words = shares[0].words();
    let image = draw(&[words.as_str()]);
    for format in [ImageFormat::Png, ImageFormat::Jpeg] {
        let texts = decode_qr_image(&encode(&image, format)).unwrap();
        assert_eq!(texts, vec![words.to_string()], "{format:?}");
        assert_eq!(Share::parse(&texts[0]).unwrap(), shares[0]);
    }
}

#[test]
fn two_codes_in_one_picture() {
    let shares = split(&random_bytes(16), 2, 3, b"", 0).unwrap();
    let (a, b) = (shares[0].words(), shares[2].words());
    let texts =
        decode_qr_image(&encode(&draw(&[a.as_str(), b.as_str()]), ImageFormat::Png)).unwrap();
    assert_eq!(texts.len(), 2);
    assert!(texts.contains(&*a) && texts.contains(&*b));
}

#[test]
fn a_picture_without_a_code() {
    let blank = GrayImage::from_pixel(200, 120, Luma([255]));
    assert_eq!(
        decode_qr_image(&encode(&blank, ImageFormat::Png)),
        Err(QrImageError::NoCode)
    );
}

#[test]
fn bytes_that_are_no_picture() {
    assert!(matches!(
        decode_qr_image(b"academic acid acne acquire"),
        Err(QrImageError::Image(_))
    ));
    let mut truncated = encode(&draw(&["hello"]), ImageFormat::Png);
    truncated.truncate(60);
    assert!(matches!(
        decode_qr_image(&truncated),
        Err(QrImageError::Image(_))
    ));
    assert!(matches!(
        decode_qr_image(b"GIF89a\x01\x00\x01\x00"),
        Err(QrImageError::Image(_))
    ));
}
