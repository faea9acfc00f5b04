import Store from 'electron-store';
import { parseWindowState, type WindowState } from './window-bounds.js';

/**
 * What the shell remembers between runs that is not the engine's business: the window's place
 * and size, and whether the user was told that closing the window keeps Herald in the tray.
 * Kept in `<userData>/window-state.json` by electron-store; the engine's settings stay in SQLite.
 */
interface ShellState {
  window?: unknown;
  trayHintShown?: boolean;
}

export interface ShellStore {
  windowState(): WindowState | null;
  saveWindowState(state: WindowState): void;
  trayHintShown(): boolean;
  setTrayHintShown(): void;
}

export function openShellStore(): ShellStore {
  let store: Store<ShellState> | null = null;
  try {
    // A damaged file is replaced rather than keeping the app from starting.
    store = new Store<ShellState>({ name: 'window-state', clearInvalidConfig: true, configFileMode: 0o600 });
  } catch (error) {
    console.warn(`Window state will not be remembered: ${String(error)}`);
  }
  const memory: ShellState = {};
  const get = <K extends keyof ShellState>(key: K): ShellState[K] => (store ? store.get(key) : memory[key]);
  const set = <K extends keyof ShellState>(key: K, value: ShellState[K]) => {
    try {
      if (store) store.set(key, value);
      else memory[key] = value;
    } catch (error) {
      console.warn(`Could not save ${key}: ${String(error)}`);
    }
  };
  return {
    windowState: () => parseWindowState(get('window')),
    saveWindowState: (state) => set('window', state),
    trayHintShown: () => get('trayHintShown') === true,
    setTrayHintShown: () => set('trayHintShown', true),
  };
}
