//! Staff, PINs (argon2id, salted), lockout after repeated wrong PINs, and the
//! append-only audit log.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::{OptionalExtension, Transaction, params};

use super::{Result, Store, StoreError, now_iso};
use crate::checkout::ApprovalAction;

/// A member of staff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staff {
    pub id: String,
    pub name: String,
    pub role: Role,
    pub has_pin: bool,
}

/// What a member of staff may do; stored by [name](Role::as_str).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Cashier,
    /// Approves discounts above the cap, voids and refunds.
    Manager,
    Trainee,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Cashier, Role::Manager, Role::Trainee];

    /// Its name on the command line and in the database: "cashier", "manager", "trainee".
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Cashier => "cashier",
            Role::Manager => "manager",
            Role::Trainee => "trainee",
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is no [`Role`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("role `{0}` is not cashier, manager or trainee")]
pub struct UnknownRole(pub String);

impl std::str::FromStr for Role {
    type Err = UnknownRole;

    fn from_str(s: &str) -> Result<Role, UnknownRole> {
        Role::ALL.into_iter().find(|r| r.as_str() == s).ok_or_else(|| UnknownRole(s.into()))
    }
}

impl ToSql for Role {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for Role {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Role> {
        value.as_str()?.parse().map_err(|e| FromSqlError::Other(Box::new(e)))
    }
}

impl ToSql for ApprovalAction {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for ApprovalAction {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<ApprovalAction> {
        value.as_str()?.parse().map_err(|e| FromSqlError::Other(Box::new(e)))
    }
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
    action: ApprovalAction,
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
    pub action: ApprovalAction,
    pub sale_id: Option<String>,
    pub details: String,
}

impl Store {
    /// Adds or updates a member of staff; `pin` is hashed, never stored.
    pub fn upsert_staff(&mut self, id: &str, name: &str, role: Role, pin: Option<&str>) -> Result<()> {
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
                "INSERT INTO staff (id, name, role) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
            )?
            .execute(params![id, name, Role::Cashier])?;
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
        let row: Option<(String, Role, Option<String>, i64, bool)> = self
            .conn
            .prepare_cached(
                "SELECT name, role, pin_hash, failed_attempts, \
                 coalesce(locked_until > strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 0) FROM staff WHERE id = ?1 AND active = 1",
            )?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
            .optional()?;
        let Some((name, role, hash, _failed, locked)) = row else {
            return Err(StoreError::UnknownStaff { id: id.into() });
        };
        if locked {
            return Err(StoreError::Locked { id: id.into() });
        }
        let Some(hash) = hash else {
            return Err(StoreError::NoPin { id: id.into() });
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
            Err(StoreError::WrongPin { id: id.into() })
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
        if s.role != Role::Manager {
            return Err(StoreError::NotAManager { id: manager_id.into() });
        }
        Ok(s)
    }

    /// Writes an audit row on its own (for actions with no sale, such as a void).
    pub fn audit(
        &mut self,
        terminal: &str,
        staff_id: Option<&str>,
        approved_by: Option<&str>,
        action: ApprovalAction,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("staff.db")).unwrap();
        (dir, store)
    }

    fn column(store: &Store, sql: &str) -> Vec<String> {
        let mut stmt = store.conn.prepare(sql).unwrap();
        stmt.query_map([], |r| r.get(0)).unwrap().collect::<rusqlite::Result<_>>().unwrap()
    }

    #[test]
    fn roles_are_stored_by_name_and_read_back() {
        let (_d, mut store) = store();
        for (i, role) in Role::ALL.into_iter().enumerate() {
            store.upsert_staff(&format!("s{i}"), "Someone", role, None).unwrap();
            assert_eq!(store.staff(&format!("s{i}")).unwrap().unwrap().role, role);
            assert_eq!(role.as_str().parse(), Ok(role));
        }
        assert_eq!(column(&store, "SELECT role FROM staff ORDER BY id"), ["cashier", "manager", "trainee"]);
        assert_eq!(
            "boss".parse::<Role>().unwrap_err().to_string(),
            "role `boss` is not cashier, manager or trainee"
        );
    }

    #[test]
    fn approval_actions_are_audited_by_name_and_read_back() {
        let (_d, mut store) = store();
        for action in ApprovalAction::ALL {
            store.audit("T1", Some("ann"), Some("boss"), action, "").unwrap();
        }
        assert_eq!(
            column(&store, "SELECT action FROM audit_log ORDER BY id"),
            ["discount", "price_override", "void", "refund"]
        );
        let read: Vec<ApprovalAction> = store.audit_log().unwrap().iter().map(|r| r.action).collect();
        assert_eq!(read, ApprovalAction::ALL);
    }

    #[test]
    fn refusals_are_their_own_errors_with_the_same_words() {
        let (_d, mut store) = store();
        store.upsert_staff("ann", "Ann", Role::Cashier, Some("1111")).unwrap();
        store.upsert_staff("boss", "Boss", Role::Manager, Some("2468")).unwrap();
        store.upsert_staff("kim", "Kim", Role::Trainee, None).unwrap();
        let e = store.approve("nobody", "1111", 3, 15).unwrap_err();
        assert!(matches!(&e, StoreError::UnknownStaff { id } if id == "nobody"), "{e:?}");
        assert_eq!(e.to_string(), "no staff member `nobody`");
        let e = store.approve("kim", "1111", 3, 15).unwrap_err();
        assert!(matches!(&e, StoreError::NoPin { .. }), "{e:?}");
        assert_eq!(e.to_string(), "`kim` has no PIN set");
        let e = store.approve("ann", "1111", 3, 15).unwrap_err();
        assert!(matches!(&e, StoreError::NotAManager { .. }), "{e:?}");
        assert_eq!(e.to_string(), "`ann` is not a manager");
        let e = store.approve("boss", "0000", 3, 15).unwrap_err();
        assert!(matches!(&e, StoreError::WrongPin { .. }), "{e:?}");
        assert_eq!(e.to_string(), "wrong PIN for `boss`");
        for _ in 0..2 {
            let _ = store.approve("boss", "0000", 3, 15);
        }
        let e = store.approve("boss", "2468", 3, 15).unwrap_err();
        assert!(matches!(&e, StoreError::Locked { .. }), "{e:?}");
        assert_eq!(e.to_string(), "`boss` is locked after too many wrong PINs; try again later");
    }
}
