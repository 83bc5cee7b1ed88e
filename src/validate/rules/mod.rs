//! One rule per file.

pub mod api_version;
pub mod case_calendars;
pub mod compatible;
pub mod coordinates;
pub mod currency;
pub mod drift;
pub mod duplicate_target;
pub mod event_rules;
pub mod fallback_value;
pub mod object_loaded;
pub mod overwrite;
pub mod placeholder;
pub mod required;
pub mod source_field;
pub mod states;
pub mod target_field;
pub mod time_zone;
pub mod value_map;
pub mod writable;
