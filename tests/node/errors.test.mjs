// Fatal errors are real Errors with name/code/path/help, and an Engine survives them.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { builds, assertEngineError, fixture } from './helpers.mjs';

const LEAD = 'cumulusci/GET_sobjects_Lead_describe.body.json';

for (const [how, build] of builds) {
  describe(`errors via ${how}`, () => {
    it('not JSON → INVALID_JSON', () => {
      const engine = new build.Engine();
      const err = assertEngineError(() => engine.loadDescribe('not json'), 'INVALID_JSON');
      assert.ok(err.stack === undefined || typeof err.stack === 'string');
      engine.free();
    });

    it('truncated JSON → INVALID_JSON', () => {
      const engine = new build.Engine();
      assertEngineError(() => engine.loadDescribe(fixture(LEAD).slice(0, 500)), 'INVALID_JSON');
      engine.free();
    });

    it('an array → NOT_A_DESCRIBE', () => {
      const engine = new build.Engine();
      assertEngineError(() => engine.loadDescribe('[]'), 'NOT_A_DESCRIBE');
      engine.free();
    });

    it('an object without fields → NOT_A_DESCRIBE', () => {
      const engine = new build.Engine();
      assertEngineError(() => engine.loadDescribe('{"name":"Lead","label":"Lead"}'), 'NOT_A_DESCRIBE');
      const noFields = JSON.parse(fixture(LEAD));
      delete noFields.fields;
      assertEngineError(() => engine.loadDescribe(JSON.stringify(noFields)), 'NOT_A_DESCRIBE');
      engine.free();
    });

    it('a Map, a Set or an object that cannot become JSON is INVALID_ARGUMENT that says why', () => {
      const engine = new build.Engine();
      engine.loadDescribe(fixture(LEAD));
      const map = assertEngineError(() => engine.validateRecord('Lead', new Map([['LastName', 'X']])), 'INVALID_ARGUMENT');
      assert.match(map.message, /not a Map/);
      assertEngineError(() => engine.validate(new Set([1])), 'INVALID_ARGUMENT');
      const getter = assertEngineError(() => engine.validateRecord('Lead', { get LastName() { throw new Error('no access to LastName'); } }), 'INVALID_ARGUMENT');
      assert.match(getter.message, /no access to LastName/);
      assert.equal(engine.objects().length, 1, 'the engine is still usable');
      engine.free();
    });

    it('a Salesforce error response is not a describe', () => {
      const engine = new build.Engine();
      const err = assertEngineError(() => engine.loadDescribe(fixture('restforce/sobject_describe_error_response.json')), 'NOT_A_DESCRIBE');
      assert.match(err.message, /NOT_FOUND/, 'the message quotes the Salesforce errorCode');
      engine.free();
    });

    it('unknown object → UNKNOWN_OBJECT; unknown source field → UNKNOWN_SOURCE_FIELD', () => {
      const engine = new build.Engine();
      assertEngineError(() => engine.compatibleFields('Lead', 'email'), 'UNKNOWN_OBJECT');
      engine.loadDescribe(fixture(LEAD));
      assertEngineError(() => engine.compatibleFields('Lead', 'no_such_onehub_field'), 'UNKNOWN_SOURCE_FIELD');
      assertEngineError(() => engine.requiredFields('Opportunity'), 'UNKNOWN_OBJECT');
      engine.free();
    });

    it('a describe as UTF-8 bytes loads; a number, boolean or null is INVALID_ARGUMENT', () => {
      const engine = new build.Engine();
      const text = fixture(LEAD);
      const bytes = new TextEncoder().encode(text);
      assert.equal(engine.loadDescribe(bytes).object, 'Lead');
      assert.equal(engine.loadDescribe(Buffer.from(text)).object, 'Lead');
      assert.equal(engine.loadDescribe(bytes.buffer).object, 'Lead');
      // Any view of the bytes: a DataView, or a slice of a larger buffer.
      assert.equal(engine.loadDescribe(new DataView(bytes.buffer)).object, 'Lead');
      const padded = new Uint8Array(bytes.length + 8);
      padded.set(bytes, 4);
      assert.equal(engine.loadDescribe(new Int8Array(padded.buffer, 4, bytes.length)).object, 'Lead');
      assertEngineError(() => engine.loadDescribe(new Uint8Array([0x7b, 0xff, 0x7d])), 'INVALID_ARGUMENT');
      for (const bad of [123, true, null, undefined]) {
        assertEngineError(() => engine.loadDescribe(bad), 'INVALID_ARGUMENT');
      }
      assert.equal(engine.objects().length, 1);
      engine.free();
    });

    it('a preview payload given as UTF-8 bytes (a file read as a Buffer) is read as its text', () => {
      const engine = new build.Engine();
      engine.loadDescribe(fixture(LEAD));
      const config = engine.defaultConfig();
      config.contacts.target = 'lead';
      const text = fixture('oncehub-developer-center/sample_webhook_booking.scheduled_v2_from_webhook-signatures.json');
      const expected = engine.preview(config, { payload: text });
      const bytes = new TextEncoder().encode(text);
      for (const payload of [Buffer.from(text), bytes, bytes.buffer, new DataView(bytes.buffer)]) {
        assert.deepEqual(engine.preview(config, { payload }), expected);
      }
      const many = engine.previewMany(config, [{ payload: text }, { payload: Buffer.from(text) }]);
      assert.deepEqual(many.previews[1], many.previews[0]);
      assert.equal(many.summary.failing, 0);
      assertEngineError(() => engine.preview(config, { payload: new Uint8Array([0x7b, 0xff, 0x7d]) }), 'INVALID_ARGUMENT');
      engine.free();
    });

    it('the same Engine keeps working after errors', () => {
      const engine = new build.Engine();
      for (const bad of ['not json', '[]', '{}', '{"fields": 3}', '']) {
        assert.throws(() => engine.loadDescribe(bad), (e) => e instanceof Error && e.name === 'MappingEngineError');
      }
      const summary = engine.loadDescribe(fixture(LEAD));
      assert.equal(summary.object, 'Lead');
      assert.equal(summary.replaced, false, 'failed loads left nothing behind');
      const names = engine.requiredFields('Lead').map((r) => r.name);
      assert.ok(names.includes('LastName') && names.includes('Company'));
      // A failed replacement keeps the loaded describe.
      assert.throws(() => engine.loadDescribe('{"name":"Lead"}'));
      assert.deepEqual(engine.objects().map((o) => o.name), ['Lead']);
      assert.ok(engine.compatibleFields('Lead', 'email').length > 0);
      engine.free();
    });
  });
}
