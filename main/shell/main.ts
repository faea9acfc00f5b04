import { app, BrowserWindow, ipcMain, Notification, safeStorage, session, shell, type IpcMainInvokeEvent } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { INVOKE_CHANNEL, PUSH_CHANNEL } from '../contract/push.js';
import { Engine } from '../engine/engine.js';
import { invoke, isMethodName } from '../engine/invoke.js';
import { VERSION } from '../engine/version.js';
import { createServer, CSP } from '../server/app.js';
import { loadOrCreateApiToken } from '../server/token.js';
import { safeStorageBox } from './safe-storage-box.js';

/**
 * Electron glue only: lifecycle, the window, IPC wired from the contract, the OS keychain.
 * Everything else is the same engine and server that browser mode runs.
 */

const RENDERER_DIR = join(__dirname, '..', 'renderer');
const RENDERER_URL = pathToFileURL(join(RENDERER_DIR, 'index.html')).href;

/** The Electron-ABI build of better-sqlite3, kept apart from the Node build the tests use. */
function nativeBinding(): string | undefined {
  const candidates = [
    join(process.resourcesPath ?? '', 'native', 'better_sqlite3.node'),
    join(__dirname, '..', 'native', 'electron', 'better_sqlite3.node'),
  ];
  return candidates.find((p) => existsSync(p));
}

let engine: Engine | null = null;
let window: BrowserWindow | null = null;

// Tests and portable setups point the app at their own data folder.
if (process.env.HERALD_DATA_DIR) app.setPath('userData', process.env.HERALD_DATA_DIR);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  app.whenReady().then(start, (error: unknown) => {
    console.error('Herald could not start:', error);
    app.exit(1);
  });
}

async function start(): Promise<void> {
  const dataDir = app.getPath('userData');
  const binding = nativeBinding();
  engine = new Engine({
    dataDir,
    version: VERSION,
    mode: 'electron',
    ...(safeStorage.isEncryptionAvailable() ? { secretBox: safeStorageBox() } : {}),
    ...(binding ? { nativeBinding: binding } : {}),
  });
  engine.start();

  const apiPort = process.env.HERALD_API_PORT ? Number(process.env.HERALD_API_PORT) : engine.settings.api_port;
  if (apiPort > 0) {
    try {
      const server = await createServer({ engine, token: loadOrCreateApiToken(dataDir), port: apiPort });
      engine.apiUrl = server.url;
    } catch (error) {
      console.warn(`Local API not started on port ${apiPort}: ${String(error)}`);
    }
  }

  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  const current = engine;
  ipcMain.handle(INVOKE_CHANNEL, async (event: IpcMainInvokeEvent, name: unknown, input: unknown) => {
    // IPC is a trust boundary: only our own page may call, and every input is parsed by invoke().
    if (!isTrustedSender(event)) return { ok: false, error: { code: 'forbidden', message: 'Untrusted sender' } };
    if (typeof name !== 'string' || !isMethodName(name)) return { ok: false, error: { code: 'not_found', message: `No method ${String(name)}` } };
    return invoke(current.handlers, name, input);
  });
  current.bus.subscribe((event) => {
    for (const w of BrowserWindow.getAllWindows()) if (!w.isDestroyed()) w.webContents.send(PUSH_CHANNEL, event);
    if (event.type === 'integration.autoDisabled') notifyAutoDisabled(event.integration_name, event.reason);
  });

  createWindow();
  app.on('activate', () => BrowserWindow.getAllWindows().length === 0 && createWindow());
}

/** Seed 003 tells the administrators: a desktop notification that opens the integration's screen. */
function notifyAutoDisabled(name: string, reason: string): void {
  if (!Notification.isSupported()) return;
  const notification = new Notification({ title: `${name} was disabled`, body: reason.replace(/^Disabled automatically: /, ''), urgency: 'critical' });
  notification.on('click', () => {
    if (!window) createWindow();
    window?.show();
    window?.focus();
    void window?.webContents.executeJavaScript("location.hash = '/integrations'");
  });
  notification.show();
}

function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const url = event.senderFrame?.url ?? '';
  return url.startsWith(pathToFileURL(RENDERER_DIR).href);
}

function createWindow(): void {
  window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'Herald',
    show: false,
    webPreferences: {
      preload: join(__dirname, '..', 'preload', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window?.show());
  // Navigation and new windows are denied; http(s) links open in the user's browser.
  window.webContents.on('will-navigate', (event, url) => {
    if (url !== window?.webContents.getURL()) event.preventDefault();
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  void window.loadURL(RENDERER_URL);
  window.on('closed', () => (window = null));
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', (event) => {
  if (!engine) return;
  event.preventDefault();
  const closing = engine;
  engine = null;
  void closing.close().finally(() => app.quit());
});
