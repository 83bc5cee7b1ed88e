//! The JavaScript binding: `#[wasm_bindgen]` exports that convert arguments, call the core and
//! convert results. No logic lives here.

mod convert;

use crate::catalogue::{CustomFieldInput, SourceKind};
use crate::config::{MappingConfig, Tab};
use crate::error::{EngineError, ErrorCode};
use convert::{js_err, json_arg_max, json_to_js, opt_json_arg_max, string_arg, to_js};
use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = include_str!("types.d.ts");

#[wasm_bindgen(start)]
fn start() {
    // A panic is a bug; make it visible in the console before the module traps.
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("oncehub-sf-mapping panicked: {info}").into());
    }));
}

/// A configuration argument (object, JSON text or bytes), size-checked and parsed.
fn config_arg(config: &JsValue) -> Result<MappingConfig, JsValue> {
    MappingConfig::parse(&json_arg_max(
        config,
        "the configuration",
        crate::config::MAX_CONFIG_BYTES,
    )?)
    .map_err(js_err)
}

/// An optional configuration argument (`undefined`/`null` → `None`).
fn opt_config_arg(config: &JsValue) -> Result<Option<MappingConfig>, JsValue> {
    opt_json_arg_max(config, "the configuration", crate::config::MAX_CONFIG_BYTES)?
        .map(|text| MappingConfig::parse(&text).map_err(js_err))
        .transpose()
}

/// The mapping engine: loaded Salesforce describes, the OnceHub field catalogue, and every
/// query of the mapping screen. Call `free()` when an Engine is no longer needed (for example
/// when the user connects another org); until then it keeps its describes in wasm memory.
#[wasm_bindgen(js_name = Engine)]
pub struct JsEngine {
    inner: crate::engine::Engine,
    /// `compatibleFields` results by (object, source field), converted once and frozen: the
    /// mapping screen asks the same question every time a dropdown opens. Cleared whenever a
    /// describe or a custom source field changes the answer.
    compatible: RefCell<HashMap<(String, String), JsValue>>,
}

#[wasm_bindgen(js_class = Engine)]
impl JsEngine {
    /// An engine with no describes and the built-in OnceHub catalogue.
    #[wasm_bindgen(constructor)]
    pub fn new() -> JsEngine {
        JsEngine {
            inner: crate::engine::Engine::new(),
            compatible: RefCell::new(HashMap::new()),
        }
    }

    /// Loads a describe: REST `GET .../sobjects/X/describe` JSON or the `sf sobject describe --json`
    /// wrapper, as text (or an already parsed object). Replaces an earlier describe of the same object.
    #[wasm_bindgen(js_name = loadDescribe, unchecked_return_type = "LoadSummary")]
    pub fn load_describe(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string | JsonBytes | object")] text: &JsValue,
    ) -> Result<JsValue, JsValue> {
        let text = json_arg_max(
            text,
            "the describe",
            crate::describe::parse::MAX_DESCRIBE_BYTES,
        )?;
        let summary = self.inner.load_describe(&text).map_err(js_err)?;
        self.compatible.borrow_mut().clear();
        to_js(&summary)
    }

    /// Loaded objects, by name.
    #[wasm_bindgen(unchecked_return_type = "ObjectSummary[]")]
    pub fn objects(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.objects())
    }

    /// OnceHub fields of a kind: built-ins, then registered custom fields.
    #[wasm_bindgen(js_name = sourceFields, unchecked_return_type = "SourceField[]")]
    pub fn source_fields(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SourceKind")] kind: &JsValue,
    ) -> Result<JsValue, JsValue> {
        let kind = SourceKind::parse(&string_arg(kind, "kind")?).map_err(js_err)?;
        to_js(self.inner.source_fields(kind))
    }

    /// Registers custom fields (contact custom fields, form / routing-form / chatbot answers).
    /// All or nothing. Returns the registered fields.
    #[wasm_bindgen(js_name = addSourceFields, unchecked_return_type = "SourceField[]")]
    pub fn add_source_fields(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "CustomSourceFieldInput[] | string | JsonBytes")]
        fields: &JsValue,
    ) -> Result<JsValue, JsValue> {
        let text = json_arg_max(
            fields,
            "the custom fields",
            crate::catalogue::MAX_SOURCE_FIELDS_BYTES,
        )?;
        let inputs = CustomFieldInput::parse_list(&text).map_err(js_err)?;
        let added = self.inner.add_source_fields(inputs).map_err(js_err)?;
        self.compatible.borrow_mut().clear();
        to_js(&added)
    }

    /// Salesforce fields of `object` compatible with a OnceHub field, required first, then by label.
    /// The result is frozen and shared between calls with the same arguments (copy it to edit).
    #[wasm_bindgen(js_name = compatibleFields, unchecked_return_type = "DeepReadonly<CompatibleField[]>")]
    pub fn compatible_fields(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] object: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "string", js_name = sourceField)]
        source_field: &JsValue,
    ) -> Result<JsValue, JsValue> {
        let key = (
            string_arg(object, "object")?,
            string_arg(source_field, "sourceField")?,
        );
        if let Some(hit) = self.compatible.borrow().get(&key) {
            return Ok(hit.clone());
        }
        let list = to_js(
            &self
                .inner
                .compatible_fields(&key.0, &key.1)
                .map_err(js_err)?,
        )?;
        convert::deep_freeze(&list);
        self.compatible.borrow_mut().insert(key, list.clone());
        Ok(list)
    }

    /// Fields of `object` a static-value row (no OnceHub field) can set, required first, then by
    /// label: what the mapping screen offers for a fixed value.
    #[wasm_bindgen(js_name = staticTargets, unchecked_return_type = "StaticTarget[]")]
    pub fn static_targets(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] object: &JsValue,
    ) -> Result<JsValue, JsValue> {
        to_js(
            &self
                .inner
                .static_targets(&string_arg(object, "object")?)
                .map_err(js_err)?,
        )
    }

    /// Why a pair is (in)compatible, in plain words with the facts.
    #[wasm_bindgen(unchecked_return_type = "Explanation")]
    pub fn explain(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] object: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "string", js_name = sourceField)]
        source_field: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "string", js_name = targetField)]
        target_field: &JsValue,
    ) -> Result<JsValue, JsValue> {
        let object = string_arg(object, "object")?;
        let source = string_arg(source_field, "sourceField")?;
        let target = string_arg(target_field, "targetField")?;
        to_js(
            &self
                .inner
                .explain(&object, &source, &target)
                .map_err(js_err)?,
        )
    }

    /// Required fields of an object; with a config, how each is met.
    // Declared in types.d.ts (an optional parameter; wasm-bindgen would make it required).
    #[wasm_bindgen(js_name = requiredFields, skip_typescript)]
    pub fn required_fields(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] object: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "MappingConfig | string | JsonBytes")] config: Option<
            JsValue,
        >,
    ) -> Result<JsValue, JsValue> {
        let object = string_arg(object, "object")?;
        let config = opt_config_arg(&config.unwrap_or(JsValue::UNDEFINED))?;
        to_js(
            &self
                .inner
                .required_fields(&object, config.as_ref())
                .map_err(js_err)?,
        )
    }

    /// The configuration a new integration starts with, fitted to the loaded describes: without
    /// rows whose Salesforce field is missing or read-only, overwrite off for create-only fields,
    /// and no fallback for a field that may be empty.
    #[wasm_bindgen(js_name = defaultConfig, unchecked_return_type = "MappingConfig")]
    pub fn default_config(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.default_config())
    }

    /// Parses (imports) configuration text; throws `INVALID_CONFIG` / `UNSUPPORTED_CONFIG_VERSION` with a path.
    #[wasm_bindgen(js_name = parseConfig, unchecked_return_type = "MappingConfig")]
    pub fn parse_config(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | MappingConfig | JsonBytes")] text: &JsValue,
    ) -> Result<JsValue, JsValue> {
        to_js(&config_arg(text)?)
    }

    /// Exports a configuration as stable, pretty JSON, with a snapshot of the mapped fields of
    /// the loaded describes (used later to report schema drift). Near the 8 MiB a configuration
    /// may be, it is compact and keeps of long picklists only the values the rows send; an
    /// export that cannot fit throws `INPUT_TOO_LARGE`.
    #[wasm_bindgen(js_name = exportConfig)]
    pub fn export_config(
        &self,
        #[wasm_bindgen(unchecked_param_type = "MappingConfig | string | JsonBytes")]
        config: &JsValue,
    ) -> Result<String, JsValue> {
        let config = config_arg(config)?;
        self.inner.export_config(&config).map_err(js_err)
    }

    /// Validates a configuration against the loaded describes: every finding at once.
    /// Findings are data; only a malformed configuration throws.
    #[wasm_bindgen(unchecked_return_type = "ValidationReport")]
    pub fn validate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "MappingConfig | string | JsonBytes")]
        config: &JsValue,
    ) -> Result<JsValue, JsValue> {
        let config = config_arg(config)?;
        to_js(&self.inner.validate(&config))
    }

    /// What each booking-form (routing-form, chatbot) question the configuration maps should
    /// enforce so its answer reaches Salesforce: required, a length limit, allowed values, a
    /// format.
    #[wasm_bindgen(js_name = formHints, unchecked_return_type = "FormHint[]")]
    pub fn form_hints(
        &self,
        #[wasm_bindgen(unchecked_param_type = "MappingConfig | string | JsonBytes")]
        config: &JsValue,
    ) -> Result<JsValue, JsValue> {
        let config = config_arg(config)?;
        to_js(&self.inner.form_hints(&config))
    }

    /// Checks one outgoing record body (`{"LastName": "..."}`) against the loaded describe.
    // Declared in types.d.ts (an optional parameter; wasm-bindgen would make it required).
    #[wasm_bindgen(js_name = validateRecord, skip_typescript)]
    pub fn validate_record(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] object: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "Record<string, unknown> | string | JsonBytes")]
        record: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "RecordCheckOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let object = string_arg(object, "object")?;
        let record = json_arg_max(record, "the record", crate::payload::MAX_PAYLOAD_BYTES)?;
        let options = convert::options_arg(options, crate::record::RecordOptions::parse)?;
        to_js(
            &self
                .inner
                .validate_record(&object, &record, options)
                .map_err(js_err)?,
        )
    }

    /// The exact Salesforce Composite request a OnceHub booking webhook, booking or contact
    /// would produce, with a per-field trace and the problems in the outgoing bodies.
    #[wasm_bindgen(unchecked_return_type = "Preview")]
    pub fn preview(
        &self,
        #[wasm_bindgen(unchecked_param_type = "MappingConfig | string | JsonBytes")]
        config: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "PreviewInput | string | JsonBytes")] input: &JsValue,
    ) -> Result<JsValue, JsValue> {
        let config = config_arg(config)?;
        let input = crate::preview::PreviewInput::parse(&json_arg_max(
            &convert::text_payloads(input, false)?,
            "the preview input",
            crate::preview::MAX_INPUT_BYTES,
        )?)
        .map_err(js_err)?;
        to_js(&self.inner.preview(&config, &input).map_err(js_err)?)
    }

    /// Previews many inputs in one call, with a summary of what would fail, by code.
    // Declared in types.d.ts (an optional parameter that changes the result's type).
    #[wasm_bindgen(js_name = previewMany, skip_typescript)]
    pub fn preview_many(
        &self,
        config: &JsValue,
        inputs: &JsValue,
        options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let config = config_arg(config)?;
        let inputs = json_arg_max(
            &convert::text_payloads(inputs, true)?,
            "the inputs",
            crate::preview::MAX_BATCH_BYTES,
        )?;
        let options = convert::options_arg(options, crate::preview::PreviewManyOptions::parse)?;
        json_to_js(
            &self
                .inner
                .preview_many_json(&config, &inputs, options)
                .map_err(js_err)?,
        )
    }

    /// Proposes rows for a tab from names, labels and synonyms. Never replaces a row of `config`.
    #[wasm_bindgen(js_name = suggestMappings, unchecked_return_type = "Suggestion[]")]
    pub fn suggest_mappings(
        &self,
        #[wasm_bindgen(unchecked_param_type = "MappingConfig | string | JsonBytes | null")] config: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "Tab")] tab: &JsValue,
    ) -> Result<JsValue, JsValue> {
        let tab = Tab::parse(&string_arg(tab, "tab")?).map_err(js_err)?;
        // A plain object name (e.g. "Lead") instead of a config is accepted too.
        let config = match config.as_string() {
            Some(s) if !s.trim_start().starts_with('{') => {
                if !s.eq_ignore_ascii_case(tab.object()) {
                    return Err(js_err(EngineError::new(
                        ErrorCode::InvalidArgument,
                        format!("tab `{}` maps to {}, not `{s}`", tab.key(), tab.object()),
                        "",
                        "pass the configuration (or the tab's object name) and the tab",
                    )));
                }
                None
            }
            _ => opt_config_arg(config)?,
        };
        to_js(&crate::suggest::suggest_mappings(&self.inner, config.as_ref(), tab).map_err(js_err)?)
    }
}

impl Default for JsEngine {
    fn default() -> Self {
        Self::new()
    }
}

/// The Salesforce object a tab maps to.
#[wasm_bindgen(js_name = tabObject, unchecked_return_type = "\"Contact\" | \"Lead\" | \"Event\" | \"Case\"")]
pub fn tab_object(
    #[wasm_bindgen(unchecked_param_type = "Tab")] tab: &JsValue,
) -> Result<String, JsValue> {
    let tab = Tab::parse(&string_arg(tab, "tab")?).map_err(js_err)?;
    Ok(tab.object().to_string())
}

/// Every fatal error code, for documentation and exhaustive handling.
#[wasm_bindgen(js_name = errorCodes, unchecked_return_type = "ErrorCode[]")]
pub fn error_codes() -> Result<JsValue, JsValue> {
    let codes: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
    to_js(&codes)
}
