import type { CaptureSummary } from '../../../../main/contract/index.js';

export type CaptureKind = 'email' | 'webhook' | 'issue' | 'request';
export type KindFilter = 'all' | CaptureKind;
export const KINDS: KindFilter[] = ['all', 'email', 'webhook', 'issue', 'request'];

export function kindOf(c: Pick<CaptureSummary, 'receiver' | 'jira_type'>): CaptureKind {
  if (c.receiver === 'smtp') return 'email';
  if (c.receiver === 'webhook') return 'webhook';
  return c.jira_type === 'request' ? 'request' : 'issue';
}

/** "All" leaves out the Jira simulator's requests (searches, creations): they are plumbing; "Jira requests" shows them. */
export function matchesKind(c: Pick<CaptureSummary, 'receiver' | 'jira_type'>, filter: KindFilter): boolean {
  const kind = kindOf(c);
  return filter === 'all' ? kind !== 'request' : kind === filter;
}
