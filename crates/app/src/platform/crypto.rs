//! Secrets: random opaque tokens, their SHA-256 (what is stored, SEC-6), HMAC signatures and
//! Argon2id password hashes (ACC-3).

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use hmac::{Hmac, Mac};
use rand::RngCore;
use ring::aead::{Aad, CHACHA20_POLY1305, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use sha2::{Digest, Sha256};

use crate::platform::settings::HashCost;

/// A fresh random secret: `prefix` + 64 hex characters (256 bits).
pub fn new_secret(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!("{prefix}{}", hex::encode(bytes))
}

/// The hex SHA-256 of a secret, as stored in the database.
pub fn sha256_hex(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Hex HMAC-SHA256 of `message` with `key`.
pub fn hmac_hex(key: &[u8], message: &str) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
        return String::new();
    };
    mac.update(message.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// Encryption at rest with a key derived from the server key for one purpose (SEC-6): outbox
/// bodies while they wait, saved-card tokens. ChaCha20-Poly1305 with a random nonce; the
/// associated data binds a sealed value to its owner (an organization id), so a value copied to
/// another row does not open.
pub struct Sealer {
    key: LessSafeKey,
}

/// The prefix of every sealed value (the version of the scheme).
const SEALED_PREFIX: &str = "s1:";

impl Sealer {
    /// The sealer for `purpose` ("outbox", "card-token"), keyed by HMAC-SHA256 of the server key.
    pub fn new(server_key: &[u8], purpose: &str) -> Sealer {
        let mut derived = [0u8; 32];
        // HMAC takes a key of any length, so this never fails.
        if let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(server_key) {
            mac.update(b"kontor seal ");
            mac.update(purpose.as_bytes());
            derived.copy_from_slice(&mac.finalize().into_bytes());
        }
        let Ok(key) = UnboundKey::new(&CHACHA20_POLY1305, &derived) else {
            unreachable!("a 32-byte key is the size ChaCha20-Poly1305 takes")
        };
        let key = LessSafeKey::new(key);
        Sealer { key }
    }

    /// Encrypts `plain` for `owner`: `s1:` and the hex of nonce, ciphertext and tag.
    pub fn seal(&self, owner: &str, plain: &str) -> String {
        let sealed = self.seal_bytes(owner, plain.as_bytes());
        if sealed.is_empty() {
            return String::new();
        }
        format!("{SEALED_PREFIX}{}", hex::encode(sealed))
    }

    /// Decrypts what [`Sealer::seal`] made for the same `owner`; `None` if it was made with
    /// another key or owner, or changed.
    pub fn open(&self, owner: &str, sealed: &str) -> Option<String> {
        let bytes = hex::decode(sealed.strip_prefix(SEALED_PREFIX)?).ok()?;
        String::from_utf8(self.open_bytes(owner, &bytes)?).ok()
    }

    /// Encrypts bytes for `owner`: nonce, ciphertext and tag (a photo, SEC-5).
    pub fn seal_bytes(&self, owner: &str, plain: &[u8]) -> Vec<u8> {
        let mut nonce = [0u8; NONCE_LEN];
        rand::rng().fill_bytes(&mut nonce);
        let mut data = plain.to_vec();
        // Sealing only fails for inputs over 256 GiB.
        if self
            .key
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(owner.as_bytes()),
                &mut data,
            )
            .is_err()
        {
            return Vec::new();
        }
        let mut out = Vec::with_capacity(NONCE_LEN + data.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&data);
        out
    }

    /// Decrypts what [`Sealer::seal_bytes`] made for the same `owner`.
    pub fn open_bytes(&self, owner: &str, sealed: &[u8]) -> Option<Vec<u8>> {
        if sealed.len() < NONCE_LEN {
            return None;
        }
        let (nonce, rest) = sealed.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).ok()?;
        let mut data = rest.to_vec();
        let plain = self
            .key
            .open_in_place(nonce, Aad::from(owner.as_bytes()), &mut data)
            .ok()?;
        Some(plain.to_vec())
    }

    /// Whether `value` has the shape of a sealed value.
    pub fn is_sealed(value: &str) -> bool {
        value.starts_with(SEALED_PREFIX)
    }
}

/// Compares two strings in time independent of where they differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn argon2(cost: HashCost) -> Result<Argon2<'static>, argon2::Error> {
    let params = Params::new(cost.memory_kib, cost.iterations, cost.parallelism, None)?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes a password with Argon2id and a random salt (PHC string).
pub fn hash_password(password: &str, cost: HashCost) -> anyhow::Result<String> {
    let hash: PasswordHash = argon2(cost)
        .map_err(|e| anyhow::anyhow!("argon2 parameters: {e}"))?
        .hash_password(password.as_bytes())
        .map_err(|e| anyhow::anyhow!("argon2: {e}"))?;
    Ok(hash.to_string())
}

/// Checks a password against a stored PHC string (its own parameters are used).
pub fn verify_password(password: &str, stored: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return false;
    };
    Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok()
}

/// A hash of nothing in particular, verified against when an e-mail is unknown so that
/// sign-in takes the same time whether or not the account exists (ACC-4).
pub fn dummy_hash(cost: HashCost) -> String {
    hash_password("kontor-dummy-password", cost).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acc_3_passwords_are_hashed_with_argon2id() {
        let cost = HashCost {
            memory_kib: 64,
            iterations: 1,
            parallelism: 1,
        };
        let h = hash_password("correct horse battery", cost).unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &h));
        assert!(!verify_password("wrong horse battery", &h));
    }

    #[test]
    fn sec_6_sealed_values_open_only_with_their_key_purpose_and_owner() {
        let outbox = Sealer::new(b"0123456789abcdef0123456789abcdef", "outbox");
        let sealed = outbox.seal("7", "https://k/console/password-reset/abc");
        assert!(Sealer::is_sealed(&sealed));
        assert!(!sealed.contains("password-reset"), "{sealed}");
        assert_ne!(
            sealed,
            outbox.seal("7", "https://k/console/password-reset/abc"),
            "fresh nonce"
        );
        assert_eq!(
            outbox.open("7", &sealed).as_deref(),
            Some("https://k/console/password-reset/abc")
        );
        assert_eq!(outbox.open("8", &sealed), None, "another owner");
        let cards = Sealer::new(b"0123456789abcdef0123456789abcdef", "card-token");
        assert_eq!(cards.open("7", &sealed), None, "another purpose");
        let other = Sealer::new(b"fedcba9876543210fedcba9876543210", "outbox");
        assert_eq!(other.open("7", &sealed), None, "another server key");
        let mut tampered = sealed.clone();
        tampered.pop();
        tampered.push(if sealed.ends_with('0') { '1' } else { '0' });
        assert_eq!(outbox.open("7", &tampered), None, "changed");
        assert_eq!(outbox.open("7", "plain text"), None);
    }

    #[test]
    fn sec_6_secrets_are_256_random_bits_and_hashed_with_sha256() {
        let secrets: std::collections::HashSet<String> = (0..1000).map(|_| new_secret("kt_")).collect();
        assert_eq!(secrets.len(), 1000, "no two secrets alike");
        for s in &secrets {
            let hex = s.strip_prefix("kt_").unwrap_or_default();
            assert_eq!(hex.len(), 64, "32 bytes as hex: {s}");
            assert!(hex.bytes().all(|c| c.is_ascii_hexdigit()), "{s}");
        }
        // The hash stored at rest is SHA-256 (FIPS 180-2 test vector).
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
