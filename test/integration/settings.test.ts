import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Settings } from '../../main/contract/index.js';
import type { Engine } from '../../main/engine/engine.js';
import { invoke } from '../../main/engine/invoke.js';
import { tempDir, virtualEngine } from '../support/world.js';

describe('settings.update changes only what the patch names (real SQLite, through the contract)', () => {
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
  const update = async (patch: unknown) => {
    const result = await invoke(engine.handlers, 'settings.update', patch);
    if (!result.ok) throw new Error(result.error.message);
    return result.value as Settings;
  };

  it('keeps the language, theme and switched-off triggers when another field changes, also after a restart', async () => {
    await update({ language: 'ru', theme: 'dark', disabled_triggers: ['project_sca_analysis_cancelled'], retention_days: 7 });
    const after = await update({ theme: 'light' });
    expect(after).toMatchObject({ language: 'ru', theme: 'light', disabled_triggers: ['project_sca_analysis_cancelled'], retention_days: 7 });
    await update({ language: 'en' });
    await engine.close();
    ({ engine } = virtualEngine(dir.path));
    const reopened = await invoke(engine.handlers, 'settings.get', {});
    expect(reopened.ok && reopened.value).toMatchObject({ language: 'en', theme: 'light', disabled_triggers: ['project_sca_analysis_cancelled'], retention_days: 7 });
  });

  it('names the field of a bad value and changes nothing', async () => {
    const result = await invoke(engine.handlers, 'settings.update', { theme: 'sepia', retention_days: 7 });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.message).toContain('theme is light, dark or system');
    const current = await invoke(engine.handlers, 'settings.get', {});
    expect(current.ok && current.value.retention_days).toBe(30);
  });
});
