//! The report crate's tests: every report compiled from a real register, checked
//! with independent tools (pdftotext, pdftoppm), and template errors located.

mod fixture;
mod preview;
mod render;
mod sheets;
