import type { Integration } from '../contract/index.js';

/**
 * Health at a glance for the tray: which icon, the tooltip, and the integrations that need a
 * look. Pure logic (no electron import) so it is unit-tested under Node.
 */

/** ok: delivering; failing: something is retrying or Herald gave up on it; paused: nothing is being sent. */
export type TrayState = 'ok' | 'failing' | 'paused';

export interface TrayProblem {
  id: string;
  label: string;
}

export interface TrayStatus {
  state: TrayState;
  tooltip: string;
  /** Failing first, then disabled by Herald, then disabled by someone; at most MAX_PROBLEMS. */
  problems: TrayProblem[];
  /** How many more were left out of `problems`. */
  more: number;
}

export const MAX_PROBLEMS = 8;
/** Windows cuts tray tooltips at 127 characters. */
const MAX_TOOLTIP = 127;
const MAX_NAME = 40;

type Health = Pick<Integration, 'id' | 'name' | 'is_active' | 'health'>;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const shorten = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function trayStatus(integrations: readonly Health[], paused: boolean): TrayStatus {
  const failing = integrations.filter((i) => i.health.state === 'failing');
  const disabled = integrations.filter((i) => i.health.state === 'disabled');
  const autoDisabled = disabled.filter((i) => i.health.disabled_by === 'auto');
  const userDisabled = disabled.filter((i) => i.health.disabled_by !== 'auto');
  const active = integrations.length - disabled.length;

  const parts: string[] = [];
  if (integrations.length === 0) parts.push('no integrations yet');
  else parts.push(`${plural(active, 'integration')} active`);
  if (failing.length) parts.push(`${failing.length} failing`);
  if (disabled.length) parts.push(`${disabled.length} disabled`);
  const summary = parts.join(', ');
  const tooltip = shorten(paused ? `Herald — deliveries paused; ${summary}` : `Herald — ${summary}`, MAX_TOOLTIP);

  const state: TrayState = paused ? 'paused' : failing.length || autoDisabled.length ? 'failing' : active === 0 ? 'paused' : 'ok';

  const all: TrayProblem[] = [
    ...failing.map((i) => ({ id: i.id, label: `${shorten(i.name, MAX_NAME)} — failing${i.health.retry_step ? `, retry ${i.health.retry_step}` : ''}` })),
    ...autoDisabled.map((i) => ({ id: i.id, label: `${shorten(i.name, MAX_NAME)} — disabled by Herald` })),
    ...userDisabled.map((i) => ({ id: i.id, label: `${shorten(i.name, MAX_NAME)} — disabled` })),
  ];
  return { state, tooltip, problems: all.slice(0, MAX_PROBLEMS), more: Math.max(0, all.length - MAX_PROBLEMS) };
}
