import { describe, expect, it } from 'vitest';
import type { HealthState } from '../../main/contract/index.js';
import { MAX_PROBLEMS, trayStatus } from '../../main/shell/tray-status.js';

function integration(name: string, state: HealthState, extra: { disabled_by?: 'user' | 'auto'; retry_step?: number } = {}) {
  return {
    id: `id-${name}`,
    name,
    is_active: state !== 'disabled',
    health: { state, disabled_by: extra.disabled_by ?? (state === 'disabled' ? 'user' : null), retry_step: extra.retry_step ?? 0 } as never,
  };
}

describe('tray status', () => {
  it('is ok with everything delivering', () => {
    const status = trayStatus([integration('SOC mail', 'active'), integration('Jira', 'active'), integration('Hook', 'active')], false);
    expect(status).toEqual({ state: 'ok', tooltip: 'Herald — 3 integrations active', problems: [], more: 0 });
  });

  it('says how many fail and lists them, failing first', () => {
    const status = trayStatus(
      [integration('SOC mail', 'active'), integration('Jira', 'failing', { retry_step: 2 }), integration('Old hook', 'disabled'), integration('Slack', 'disabled', { disabled_by: 'auto' })],
      false,
    );
    expect(status.state).toBe('failing');
    expect(status.tooltip).toBe('Herald — 2 integrations active, 1 failing, 2 disabled');
    expect(status.problems).toEqual([
      { id: 'id-Jira', label: 'Jira — failing, retry 2' },
      { id: 'id-Slack', label: 'Slack — disabled by Herald' },
      { id: 'id-Old hook', label: 'Old hook — disabled' },
    ]);
  });

  it('treats an integration Herald disabled as needing attention even when nothing else fails', () => {
    expect(trayStatus([integration('A', 'active'), integration('B', 'disabled', { disabled_by: 'auto' })], false).state).toBe('failing');
    // Switched off by a person: a deliberate choice, not an alarm.
    expect(trayStatus([integration('A', 'active'), integration('B', 'disabled')], false).state).toBe('ok');
  });

  it('shows paused when deliveries are paused, whatever else is true', () => {
    const status = trayStatus([integration('A', 'active'), integration('B', 'failing')], true);
    expect(status.state).toBe('paused');
    expect(status.tooltip).toBe('Herald — deliveries paused; 2 integrations active, 1 failing');
  });

  it('shows paused when nothing is active, and says so when there are no integrations', () => {
    expect(trayStatus([integration('A', 'disabled')], false)).toMatchObject({ state: 'paused', tooltip: 'Herald — 0 integrations active, 1 disabled' });
    expect(trayStatus([], false)).toMatchObject({ state: 'paused', tooltip: 'Herald — no integrations yet' });
    expect(trayStatus([integration('A', 'active')], false).tooltip).toBe('Herald — 1 integration active');
  });

  it('keeps the menu and the tooltip short', () => {
    const many = Array.from({ length: 12 }, (_, n) => integration(`Integration number ${n} with a very long name indeed, really`, 'failing'));
    const status = trayStatus(many, true);
    expect(status.problems).toHaveLength(MAX_PROBLEMS);
    expect(status.more).toBe(12 - MAX_PROBLEMS);
    expect(status.problems[0]!.label.length).toBeLessThanOrEqual(60);
    expect(status.tooltip.length).toBeLessThanOrEqual(127);
  });
});
