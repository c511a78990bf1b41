//! Staff, PINs (argon2id, salted), lockout after repeated wrong PINs, and the
//! append-only audit log.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use rusqlite::{OptionalExtension, Transaction, params};

use super::{Result, Store, StoreError, now_iso};

/// A member of staff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staff {
    pub id: String,
    pub name: String,
    pub role: String,
    pub has_pin: bool,
}

/// argon2id with modest memory: a PIN check takes a few milliseconds at the till.
fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Salted argon2id hash of a PIN, in PHC string form.
pub fn hash_pin(pin: &str) -> Result<String> {
    let mut salt_bytes = [0u8; 16];
    let id = crate::ids::new_id("salt");
    for (i, b) in id.bytes().rev().enumerate().take(16) {
        salt_bytes[i] = b;
    }
    let salt = SaltString::encode_b64(&salt_bytes).map_err(|e| StoreError::Invalid(e.to_string()))?;
    Ok(hasher()
        .hash_password(pin.as_bytes(), &salt)
        .map_err(|e| StoreError::Invalid(e.to_string()))?
        .to_string())
}

/// Writes one audit row (inside the caller's transaction).
#[allow(clippy::too_many_arguments)]
pub(crate) fn audit(
    tx: &Transaction<'_>,
    at: &str,
    terminal: &str,
    staff_id: Option<&str>,
    approved_by: Option<&str>,
    action: &str,
    sale_id: Option<&str>,
    details: &str,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO audit_log (at, terminal, staff_id, approved_by, action, sale_id, details) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![at, terminal, staff_id, approved_by, action, sale_id, details])?;
    Ok(())
}

/// An audit row as read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    pub at: String,
    pub staff_id: Option<String>,
    pub approved_by: Option<String>,
    pub action: String,
    pub sale_id: Option<String>,
    pub details: String,
}

impl Store {
    /// Adds or updates a member of staff; `pin` is hashed, never stored.
    pub fn upsert_staff(&mut self, id: &str, name: &str, role: &str, pin: Option<&str>) -> Result<()> {
        if !matches!(role, "cashier" | "manager" | "trainee") {
            return Err(StoreError::Invalid(format!("role `{role}` is not cashier, manager or trainee")));
        }
        let hash = pin.map(hash_pin).transpose()?;
        self.write(|tx| {
            tx.prepare_cached(
                "INSERT INTO staff (id, name, role, pin_hash) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (id) DO UPDATE SET \
                 name = excluded.name, role = excluded.role, pin_hash = coalesce(excluded.pin_hash, staff.pin_hash), \
                 failed_attempts = 0, locked_until = NULL",
            )?
            .execute(params![id, name, role, hash])?;
            Ok(())
        })
    }

    /// Makes sure a member of staff exists (used for the demo seller).
    pub fn ensure_staff(&mut self, id: &str, name: &str) -> Result<()> {
        self.write(|tx| {
            tx.prepare_cached(
                "INSERT INTO staff (id, name, role) VALUES (?1, ?2, 'cashier') ON CONFLICT DO NOTHING",
            )?
            .execute(params![id, name])?;
            Ok(())
        })
    }

    pub fn staff(&self, id: &str) -> Result<Option<Staff>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id, name, role, pin_hash IS NOT NULL FROM staff WHERE id = ?1 AND active = 1",
            )?
            .query_row([id], |r| {
                Ok(Staff { id: r.get(0)?, name: r.get(1)?, role: r.get(2)?, has_pin: r.get(3)? })
            })
            .optional()?)
    }

    /// Checks a PIN. Wrong PINs count; after `max_tries` the account locks for
    /// `lockout_minutes`, and while locked even the right PIN is refused.
    pub fn verify_pin(&mut self, id: &str, pin: &str, max_tries: u32, lockout_minutes: u32) -> Result<Staff> {
        let row: Option<(String, String, Option<String>, i64, bool)> = self
            .conn
            .prepare_cached(
                "SELECT name, role, pin_hash, failed_attempts, \
                 coalesce(locked_until > strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 0) FROM staff WHERE id = ?1 AND active = 1",
            )?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
            .optional()?;
        let Some((name, role, hash, _failed, locked)) = row else {
            return Err(StoreError::Invalid(format!("no staff member `{id}`")));
        };
        if locked {
            return Err(StoreError::Invalid(format!(
                "`{id}` is locked after too many wrong PINs; try again later"
            )));
        }
        let Some(hash) = hash else {
            return Err(StoreError::Invalid(format!("`{id}` has no PIN set")));
        };
        let ok = PasswordHash::new(&hash).is_ok_and(|h| hasher().verify_password(pin.as_bytes(), &h).is_ok());
        self.write(|tx| {
            if ok {
                tx.prepare_cached("UPDATE staff SET failed_attempts = 0, locked_until = NULL WHERE id = ?1")?.execute([id])?;
            } else {
                tx.prepare_cached(
                    "UPDATE staff SET failed_attempts = failed_attempts + 1, locked_until = CASE WHEN failed_attempts + 1 >= ?2 \
                     THEN strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?3) ELSE NULL END, \
                     failed_attempts = CASE WHEN failed_attempts + 1 >= ?2 THEN 0 ELSE failed_attempts + 1 END WHERE id = ?1",
                )?
                .execute(params![id, i64::from(max_tries), format!("+{lockout_minutes} minutes")])?;
            }
            Ok(())
        })?;
        if ok {
            Ok(Staff { id: id.to_string(), name, role, has_pin: true })
        } else {
            Err(StoreError::Invalid(format!("wrong PIN for `{id}`")))
        }
    }

    /// Checks that `manager_id` is a manager and the PIN is right.
    pub fn approve(
        &mut self,
        manager_id: &str,
        pin: &str,
        max_tries: u32,
        lockout_minutes: u32,
    ) -> Result<Staff> {
        let s = self.verify_pin(manager_id, pin, max_tries, lockout_minutes)?;
        if s.role != "manager" {
            return Err(StoreError::Invalid(format!("`{manager_id}` is not a manager")));
        }
        Ok(s)
    }

    /// Writes an audit row on its own (for actions with no sale, such as a void).
    pub fn audit(
        &mut self,
        terminal: &str,
        staff_id: Option<&str>,
        approved_by: Option<&str>,
        action: &str,
        details: &str,
    ) -> Result<()> {
        self.write(|tx| {
            let now = now_iso(tx)?;
            audit(tx, &now, terminal, staff_id, approved_by, action, None, details)
        })
    }

    /// The audit log, oldest first.
    pub fn audit_log(&self) -> Result<Vec<AuditRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT at, staff_id, approved_by, action, sale_id, details FROM audit_log ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(AuditRow {
                at: r.get(0)?,
                staff_id: r.get(1)?,
                approved_by: r.get(2)?,
                action: r.get(3)?,
                sale_id: r.get(4)?,
                details: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
