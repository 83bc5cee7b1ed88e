//! # oncehub-sf-reader
//!
//! The text layer of [oncehub-sf-mapping](../../README.md): a strict single-pass JSON reader
//! with JSON-pointer errors ([`json`]), the engine's error type ([`error`]), the reader of
//! Salesforce describes into their raw attributes ([`describe`]), and the writer of every
//! result's JSON text ([`write`]).
//!
//! It is a crate of its own for one reason: the release profile compiles it for speed
//! (`opt-level = 3`) while the rest of the engine is compiled for size (`opt-level = "z"`).
//! These loops read every byte of a describe or a booking batch and write every byte of a
//! result; in WebAssembly, built for size, they ran at about half the speed.

pub mod describe;
pub mod error;
pub mod json;
pub mod write;

pub use error::{EngineError, ErrorCode, Result};
