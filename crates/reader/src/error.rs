//! Fatal errors: broken input contracts only. Findings about a valid input are data
//! (the engine's diagnostics), never errors.

use serde::Serialize;

/// Stable machine codes of fatal errors. A code never changes meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    /// The text is not JSON.
    InvalidJson,
    /// JSON nests deeper than the parser allows.
    NestingTooDeep,
    /// The input is larger than the documented limit.
    InputTooLarge,
    /// A collection holds more items than the documented limit.
    TooManyItems,
    /// The JSON is valid but is not a Salesforce describe.
    NotADescribe,
    /// A describe attribute has the wrong type or value.
    InvalidDescribe,
    /// The named Salesforce object has not been loaded.
    UnknownObject,
    /// The named OnceHub field is not in the catalogue.
    UnknownSourceField,
    /// The named Salesforce field is not on the object.
    UnknownTargetField,
    /// A custom source field definition is invalid.
    InvalidSourceField,
    /// The configuration document is invalid.
    InvalidConfig,
    /// The configuration declares a version this engine does not read.
    UnsupportedConfigVersion,
    /// The OnceHub payload is not a booking, contact or webhook envelope.
    InvalidPayload,
    /// The record to check is not a JSON object of field values.
    InvalidRecord,
    /// An argument has the wrong type or value.
    InvalidArgument,
}

impl ErrorCode {
    /// The code as JS and the docs spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidJson => "INVALID_JSON",
            Self::NestingTooDeep => "NESTING_TOO_DEEP",
            Self::InputTooLarge => "INPUT_TOO_LARGE",
            Self::TooManyItems => "TOO_MANY_ITEMS",
            Self::NotADescribe => "NOT_A_DESCRIBE",
            Self::InvalidDescribe => "INVALID_DESCRIBE",
            Self::UnknownObject => "UNKNOWN_OBJECT",
            Self::UnknownSourceField => "UNKNOWN_SOURCE_FIELD",
            Self::UnknownTargetField => "UNKNOWN_TARGET_FIELD",
            Self::InvalidSourceField => "INVALID_SOURCE_FIELD",
            Self::InvalidConfig => "INVALID_CONFIG",
            Self::UnsupportedConfigVersion => "UNSUPPORTED_CONFIG_VERSION",
            Self::InvalidPayload => "INVALID_PAYLOAD",
            Self::InvalidRecord => "INVALID_RECORD",
            Self::InvalidArgument => "INVALID_ARGUMENT",
        }
    }

    /// Every code, in documentation order.
    pub const ALL: [ErrorCode; 15] = [
        Self::InvalidJson,
        Self::NestingTooDeep,
        Self::InputTooLarge,
        Self::TooManyItems,
        Self::NotADescribe,
        Self::InvalidDescribe,
        Self::UnknownObject,
        Self::UnknownSourceField,
        Self::UnknownTargetField,
        Self::InvalidSourceField,
        Self::InvalidConfig,
        Self::UnsupportedConfigVersion,
        Self::InvalidPayload,
        Self::InvalidRecord,
        Self::InvalidArgument,
    ];
}

/// A fatal input-contract error: what went wrong, where (a JSON pointer into the input,
/// empty for the whole input) and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct EngineError {
    /// Stable machine code.
    pub code: ErrorCode,
    /// One line, lowercase, user values in backticks.
    pub message: String,
    /// JSON pointer (RFC 6901) into the offending input; `""` means the whole input.
    pub path: String,
    /// How to fix it.
    pub help: String,
}

impl EngineError {
    /// Builds an error.
    pub fn new(
        code: ErrorCode,
        message: impl Into<String>,
        path: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        Self {
            code,
            message: message.into(),
            path: path.into(),
            help: help.into(),
        }
    }

    /// Prefixes the path with `prefix` (a JSON pointer), for errors raised inside a nested value.
    #[must_use]
    pub fn under(mut self, prefix: &str) -> Self {
        self.path = format!("{prefix}{}", self.path);
        self
    }
}

impl From<Box<EngineError>> for EngineError {
    fn from(e: Box<EngineError>) -> Self {
        *e
    }
}

/// Result alias for engine operations.
pub type Result<T> = std::result::Result<T, EngineError>;

/// Escapes one JSON pointer segment (RFC 6901: `~` → `~0`, `/` → `~1`).
pub fn pointer_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}
