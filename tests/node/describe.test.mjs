// loadDescribe / objects / requiredFields over every real describe in the shared fixtures.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { builds, describeFixtures, engineWith, fixture } from './helpers.mjs';

const fixtures = describeFixtures();
const REDUCED_DIR = 'lwrfileupload-soqlMetadata/';

/** "59.0" from a describe's urls.sobject ("/services/data/v59.0/sobjects/Lead"), else null. */
const urlApiVersion = (json) => json.urls?.sobject?.match(/\/v(\d+\.\d+)\//)?.[1] ?? null;

for (const [how, build] of builds) {
  describe(`loadDescribe via ${how}`, () => {
    it('finds at least 20 describe fixtures', () => assert.ok(fixtures.length >= 20, `${fixtures.length} found`));

    for (const { rel, text, json } of fixtures) {
      it(rel, () => {
        const engine = new build.Engine();
        const summary = engine.loadDescribe(text);
        assert.equal(summary.object, json.name);
        assert.equal(summary.label, json.label);
        assert.equal(summary.fieldCount, json.fields.length);
        assert.equal(summary.shape, rel.startsWith(REDUCED_DIR) ? 'reduced' : 'full');
        assert.equal(summary.replaced, false);
        assert.ok(Array.isArray(summary.unsupportedFields));
        assert.ok(Array.isArray(summary.warnings));
        // The findings say what the warnings say, with codes and paths into the describe.
        assert.deepEqual(summary.findings.map((d) => d.message), summary.warnings.map((w) => w.split('; load the full')[0]));
        for (const d of summary.findings) assert.match(d.path, /^(\/result)?\/fields/);
        const fieldNames = new Set(json.fields.map((f) => f.name));
        for (const f of summary.unsupportedFields) assert.ok(fieldNames.has(f), `unsupported field ${f} is a field`);
        const version = urlApiVersion(json);
        if (version !== null) assert.equal(summary.apiVersion, version);

        const objects = engine.objects();
        assert.equal(objects.length, 1);
        assert.deepEqual(
          { name: objects[0].name, shape: objects[0].shape, fieldCount: objects[0].fieldCount },
          { name: json.name, shape: summary.shape, fieldCount: json.fields.length },
        );

        // Loading the same describe again replaces it.
        const again = engine.loadDescribe(text);
        assert.equal(again.replaced, true);
        // Nothing changed, so no drift finding (a partial describe still lacks what it lacked).
        assert.ok(again.findings.every((d) => d.code === 'DESCRIBE_INCOMPLETE'), JSON.stringify(again.findings));
        assert.equal(engine.objects().length, 1);
        engine.free();
      });
    }

    it('keeps several objects side by side', () => {
      const engine = engineWith(
        build,
        'cumulusci/GET_sobjects_Lead_describe.body.json',
        'cumulusci/GET_sobjects_Contact_describe.body.json',
        'cumulusci/GET_sobjects_Event_describe.body.json',
        'cumulusci/GET_sobjects_Case_describe.body.json',
      );
      assert.deepEqual(engine.objects().map((o) => o.name).sort(), ['Case', 'Contact', 'Event', 'Lead']);
      engine.free();
    });
  });

  describe(`requiredFields via ${how}`, () => {
    const required = (rel, object) => {
      const engine = engineWith(build, rel);
      try {
        const list = engine.requiredFields(object);
        assert.ok(Array.isArray(list));
        for (const r of list) {
          assert.ok(r.basis === 'schema' || r.basis === 'rule', `basis of ${r.name}: ${r.basis}`);
          if (r.basis === 'rule') assert.equal(typeof r.rule, 'string', `rule text of ${r.name}`);
          assert.equal(r.satisfiedBy, null, 'no config given → satisfiedBy null');
        }
        return list;
      } finally {
        engine.free();
      }
    };
    const names = (list) => new Set(list.map((r) => r.name));
    const schemaNames = (list) => list.filter((r) => r.basis === 'schema').map((r) => r.name).sort();

    for (const rel of ['cumulusci/GET_sobjects_Lead_describe.body.json', 'grouparoo/Lead_describe_v42.0.json']) {
      it(`Lead (${rel}) needs LastName and Company`, () => {
        const list = required(rel, 'Lead');
        const n = names(list);
        for (const f of ['LastName', 'Company']) assert.ok(n.has(f), `${f} in ${[...n]}`);
        for (const r of list.filter((x) => ['LastName', 'Company'].includes(x.name))) {
          assert.equal(r.basis, 'schema');
          assert.equal(r.certain, true);
        }
      });
    }

    for (const rel of [
      'cumulusci/GET_sobjects_Contact_describe.body.json',
      'grouparoo/Contact_describe_v42.0.json',
      'grouparoo/Contact_variant2_describe_v42.0.json',
      'elasticio-salesforce-component/objectDescription.json',
    ]) {
      it(`Contact (${rel}) needs LastName`, () => {
        const list = required(rel, 'Contact');
        assert.ok(names(list).has('LastName'), `LastName in ${[...names(list)]}`);
      });
    }

    it('Account (cumulusci) needs Name', () => {
      assert.ok(names(required('cumulusci/GET_sobjects_Account_describe.body.json', 'Account')).has('Name'));
    });

    it('Person-account Account needs no schema field (Name is not required there)', () => {
      const list = required('cumulusci/GET_sobjects_Account_PersonAccount_describe.body.json', 'Account');
      assert.deepEqual(schemaNames(list), []);
    });

    it('Event: only rule-based entries', () => {
      const list = required('cumulusci/GET_sobjects_Event_describe.body.json', 'Event');
      assert.ok(list.length > 0, 'Event has rule-based requirements (e.g. start/duration)');
      assert.deepEqual(schemaNames(list), []);
    });

    it('Case: none', () => {
      assert.deepEqual(required('cumulusci/GET_sobjects_Case_describe.body.json', 'Case'), []);
    });

    it('reduced describes (no createable/defaultedOnCreate) mark schema entries uncertain', () => {
      for (const obj of ['Lead', 'Contact', 'Account', 'Case', 'Event']) {
        const list = required(`lwrfileupload-soqlMetadata/${obj}.json`, obj);
        for (const r of list.filter((x) => x.basis === 'schema')) {
          assert.equal(r.certain, false, `${obj}.${r.name} cannot be certain on a reduced describe`);
          assert.ok(r.unknownFacts.length > 0, `${obj}.${r.name} lists the facts it lacks`);
        }
      }
    });
  });

  describe(`compatibleFields via ${how}`, () => {
    it('offers only fields of the describe, each with a grade', () => {
      const rel = 'cumulusci/GET_sobjects_Lead_describe.body.json';
      const engine = engineWith(build, rel);
      try {
        const fieldNames = new Set(JSON.parse(fixture(rel)).fields.map((f) => f.name));
        const list = engine.compatibleFields('Lead', 'email');
        assert.ok(list.length > 0);
        assert.ok(list.some((f) => f.name === 'Email'), 'Lead.Email accepts the OnceHub email');
        for (const f of list) {
          assert.ok(fieldNames.has(f.name), `${f.name} is a Lead field`);
          assert.ok(['exact', 'converts', 'lossy'].includes(f.grade), `${f.name} grade ${f.grade}`);
          assert.equal(typeof f.typeLabel, 'string');
        }
        assert.equal(list.find((f) => f.name === 'Email').grade, 'exact');
      } finally {
        engine.free();
      }
    });
  });
}
