//! The password rules: the service's (at least 8 characters; small letters, capitals,
//! digits and punctuation mixed) plus a zxcvbn score, with the reasons in plain words.

use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;

use crate::lang::Lang;

/// The least zxcvbn score (0–4) accepted: 3, "safely unguessable" for offline attacks
/// slowed by a strong hash.
const MIN_SCORE: u8 = 3;

/// One reason a password is refused.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PasswordProblem {
    /// Fewer than 8 characters.
    TooShort,
    /// No small letter.
    NoLowercase,
    /// No capital.
    NoUppercase,
    /// No digit.
    NoDigit,
    /// No punctuation or other symbol.
    NoSymbol,
    /// Easy to guess (a common word, a pattern, a name).
    EasyToGuess,
}

impl PasswordProblem {
    /// The reason in plain words.
    pub fn message(self, lang: Lang) -> &'static str {
        match self {
            PasswordProblem::TooShort => lang.pick("gebruik minstens 8 tekens", "use at least 8 characters"),
            PasswordProblem::NoLowercase => lang.pick("gebruik ook kleine letters", "add small letters"),
            PasswordProblem::NoUppercase => lang.pick("gebruik ook hoofdletters", "add capital letters"),
            PasswordProblem::NoDigit => lang.pick("gebruik ook cijfers", "add digits"),
            PasswordProblem::NoSymbol => lang.pick(
                "gebruik ook een leesteken of symbool, zoals ! ? - of #",
                "add a punctuation mark or symbol, such as ! ? - or #",
            ),
            PasswordProblem::EasyToGuess => lang.pick(
                "dit wachtwoord is te makkelijk te raden; maak het langer of gebruik een zin van losse woorden",
                "this password is too easy to guess; make it longer or use a sentence of unrelated words",
            ),
        }
    }
}

/// How strong a password is, for the live meter.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PasswordStrength {
    /// zxcvbn score, 0 (weak) to 4 (strong).
    pub score: u8,
    /// Every rule it breaks; empty when it is accepted.
    pub problems: Vec<PasswordProblem>,
}

impl PasswordStrength {
    /// True when the password may be used.
    pub fn acceptable(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Rates `password`; `context` holds words that make it easier to guess (the register's name).
pub fn rate_password(password: &SecretString, context: &[&str]) -> PasswordStrength {
    let text = password.expose_secret();
    let mut problems = Vec::new();
    if text.chars().count() < 8 {
        problems.push(PasswordProblem::TooShort);
    }
    if !text.chars().any(char::is_lowercase) {
        problems.push(PasswordProblem::NoLowercase);
    }
    if !text.chars().any(char::is_uppercase) {
        problems.push(PasswordProblem::NoUppercase);
    }
    if !text.chars().any(|c| c.is_ascii_digit()) {
        problems.push(PasswordProblem::NoDigit);
    }
    if !text
        .chars()
        .any(|c| !c.is_alphanumeric() && !c.is_whitespace())
    {
        problems.push(PasswordProblem::NoSymbol);
    }
    let score = if text.is_empty() {
        0
    } else {
        u8::from(zxcvbn::zxcvbn(text, context).score())
    };
    if score < MIN_SCORE {
        problems.push(PasswordProblem::EasyToGuess);
    }
    PasswordStrength { score, problems }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(text: &str) -> PasswordStrength {
        rate_password(&SecretString::from(text.to_string()), &["Jan"])
    }

    #[test]
    fn the_services_rule_and_guessability() {
        assert!(rate("Tulpen-Bollen-1987!").acceptable());
        assert_eq!(rate("abc").problems[0], PasswordProblem::TooShort);
        assert!(
            rate("password")
                .problems
                .contains(&PasswordProblem::NoUppercase)
        );
        assert!(
            rate("Password1!")
                .problems
                .contains(&PasswordProblem::EasyToGuess)
        );
        assert!(
            rate("Tulpenbollen1987")
                .problems
                .contains(&PasswordProblem::NoSymbol)
        );
        assert!(
            rate("Tulpen-Bollen-!")
                .problems
                .contains(&PasswordProblem::NoDigit)
        );
    }

    #[test]
    fn reasons_in_both_languages() {
        for problem in rate("").problems {
            assert_ne!(problem.message(Lang::Nl), problem.message(Lang::En));
        }
    }
}
