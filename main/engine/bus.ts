import type { PushEvent } from '../contract/index.js';

/** Fan-out of push events to the transports (IPC, SSE). A failing listener never breaks the engine. */
export class PushBus {
  private listeners = new Set<(event: PushEvent) => void>();

  subscribe(listener: (event: PushEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: PushEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        console.error('push listener failed:', error);
      }
    }
  }
}
