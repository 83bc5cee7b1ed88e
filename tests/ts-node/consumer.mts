// A Node ESM consumer: `import` by package name resolves the "node" + "import" condition.
import init, { Engine, errorCodes, initSync } from "oncehub-sf-mapping";
import type { CompatibleField, DeepReadonly, ErrorCode, PreviewManyResult } from "oncehub-sf-mapping";

await init();
initSync();
const engine = new Engine();
const fields: DeepReadonly<CompatibleField[]> = engine.compatibleFields("Lead", "email");
const codes: ErrorCode[] = errorCodes();
const batch: PreviewManyResult | null = null;
engine.free();
export const summary = [fields.length, codes.length, batch] as const;
