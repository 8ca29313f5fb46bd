//! The RS1024 checksum of SLIP-0039: a Reed-Solomon code over GF(1024) that guarantees
//! to detect any error in up to three words. The customization string is "shamir", or
//! "shamir_extendable" for shares with the extendable-backup flag.

/// Words of checksum at the end of every share.
pub(crate) const CHECKSUM_WORDS: usize = 3;

const GENERATOR: [u32; 10] = [
    0x00E0_E040,
    0x01C1_C080,
    0x0383_8100,
    0x0707_0200,
    0x0E0E_0009,
    0x1C0C_2412,
    0x3808_6C24,
    0x3090_FC48,
    0x21B1_F890,
    0x03F3_F120,
];

fn customization(extendable: bool) -> &'static [u8] {
    if extendable {
        b"shamir_extendable"
    } else {
        b"shamir"
    }
}

fn polymod(values: impl IntoIterator<Item = u16>) -> u32 {
    let mut chk: u32 = 1;
    for v in values {
        let top = chk >> 20;
        chk = ((chk & 0xF_FFFF) << 10) ^ u32::from(v);
        for (i, g) in GENERATOR.iter().enumerate() {
            if (top >> i) & 1 == 1 {
                chk ^= g;
            }
        }
    }
    chk
}

fn with_customization(extendable: bool, data: &[u16]) -> impl Iterator<Item = u16> + '_ {
    customization(extendable)
        .iter()
        .map(|&b| u16::from(b))
        .chain(data.iter().copied())
}

/// The three checksum words for `data` (the share's words without checksum).
pub(crate) fn create(extendable: bool, data: &[u16]) -> [u16; CHECKSUM_WORDS] {
    let padded = with_customization(extendable, data).chain([0; CHECKSUM_WORDS]);
    let pm = polymod(padded) ^ 1;
    // Each value is masked to 10 bits, so the casts are lossless.
    [
        ((pm >> 20) & 1023) as u16,
        ((pm >> 10) & 1023) as u16,
        (pm & 1023) as u16,
    ]
}

/// Whether `data` (a whole share, checksum included) has a valid checksum.
pub(crate) fn verify(extendable: bool, data: &[u16]) -> bool {
    polymod(with_customization(extendable, data)) == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn created_checksum_verifies_and_catches_changes() {
        let mut data: Vec<u16> = (0..17).map(|i| (i * 97 + 5) % 1024).collect();
        for extendable in [false, true] {
            let mut share = data.clone();
            share.extend(create(extendable, &data));
            assert!(verify(extendable, &share));
            assert!(!verify(!extendable, &share));
            for i in 0..share.len() {
                let mut bad = share.clone();
                bad[i] ^= 1;
                assert!(!verify(extendable, &bad));
            }
        }
        data[0] = 1023;
        assert!(!verify(false, &data));
    }
}
