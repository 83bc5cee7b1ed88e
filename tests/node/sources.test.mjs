// The OnceHub source catalogue: sourceFields, addSourceFields, explain.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { builds, assertEngineError, engineWith } from './helpers.mjs';

const LEAD = 'cumulusci/GET_sobjects_Lead_describe.body.json';

for (const [how, build] of builds) {
  describe(`source fields via ${how}`, () => {
    it('built-in contact and meeting fields have unique ids and a payload path', () => {
      const engine = new build.Engine();
      for (const kind of ['contact', 'meeting']) {
        const fields = engine.sourceFields(kind);
        assert.ok(fields.length >= 10, `${kind}: ${fields.length} fields`);
        assert.equal(new Set(fields.map((f) => f.id)).size, fields.length, `${kind} ids are unique`);
        for (const f of fields) {
          assert.equal(f.kind, kind);
          assert.equal(f.custom, false);
          assert.ok(f.path.length > 0, `${f.id} has a path`);
        }
      }
      assert.ok(engine.sourceFields('contact').some((f) => f.id === 'email' && f.type === 'email'));
      assert.ok(engine.sourceFields('meeting').some((f) => f.id === 'starting_time' && f.type === 'datetime'));
      assertEngineError(() => engine.sourceFields('booking'), 'INVALID_ARGUMENT');
      engine.free();
    });

    it('addSourceFields registers custom fields, all or nothing', () => {
      const engine = new build.Engine();
      const before = engine.sourceFields('contact').length;
      const added = engine.addSourceFields([{ id: 'custom.industry', type: 'singleChoice', options: ['Retail', 'Tech'] }]);
      assert.equal(added.length, 1);
      assert.equal(added[0].custom, true);
      assert.equal(added[0].kind, 'contact');
      assert.deepEqual(added[0].options, ['Retail', 'Tech']);
      assert.equal(engine.sourceFields('contact').length, before + 1);

      const err = assertEngineError(() => engine.addSourceFields([{ id: 'email', type: 'text' }]), 'INVALID_SOURCE_FIELD');
      assert.equal(err.path, '/0/id');
      assertEngineError(
        () => engine.addSourceFields([{ id: 'custom.ok', type: 'text' }, { id: 'custom.b', type: 'singleChoice' }]),
        'INVALID_SOURCE_FIELD',
      );
      assert.equal(engine.sourceFields('contact').length, before + 1, 'a failed batch adds nothing');
      engine.free();
    });

    it('explain gives the grade and the facts; an unknown target suggests a name', () => {
      const engine = engineWith(build, LEAD);
      const why = engine.explain('Lead', 'email', 'Email');
      assert.equal(why.compatible, true);
      assert.equal(why.grade, 'exact');
      assert.equal(why.sourceType, 'email');
      assert.equal(why.targetType, 'email');
      assert.ok(why.reasons.length > 0);
      const no = engine.explain('Lead', 'email', 'IsConverted');
      assert.equal(no.compatible, false);
      assert.equal(no.grade, null);
      assert.ok(no.reasons.length > 0, 'says why not');
      const err = assertEngineError(() => engine.explain('Lead', 'email', 'Emial'), 'UNKNOWN_TARGET_FIELD');
      assert.match(err.help, /Email/);
      engine.free();
    });
  });
}
