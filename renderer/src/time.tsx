import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber, formatShort, formatTime, fromNow } from './format.js';

/** One shared clock for every relative time on screen, so "2 min ago" keeps moving without a timer per row. */
const TICK_MS = 15_000;
const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now);
}

/**
 * With a compressed engine clock (--time-scale) the engine's times run ahead of this machine's,
 * so "in 2 hours" would be nonsense: times are shown as they are, without a relative part.
 */
let timeScale = 1;
const scaleListeners = new Set<() => void>();
export function setTimeScale(next: number): void {
  if (next === timeScale) return;
  timeScale = next;
  for (const l of scaleListeners) l();
}
function useTimeScale(): number {
  return useSyncExternalStore(
    (listener) => (scaleListeners.add(listener), () => void scaleListeners.delete(listener)),
    () => timeScale,
  );
}

/** "2 minutes ago", with the absolute date and time on hover. */
export function TimeAgo({ iso, fallback = '—', due = false }: { iso: string | null | undefined; fallback?: string; due?: boolean }) {
  useNow();
  const { t } = useTranslation();
  const scale = useTimeScale();
  if (!iso) return <span>{fallback}</span>;
  if (scale > 1) {
    return (
      <time dateTime={iso} title={t('time.engineTime', { time: formatTime(iso), scale: formatNumber(scale) })}>
        {due ? t('time.at', { time: formatShort(iso) }) : formatShort(iso)}
      </time>
    );
  }
  // A scheduled time that has passed is "due now", not "3 seconds ago".
  const text = due && Date.parse(iso) <= Date.now() ? t('time.dueNow') : fromNow(iso);
  return (
    <time dateTime={iso} title={formatTime(iso)}>
      {text}
    </time>
  );
}
