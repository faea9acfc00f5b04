import type { MenuItemConstructorOptions } from 'electron';

/**
 * The application menu as a template. Only types come from electron (erased at build time), so
 * the template is unit-tested under Node; main.ts feeds it to Menu.buildFromTemplate.
 */

/** The renderer's hash routes in navigation order; CmdOrCtrl+1…9 go to them. */
export const VIEW_ROUTES = [
  { route: 'integrations', label: 'Integrations' },
  { route: 'rules', label: 'Rules' },
  { route: 'events', label: 'Events' },
  { route: 'log', label: 'Live log' },
  { route: 'sandbox', label: 'Sandbox' },
  { route: 'dead', label: 'Dead letters' },
  { route: 'health', label: 'Health' },
  { route: 'reports', label: 'Reports' },
  { route: 'settings', label: 'Settings' },
] as const;
export type ViewRoute = (typeof VIEW_ROUTES)[number]['route'];

export interface MenuActions {
  /** Shows the window and sets `location.hash` to `/<route>` (plus an optional query). */
  navigate(route: ViewRoute, query?: Record<string, string>): void;
  openDataFolder(): void;
  showApiTokenFile(): void;
}

export interface MenuOptions {
  platform: NodeJS.Platform;
  /** Reload and developer tools only while developing. */
  isDev: boolean;
  appName: string;
  actions: MenuActions;
}

export function appMenuTemplate({ platform, isDev, appName, actions }: MenuOptions): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const sep: MenuItemConstructorOptions = { type: 'separator' };
  const settings: MenuItemConstructorOptions = { label: mac ? 'Settings…' : 'Settings', accelerator: 'CmdOrCtrl+,', click: () => actions.navigate('settings') };

  const appMenu: MenuItemConstructorOptions = {
    label: appName,
    submenu: [{ role: 'about' }, sep, settings, sep, { role: 'services' }, sep, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, sep, { role: 'quit' }],
  };

  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { id: 'new-integration', label: 'New integration', accelerator: 'CmdOrCtrl+N', click: () => actions.navigate('integrations', { new: '1' }) },
      sep,
      ...(mac ? [] : [settings, sep]),
      { role: 'close', label: 'Close window' },
      ...(mac ? [] : [{ role: 'quit', accelerator: 'Ctrl+Q' } satisfies MenuItemConstructorOptions]),
    ],
  };

  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      sep,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      ...(mac ? [{ role: 'pasteAndMatchStyle' } satisfies MenuItemConstructorOptions] : []),
      { role: 'delete' },
      sep,
      { role: 'selectAll' },
    ],
  };

  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      ...VIEW_ROUTES.map(({ route, label }, index): MenuItemConstructorOptions => ({ id: `view-${route}`, label, accelerator: `CmdOrCtrl+${index + 1}`, click: () => actions.navigate(route) })),
      sep,
      ...(isDev ? [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, sep] satisfies MenuItemConstructorOptions[] : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      sep,
      { role: 'togglefullscreen' },
    ],
  };

  const window: MenuItemConstructorOptions = {
    label: 'Window',
    role: 'window',
    submenu: mac ? [{ role: 'minimize' }, { role: 'zoom' }, sep, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }],
  };

  const help: MenuItemConstructorOptions = {
    label: 'Help',
    role: 'help',
    submenu: [
      { id: 'open-data-folder', label: 'Open data folder', click: () => actions.openDataFolder() },
      { id: 'show-api-token', label: 'Show local API token file', click: () => actions.showApiTokenFile() },
    ],
  };

  return [...(mac ? [appMenu] : []), file, edit, view, window, help];
}
