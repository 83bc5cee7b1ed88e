// The whole API through the built package, against the real OnceHub samples and Salesforce
// verdicts in the shared fixtures, for both `import` and `require`.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { builds, fixture, REPO } from './helpers.mjs';

const repo = (rel) => readFileSync(path.join(REPO, rel), 'utf8');
const OBJECTS = ['Lead', 'Contact', 'Event', 'Case'];

for (const [how, pkg] of builds) {
  describe(`API via ${how}`, () => {
    const engine = new pkg.Engine();
    for (const o of OBJECTS) engine.loadDescribe(repo(`www/sample-org/${o}.json`));
    const config = engine.defaultConfig();

    it('validates the default configuration with no finding', () => {
      const report = engine.validate(config);
      assert.deepEqual(report, { valid: true, errorCount: 0, warningCount: 0, diagnostics: [] });
    });

    it('staticTargets lists what a fixed value can set, required first, like requiredFields', () => {
      const targets = engine.staticTargets('Lead');
      const required = targets.filter((t) => t.required).map((t) => t.name).sort();
      assert.deepEqual(required, engine.requiredFields('Lead').map((r) => r.name).sort());
      assert.ok(targets.slice(0, required.length).every((t) => t.required), 'required first');
      const names = new Set(targets.map((t) => t.name));
      assert.ok(names.has('OwnerId'), 'a fixed owner (queue) id is a static value');
      for (const never of ['Id', 'CreatedDate', 'Address']) assert.ok(!names.has(never), never);
      // Event: the timing rules make StartDateTime and DurationInMinutes required; WhoId is the integration's.
      const event = engine.staticTargets('Event');
      assert.ok(event.find((t) => t.name === 'StartDateTime')?.required);
      assert.ok(!event.some((t) => t.name === 'WhoId'));
      assert.throws(() => engine.staticTargets('Opportunity'), (e) => e.code === 'UNKNOWN_OBJECT');
    });

    it('reports configuration problems as data with pointer paths', () => {
      const bad = structuredClone(config);
      bad.mappings.leads.push({ source: 'company', target: 'NumberOfEmployees', overwrite: false });
      bad.mappings.leads.push({ target: 'Email', overwrite: false, fallback: 'badone' });
      const { valid, diagnostics } = engine.validate(bad);
      assert.equal(valid, false);
      const codes = diagnostics.map((d) => d.code);
      assert.ok(codes.includes('INCOMPATIBLE_MAPPING') && codes.includes('INVALID_EMAIL'), codes.join());
      const email = diagnostics.find((d) => d.code === 'INVALID_EMAIL');
      assert.equal(email.path, `/mappings/leads/${bad.mappings.leads.length - 1}/fallback`);
      assert.equal(email.prevents, 'INVALID_EMAIL_ADDRESS');
    });

    it('previews every OnceHub sample from the developer docs', () => {
      const dir = 'oncehub-developer-center';
      for (const name of ['sample_booking_object.json', 'sample_booking_object_example.json', 'sample_contact_object.json',
        'sample_webhook_booking.scheduled_v2_from_webhook-signatures.json', 'sample_webhook_booking.scheduled_v1_from_webhook-data-payload.json']) {
        const p = engine.preview(config, { payload: JSON.parse(fixture(`${dir}/${name}`)) });
        assert.equal(p.requests.length, 1, name);
        const sub = p.requests[0].body.compositeRequest;
        assert.ok(sub.length >= 1, name);
        assert.ok(p.requests[0].url.endsWith('/composite'), name);
        assert.ok(p.trace.length > 0, name);
      }
      assert.throws(() => engine.preview(config, { payload: JSON.parse(fixture(`${dir}/sample_event_object.json`)) }),
        (e) => e instanceof Error && e.code === 'INVALID_PAYLOAD' && typeof e.path === 'string');
    });

    it('a Case only for a selected calendar, linked to a Contact when the person is one', () => {
      const c = structuredClone(config);
      const booking = JSON.parse(repo('www/samples/booking-scheduled-support.json'));
      assert.ok(!engine.preview(c, { payload: booking }).requests[0].body.compositeRequest.some((r) => r.url.endsWith('/Case')));
      c.meetings.caseCalendars = [booking.data.booking_calendar];
      const p = engine.preview(c, { payload: booking, existing: { contact: { id: '003000000000001AAA' } } });
      const kase = p.requests[0].body.compositeRequest.find((r) => r.url.endsWith('/sobjects/Case'));
      assert.ok(kase, p.actions.join());
      assert.equal(kase.body.ContactId, '003000000000001AAA');
    });

    it('previewMany summarises failures by code', () => {
      const booking = JSON.parse(repo('www/samples/booking-scheduled.json'));
      const long = structuredClone(booking);
      long.data.form_submission.company = 'x'.repeat(300);
      const { previews, summary } = engine.previewMany(config, [{ payload: booking }, { payload: long }]);
      assert.equal(previews.length, 2);
      assert.deepEqual(summary, { total: 2, ok: 1, failing: 1, byCode: { VALUE_TOO_LONG: 1 } });
      assert.ok(previews.every((p) => Array.isArray(p.trace) && p.trace.length > 0));
      // An input that cannot be previewed is counted, not thrown.
      const mixed = engine.previewMany(config, [{ payload: booking }, { payload: { object: 'event', type: 'conversation.started', data: {} } }]);
      assert.deepEqual(mixed.summary, { total: 2, ok: 1, failing: 1, byCode: { INPUT_NOT_PREVIEWED: 1 } });
      assert.equal(mixed.previews[1].inputKind, 'notPreviewed');
      assert.deepEqual(mixed.previews[1].requests, []);
      assert.match(mixed.previews[1].diagnostics[0].path, /^\/1\/payload/);
    });

    it('previewMany leaves the trace out on request, and nothing else', () => {
      const booking = repo('www/samples/booking-scheduled.json');
      const inputs = [{ payload: booking }, { payload: JSON.parse(repo('www/samples/contact.json')) }];
      const full = engine.previewMany(config, inputs);
      // The batch as JSON text is read the same way as objects.
      const lean = engine.previewMany(config, JSON.stringify(inputs), { trace: false });
      assert.deepEqual(lean.summary, full.summary);
      lean.previews.forEach((p, i) => {
        assert.equal('trace' in p, false);
        const { trace, ...rest } = full.previews[i];
        assert.ok(trace.length > 0);
        assert.deepEqual(p, rest);
      });
      assert.deepEqual(engine.previewMany(config, inputs, { trace: true }), full);
      assert.deepEqual(engine.previewMany(config, inputs, {}), full);
      for (const bad of [{ trace: 'no' }, { tracing: false }, 3]) {
        assert.throws(() => engine.previewMany(config, inputs, bad), (e) => e instanceof Error && e.code === 'INVALID_ARGUMENT' && typeof e.path === 'string' && e.help.length > 0);
      }
      assert.equal(engine.previewMany(config, inputs).summary.total, 2); // still usable
    });

    it('validateRecord agrees with the real Salesforce verdicts', () => {
      const e = new pkg.Engine();
      for (const rel of ['grouparoo/Lead_describe_v42.0.json', 'grouparoo/Contact_describe_v42.0.json', 'grouparoo/Account_describe_v42.0.json']) e.loadDescribe(fixture(rel));
      const interactions = JSON.parse(fixture('grouparoo/write_interactions_v42.0.json'));
      let accepted = 0; let caught = 0;
      for (const x of interactions) {
        if (!['POST', 'PATCH'].includes(x.method) || !x.request_body?.records) continue;
        x.request_body.records.forEach((record, i) => {
          const type = record.attributes.type;
          if (!['Lead', 'Contact', 'Account'].includes(type)) return;
          const report = e.validateRecord(type, record, { operation: x.method === 'POST' ? 'create' : 'update' });
          const errors = (x.response_body[i].errors ?? []).map((er) => er.statusCode);
          if (errors.length === 0) {
            assert.equal(report.valid, true, JSON.stringify([record, report.diagnostics]));
            accepted++;
          } else {
            for (const code of errors.filter((c) => c === 'INVALID_EMAIL_ADDRESS' || c === 'REQUIRED_FIELD_MISSING')) {
              assert.ok(report.diagnostics.some((d) => d.prevents === code), JSON.stringify([record, report.diagnostics]));
              caught++;
            }
          }
        });
      }
      assert.ok(accepted > 50 && caught >= 8, `${accepted} ${caught}`);
      e.free();
    });

    it('formHints says what each mapped question should enforce, from the loaded describes', () => {
      const hints = engine.formHints(config);
      assert.ok(Array.isArray(hints) && hints.length > 0);
      for (const h of hints) {
        assert.ok(h.reasons.length > 0 && h.sources.length > 0, h.question);
        for (const r of h.reasons) {
          assert.ok(['required', 'maxLength', 'options', 'format'].includes(r.hint));
          assert.equal(typeof r.message, 'string');
          // Each reason names a row of the configuration that reads the question.
          assert.equal(config.mappings[r.tab][r.row].source, r.source);
          assert.ok(h.sources.includes(r.source));
        }
        if (h.maxLength !== null) assert.ok(h.reasons.some((r) => r.hint === 'maxLength'));
        if (h.required) assert.ok(h.reasons.some((r) => r.hint === 'required'));
      }
      const byQuestion = Object.fromEntries(hints.map((h) => [h.question, h]));
      assert.equal(byQuestion.company.required, true);
      // The same configuration as text gives the same hints; a malformed one throws as validate does.
      assert.deepEqual(engine.formHints(JSON.stringify(config)), hints);
      assert.throws(() => engine.formHints('{"version":1,"mappings":[]}'), (e) => e instanceof Error && typeof e.code === 'string');
    });

    it('suggestMappings accepts a configuration or the tab object name', () => {
      const a = engine.suggestMappings(config, 'leads');
      const b = engine.suggestMappings('Lead', 'leads');
      assert.ok(b.length >= a.length);
      assert.throws(() => engine.suggestMappings('Case', 'leads'), (e) => e.code === 'INVALID_ARGUMENT');
      assert.equal(pkg.tabObject('cases'), 'Case');
    });

    it('large texts with non-ASCII characters cross into the engine intact', () => {
      const e = new pkg.Engine();
      const hostile = JSON.parse(repo('tests/data/hostile-describe.json'));
      hostile.label = 'Lead 🚀 \u200fRTL é ' + 'x'.repeat(40_000);
      const s = e.loadDescribe(JSON.stringify(hostile));
      assert.equal(s.label, hostile.label);
      hostile.label = 'lone \ud800 surrogate' + ' '.repeat(40_000);
      assert.equal(e.loadDescribe(JSON.stringify(hostile)).label, 'lone \ufffd surrogate' + ' '.repeat(40_000));
      e.free();
    });

    it('hostile keys in payloads and configs stay data', () => {
      const booking = JSON.parse(repo('www/samples/booking-scheduled.json'));
      booking.data.form_submission = JSON.parse(`{"__proto__": {"polluted": true}, ${JSON.stringify(booking.data.form_submission).slice(1)}`);
      const p = engine.preview(config, { payload: booking });
      assert.ok(p.requests.length === 1);
      assert.equal({}.polluted, undefined);
      assert.throws(() => engine.validate(JSON.parse('{"version":1,"__proto__":{}}')), (e) => e.code === 'INVALID_CONFIG');
      assert.equal({}.polluted, undefined);
    });
  });
}
