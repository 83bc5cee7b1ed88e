// ---- oncehub-sf-mapping: every input and output type of the Engine API ----
// This block is the single source of the package's TypeScript types (included by
// src/wasm/mod.rs as a typescript_custom_section). tests/ts/consumer.ts checks it with
// `tsc --noEmit --strict`.

/** Errors thrown by the engine are real `Error`s with these extra properties. */
export interface EngineErrorData {
  /** Always `"MappingEngineError"`. */
  name: "MappingEngineError";
  /** Stable machine code; see the error table in the README. */
  code: ErrorCode;
  /** JSON pointer into the offending input ("" = the whole input). */
  path: string;
  /** How to fix it. */
  help: string;
}
export type MappingEngineError = Error & EngineErrorData;

export type ErrorCode =
  | "INVALID_JSON" | "NESTING_TOO_DEEP" | "INPUT_TOO_LARGE" | "TOO_MANY_ITEMS"
  | "NOT_A_DESCRIBE" | "INVALID_DESCRIBE" | "UNKNOWN_OBJECT" | "UNKNOWN_SOURCE_FIELD"
  | "UNKNOWN_TARGET_FIELD" | "INVALID_SOURCE_FIELD" | "INVALID_CONFIG"
  | "UNSUPPORTED_CONFIG_VERSION" | "INVALID_PAYLOAD" | "INVALID_RECORD" | "INVALID_ARGUMENT";

/** Salesforce field types as the engine names them (`unsupported` = a type it does not know). */
export type SalesforceFieldType =
  | "id" | "reference" | "string" | "textarea" | "email" | "phone" | "url" | "picklist"
  | "multipicklist" | "combobox" | "encryptedstring" | "boolean" | "int" | "long" | "double"
  | "currency" | "percent" | "date" | "datetime" | "time" | "address" | "location" | "base64"
  | "anytype" | "json" | "unsupported";

/** A describe fact a reduced describe may leave out. */
export type Fact =
  | "createable" | "updateable" | "nillable" | "defaultedOnCreate" | "length" | "precision"
  | "digits" | "calculated" | "restrictedPicklist";

export interface LoadSummary {
  /** API name, e.g. "Lead". */
  object: string;
  label: string;
  /** From the describe's URLs, when it says (e.g. "59.0"). */
  apiVersion: string | null;
  /** "full", or "reduced" when the write facts createable and defaultedOnCreate are missing. */
  shape: "full" | "reduced";
  fieldCount: number;
  /** Fields whose type the engine does not know; kept, never offered for mapping. */
  unsupportedFields: string[];
  /** True when this describe replaced an already loaded one for the same object. */
  replaced: boolean;
  /**
   * When replacing: what changed for fields (see validate's drift findings); and what the
   * describe lacks that every record needs (a Lead or Contact without LastName).
   */
  warnings: string[];
  /**
   * The same with codes: a DRIFT_* finding per field change, always a warning here (path: the
   * field in the new describe, such as "/fields/12"; a deleted field: "/fields"), and a
   * DESCRIBE_INCOMPLETE error when a Lead or Contact describe lacks a field every record needs
   * (LastName; a Lead's Company).
   */
  findings: Diagnostic[];
}

export interface ObjectSummary {
  name: string;
  label: string;
  apiVersion: string | null;
  shape: "full" | "reduced";
  fieldCount: number;
}

export type SourceKind = "contact" | "meeting";
/** OnceHub value types. */
export type SourceValueType =
  | "text" | "longText" | "email" | "phone" | "url" | "number" | "integer" | "boolean"
  | "date" | "datetime" | "singleChoice" | "multipleChoice" | "textList";

export interface SourceField {
  /** Stable id used in configs, e.g. "email", "starting_time", "custom.industry". */
  id: string;
  label: string;
  kind: SourceKind;
  type: SourceValueType;
  /**
   * Where the value comes from in a OnceHub payload, e.g. "form_submission.email"; paths joined
   * with " | " are tried in order (the first with a value is used), and derived values name
   * their inputs ("starting_time + duration_minutes").
   */
  path: string;
  /** Options of a choice field. */
  options: string[];
  /**
   * Longest value OnceHub produces, in UTF-16 units, where the type or the options fix it: a
   * choice (its longest option; a multiple choice, all of them joined with `; `), a yes/no
   * (`false`), a date or a datetime. null for free text.
   */
  maxLength: number | null;
  /** Registered by the caller (custom field or form/routing/chatbot answer). */
  custom: boolean;
  /** Derived by the engine (e.g. last name split from a full name); says how. */
  derivation: string | null;
}

export interface CustomSourceFieldInput {
  /** Unique id; letters, digits, `_`, `.`, `-`; must not clash with a built-in field. */
  id: string;
  label?: string;
  /** Default "contact". */
  kind?: SourceKind;
  type: "text" | "longText" | "email" | "phone" | "url" | "number" | "boolean" | "date"
    | "datetime" | "singleChoice" | "multipleChoice";
  /** Required (non-empty) for singleChoice / multipleChoice. */
  options?: string[];
  /**
   * The `name` under `custom_fields` in OnceHub payloads (for a form answer, its question's
   * label); default: the id without a "custom." prefix. An entry of exactly this name is taken
   * first, else one that differs only in letter case, `-`, `_` or spaces (`Office size`).
   */
  payloadName?: string;
}

/**
 * JSON as UTF-8 bytes, e.g. Node's `fs.readFileSync(path)` or a fetched `arrayBuffer()`: every
 * JSON argument also takes text or the parsed value.
 */
export type JsonBytes = Uint8Array | ArrayBuffer;

/** How well a source field fits a target field. */
export type Grade = "exact" | "converts" | "lossy";

/**
 * A result the engine caches and shares between calls: frozen, so it is typed read-only all the
 * way down (`[...list]` to sort it; `structuredClone(list)` to change its entries).
 */
export type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

export interface CompatibleField {
  name: string;
  label: string;
  type: SalesforceFieldType;
  /** e.g. "string(80)", "picklist(40, restricted)". */
  typeLabel: string;
  /** Maximum length of a text field (string, textarea, picklist, email, phone, url…); null for other types, or when a reduced describe does not say (standard fields' fixed lengths are filled in). */
  length: number | null;
  grade: Grade;
  /** Plain-words note: what a conversion does or may lose (converts / lossy); may state a limit for exact. */
  note: string;
  required: boolean;
  createable: boolean;
  updateable: boolean;
  /** Facts the describe did not give. */
  unknownFacts: Fact[];
  /** Picklist values (active ones) for picklist targets. */
  picklistValues: string[];
  /** For choice sources into picklists: source options with no matching active value. */
  unmatchedOptions: string[];
}

/** A field a static-value row can set (`staticTargets`). */
export interface StaticTarget {
  name: string;
  label: string;
  type: SalesforceFieldType;
  /** e.g. "string(80)", "picklist(40, restricted)". */
  typeLabel: string;
  /** Maximum length of a text field (string, textarea, picklist, email, phone, url…); null for other types, or when a reduced describe does not say (standard fields' fixed lengths are filled in). */
  length: number | null;
  /** Required on create, by the describe or an object rule (Event timing). */
  required: boolean;
  /** Settable on update too (false: the value is sent on create only). */
  updateable: boolean;
  /** Facts the describe did not give. */
  unknownFacts: Fact[];
  /** Active picklist values, for picklist targets. */
  picklistValues: string[];
  /**
   * For `RecordTypeId`: the record types a value may name (active, available to the user the
   * describe was read with, not the master), in describe order; empty for other fields.
   */
  recordTypes: { id: string; name: string }[];
}

export interface Explanation {
  object: string;
  source: string;
  target: string;
  compatible: boolean;
  grade: Grade | null;
  /** Plain words with the facts: types, lengths, read-only, picklist coverage. */
  reasons: string[];
  sourceType: SourceValueType;
  targetType: SalesforceFieldType;
  targetTypeLabel: string;
}

export interface RequiredField {
  name: string;
  label: string;
  type: SalesforceFieldType;
  typeLabel: string;
  /**
   * "schema": createable && !nillable && !defaultedOnCreate. "rule": an object rule the describe
   * cannot show, or a field Salesforce requires on every record that the describe does not list
   * (a Lead's LastName and Company, a Contact's LastName; typeLabel "not in the describe", never
   * satisfied: load the full describe).
   */
  basis: "schema" | "rule";
  /** For rule-based entries: what the rule says. */
  rule: string | null;
  /** Fields that satisfy the same rule (e.g. EndDateTime for DurationInMinutes). */
  alternatives: string[];
  /** False when the describe lacks the facts to be sure (reduced shape). */
  certain: boolean;
  unknownFacts: Fact[];
  /**
   * With a config: how the requirement is met (`mapping`: from a OnceHub field that is never
   * empty); `null` when it is not, including a mapping from a field that can be empty and has no
   * fallback. (Under `contactElseLead` Contacts are only updated: validate asks nothing of a
   * Contact's entries.)
   */
  satisfiedBy: "mapping" | "fallback" | "mappingWithFallback" | "alternative" | null;
  /** Picklist options to offer for the fallback (active values). */
  picklistValues: string[];
  /** Maximum length of a text field (string, textarea, picklist, email, phone, url…); null for other types, or when a reduced describe does not say (standard fields' fixed lengths are filled in). */
  length: number | null;
}

// ---- configuration ----
export type Tab = "contacts" | "leads" | "events" | "cases";
export type FallbackValue = string | number | boolean;

export interface MappingRow {
  /** OnceHub field id; absent = a static value given by `fallback`. */
  source?: string;
  /** Salesforce field API name. */
  target: string;
  /** May an existing non-blank Salesforce value be replaced? */
  overwrite: boolean;
  /**
   * Used when the source value is empty or unusable (it cannot be converted, or Salesforce would
   * refuse it: an invalid email, a value a restricted picklist lacks); always, for a static row.
   */
  fallback?: FallbackValue;
  /** Source choice option (or text value, such as an event type's name) → Salesforce picklist value. */
  valueMap?: Record<string, string>;
  /** Opt in to cutting text that is longer than the field (shown in the trace). */
  truncate?: boolean;
  /**
   * On update, send null (a checkbox: false) when the source is empty and there is no fallback;
   * overwrite off still keeps a value Salesforce has, and a field the payload cannot carry is
   * never cleared.
   */
  clearWhenEmpty?: boolean;
}

export interface BookingCalendar { id: string; name: string; }

export interface MappingConfig {
  version: 1;
  contacts: { target: "lead" | "contact" | "contactElseLead" };
  meetings: {
    createEvents: boolean;
    /** Booking calendar ids whose meetings create Cases; empty = no cases. */
    caseCalendars: string[];
    /** The "create Cases" switch. Absent: Cases are on exactly when caseCalendars is not empty. */
    createCases?: boolean;
  };
  mappings: { contacts: MappingRow[]; leads: MappingRow[]; events: MappingRow[]; cases: MappingRow[] };
  /** Optional: the booking calendars known to the account (to check caseCalendars ids). */
  bookingCalendars?: BookingCalendar[];
  /** Optional: Salesforce REST API version used in previews (default "62.0"). */
  apiVersion?: string;
  /**
   * Optional: IANA time zone for datetime → date and time conversions when a booking names none
   * (the contact's zone and the zone OnceHub v1's customer_time_zone_description names come
   * first: a region's IANA zone, else its fixed offset, with a TIME_ZONE_ASSUMED warning; without
   * any of them and this, the host's zone, else UTC, with a TIME_ZONE_ASSUMED warning).
   */
  timeZone?: string;
  /**
   * Written by exportConfig: the custom OnceHub fields registered in the engine, to register
   * again (addSourceFields) where the configuration is imported.
   */
  sourceFields?: CustomSourceFieldInput[];
  /** Written by exportConfig: the mapped fields as they were at export, for schema-drift findings. */
  fieldSnapshot?: Record<string, Record<string, FieldSnapshot>>;
}

export interface FieldSnapshot {
  type: string;
  length?: number;
  /** Left out when the describe did not say (a reduced describe). */
  required?: boolean;
  picklistValues?: string[];
}

export type Severity = "error" | "warning";

/** Every finding's code (docs/diagnostics.md says what each means). */
// BEGIN DiagnosticCode (generated from CODES in src/diagnostic.rs)
export type DiagnosticCode =
  | "DESCRIBE_INCOMPLETE" | "OBJECT_NOT_LOADED" | "UNKNOWN_TARGET_FIELD"
  | "TARGET_FIELD_WRONG_CASE" | "UNKNOWN_SOURCE_FIELD" | "EMPTY_ROW" | "TARGET_NOT_WRITABLE"
  | "INCOMPATIBLE_MAPPING" | "AMOUNT_IN_MINOR_UNITS" | "DUPLICATE_TARGET"
  | "REQUIRED_FIELD_UNMAPPED" | "REQUIRED_FIELD_NO_FALLBACK" | "EVENT_TIMING_UNMAPPED"
  | "EVENT_TIMING_NOT_UPDATED" | "EVENT_TIMING_OVERWRITE_MIXED" | "EVENT_WHAT_ID_WITH_LEAD"
  | "EVENT_TIMES_DISAGREE" | "EVENT_MULTIDAY" | "EVENT_TOO_LONG" | "EVENT_PRIVATE_LINKED"
  | "EVENTS_DISABLED" | "CASES_WITHOUT_CALENDARS" | "CASES_WITHOUT_ROWS" | "UNKNOWN_CASE_CALENDAR"
  | "DUPLICATE_CASE_CALENDAR" | "OVERWRITE_NOT_UPDATEABLE" | "UNMAPPED_CHOICE_OPTIONS"
  | "VALUE_MAP_INVALID_TARGET" | "VALUE_MAP_UNKNOWN_OPTION" | "VALUE_MAP_AMBIGUOUS_KEYS"
  | "VALUE_MAP_NOT_A_CHOICE" | "PLACEHOLDER_FALLBACK" | "TRUNCATE_NOT_TEXT"
  | "UNIQUE_FIELD_FIXED_VALUE" | "DRIFT_FIELD_DELETED" | "DRIFT_TYPE_CHANGED"
  | "DRIFT_LENGTH_SHRUNK" | "DRIFT_PICKLIST_VALUE_DEACTIVATED" | "DRIFT_BECAME_REQUIRED"
  | "VALUE_TOO_LONG" | "VALUE_NOT_IN_PICKLIST" | "INVALID_EMAIL" | "NOT_A_NUMBER"
  | "NUMBER_OUT_OF_RANGE" | "RECORD_TYPE_NOT_AVAILABLE" | "LINK_FIELD_NOT_WRITABLE"
  | "BOOKING_NOT_CONFIRMED" | "NO_PERSON_DATA" | "LIFECYCLE_NOT_RECORDED"
  | "VALUE_MAY_BE_TOO_LONG" | "COORDINATE_WITHOUT_PAIR" | "NUMBER_DECIMALS_DROPPED"
  | "INVALID_DATE" | "STATE_COUNTRY_NAME_UNKNOWN" | "AMOUNT_CURRENCY_UNMAPPED"
  | "AMOUNT_IN_FALLBACK_CURRENCY" | "CURRENCY_MAY_BE_REFUSED" | "STATE_COUNTRY_MISMATCH"
  | "DATE_READ_LENIENTLY" | "INVALID_DATETIME" | "DATETIME_WITHOUT_OFFSET" | "INVALID_TIME"
  | "NOT_A_BOOLEAN" | "NOT_TEXT" | "MALFORMED_ID" | "ID_OF_WRONG_OBJECT" | "RECORD_UNKNOWN_FIELD"
  | "RECORD_FIELD_NOT_WRITABLE" | "RECORD_REQUIRED_MISSING" | "RECORD_REQUIRED_UNKNOWN"
  | "RECORD_CLEARS_REQUIRED" | "CONVERTED_LEAD" | "SOURCE_VALUE_UNUSABLE"
  | "EXISTING_RECORD_UNUSED" | "INPUT_NOT_PREVIEWED" | "NO_EXISTING_EVENT"
  | "EXISTING_RECORD_MISMATCH" | "EXISTING_VALUES_UNKNOWN" | "TIME_ZONE_ASSUMED"
  | "API_VERSION_TOO_OLD" | "TIME_ZONE_WITHOUT_DST" | "UNKNOWN_TIME_ZONE";
// END DiagnosticCode

export interface Diagnostic {
  /** Stable code, e.g. "REQUIRED_FIELD_UNMAPPED" (see docs/diagnostics.md). */
  code: DiagnosticCode;
  /** Usually the code's severity (docs/diagnostics.md); in `validate`, a finding on a tab not in use is a warning. */
  severity: Severity;
  /**
   * JSON pointer into the config, the previewed request or record, or the preview input
   * (`/existing/...`, `/payload/...` for a OnceHub value that cannot be used; `/N/payload/...`
   * for input N of a batch that cannot be previewed).
   */
  path: string;
  /** One line, lowercase, user values in backticks. */
  message: string;
  /** How to fix it. */
  help: string;
  /** The Salesforce error this finding saves you from, if any. */
  prevents: string | null;
  /** Tab the finding belongs to, when it belongs to one. */
  tab: Tab | null;
  /** Row index within the tab, when it is about a row. */
  row: number | null;
}

/** What one booking-form (routing-form, chatbot) question should enforce; see formHints. */
export interface FormHint {
  /**
   * The question: "name", "email", "phone", "mobile_phone", "company", "note", … or a
   * registered answer's id ("custom.team_size").
   */
  question: string;
  label: string;
  /** For a registered answer: its name in OnceHub's payloads (the question's label there). */
  payloadName: string | null;
  /** The OnceHub fields of the configuration that read the question ("company", "booker_company"). */
  sources: string[];
  /** Make the question required: a record the integration creates needs the value. */
  required: boolean;
  /** Limit answers to this many characters (the shortest Salesforce field they go to). */
  maxLength: number | null;
  /** Ask a choice of these values: a restricted picklist takes no other text (null past 1,000 values). */
  options: string[] | null;
  format: "email" | "number" | "wholeNumber" | "date" | "datetime" | "time" | "yesNo" | null;
  /** Hints that cannot all be met (picklists with no value in common, two formats). */
  conflicts: string[];
  /** Why, row by row. */
  reasons: FormHintReason[];
}

export interface FormHintReason {
  hint: "required" | "maxLength" | "options" | "format";
  /** The row's OnceHub field. */
  source: string;
  tab: Tab;
  row: number;
  /** "Lead.Company". */
  field: string;
  message: string;
}

export interface ValidationReport {
  valid: boolean;
  errorCount: number;
  warningCount: number;
  diagnostics: Diagnostic[];
}

export interface Suggestion {
  tab: Tab;
  row: MappingRow;
  /** 0..1 */
  confidence: number;
  reason: string;
}

// ---- preview ----
export interface ExistingRecord {
  /** Salesforce id of the existing record. */
  id: string;
  /** Its current field values (API name → value). */
  fields?: Record<string, unknown>;
  /** Lead only: converted leads cannot be updated. */
  isConverted?: boolean;
}

export interface PreviewInput {
  /**
   * A OnceHub webhook envelope (a booking event, or a chatbot `conversation.*` event), a bare
   * booking, contact or conversation object (object or JSON text).
   */
  payload: unknown;
  existing?: { lead?: ExistingRecord; contact?: ExistingRecord; event?: ExistingRecord; case?: ExistingRecord };
}

export interface CompositeSubrequest {
  method: "POST" | "PATCH";
  url: string;
  referenceId: string;
  body: Record<string, unknown>;
}

export interface SalesforceRequest {
  method: "POST";
  url: string;
  body: { allOrNone: boolean; compositeRequest: CompositeSubrequest[] };
}

export type TraceOutcome =
  | "set" | "fallback" | "skipped: overwrite off and Salesforce has a value" | "skipped: empty"
  | "skipped: not updateable"
  | "converted" | "truncated" | "cleared" | "error";

export interface TraceEntry {
  tab: Tab;
  object: string;
  row: number | null;
  source: string | null;
  /** Where in the payload the value came from. */
  sourcePath: string | null;
  target: string;
  raw: unknown;
  sent: unknown;
  outcome: TraceOutcome;
  /** What conversion happened, or why it was skipped / failed. */
  detail: string;
}

/** How the integration looks for an existing Lead or Contact: email first, then phone / mobile. */
export interface Matching {
  by: "email" | "phone" | "mobilePhone" | "none";
  /** The payload's value for that key (null when nothing can be matched: a new record). */
  value: string | null;
}

export interface Preview {
  /**
   * What the payload was: e.g. "booking.scheduled", "conversation.closed", "booking",
   * "contact", "conversation"; in a `previewMany`
   * batch, "notPreviewed" for an input that cannot be previewed (no request, one
   * `INPUT_NOT_PREVIEWED` error).
   */
  inputKind: string;
  /** The lookup `existing` stands for. */
  matching: Matching;
  /** What will happen, in words, e.g. ["create Lead", "create Event linked to the Lead"]. */
  actions: string[];
  /** The one Composite request; empty when nothing would be written. */
  requests: SalesforceRequest[];
  trace: TraceEntry[];
  diagnostics: Diagnostic[];
}

export interface PreviewSummary {
  total: number;
  ok: number;
  failing: number;
  /** Diagnostic code (error severity) → number of previews with it. */
  byCode: Record<string, number>;
}

/** A preview in a `previewMany` result: without `trace` when asked for `{ trace: false }`. */
export type BatchPreview = Omit<Preview, "trace"> & { trace?: TraceEntry[] };

export interface PreviewManyResult<P extends BatchPreview = Preview> {
  /** One preview per input, in order. */
  previews: P[];
  summary: PreviewSummary;
}

export interface PreviewManyOptions {
  /**
   * Give each preview its per-row `trace` (default true). `false` makes the result about a
   * quarter of the size and the call faster: the choice for large batches.
   */
  trace?: boolean;
}

/** `operation` defaults to "create". */
export interface RecordCheckOptions { operation?: "create" | "update"; }

export interface RecordReport {
  valid: boolean;
  diagnostics: Diagnostic[];
}

// Methods with optional parameters, merged into the generated `Engine` class declaration.
export interface Engine {
  /** Required fields of an object (schema and object rules); with a config, how each is met. */
  requiredFields(object: string, config?: MappingConfig | string | JsonBytes | null): RequiredField[];
  /** Checks one outgoing record body against the loaded describe (default operation: create). */
  validateRecord(object: string, record: Record<string, unknown> | string | JsonBytes, options?: RecordCheckOptions | string | JsonBytes | null): RecordReport;
  /** Previews many inputs (at most 50,000) in one call, with a summary of what would fail, by code. */
  previewMany(config: MappingConfig | string | JsonBytes, inputs: PreviewInput[] | string | JsonBytes, options?: { trace?: true } | null): PreviewManyResult;
  previewMany(config: MappingConfig | string | JsonBytes, inputs: PreviewInput[] | string | JsonBytes, options: { trace: false }): PreviewManyResult<Omit<Preview, "trace">>;
  previewMany(config: MappingConfig | string | JsonBytes, inputs: PreviewInput[] | string | JsonBytes, options?: PreviewManyOptions | null): PreviewManyResult<BatchPreview>;
}
