import { app, BrowserWindow, ipcMain, Menu, Notification, safeStorage, screen, session, shell, type IpcMainInvokeEvent } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { INVOKE_CHANNEL, PUSH_CHANNEL } from '../contract/push.js';
import { Engine } from '../engine/engine.js';
import { invoke, isMethodName } from '../engine/invoke.js';
import { VERSION } from '../engine/version.js';
import { createServer, CSP } from '../server/app.js';
import { loadOrCreateApiToken } from '../server/token.js';
import { appMenuTemplate, type ViewRoute } from './app-menu.js';
import { safeStorageBox } from './safe-storage-box.js';
import { openShellStore, type ShellStore } from './shell-store.js';
import { createTray, type HeraldTray } from './tray.js';
import { debounce, placeWindow } from './window-bounds.js';

/**
 * Electron glue only: lifecycle, the window, IPC wired from the contract, the OS keychain, the
 * menu and the tray. Everything else is the same engine and server that browser mode runs.
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
let tray: HeraldTray | null = null;
/** The current window has been shown once (ready-to-show), so show() will not flash an empty page. */
let windowShown = false;
let shellStore: ShellStore | null = null;
/** Set once the user (or the OS) really quits, so closing the window no longer hides it. */
let quitting = false;

const WINDOW_SIZING = { width: 1280, height: 820, minWidth: 900, minHeight: 600 };
/** Launched by the packaged app vs from the repository (npm start, the e2e tests). */
const isDev = !app.isPackaged;

// Tests and portable setups point the app at their own data folder.
if (process.env.HERALD_DATA_DIR) app.setPath('userData', process.env.HERALD_DATA_DIR);
// Windows ties notifications (auto-disable, the tray hint) to this id; electron-builder.yml's appId.
if (process.platform === 'win32') app.setAppUserModelId('io.herald.desktop');

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // A second launch (or a click on a desktop shortcut while Herald sits in the tray) brings the window back.
  app.on('second-instance', () => showWindow());
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
    if (event.type === 'integration.autoDisabled') notifyAutoDisabled(event.integration_id, event.integration_name, event.reason);
  });

  shellStore = openShellStore();
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      appMenuTemplate({
        platform: process.platform,
        isDev,
        appName: app.name,
        actions: {
          navigate: (route, query) => showWindow(routeHash(route, query)),
          openDataFolder: () => void shell.openPath(dataDir).then((error) => error && console.warn(`Could not open ${dataDir}: ${error}`)),
          // The token file exists once the local API has run; otherwise the folder it will be in.
          showApiTokenFile: () => (existsSync(join(dataDir, 'api-token')) ? shell.showItemInFolder(join(dataDir, 'api-token')) : void shell.openPath(dataDir)),
        },
      }),
    ),
  );
  tray = createTray({ engine: current, show: (hash) => showWindow(hash), quit: () => app.quit() });
  // Read-only view for test/e2e/electron.spec.ts (electronApp.evaluate runs in this process; pages cannot reach it).
  (globalThis as { heraldShell?: unknown }).heraldShell = { tray: () => tray?.snapshot() ?? null, windowStatePath: join(dataDir, 'window-state.json') };

  createWindow();
  // macOS: a click on the Dock icon brings the hidden or closed window back.
  app.on('activate', () => showWindow());
}

function routeHash(route: ViewRoute, query?: Record<string, string>): string {
  const search = query && Object.keys(query).length ? `?${new URLSearchParams(query).toString()}` : '';
  return `/${route}${search}`;
}

/** Shows and focuses the window (creating it if it was closed), optionally at a hash route. */
function showWindow(hash?: string): void {
  if (!engine || !shellStore) return; // still starting (start() opens the window) or quitting
  if (!window || window.isDestroyed()) {
    createWindow(hash);
    return;
  }
  if (!windowShown) {
    // Still loading: it shows itself when ready; only the route may need changing.
    if (hash) navigate(window, hash);
    return;
  }
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
  if (hash) navigate(window, hash);
}

function navigate(target: BrowserWindow, hash: string): void {
  // A hash change is an in-page navigation: the renderer's router follows it, will-navigate is not involved.
  const js = `location.hash = ${JSON.stringify(hash)}`;
  if (target.webContents.isLoading()) target.webContents.once('did-finish-load', () => void target.webContents.executeJavaScript(js));
  else void target.webContents.executeJavaScript(js);
}

/** Closing the window hides it while the tray (or the macOS Dock) can bring it back. */
function keepsRunningInTray(): boolean {
  return !quitting && engine !== null && engine.settings.close_to_tray && (tray !== null || process.platform === 'darwin');
}

/** Seed 003 tells the administrators: a desktop notification that opens the integration's screen. */
function notifyAutoDisabled(id: string, name: string, reason: string): void {
  if (!Notification.isSupported()) return;
  const notification = new Notification({ title: `${name} was disabled`, body: reason.replace(/^Disabled automatically: /, ''), urgency: 'critical' });
  notification.on('click', () => showWindow(`/integrations?focus=${encodeURIComponent(id)}`));
  notification.show();
}

function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const url = event.senderFrame?.url ?? '';
  return url.startsWith(pathToFileURL(RENDERER_DIR).href);
}

function createWindow(hash?: string): void {
  const placement = placeWindow(
    shellStore?.windowState() ?? null,
    screen.getAllDisplays().map((d) => d.workArea),
    screen.getPrimaryDisplay().workArea,
    WINDOW_SIZING,
  );
  const created = new BrowserWindow({
    ...placement.bounds,
    ...(placement.bounds.x === undefined ? { center: true } : {}),
    minWidth: WINDOW_SIZING.minWidth,
    minHeight: WINDOW_SIZING.minHeight,
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
  window = created;
  windowShown = false;
  created.once('ready-to-show', () => {
    if (placement.maximized) created.maximize();
    created.show();
    if (window === created) windowShown = true;
  });
  // Navigation and new windows are denied; http(s) links open in the user's browser.
  created.webContents.on('will-navigate', (event, url) => {
    if (url !== created.webContents.getURL()) event.preventDefault();
  });
  created.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });

  // Remember the place and size: the normal bounds, so un-maximizing next time lands where it was.
  const saveState = () => {
    if (created.isDestroyed() || created.isMinimized() || created.isFullScreen()) return;
    shellStore?.saveWindowState({ bounds: created.getNormalBounds(), maximized: created.isMaximized() });
  };
  const saveSoon = debounce(saveState, 500);
  created.on('resize', saveSoon);
  created.on('move', saveSoon);
  created.on('maximize', saveSoon);
  created.on('unmaximize', saveSoon);

  created.on('close', (event) => {
    saveSoon.cancel();
    saveState();
    if (!keepsRunningInTray()) return;
    // Keep delivering: the window goes, Herald stays in the tray until Quit.
    event.preventDefault();
    if (created.isFullScreen()) {
      // macOS would leave an empty full-screen Space behind a hidden window.
      created.once('leave-full-screen', () => created.hide());
      created.setFullScreen(false);
    } else {
      created.hide();
    }
    hintTrayOnce();
  });
  // Windows: at log-off or shutdown the window must close for real.
  created.on('session-end', () => (quitting = true));
  created.on('closed', () => {
    saveSoon.cancel();
    if (window === created) window = null;
  });
  void created.loadURL(hash ? `${RENDERER_URL}#${hash}` : RENDERER_URL);
}

/** The first time the window is hidden to the tray, say where Herald went (once per data folder). */
function hintTrayOnce(): void {
  if (!shellStore || shellStore.trayHintShown() || !Notification.isSupported()) return;
  shellStore.setTrayHintShown();
  const where = process.platform === 'darwin' ? 'the menu bar' : 'the notification area';
  const notification = new Notification({ title: 'Herald keeps delivering', body: `Herald is still running in ${where}. Use Quit there to stop it, or turn this off in Settings.` });
  notification.on('click', () => showWindow());
  notification.show();
}

app.on('before-quit', () => {
  quitting = true;
});

app.on('window-all-closed', () => {
  // Only reached when the window really closed (close to tray off, or no tray on this desktop).
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', (event) => {
  tray?.destroy();
  tray = null;
  if (!engine) return;
  event.preventDefault();
  const closing = engine;
  engine = null;
  void closing.close().finally(() => app.quit());
});
