// A Node CommonJS consumer: `require` by package name resolves the "node" + "require" condition.
import pkg = require("oncehub-sf-mapping");

const engine = new pkg.Engine();
const codes: pkg.ErrorCode[] = pkg.errorCodes();
const objects: pkg.ObjectSummary[] = engine.objects();
engine.free();
export = [codes.length, objects.length];
