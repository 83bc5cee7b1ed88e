// A TypeScript consumer of the built package: every Engine method with explicit types.
// Only type-checked (`tsc --noEmit --strict -p tests/ts`), never run. If this stops compiling,
// the published .d.ts changed in a way that breaks users.
import init, { Engine, initSync, tabObject } from "../../pkg/oncehub_sf_mapping.js";
import type {
  BookingCalendar,
  CompatibleField,
  DeepReadonly,
  CustomSourceFieldInput,
  JsonBytes,
  StaticTarget,
  Diagnostic,
  EngineErrorData,
  ErrorCode,
  Explanation,
  Fact,
  FormHint,
  FormHintReason,
  Grade,
  LoadSummary,
  MappingConfig,
  MappingEngineError,
  MappingRow,
  ObjectSummary,
  Preview,
  PreviewInput,
  BatchPreview,
  PreviewManyOptions,
  PreviewManyResult,
  PreviewSummary,
  RecordCheckOptions,
  RecordReport,
  RequiredField,
  SalesforceFieldType,
  SalesforceRequest,
  SourceField,
  SourceKind,
  Suggestion,
  Tab,
  TraceEntry,
  ValidationReport,
} from "../../pkg/oncehub_sf_mapping.js";

/** Narrows an unknown thrown value to the engine's error type. */
function isEngineError(err: unknown): err is MappingEngineError {
  return err instanceof Error && err.name === "MappingEngineError";
}

const ALL_CODES: readonly ErrorCode[] = [
  "INVALID_JSON", "NESTING_TOO_DEEP", "INPUT_TOO_LARGE", "TOO_MANY_ITEMS", "NOT_A_DESCRIBE",
  "INVALID_DESCRIBE", "UNKNOWN_OBJECT", "UNKNOWN_SOURCE_FIELD", "UNKNOWN_TARGET_FIELD",
  "INVALID_SOURCE_FIELD", "INVALID_CONFIG", "UNSUPPORTED_CONFIG_VERSION", "INVALID_PAYLOAD",
  "INVALID_RECORD", "INVALID_ARGUMENT",
];

export async function run(describeText: string, payload: unknown): Promise<string[]> {
  await init();
  await init({ module_or_path: new URL("../../pkg/oncehub_sf_mapping_bg.wasm", import.meta.url) });
  void initSync;

  const engine: Engine = new Engine();
  const out: string[] = [];

  // ---- describes ----
  const summary: LoadSummary = engine.loadDescribe(describeText);
  const shape: "full" | "reduced" = summary.shape;
  const apiVersion: string | null = summary.apiVersion;
  const unsupported: string[] = summary.unsupportedFields;
  const replaced: boolean = summary.replaced;
  out.push(`${summary.object} ${summary.label} ${shape} ${apiVersion ?? "?"} ${summary.fieldCount} ${unsupported.length} ${replaced} ${summary.warnings.join()}`);

  // The same describe as UTF-8 bytes.
  const bytes: JsonBytes = new TextEncoder().encode(describeText);
  out.push(engine.loadDescribe(bytes).object);
  const statics: StaticTarget[] = engine.staticTargets(summary.object);
  out.push(statics.filter((t) => t.required).map((t) => `${t.name}:${t.typeLabel}:${t.updateable}`).join());

  const objects: ObjectSummary[] = engine.objects();
  for (const o of objects) out.push(`${o.name}:${o.label}:${o.shape}:${o.fieldCount}:${o.apiVersion ?? ""}`);

  // ---- OnceHub source fields ----
  const kind: SourceKind = "contact";
  const contactFields: SourceField[] = engine.sourceFields(kind);
  const meetingFields: SourceField[] = engine.sourceFields("meeting");
  for (const f of [...contactFields, ...meetingFields]) {
    const maxLength: number | null = f.maxLength;
    const derivation: string | null = f.derivation;
    out.push(`${f.id} ${f.label} ${f.kind} ${f.type} ${f.path} ${f.options.length} ${maxLength ?? "-"} ${f.custom} ${derivation ?? ""}`);
  }
  const custom: CustomSourceFieldInput[] = [
    { id: "custom.industry", type: "singleChoice", options: ["Retail", "Tech"], label: "Industry" },
    { id: "custom.notes", type: "longText", kind: "meeting", payloadName: "notes" },
  ];
  const added: SourceField[] = engine.addSourceFields(custom);
  const none: SourceField[] = engine.addSourceFields("[]");
  out.push(`${none.length}`);
  out.push(added.map((f) => f.id).join());

  // ---- compatibility ----
  const object: "Contact" | "Lead" | "Event" | "Case" = tabObject("leads");
  // Cached and frozen: typed read-only; a copy sorts.
  const compatible: DeepReadonly<CompatibleField[]> = engine.compatibleFields(object, "email");
  // @ts-expect-error: the shared list cannot be sorted in place.
  void compatible.sort;
  const sorted: DeepReadonly<CompatibleField>[] = [...compatible].sort((a, b) => a.name.localeCompare(b.name));
  out.push(`${sorted.length}`);
  for (const c of compatible) {
    const grade: Grade = c.grade;
    const type: SalesforceFieldType = c.type;
    const facts: readonly Fact[] = c.unknownFacts;
    const length: number | null = c.length;
    out.push(`${c.name} ${c.label} ${type} ${c.typeLabel} ${length ?? "-"} ${grade} ${c.note} ${c.required} ${c.createable} ${c.updateable} ${facts.join()} ${c.picklistValues.length} ${c.unmatchedOptions.length}`);
  }
  const why: Explanation = engine.explain("Lead", "email", "Email");
  const whyGrade: Grade | null = why.grade;
  out.push(`${why.object}.${why.target} ← ${why.source}: ${why.compatible} ${whyGrade ?? "none"} ${why.sourceType} ${why.targetType} ${why.targetTypeLabel} ${why.reasons.join("; ")}`);

  // ---- configuration ----
  const config: MappingConfig = engine.defaultConfig();
  const row: MappingRow = { source: "email", target: "Email", overwrite: false };
  const staticRow: MappingRow = { target: "LeadSource", overwrite: true, fallback: "OnceHub", truncate: false, clearWhenEmpty: false };
  const picklistRow: MappingRow = { source: "custom.industry", target: "Industry", overwrite: true, valueMap: { Tech: "Technology" } };
  const calendars: BookingCalendar[] = [{ id: "BKC-1", name: "Sales demo" }];
  const edited: MappingConfig = {
    ...config,
    contacts: { target: "contactElseLead" },
    meetings: { createEvents: true, caseCalendars: ["BKC-1"] },
    mappings: { ...config.mappings, leads: [...config.mappings.leads, row, staticRow, picklistRow] },
    bookingCalendars: calendars,
    apiVersion: "62.0",
    timeZone: "Europe/Berlin",
  };
  const text: string = engine.exportConfig(edited);
  const parsed: MappingConfig = engine.parseConfig(text);
  const version: 1 = parsed.version;
  out.push(`config v${version} ${parsed.contacts.target} ${parsed.meetings.createEvents}`);

  const required: RequiredField[] = engine.requiredFields("Lead");
  const requiredWithConfig: RequiredField[] = engine.requiredFields("Lead", parsed);
  for (const r of [...required, ...requiredWithConfig]) {
    const basis: "schema" | "rule" = r.basis;
    const satisfied: RequiredField["satisfiedBy"] = r.satisfiedBy;
    out.push(`${r.name} ${r.label} ${r.type} ${r.typeLabel} ${basis} ${r.rule ?? ""} ${r.alternatives.join()} ${r.certain} ${r.unknownFacts.join()} ${satisfied ?? "unsatisfied"} ${r.picklistValues.length} ${r.length ?? "-"}`);
  }

  const report: ValidationReport = engine.validate(parsed);
  out.push(`valid=${report.valid} errors=${report.errorCount} warnings=${report.warningCount}`);
  const describeDiagnostic = (d: Diagnostic): string =>
    `${d.severity} ${d.code} ${d.path} ${d.message} ${d.help} ${d.prevents ?? ""} ${d.tab ?? ""} ${d.row ?? ""}`;
  out.push(...report.diagnostics.map(describeDiagnostic));

  const hints: FormHint[] = engine.formHints(parsed);
  for (const h of hints) {
    const format: "email" | "number" | "wholeNumber" | "date" | "datetime" | "time" | "yesNo" | null = h.format;
    const reasons: FormHintReason[] = h.reasons;
    out.push(`${h.question} ${h.label} ${h.payloadName ?? ""} ${h.sources.join()} ${h.required} ${h.maxLength ?? "-"} ${(h.options ?? []).join("|")} ${format ?? ""} ${h.conflicts.join()}`);
    out.push(...reasons.map((r) => `${r.hint} ${r.source} ${r.tab} ${r.row} ${r.field} ${r.message}`));
  }

  const tabs: Tab[] = ["contacts", "leads", "events", "cases"];
  for (const tab of tabs) {
    const suggestions: Suggestion[] = engine.suggestMappings(parsed, tab);
    for (const s of suggestions) out.push(`${s.tab} ${s.row.source ?? "(static)"}→${s.row.target} ${s.confidence.toFixed(2)} ${s.reason}`);
    const objectName: "Contact" | "Lead" | "Event" | "Case" = tabObject(tab);
    out.push(objectName);
  }

  // ---- preview ----
  const input: PreviewInput = {
    payload,
    existing: { lead: { id: "00Q000000000001", fields: { Email: "a@b.c" }, isConverted: false } },
  };
  const preview: Preview = engine.preview(parsed, input);
  out.push(`${preview.inputKind} ${preview.actions.join(", ")}`);
  for (const request of preview.requests) {
    const r: SalesforceRequest = request;
    const allOrNone: boolean = r.body.allOrNone;
    for (const sub of r.body.compositeRequest) out.push(`${sub.method} ${sub.url} ${sub.referenceId} ${Object.keys(sub.body).length} ${allOrNone}`);
  }
  for (const t of preview.trace) {
    const entry: TraceEntry = t;
    out.push(`${entry.tab} ${entry.object} ${entry.row ?? "-"} ${entry.source ?? "-"} ${entry.sourcePath ?? "-"} ${entry.target} ${String(entry.sent)} ${entry.outcome} ${entry.detail}`);
  }
  out.push(...preview.diagnostics.map(describeDiagnostic));

  const many: PreviewManyResult = engine.previewMany(parsed, [input, { payload: JSON.stringify(payload) }]);
  const totals: PreviewSummary = many.summary;
  const byCode: Record<string, number> = totals.byCode;
  out.push(`${many.previews.length} ${totals.total} ${totals.ok} ${totals.failing} ${Object.keys(byCode).join()}`);
  const traced: TraceEntry[] = many.previews[0]?.trace ?? [];
  const lean = engine.previewMany(parsed, [input], { trace: false });
  const leanPreview: Omit<Preview, "trace"> | undefined = lean.previews[0];
  // @ts-expect-error: asked for { trace: false }, so there is no trace to read.
  void lean.previews[0]?.trace;
  const batchOptions: PreviewManyOptions = { trace: traced.length > 1000 };
  const either: PreviewManyResult<BatchPreview> = engine.previewMany(parsed, [input], batchOptions);
  out.push(`${leanPreview?.requests.length ?? 0} ${either.previews[0]?.trace?.length ?? 0}`);

  // ---- records ----
  const options: RecordCheckOptions = { operation: "create" };
  const recordReport: RecordReport = engine.validateRecord("Lead", { LastName: "Doe", Company: "Acme" }, options);
  const recordReport2: RecordReport = engine.validateRecord("Lead", { LastName: "Doe" });
  out.push(`${recordReport.valid} ${recordReport2.diagnostics.length}`);

  // ---- errors ----
  try {
    engine.loadDescribe("not json");
  } catch (err: unknown) {
    if (isEngineError(err)) {
      const data: EngineErrorData = err;
      const code: ErrorCode = data.code;
      out.push(`${err.message} ${code} ${data.path} ${data.help} ${ALL_CODES.includes(code)}`);
    }
  }

  engine.free();
  return out;
}
