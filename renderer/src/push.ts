import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { LogEntry, PushEvent } from '../../main/contract/index.js';
import { herald } from './api.js';

type Listener = (entry: LogEntry & { seq: number }) => void;
const logListeners = new Set<Listener>();
export type AutoDisabled = Extract<PushEvent, { type: 'integration.autoDisabled' }>;
const autoDisabledListeners = new Set<(event: AutoDisabled) => void>();

/** One subscription for the whole app: integration changes refresh queries, log entries fan out. */
export function usePushBridge(): void {
  const queryClient = useQueryClient();
  useEffect(
    () =>
      herald.onPush((event: PushEvent) => {
        if (event.type === 'log') {
          for (const l of logListeners) l(event.entry);
          return;
        }
        if (event.type === 'integration.autoDisabled') for (const l of autoDisabledListeners) l(event);
        if (event.type === 'deliveries.paused') {
          void queryClient.invalidateQueries({ queryKey: ['app.info'] });
          return;
        }
        if (event.type === 'sandbox.captured' || event.type === 'sandbox.cleared') {
          void queryClient.invalidateQueries({ queryKey: ['sandbox'] });
          // Each integration shows how many captures it holds.
          void queryClient.invalidateQueries({ queryKey: ['integrations'] });
          return;
        }
        if (event.type === 'clock') {
          void queryClient.invalidateQueries({ queryKey: ['app.info'] });
          return;
        }
        if (event.type === 'notification') {
          void queryClient.invalidateQueries({ queryKey: ['notifications'] });
          return;
        }
        if (event.type === 'integration.deleted') void queryClient.invalidateQueries({ queryKey: ['notifications'] });
        // An integration's state changed: its health, and perhaps its dead letters.
        void queryClient.invalidateQueries({ queryKey: ['integrations'] });
        void queryClient.invalidateQueries({ queryKey: ['dead'] });
      }),
    [queryClient],
  );
  // After a lost stream comes back, anything pushed in between was missed: reload it. The same
  // holds for the first connection: what changed between the first queries and it was not pushed.
  useEffect(() => {
    let lost = true;
    const onChange = (e: Event) => {
      const state = (e as CustomEvent<'open' | 'lost'>).detail;
      if (state === 'open' && lost) void queryClient.invalidateQueries();
      lost = state === 'lost';
    };
    window.addEventListener('herald:connection', onChange);
    return () => window.removeEventListener('herald:connection', onChange);
  }, [queryClient]);
}

export function useLogListener(listener: Listener): void {
  useEffect(() => {
    logListeners.add(listener);
    return () => void logListeners.delete(listener);
  }, [listener]);
}

/** Herald stopped sending to an integration on its own (auto-disable). */
export function useAutoDisabledListener(listener: (event: AutoDisabled) => void): void {
  useEffect(() => {
    autoDisabledListeners.add(listener);
    return () => void autoDisabledListeners.delete(listener);
  }, [listener]);
}

/** 'open' | 'lost' as reported by the browser-mode transport; Electron IPC is always open. */
export function useConnection(): 'open' | 'lost' {
  const [state, setState] = useState<'open' | 'lost'>('open');
  useEffect(() => {
    const onChange = (e: Event) => setState((e as CustomEvent<'open' | 'lost'>).detail);
    window.addEventListener('herald:connection', onChange);
    return () => window.removeEventListener('herald:connection', onChange);
  }, []);
  return state;
}
