import { contextBridge, ipcRenderer } from 'electron';
import { METHOD_NAMES } from '../main/contract/methods.js';
import { INVOKE_CHANNEL, PUSH_CHANNEL, type PushEvent } from '../main/contract/push.js';

// window.herald is generated from the contract's method list: no per-method code to forget.
const api: Record<string, unknown> = Object.fromEntries(
  METHOD_NAMES.map((name) => [name, (input: unknown) => ipcRenderer.invoke(INVOKE_CHANNEL, name, input)]),
);
api.onPush = (listener: (event: PushEvent) => void) => {
  const handler = (_event: unknown, payload: PushEvent) => listener(payload);
  ipcRenderer.on(PUSH_CHANNEL, handler);
  return () => ipcRenderer.removeListener(PUSH_CHANNEL, handler);
};

contextBridge.exposeInMainWorld('herald', api);
