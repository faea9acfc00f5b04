import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { LogEntry, PushEvent } from '../../main/contract/index.js';
import { herald } from './api.js';

type Listener = (entry: LogEntry & { seq: number }) => void;
const logListeners = new Set<Listener>();

/** One subscription for the whole app: integration changes refresh queries, log entries fan out. */
export function usePushBridge(): void {
  const queryClient = useQueryClient();
  useEffect(
    () =>
      herald.onPush((event: PushEvent) => {
        if (event.type === 'log') for (const l of logListeners) l(event.entry);
        else void queryClient.invalidateQueries({ queryKey: ['integrations'] });
      }),
    [queryClient],
  );
  // After a lost stream comes back, anything pushed in between was missed: reload it.
  useEffect(() => {
    let lost = false;
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
