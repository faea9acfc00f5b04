import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Integration } from '../../main/contract/index.js';
import { invoke } from '../../main/engine/invoke.js';
import type { Engine } from '../../main/engine/engine.js';
import { Receiver } from '../support/receiver.js';
import { advance, tempDir, virtualEngine } from '../support/world.js';
import type { VirtualClock } from '../../main/engine/clock.js';

const TOKEN = 'whsec_7f3c91d2e4b6a8c0';

describe('duplicate an integration, reveal a stored secret (through the contract, real SQLite)', () => {
  let dir: ReturnType<typeof tempDir>;
  let engine: Engine;
  let clock: VirtualClock;
  let receiver: Receiver;

  beforeEach(async () => {
    dir = tempDir();
    receiver = await Receiver.start();
    ({ engine, clock } = virtualEngine(dir.path));
  });
  afterEach(async () => {
    await engine.close();
    await receiver.close();
    dir.remove();
  });

  const call = async <T>(name: string, input: unknown): Promise<T> => {
    const result = await invoke(engine.handlers, name as never, input);
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    return result.value as T;
  };
  const notices = () => engine.repo.db.prepare("SELECT data FROM log WHERE type = 'notice' ORDER BY seq").all().map((r) => (JSON.parse((r as { data: string }).data) as { message: string }).message);

  async function siem(): Promise<Integration> {
    return call<Integration>('integrations.create', {
      kind: 'webhook',
      name: 'SIEM',
      is_active: true,
      settings: { url: receiver.url('/siem'), events: ['project_sca_analysis_finished'], projects: ['payments-api'] },
      secrets: { token: TOKEN },
      policy: { batch_window_ms: 2000, retry: { preset: 'fast_cycles' }, auto_disable: { preset: 'exhausted' } },
    });
  }

  it('copies settings, the stored token and the policy into a disabled copy with a free name', async () => {
    const original = await siem();
    const copy = await call<Integration>('integrations.duplicate', { id: original.id });
    expect(copy.id).not.toBe(original.id);
    expect(copy.name).toBe('SIEM (copy)');
    expect(copy.is_active).toBe(false);
    expect(copy.health.disabled_reason).toBe('Copy of SIEM: enable it when it is ready');
    expect(copy.settings).toEqual(original.settings);
    expect(copy.policy).toEqual(original.policy);
    expect(copy.secrets.token).toEqual(original.secrets.token);
    expect((await call<Integration>('integrations.duplicate', { id: original.id })).name).toBe('SIEM (copy 2)');

    // The copy delivers with the copied token once enabled; the disabled copy sent nothing before.
    await call('integrations.setActive', { id: copy.id, active: true });
    engine.fireEvent({ trigger: 'project_sca_analysis_finished', payload: { project_id: 1, project_name: 'payments-api', vulnerabilities_count: 0, dependencies_count: 3 } }, 'api');
    await advance(engine, clock, 2500);
    const tokens = receiver.requests.map((r) => r.headers['x-herald-authentication']);
    expect(tokens).toEqual([TOKEN, TOKEN]);
  });

  it('reveals a stored secret only by name, logs who asked without the value, and refuses unknown names', async () => {
    const original = await siem();
    expect(original.secrets.token!.masked).not.toContain(TOKEN);
    expect(await call('integrations.revealSecret', { id: original.id, secret: 'token' })).toEqual({ value: TOKEN });
    expect(notices()).toContain('SIEM: the stored token was revealed in the console');
    expect(notices().join('\n')).not.toContain(TOKEN);

    await expect(call('integrations.revealSecret', { id: original.id, secret: 'password' })).rejects.toThrow('validation: webhook integrations store no secret called password; they store token');
    await expect(call('integrations.revealSecret', { id: 'nope', secret: 'token' })).rejects.toThrow(/^not_found/);
    await expect(call('integrations.revealSecret', { id: original.id })).rejects.toThrow(/secret/);
    // A webhook without a token reveals null, and that too is logged.
    await call('integrations.update', { id: original.id, input: { kind: 'webhook', name: 'SIEM', is_active: true, settings: original.settings, secrets: { token: null } } });
    expect(await call('integrations.revealSecret', { id: original.id, secret: 'token' })).toEqual({ value: null });
  });
});
