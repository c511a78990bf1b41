//! The keymap: `[keys]` in the configuration (action name → list of key
//! names) parsed into a lookup from key to [`Action`]. A bad key name or a key
//! bound twice is an error naming the configuration file and the key. The help
//! overlay and the status line are generated from the keymap, so they never
//! disagree with the keys.

use std::collections::HashMap;
use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use crate::config::{Config, ConfigError};

/// A key with the modifiers that matter (Ctrl and Alt; Shift is part of the character).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    pub const fn new(code: KeyCode, mods: KeyModifiers) -> Key {
        Key { code, mods }
    }

    /// A key with no modifiers.
    pub const fn plain(code: KeyCode) -> Key {
        Key { code, mods: KeyModifiers::NONE }
    }

    /// The key a terminal event stands for, normalised the way key names are.
    pub fn from_event(e: &KeyEvent) -> Key {
        let mods = e.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        let code = match e.code {
            KeyCode::Char(c) if !mods.is_empty() => KeyCode::Char(c.to_ascii_lowercase()),
            KeyCode::Tab if e.modifiers.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
            code => code,
        };
        Key { code, mods }
    }

    /// A character typed without Ctrl or Alt.
    pub fn printable(&self) -> Option<char> {
        match self.code {
            KeyCode::Char(c) if self.mods.is_empty() => Some(c),
            _ => None,
        }
    }

    /// Parses a key name: "Enter", "Tab", "BackTab", "Esc", "Up", "PgDn",
    /// "F1".."F12", "Delete", "Backspace", "Ctrl-c", "Alt-x", a single character.
    pub fn parse(name: &str) -> Option<Key> {
        let mut rest = name;
        let mut mods = KeyModifiers::NONE;
        let mut shift = false;
        loop {
            let lower = rest.to_ascii_lowercase();
            let prefix = ["ctrl-", "alt-", "shift-"].into_iter().find(|p| lower.starts_with(p));
            match prefix {
                Some(p) if rest.len() > p.len() => {
                    match p {
                        "ctrl-" => mods |= KeyModifiers::CONTROL,
                        "alt-" => mods |= KeyModifiers::ALT,
                        _ => shift = true,
                    }
                    rest = &rest[p.len()..];
                }
                _ => break,
            }
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) if !c.is_control() => {
                let c = if shift { c.to_uppercase().next().unwrap_or(c) } else { c };
                let c = if mods.is_empty() { c } else { c.to_ascii_lowercase() };
                return Some(Key { code: KeyCode::Char(c), mods });
            }
            _ => named(rest)?,
        };
        let code = match code {
            KeyCode::Tab if shift => KeyCode::BackTab,
            _ if shift => return None,
            c => c,
        };
        Some(Key { code, mods })
    }
}

/// A character the payment window's amount is typed with.
pub fn types_an_amount(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '.' | ',')
}

fn named(name: &str) -> Option<KeyCode> {
    let lower = name.to_ascii_lowercase();
    let code = match lower.as_str() {
        "enter" | "return" => KeyCode::Enter,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "esc" | "escape" => KeyCode::Esc,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "pgup" | "pageup" => KeyCode::PageUp,
        "pgdn" | "pagedown" => KeyCode::PageDown,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "delete" | "del" => KeyCode::Delete,
        "insert" | "ins" => KeyCode::Insert,
        "backspace" => KeyCode::Backspace,
        "space" => KeyCode::Char(' '),
        f if f.starts_with('f') => {
            let n: u8 = f[1..].parse().ok()?;
            if !(1..=12).contains(&n) {
                return None;
            }
            KeyCode::F(n)
        }
        _ => return None,
    };
    Some(code)
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        match self.code {
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::Delete => f.write_str("Delete"),
            KeyCode::Insert => f.write_str("Insert"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::F(n) => write!(f, "F{n}"),
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// The keys bound to each action.
#[derive(Debug, Clone)]
pub struct KeyMap {
    bindings: HashMap<Key, Action>,
    /// (action name, its keys) in help order.
    by_action: Vec<(&'static str, Vec<Key>)>,
}

impl KeyMap {
    /// The keymap of the configuration (its `[keys]`, merged over the defaults).
    pub fn from_config(config: &Config) -> Result<KeyMap, ConfigError> {
        KeyMap::from_table(&config.keys, &config.file_name())
    }

    /// The built-in keymap.
    pub fn defaults() -> KeyMap {
        // The embedded config.toml is checked by the tests; failing here is a build defect.
        KeyMap::from_config(&Config::defaults()).unwrap_or_else(|e| panic!("built-in [keys]: {e}"))
    }

    /// Parses a `[keys]` table; `file` names it in errors.
    pub fn from_table(table: &toml::Table, file: &str) -> Result<KeyMap, ConfigError> {
        let err = |message: String| ConfigError { file: file.to_string(), message };
        let mut bindings: HashMap<Key, Action> = HashMap::new();
        let mut owner: HashMap<Key, &'static str> = HashMap::new();
        let mut by_action: Vec<(&'static str, Vec<Key>)> =
            Action::BINDABLE.iter().map(|(n, _)| (*n, Vec::new())).collect();
        for (name, value) in table {
            let Some(action) = Action::named(name) else {
                let hint = crate::config::nearest(name, Action::BINDABLE.iter().map(|(n, _)| *n))
                    .map(|n| format!(" (did you mean `keys.{n}`?)"))
                    .unwrap_or_default();
                return Err(err(format!("unknown action `keys.{name}`{hint}")));
            };
            let Some(list) = value.as_array() else {
                return Err(err(format!("`keys.{name}` must be a list of key names")));
            };
            let name = action.name().unwrap_or("?");
            for item in list {
                let Some(text) = item.as_str() else {
                    return Err(err(format!("`keys.{name}` must be a list of key names, not {item}")));
                };
                let key = Key::parse(text).ok_or_else(|| {
                    err(format!(
                        "`keys.{name}`: `{text}` is not a key name (use \"Enter\", \"F1\", \"Ctrl-c\", \"PgDn\", a single character…)"
                    ))
                })?;
                if action.checkout_only() && key.printable().is_some_and(types_an_amount) {
                    return Err(err(format!(
                        "`keys.{name}`: `{text}` types the amount in the payment window; pick a letter or a function key"
                    )));
                }
                if let Some(other) = owner.get(&key) {
                    let message = if *other == name {
                        format!("`keys.{name}`: `{text}` is listed twice")
                    } else {
                        format!("`{text}` is bound twice: to `keys.{other}` and to `keys.{name}`")
                    };
                    return Err(err(message));
                }
                owner.insert(key, name);
                bindings.insert(key, action.clone());
                if let Some((_, keys)) = by_action.iter_mut().find(|(n, _)| *n == name) {
                    keys.push(key);
                }
            }
        }
        Ok(KeyMap { bindings, by_action })
    }

    /// The action bound to a key, ignoring the entry line.
    pub fn bound(&self, key: Key) -> Option<Action> {
        self.bindings.get(&key).cloned()
    }

    /// What a key does. When `typing` (the entry line or an input overlay holds
    /// text), printable keys type; otherwise a printable key acts as its bound
    /// command, if any, and types when unbound. Backspace edits unless bound.
    /// The payment window's own keys ([`Action::checkout_only`]) count as
    /// unbound here: see [`checkout_action_for`](Self::checkout_action_for).
    pub fn action_for(&self, key: Key, typing: bool) -> Option<Action> {
        let bound = self.bound(key).filter(|a| !a.checkout_only());
        if let Some(c) = key.printable() {
            if typing {
                return Some(Action::Type(c));
            }
            return Some(bound.unwrap_or(Action::Type(c)));
        }
        match bound {
            Some(a) => Some(a),
            None if key.code == KeyCode::Backspace && key.mods.is_empty() => Some(Action::Backspace),
            None => None,
        }
    }

    /// What a key does in the payment window: the last chance's keys add
    /// their add-on; everything else is as in an input window (printable
    /// keys type the amount).
    pub fn checkout_action_for(&self, key: Key) -> Option<Action> {
        match self.bound(key) {
            Some(a) if a.checkout_only() => Some(a),
            _ => self.action_for(key, true),
        }
    }

    /// The keys bound to an action (by its `[keys]` name).
    pub fn keys_of(&self, name: &str) -> &[Key] {
        self.by_action.iter().find(|(n, _)| *n == name).map_or(&[], |(_, k)| k.as_slice())
    }

    /// The first key of an action as text ("F6"), or `None` when unbound.
    pub fn first_key(&self, name: &str) -> Option<String> {
        self.keys_of(name).first().map(Key::to_string)
    }

    /// The help overlay's lines: (keys, what they do), one per bound action,
    /// then the keys that are not remappable.
    pub fn help_lines(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = self
            .by_action
            .iter()
            .filter(|(_, keys)| !keys.is_empty())
            .filter_map(|(name, keys)| {
                let action = Action::named(name)?;
                let keys: Vec<String> = keys.iter().map(Key::to_string).collect();
                Some((keys.join(", "), action.description().to_string()))
            })
            .collect();
        out.push(("Backspace".into(), "Delete the last character typed".into()));
        out.push(("text".into(), "Search by name, SKU, brand or category".into()));
        out.push(("code Enter".into(), "Add by barcode or exact SKU; 3*code adds three".into()));
        out
    }
}
