//! The key-slot file: the master key wrapped once per way of opening the register.
//!
//! Like LUKS key slots. Each slot wraps the master key with XChaCha20-Poly1305 under
//! its own slot key, with the slot's parameters as associated data (so they cannot be
//! downgraded). The whole file is MAC'd with a key derived from the master key and ends
//! in a SHA-256 checksum that tells damage from a wrong password before any key is
//! tried. The byte layout is specified in `docs/vault-format.md`.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::kdf::KdfParams;
use crate::keys::{LABEL_SLOTS_MAC, MasterKey, random_bytes};

const MAGIC: &[u8; 8] = b"LRSLOTS\n";
const VERSION: u16 = 1;
const MAX_SLOTS: usize = 32;
const WRAPPED_LEN: usize = 32 + 16;
const TRAILER_LEN: usize = 32 + 32;

/// How a slot is opened. Unknown kinds from newer versions are kept as they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotKind {
    /// Password + Secret Key through Argon2id.
    Password,
    /// A high-entropy recovery secret (SLIP-39 shares), no slow KDF.
    Recovery,
    /// A kind this version does not know.
    Other(u8),
}

impl SlotKind {
    fn byte(self) -> u8 {
        match self {
            SlotKind::Password => 1,
            SlotKind::Recovery => 2,
            SlotKind::Other(b) => b,
        }
    }
    fn from_byte(b: u8) -> SlotKind {
        match b {
            1 => SlotKind::Password,
            2 => SlotKind::Recovery,
            other => SlotKind::Other(other),
        }
    }
}

/// One key slot as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeySlot {
    /// How it is opened.
    pub kind: SlotKind,
    /// Unique within the file.
    pub id: u8,
    /// Kind-specific parameters (bound as associated data).
    pub params: Vec<u8>,
    nonce: [u8; 24],
    wrapped: [u8; WRAPPED_LEN],
}

/// The parameters of a password slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PasswordSlotParams {
    /// Argon2id salt (also the HKDF salt).
    pub salt: [u8; 16],
    /// Argon2id cost.
    pub kdf: KdfParams,
}

impl PasswordSlotParams {
    pub(crate) fn new(kdf: KdfParams) -> Result<PasswordSlotParams> {
        Ok(PasswordSlotParams {
            salt: random_bytes()?,
            kdf,
        })
    }

    pub(crate) fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(28);
        out.extend_from_slice(&self.salt);
        out.extend_from_slice(&self.kdf.memory_kib.to_be_bytes());
        out.extend_from_slice(&self.kdf.iterations.to_be_bytes());
        out.extend_from_slice(&self.kdf.parallelism.to_be_bytes());
        out
    }

    /// Decodes stored parameters. Parameters no register of ours can have (below the
    /// floor, above the ceiling, or refused by Argon2) mean the file is damaged.
    pub(crate) fn decode(bytes: &[u8]) -> Result<PasswordSlotParams> {
        if bytes.len() != 28 {
            return Err(damaged("password slot parameters have the wrong length"));
        }
        let word = |at: usize| {
            u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
        };
        let mut salt = [0u8; 16];
        salt.copy_from_slice(&bytes[..16]);
        let kdf = KdfParams {
            memory_kib: word(16),
            iterations: word(20),
            parallelism: word(24),
        }
        .check_stored()?;
        Ok(PasswordSlotParams { salt, kdf })
    }
}

/// The key-slot file's content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotFile {
    /// The register's random id (also in the database).
    pub register_id: [u8; 16],
    /// The slots, in file order.
    pub slots: Vec<KeySlot>,
    mac: [u8; 32],
}

impl SlotFile {
    pub(crate) fn new(register_id: [u8; 16]) -> SlotFile {
        SlotFile {
            register_id,
            slots: Vec::new(),
            mac: [0; 32],
        }
    }

    /// Wraps `master` under `slot_key` into a slot, replacing any slot with the same id.
    pub(crate) fn put_slot(
        &mut self,
        kind: SlotKind,
        id: u8,
        params: Vec<u8>,
        slot_key: &[u8; 32],
        master: &MasterKey,
    ) -> Result<()> {
        if params.len() > usize::from(u16::MAX) {
            return Err(Error::SlotLimit(
                "slot parameters longer than 65535 bytes".into(),
            ));
        }
        if self.slots.len() >= MAX_SLOTS && !self.slots.iter().any(|slot| slot.id == id) {
            return Err(Error::SlotLimit(format!(
                "a key-slot file holds at most {MAX_SLOTS} slots"
            )));
        }
        let nonce: [u8; 24] = random_bytes()?;
        let aad = self.associated_data(kind, id, &params)?;
        let cipher = XChaCha20Poly1305::new_from_slice(slot_key).map_err(|_| Error::Random)?;
        let sealed = cipher
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: master.as_bytes(),
                    aad: &aad,
                },
            )
            .map_err(|_| Error::Random)?;
        let mut wrapped = [0u8; WRAPPED_LEN];
        wrapped.copy_from_slice(&sealed);
        self.slots.retain(|slot| slot.id != id);
        self.slots.push(KeySlot {
            kind,
            id,
            params,
            nonce,
            wrapped,
        });
        Ok(())
    }

    /// Tries to unwrap the master key from `slot` with `slot_key`; `None` if the key is wrong.
    pub(crate) fn open_slot(&self, slot: &KeySlot, slot_key: &[u8; 32]) -> Option<MasterKey> {
        let aad = self
            .associated_data(slot.kind, slot.id, &slot.params)
            .ok()?;
        let cipher = XChaCha20Poly1305::new_from_slice(slot_key).ok()?;
        let plain = Zeroizing::new(
            cipher
                .decrypt(
                    &XNonce::from(slot.nonce),
                    Payload {
                        msg: &slot.wrapped,
                        aad: &aad,
                    },
                )
                .ok()?,
        );
        let mut bytes = [0u8; 32];
        bytes.copy_from_slice(plain.get(..32)?);
        Some(MasterKey::from_bytes(bytes))
    }

    /// Checks the file's MAC with the master key: a mismatch means the file was changed.
    pub(crate) fn verify_mac(&self, master: &MasterKey) -> Result<()> {
        let mut mac = mac_for(master)?;
        mac.update(&self.body()?);
        mac.verify_slice(&self.mac)
            .map_err(|_| damaged("the key-slot file was changed outside Levensregister"))
    }

    /// Encodes the file, MAC'd with the master key.
    pub(crate) fn encode(&mut self, master: &MasterKey) -> Result<Vec<u8>> {
        let body = self.body()?;
        let mut mac = mac_for(master)?;
        mac.update(&body);
        self.mac.copy_from_slice(&mac.finalize().into_bytes());
        let mut out = body;
        out.extend_from_slice(&self.mac);
        let checksum = Sha256::digest(&out);
        out.extend_from_slice(&checksum);
        Ok(out)
    }

    /// Decodes a file, refusing damage (checksum, structure) before any key is tried.
    pub fn decode(bytes: &[u8]) -> Result<SlotFile> {
        if bytes.len() < MAGIC.len() + 2 + 16 + 1 + TRAILER_LEN {
            return Err(damaged("the key-slot file is too short"));
        }
        let (content, checksum) = bytes.split_at(bytes.len() - 32);
        if Sha256::digest(content).as_slice() != checksum {
            return Err(damaged("the key-slot file's checksum does not match"));
        }
        let (body, mac) = content.split_at(content.len() - 32);
        let mut reader = Reader { bytes: body, at: 0 };
        if reader.take(MAGIC.len())? != MAGIC {
            return Err(damaged("not a Levensregister key-slot file"));
        }
        let version = u16::from_be_bytes(reader.array()?);
        if version != VERSION {
            return Err(damaged("unknown key-slot file version"));
        }
        let register_id: [u8; 16] = reader.array()?;
        let count = usize::from(reader.take(1)?[0]);
        if count == 0 || count > MAX_SLOTS {
            return Err(damaged("impossible number of key slots"));
        }
        let mut slots = Vec::with_capacity(count);
        for _ in 0..count {
            let kind = SlotKind::from_byte(reader.take(1)?[0]);
            let id = reader.take(1)?[0];
            let params_len = usize::from(u16::from_be_bytes(reader.array()?));
            let params = reader.take(params_len)?.to_vec();
            let nonce: [u8; 24] = reader.array()?;
            let wrapped: [u8; WRAPPED_LEN] = reader.array()?;
            if slots.iter().any(|s: &KeySlot| s.id == id) {
                return Err(damaged("two key slots with the same id"));
            }
            slots.push(KeySlot {
                kind,
                id,
                params,
                nonce,
                wrapped,
            });
        }
        if reader.at != body.len() {
            return Err(damaged("unexpected bytes after the key slots"));
        }
        let mut mac_bytes = [0u8; 32];
        mac_bytes.copy_from_slice(mac);
        Ok(SlotFile {
            register_id,
            slots,
            mac: mac_bytes,
        })
    }

    fn body(&self) -> Result<Vec<u8>> {
        if self.slots.is_empty() || self.slots.len() > MAX_SLOTS {
            return Err(Error::SlotLimit(format!(
                "a key-slot file holds 1 to {MAX_SLOTS} slots, not {}",
                self.slots.len()
            )));
        }
        let count = u8::try_from(self.slots.len())
            .map_err(|_| Error::SlotLimit("too many key slots".into()))?;
        let mut out = Vec::with_capacity(64 + self.slots.len() * 128);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_be_bytes());
        out.extend_from_slice(&self.register_id);
        out.push(count);
        for slot in &self.slots {
            out.push(slot.kind.byte());
            out.push(slot.id);
            out.extend_from_slice(&params_len(&slot.params)?.to_be_bytes());
            out.extend_from_slice(&slot.params);
            out.extend_from_slice(&slot.nonce);
            out.extend_from_slice(&slot.wrapped);
        }
        Ok(out)
    }

    /// Binds a slot to this file's register and to its own kind, id and parameters.
    fn associated_data(&self, kind: SlotKind, id: u8, params: &[u8]) -> Result<Vec<u8>> {
        let mut aad = Vec::with_capacity(32 + params.len());
        aad.extend_from_slice(MAGIC);
        aad.extend_from_slice(&VERSION.to_be_bytes());
        aad.extend_from_slice(&self.register_id);
        aad.push(kind.byte());
        aad.push(id);
        aad.extend_from_slice(&params_len(params)?.to_be_bytes());
        aad.extend_from_slice(params);
        Ok(aad)
    }
}

/// The stored length of a slot's parameters (at most 65535 bytes).
fn params_len(params: &[u8]) -> Result<u16> {
    u16::try_from(params.len())
        .map_err(|_| Error::SlotLimit("slot parameters longer than 65535 bytes".into()))
}

fn mac_for(master: &MasterKey) -> Result<Hmac<Sha256>> {
    let key = master.derive(LABEL_SLOTS_MAC);
    <Hmac<Sha256> as KeyInit>::new_from_slice(key.as_ref()).map_err(|_| Error::Random)
}

fn damaged(what: &str) -> Error {
    Error::Damaged(what.to_string())
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&end| end <= self.bytes.len());
        let end = end.ok_or_else(|| damaged("the key-slot file ends too early"))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cheap_params() -> Vec<u8> {
        PasswordSlotParams {
            salt: [1; 16],
            kdf: KdfParams {
                memory_kib: 64,
                iterations: 1,
                parallelism: 1,
            },
        }
        .encode()
    }

    #[test]
    fn put_slot_refuses_more_than_max_slots() {
        let master = MasterKey::from_bytes([7; 32]);
        let mut file = SlotFile::new([2; 16]);
        for id in 0..u8::try_from(MAX_SLOTS).unwrap() {
            file.put_slot(SlotKind::Other(9), id, vec![id], &[3; 32], &master)
                .unwrap();
        }
        // Replacing a slot is fine; a 33rd is not.
        file.put_slot(SlotKind::Other(9), 5, vec![5], &[3; 32], &master)
            .unwrap();
        assert!(matches!(
            file.put_slot(SlotKind::Other(9), 200, vec![], &[3; 32], &master),
            Err(Error::SlotLimit(_))
        ));
        let encoded = file.encode(&master).unwrap();
        assert_eq!(SlotFile::decode(&encoded).unwrap().slots.len(), MAX_SLOTS);
    }

    #[test]
    fn parameters_too_long_for_the_format_are_refused_not_truncated() {
        let master = MasterKey::from_bytes([7; 32]);
        let mut file = SlotFile::new([2; 16]);
        let long = vec![0u8; usize::from(u16::MAX) + 1];
        assert!(matches!(
            file.put_slot(SlotKind::Other(9), 1, long.clone(), &[3; 32], &master),
            Err(Error::SlotLimit(_))
        ));
        // Even a slot that got in some other way is not written with a cut length.
        file.put_slot(SlotKind::Password, 0, cheap_params(), &[3; 32], &master)
            .unwrap();
        file.slots[0].params = long;
        assert!(matches!(file.encode(&master), Err(Error::SlotLimit(_))));
    }

    #[test]
    fn impossible_stored_parameters_are_damage() {
        let mut bytes = cheap_params();
        bytes[24..28].copy_from_slice(&0u32.to_be_bytes()); // parallelism 0
        assert!(matches!(
            PasswordSlotParams::decode(&bytes),
            Err(Error::Damaged(_))
        ));
        let mut bytes = cheap_params();
        bytes[16..20].copy_from_slice(&(4 * 1024 * 1024u32).to_be_bytes()); // 4 GiB
        assert!(matches!(
            PasswordSlotParams::decode(&bytes),
            Err(Error::Damaged(_))
        ));
    }
}
