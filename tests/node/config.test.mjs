// Configurations: defaultConfig, exportConfig/parseConfig round trip, config errors,
// requiredFields with a config, suggestMappings, tabObject.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { builds, assertEngineError, REPO } from './helpers.mjs';

const TABS = { contacts: 'Contact', leads: 'Lead', events: 'Event', cases: 'Case' };
const sampleOrg = (build) => {
  const engine = new build.Engine();
  for (const o of Object.values(TABS)) engine.loadDescribe(readFileSync(path.join(REPO, 'www/sample-org', `${o}.json`), 'utf8'));
  return engine;
};
/** The MappingConfig keys of types.d.ts (parseConfig may carry extra bookkeeping). */
const contractPart = ({ version, contacts, meetings, mappings, bookingCalendars, apiVersion, timeZone }) =>
  JSON.parse(JSON.stringify({ version, contacts, meetings, mappings, bookingCalendars, apiVersion, timeZone }));

for (const [how, build] of builds) {
  describe(`configuration via ${how}`, () => {
    it('tabObject maps the four tabs and rejects others', () => {
      for (const [tab, object] of Object.entries(TABS)) assert.equal(build.tabObject(tab), object);
      assertEngineError(() => build.tabObject('accounts'), 'INVALID_ARGUMENT');
    });

    it('defaultConfig is a version 1 config with rows on every tab', () => {
      const engine = new build.Engine();
      const config = engine.defaultConfig();
      assert.equal(config.version, 1);
      assert.ok(['lead', 'contact', 'contactElseLead'].includes(config.contacts.target));
      assert.equal(typeof config.meetings.createEvents, 'boolean');
      assert.ok(Array.isArray(config.meetings.caseCalendars));
      for (const tab of Object.keys(TABS)) {
        assert.ok(Array.isArray(config.mappings[tab]), `mappings.${tab}`);
        for (const row of config.mappings[tab]) {
          assert.equal(typeof row.target, 'string');
          assert.equal(typeof row.overwrite, 'boolean');
          assert.ok(row.source !== undefined || row.fallback !== undefined, 'a row has a source or a static fallback');
        }
      }
      engine.free();
    });

    it('defaultConfig validates cleanly against the sample org', () => {
      const engine = sampleOrg(build);
      const report = engine.validate(engine.defaultConfig());
      assert.equal(report.errorCount, 0, JSON.stringify(report.diagnostics.filter((d) => d.severity === 'error')));
      assert.equal(report.valid, true);
      engine.free();
    });

    it('exportConfig → parseConfig round-trips, and export is stable', () => {
      const engine = sampleOrg(build);
      const config = engine.defaultConfig();
      config.bookingCalendars = [{ id: 'BKC-1', name: 'Sales demo' }];
      config.meetings.caseCalendars = ['BKC-1'];
      config.timeZone = 'Europe/Berlin';
      const text = engine.exportConfig(config);
      assert.doesNotThrow(() => JSON.parse(text), 'export is JSON');
      const parsed = engine.parseConfig(text);
      assert.deepEqual(contractPart(parsed), contractPart(config));
      assert.equal(engine.exportConfig(parsed), text, 'export(parse(export(c))) === export(c)');
      engine.free();
    });

    it('config errors carry a code and a JSON pointer', () => {
      const engine = new build.Engine();
      assertEngineError(() => engine.parseConfig('nope'), 'INVALID_JSON');
      assertEngineError(() => engine.parseConfig('[]'), 'INVALID_CONFIG');
      assert.equal(assertEngineError(() => engine.parseConfig('{"version":2}'), 'UNSUPPORTED_CONFIG_VERSION').path, '/version');
      assertEngineError(() => engine.parseConfig('{"version":1}'), 'INVALID_CONFIG');
      const bad = engine.defaultConfig();
      bad.mappings.leads[0].overwrite = 'yes';
      const err = assertEngineError(() => engine.parseConfig(JSON.stringify(bad)), 'INVALID_CONFIG');
      assert.equal(err.path, '/mappings/leads/0/overwrite');
      engine.free();
    });

    it('requiredFields with the default config says how each requirement is met', () => {
      const engine = sampleOrg(build);
      const config = engine.defaultConfig();
      for (const object of ['Lead', 'Contact']) {
        const lastName = engine.requiredFields(object, config).find((r) => r.name === 'LastName');
        assert.ok(lastName, `${object}.LastName is required`);
        assert.ok(lastName.satisfiedBy !== null, `${object}.LastName is satisfied by the default config`);
      }
      const emptied = { ...config, mappings: { ...config.mappings, leads: [] } };
      const unmet = engine.requiredFields('Lead', emptied).filter((r) => r.basis === 'schema');
      assert.ok(unmet.length >= 2 && unmet.every((r) => r.satisfiedBy === null), 'nothing is met without rows');
      engine.free();
    });

    it('suggestMappings never proposes a target the tab already maps', () => {
      const engine = sampleOrg(build);
      const config = engine.defaultConfig();
      for (const tab of Object.keys(TABS)) {
        const taken = new Set(config.mappings[tab].map((r) => r.target));
        for (const s of engine.suggestMappings(config, tab)) {
          assert.equal(s.tab, tab);
          assert.ok(!taken.has(s.row.target), `${tab}: ${s.row.target} is already mapped`);
          assert.ok(s.confidence > 0 && s.confidence <= 1, `confidence ${s.confidence}`);
          assert.equal(typeof s.reason, 'string');
        }
      }
      engine.free();
    });
  });
}
