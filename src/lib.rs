//! # oncehub-sf-mapping
//!
//! The mapping and validation engine behind a OnceHub → Salesforce field-mapping screen:
//! it reads real Salesforce describes, lists the Salesforce fields compatible with a OnceHub
//! field, finds required fields that need a fallback, validates a whole mapping configuration,
//! and previews the exact Salesforce requests a booking or contact would produce.
//!
//! The core is plain Rust. `src/wasm/` (compiled for `wasm32` only) converts between
//! JavaScript values and the core types and holds no logic.

pub mod catalogue;
pub mod compat;
pub mod config;
pub mod describe;
pub mod diagnostic;
pub mod drift;
pub mod engine;
pub mod event_rules;
pub mod form_hints;
pub mod json;
pub mod jsonv;
pub mod order;
pub mod payload;
pub mod preview;
pub mod record;
pub mod required;
pub mod suggest;
pub mod text;
pub mod time;
pub mod tz;
pub mod validate;
pub mod value;

pub use oncehub_sf_reader::error;

pub use config::{MappingConfig, Tab};
pub use engine::Engine;
pub use error::{EngineError, ErrorCode};

#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub mod wasm;
