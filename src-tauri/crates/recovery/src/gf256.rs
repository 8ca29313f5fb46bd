//! Arithmetic in GF(256) with the Rijndael polynomial x^8 + x^4 + x^3 + x + 1, as
//! SLIP-0039 uses it. Multiplication is branch-free and table-free, so secret bytes do not
//! steer memory accesses or branches.

/// The product of `a` and `b`.
pub(crate) fn mul(a: u8, b: u8) -> u8 {
    let mut a = a;
    let mut b = b;
    let mut product = 0u8;
    for _ in 0..8 {
        product ^= a & (b & 1).wrapping_neg();
        let carry = (a >> 7).wrapping_neg();
        a = (a << 1) ^ (carry & 0x1B);
        b >>= 1;
    }
    product
}

/// The inverse of `a` (a^254); the inverse of 0 is taken as 0 and never used.
pub(crate) fn inv(a: u8) -> u8 {
    // a^254 = a^(2+4+8+16+32+64+128)
    let mut result = 1u8;
    let mut square = a;
    for _ in 0..7 {
        square = mul(square, square);
        result = mul(result, square);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_products() {
        // FIPS 197 section 4.2: {57} . {83} = {c1}, {57} . {13} = {fe}.
        assert_eq!(mul(0x57, 0x83), 0xC1);
        assert_eq!(mul(0x57, 0x13), 0xFE);
        assert_eq!(mul(0, 0x13), 0);
        assert_eq!(mul(1, 0x13), 0x13);
    }

    #[test]
    fn every_nonzero_element_has_its_inverse() {
        for a in 1..=255u8 {
            assert_eq!(mul(a, inv(a)), 1, "{a}");
        }
    }
}
