// A Node CommonJS consumer: `require` by package name resolves the "node" + "require" condition.
import pkg = require("oncehub-sf-mapping");

// The browser build's init()/initSync() exist here too, as no-ops.
void pkg.default();
pkg.initSync();
const engine = new pkg.Engine();
const codes: pkg.ErrorCode[] = pkg.errorCodes();
const objects: pkg.ObjectSummary[] = engine.objects();
engine.free();
export = [codes.length, objects.length];
