//! What the screens receive: plain data, with secrets only where the user must see them
//! at that moment (the enrolment, and the authenticator QR shown again on request).

use levensregister_vault::{Enrolment, Profile, TotpSecret};
use serde::Serialize;

use crate::error::Result;
use crate::life_events::LifeEvent;
use crate::qr::qr_svg;
use crate::store::SectionStatus;

/// Shown once, when a register is created: the Secret Key for the Emergency Kit and
/// the authenticator to scan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EnrolmentView {
    /// The new register's id.
    pub register_id: String,
    /// `XXXX-XXXX-…`, to write on the Emergency Kit.
    pub secret_key: String,
    /// The authenticator to scan or type.
    pub authenticator: AuthenticatorView,
}

impl EnrolmentView {
    pub(crate) fn new(profile: &Profile, enrolment: &Enrolment) -> Result<EnrolmentView> {
        Ok(EnrolmentView {
            register_id: profile.id.clone(),
            secret_key: enrolment.secret_key.display().to_string(),
            authenticator: AuthenticatorView::new(&profile.name, &enrolment.totp)?,
        })
    }
}

/// The authenticator set-up: QR code, link and the secret to type by hand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AuthenticatorView {
    /// The `otpauth://` link the QR code holds.
    pub uri: String,
    /// The QR code as SVG (drawn in Rust).
    pub qr_svg: String,
    /// The secret in groups of four, to type into the app by hand.
    pub secret_grouped: String,
}

impl AuthenticatorView {
    pub(crate) fn new(register_name: &str, totp: &TotpSecret) -> Result<AuthenticatorView> {
        let uri = totp.uri(register_name)?;
        Ok(AuthenticatorView {
            qr_svg: qr_svg(&uri)?,
            uri: uri.to_string(),
            secret_grouped: totp.base32_grouped().to_string(),
        })
    }
}

/// The overview screen: every section's state and the life-event checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Overview {
    /// The open register's name.
    pub register_name: String,
    /// Completeness, review dates and last change per section, in catalogue order.
    pub statuses: Vec<SectionStatus>,
    /// Life events and the sections each asks to review.
    pub life_events: Vec<LifeEvent>,
}
