// Memory stays bounded: wasm linear memory never shrinks, so a leak shows up as growth of
// `__wasm.memory.buffer.byteLength` (the Node build exposes the wasm exports as `__wasm`).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cjs, esm, fixture, REPO } from './helpers.mjs';

const sample = (rel) => readFileSync(path.join(REPO, rel), 'utf8');

const LEAD = 'cumulusci/GET_sobjects_Lead_describe.body.json';
const MB = 1024 * 1024;
const memory = () => cjs.__wasm.memory.buffer.byteLength;

describe('bounded memory', () => {
  it('import and require share one wasm instance', () => {
    assert.equal(esm.Engine, cjs.Engine);
    assert.ok(cjs.__wasm?.memory instanceof WebAssembly.Memory, 'pkg/node exposes __wasm.memory');
  });

  it('100,000 compatibleFields calls grow wasm memory by < 1 MB', () => {
    const engine = new cjs.Engine();
    engine.loadDescribe(fixture(LEAD));
    for (let i = 0; i < 2_000; i++) engine.compatibleFields('Lead', 'email');
    const before = memory();
    let n = 0;
    for (let i = 0; i < 100_000; i++) n += engine.compatibleFields('Lead', 'email').length;
    const grown = memory() - before;
    assert.ok(n > 0);
    assert.ok(grown < MB, `grew ${grown} bytes`);
    engine.free();
  });

  it('creating, loading and freeing 300 engines grows wasm memory by < 1 MB', () => {
    const text = fixture(LEAD);
    const cycle = () => {
      const engine = new cjs.Engine();
      engine.loadDescribe(text);
      engine.requiredFields('Lead');
      engine.free();
    };
    for (let i = 0; i < 30; i++) cycle();
    const before = memory();
    for (let i = 0; i < 300; i++) cycle();
    const grown = memory() - before;
    assert.ok(grown < MB, `grew ${grown} bytes`);
  });

  it('10,000 failing calls grow wasm memory by < 1 MB', () => {
    const engine = new cjs.Engine();
    const bad = fixture(LEAD).slice(0, 2000);
    const fail = () => { try { engine.loadDescribe(bad); } catch { /* expected */ } };
    for (let i = 0; i < 500; i++) fail();
    const before = memory();
    for (let i = 0; i < 10_000; i++) fail();
    assert.ok(memory() - before < MB, `grew ${memory() - before} bytes`);
    engine.free();
  });

  it('100,000 calls of each query grow wasm memory by < 1 MB after warm-up', () => {
    const engine = new cjs.Engine();
    for (const o of ['Lead', 'Contact', 'Event', 'Case']) engine.loadDescribe(sample(`www/sample-org/${o}.json`));
    const config = engine.defaultConfig();
    const configText = JSON.stringify(config);
    const booking = JSON.parse(sample('www/samples/booking-scheduled.json'));
    const queries = {
      objects: () => engine.objects(),
      sourceFields: () => engine.sourceFields('meeting'),
      compatibleFields: () => engine.compatibleFields('Event', 'starting_time'),
      explain: () => engine.explain('Lead', 'company', 'NumberOfEmployees'),
      requiredFields: () => engine.requiredFields('Lead', config),
      validate: () => engine.validate(configText),
      suggestMappings: () => engine.suggestMappings(configText, 'leads'),
      formHints: () => engine.formHints(configText),
      preview: () => engine.preview(configText, { payload: booking }),
      validateRecord: () => engine.validateRecord('Lead', { LastName: 'x', Email: 'badone' }),
    };
    const CALLS = Number(process.env.MEMORY_CALLS ?? 100_000);
    for (const [name, q] of Object.entries(queries)) {
      for (let i = 0; i < 500; i++) q();
      const before = memory();
      for (let i = 0; i < CALLS; i++) q();
      const grown = memory() - before;
      assert.ok(grown < MB, `${name}: grew ${grown} bytes over ${CALLS} calls`);
    }
    engine.free();
  });

  it('a describe or configuration over its size limit is refused before it is copied in', () => {
    const engine = new cjs.Engine();
    const huge = ' '.repeat(17 * MB); // over the 16 MiB describe limit
    const before = memory();
    for (const arg of [huge, new TextEncoder().encode(huge)]) {
      assert.throws(() => engine.loadDescribe(arg), (e) => e.code === 'INPUT_TOO_LARGE' && /the describe: more than the 16777216 bytes allowed/.test(e.message));
    }
    assert.throws(() => engine.validate(' '.repeat(9 * MB)), (e) => e.code === 'INPUT_TOO_LARGE');
    // A plain object too: its JSON text is measured before it is copied.
    assert.throws(() => engine.loadDescribe({ name: 'Lead', fields: [], pad: huge }), (e) => e.code === 'INPUT_TOO_LARGE');
    // Every JSON argument has a limit: custom fields, a record, a batch of inputs.
    assert.throws(() => engine.addSourceFields([{ id: 'custom.x', label: 'X', type: 'text', pad: huge }]), (e) => e.code === 'INPUT_TOO_LARGE');
    assert.throws(() => engine.validateRecord('Lead', { LastName: ' '.repeat(2 * MB) }), (e) => e.code === 'INPUT_TOO_LARGE');
    assert.throws(() => engine.previewMany(engine.defaultConfig(), ' '.repeat(129 * MB)), (e) => e.code === 'INPUT_TOO_LARGE');
    // Options objects are small.
    assert.throws(() => engine.previewMany(engine.defaultConfig(), [], { trace: false, pad: 'x'.repeat(MB) }), (e) => e.code === 'INPUT_TOO_LARGE');
    assert.ok(memory() - before < MB, `grew ${memory() - before} bytes`);
    // Limits are in UTF-8 bytes: text of fewer characters than the limit can be more bytes, and
    // is refused once converted (at most three times the limit is ever copied in).
    const wide = '山'.repeat(900_000); // 2.7 MB in UTF-8
    assert.throws(() => engine.validateRecord('Lead', { LastName: wide }), (e) => e.code === 'INPUT_TOO_LARGE');
    assert.throws(() => engine.validateRecord('Lead', JSON.stringify({ LastName: wide })), (e) => e.code === 'INPUT_TOO_LARGE');
    assert.ok(memory() - before < 4 * MB, `grew ${memory() - before} bytes`);
    engine.free();
  });

  it('a previewMany result past 256 MiB fails with a coded error at the input that passed it', () => {
    const engine = new cjs.Engine();
    for (const o of ['Lead', 'Contact', 'Event', 'Case']) engine.loadDescribe(sample(`www/sample-org/${o}.json`));
    const config = engine.defaultConfig();
    // 19,000 rows that each write a trace entry: about 12 MB a preview.
    for (let i = 0; i < 19_000; i++) config.mappings.events.push({ source: 'note', target: 'Description', overwrite: true });
    const booking = JSON.parse(sample('www/samples/booking-scheduled.json'));
    const inputs = JSON.stringify(Array.from({ length: 60 }, () => ({ payload: booking })));
    assert.throws(() => engine.previewMany(config, inputs), (e) => e.code === 'INPUT_TOO_LARGE' && /^\/\d+$/.test(e.path) && /in parts/.test(e.help));
    // The engine goes on working.
    assert.equal(engine.previewMany(engine.defaultConfig(), [{ payload: booking }]).summary.total, 1);
    engine.free();
  });
});
