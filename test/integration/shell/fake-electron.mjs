// A stand-in for the electron module with just what main/shell uses, so the real shell bundle
// (dist/shell/main.cjs) runs under plain Node here, where Electron's binary cannot be downloaded.
// It records what the shell did; it does not pretend to be a browser.
import { EventEmitter } from 'node:events';
import Module from 'node:module';

export const fake = { windows: [], trays: [], notifications: [], appMenu: null, exited: null, ipc: {}, opened: null, shown: null, displays: [{ x: 0, y: 0, width: 1920, height: 1040 }] };

const cancellable = () => ({ defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } });

class App extends EventEmitter {
  paths = { userData: '' };
  isPackaged = false;
  name = 'Herald';
  setPath(key, value) { this.paths[key] = value; }
  getPath(key) { return this.paths[key]; }
  getVersion() { return '0.0.0-test'; }
  requestSingleInstanceLock() { return true; }
  whenReady() { return Promise.resolve(); }
  /** Electron's order: before-quit, close every window (any may cancel), will-quit, quit. */
  quit() {
    const before = cancellable();
    this.emit('before-quit', before);
    if (before.defaultPrevented) return;
    for (const w of fake.windows) {
      if (w.destroyed) continue;
      w.close();
      if (!w.destroyed) return;
    }
    const willQuit = cancellable();
    this.emit('will-quit', willQuit);
    if (!willQuit.defaultPrevented && fake.exited === null) fake.exited = 0;
  }
  exit(code) { fake.exited = code; }
}
const app = new App();

class WebContents extends EventEmitter {
  url = '';
  loading = true;
  executed = [];
  send() {}
  setWindowOpenHandler(handler) { this.openHandler = handler; }
  getURL() { return this.url; }
  isLoading() { return this.loading; }
  executeJavaScript(js) { this.executed.push(js); return Promise.resolve(); }
}

class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.webContents = new WebContents();
    this.destroyed = false;
    this.visible = false;
    this.maximized = false;
    this.fullscreen = false;
    this.minimized = false;
    this.bounds = { x: options.x ?? 0, y: options.y ?? 0, width: options.width, height: options.height };
    fake.windows.push(this);
  }
  static getAllWindows() { return fake.windows.filter((w) => !w.destroyed); }
  loadURL(url) {
    this.webContents.url = url;
    setTimeout(() => {
      this.webContents.loading = false;
      this.webContents.emit('did-finish-load');
      this.emit('ready-to-show');
    }, 5);
    return Promise.resolve();
  }
  show() { this.visible = true; }
  hide() { this.visible = false; }
  focus() {}
  isVisible() { return this.visible; }
  isMinimized() { return this.minimized; }
  restore() { this.minimized = false; }
  isDestroyed() { return this.destroyed; }
  isMaximized() { return this.maximized; }
  maximize() { this.maximized = true; this.emit('maximize'); }
  isFullScreen() { return this.fullscreen; }
  setFullScreen(on) { this.fullscreen = on; if (!on) this.emit('leave-full-screen'); }
  getNormalBounds() { return { ...this.bounds }; }
  getBounds() { return { ...this.bounds }; }
  setBounds(bounds) { Object.assign(this.bounds, bounds); this.emit('move'); this.emit('resize'); }
  close() {
    const event = cancellable();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroyed = true;
    this.visible = false;
    this.emit('closed');
    if (BrowserWindow.getAllWindows().length === 0) app.emit('window-all-closed');
  }
}

class Tray extends EventEmitter {
  constructor(image) { super(); this.image = image; this.destroyed = false; fake.trays.push(this); }
  setImage(image) { this.image = image; }
  setToolTip(text) { this.tooltip = text; }
  setContextMenu(menu) { this.menu = menu; }
  isDestroyed() { return this.destroyed; }
  destroy() { this.destroyed = true; }
}

class Notification extends EventEmitter {
  constructor(options) { super(); this.options = options; }
  static isSupported() { return true; }
  show() { fake.notifications.push(this.options.title); }
}

const image = (buffer, options) => ({
  representations: [{ bytes: buffer.length, scaleFactor: options?.scaleFactor ?? 1, png: buffer.subarray(1, 4).toString('latin1') }],
  addRepresentation(rep) { this.representations.push({ bytes: rep.buffer.length, scaleFactor: rep.scaleFactor, png: rep.buffer.subarray(1, 4).toString('latin1') }); },
});

const electron = {
  app,
  BrowserWindow,
  Tray,
  Notification,
  ipcMain: { handle: (channel, handler) => (fake.ipc[channel] = handler), on: (channel, handler) => (fake.ipc[`on:${channel}`] = handler) },
  Menu: { buildFromTemplate: (template) => ({ template }), setApplicationMenu: (menu) => (fake.appMenu = menu) },
  nativeImage: { createFromBuffer: image },
  safeStorage: { isEncryptionAvailable: () => false },
  screen: { getAllDisplays: () => fake.displays.map((workArea) => ({ workArea })), getPrimaryDisplay: () => ({ workArea: fake.displays[0] }) },
  session: { defaultSession: { webRequest: { onHeadersReceived: (fn) => (fake.onHeadersReceived = fn) }, setPermissionRequestHandler: () => {} } },
  shell: { openPath: async (path) => ((fake.opened = path), ''), showItemInFolder: (path) => (fake.shown = path), openExternal: async () => {} },
};
export { app, electron };

// require('electron') from the bundle resolves to this object.
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'electron' ? 'fake:electron' : resolve.call(this, request, ...rest);
};
Module._cache['fake:electron'] = { id: 'fake:electron', filename: 'fake:electron', loaded: true, exports: electron };
