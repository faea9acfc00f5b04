import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findTrigger } from '../../main/contract/index.js';
import { invoke } from '../../main/engine/invoke.js';
import type { Engine } from '../../main/engine/engine.js';
import { tempDir, virtualEngine } from '../support/world.js';

describe('demo data through the contract: events.synthesize and events.redact', () => {
  let dir: ReturnType<typeof tempDir>;
  let engine: Engine;

  beforeEach(() => {
    dir = tempDir();
    ({ engine } = virtualEngine(dir.path));
  });
  afterEach(async () => {
    await engine.close();
    dir.remove();
  });

  it('synthesizes count events that parse with the trigger schema, the same for the same seed', async () => {
    const first = await invoke(engine.handlers, 'events.synthesize', { trigger: 'sca_policy_has_been_triggered', seed: 7, count: 5 });
    if (!first.ok) throw new Error(first.error.message);
    expect(first.value.events).toHaveLength(5);
    const schema = findTrigger('sca_policy_has_been_triggered')!.payload;
    for (const event of first.value.events) {
      expect(event.trigger).toBe('sca_policy_has_been_triggered');
      expect(schema.safeParse(event.payload).success).toBe(true);
    }
    expect(new Set(first.value.events.map((e) => JSON.stringify(e.payload))).size).toBe(5);

    const again = await invoke(engine.handlers, 'events.synthesize', { trigger: 'sca_policy_has_been_triggered', seed: 7, count: 5 });
    expect(again).toEqual(first);

    // Defaults: seed 1, one event.
    const defaults = await invoke(engine.handlers, 'events.synthesize', { trigger: 'project_sca_analysis_finished' });
    expect(defaults.ok && defaults.value.events.length).toBe(1);
  });

  it('rejects bad input with messages naming the field and the fix', async () => {
    const message = async (name: 'events.synthesize' | 'events.redact', input: unknown) => {
      const result = await invoke(engine.handlers, name, input);
      if (result.ok) throw new Error(`${name} accepted ${JSON.stringify(input)}`);
      expect(result.error.code).toBe('validation');
      return result.error.message;
    };
    expect(await message('events.synthesize', { trigger: 'test', count: 500 })).toBe('count: count must be at most 100: generate fewer events at a time');
    expect(await message('events.synthesize', { trigger: 'test', count: 0 })).toBe('count: count must be at least 1');
    expect(await message('events.synthesize', { trigger: 'test', seed: 1.5 })).toMatch(/^seed: seed must be a whole number/);
    expect(await message('events.synthesize', { trigger: 'nope' })).toBe('trigger: Unknown trigger "nope"; choose one from the catalogue');
    expect(await message('events.redact', { payload: 'token=abc' })).toMatch(/^payload: payload must be a JSON object/);
  });

  it('redacts a payload and lists what it hid', async () => {
    const result = await invoke(engine.handlers, 'events.redact', { payload: { token: 'whsec_7f3c91d2e4b6a8c0', owner: 'anna@example.com', host: 'nexus.internal', project_name: 'payments-api' } });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.payload).toEqual({ token: '<secret-1>', owner: '<email-1>', host: '<host-1>', project_name: 'payments-api' });
    expect(result.value.redactions).toEqual([
      { path: 'token', kind: 'secret' },
      { path: 'owner', kind: 'email' },
      { path: 'host', kind: 'hostname' },
    ]);
  });
});
