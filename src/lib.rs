//! counterpart: a keyboard-driven terminal sales assistant for the shop counter.
//!
//! The domain (catalog, money, cart, suggestion engine, mining) is plain Rust
//! with no terminal code; `store` is the only module that speaks SQL; `tui`
//! draws state and turns keys into actions; `cli` is the command line.

#[cfg(test)]
extern crate self as counterpart;

pub mod app;
pub mod barcode;
pub mod calendar;
pub mod cart;
pub mod catalog;
pub mod checkout;
pub mod cli;
pub mod config;
pub mod customers;
pub mod demo;
pub mod ids;
pub mod mining;
pub mod money;
pub mod reports;
pub mod rng;
pub mod search;
pub mod simulate;
pub mod store;
pub mod suggest;
pub mod synthetic;
pub mod training;
pub mod tui;
