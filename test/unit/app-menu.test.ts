import { describe, expect, it, vi } from 'vitest';
import { appMenuTemplate, VIEW_ROUTES } from '../../main/shell/app-menu.js';

// The item type without importing electron (tests never import it, not even its types).
type MenuItemConstructorOptions = ReturnType<typeof appMenuTemplate>[number];

function build(platform: NodeJS.Platform, isDev = false) {
  const actions = { navigate: vi.fn(), openDataFolder: vi.fn(), showApiTokenFile: vi.fn() };
  return { actions, menu: appMenuTemplate({ platform, isDev, appName: 'Herald', actions }) };
}
const submenu = (item: MenuItemConstructorOptions | undefined) => (item?.submenu ?? []) as MenuItemConstructorOptions[];
const top = (menu: MenuItemConstructorOptions[], label: string) => menu.find((m) => m.label === label);
const roles = (items: MenuItemConstructorOptions[]) => items.map((i) => i.role).filter(Boolean);
const click = (item: MenuItemConstructorOptions | undefined) => (item?.click as () => void)();

describe('application menu', () => {
  it('has the usual menus; the app menu only on macOS', () => {
    expect(build('linux').menu.map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
    expect(build('win32').menu.map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
    const mac = build('darwin').menu;
    expect(mac.map((m) => m.label)).toEqual(['Herald', 'File', 'Edit', 'View', 'Window', 'Help']);
    expect(roles(submenu(mac[0]))).toEqual(['about', 'services', 'hide', 'hideOthers', 'unhide', 'quit']);
  });

  it('goes to each screen with CmdOrCtrl+1…9', () => {
    const { menu, actions } = build('linux');
    const items = submenu(top(menu, 'View')).filter((i) => i.id?.startsWith('view-'));
    expect(items.map((i) => [i.label, i.accelerator])).toEqual(VIEW_ROUTES.map((r, n) => [r.label, `CmdOrCtrl+${n + 1}`]));
    for (const item of items) click(item);
    expect(actions.navigate.mock.calls.map((c) => c[0])).toEqual(['integrations', 'rules', 'events', 'log', 'sandbox', 'dead', 'health', 'reports', 'settings']);
  });

  it('opens a new integration with CmdOrCtrl+N', () => {
    const { menu, actions } = build('win32');
    const item = submenu(top(menu, 'File')).find((i) => i.id === 'new-integration');
    expect(item?.accelerator).toBe('CmdOrCtrl+N');
    click(item);
    expect(actions.navigate).toHaveBeenCalledWith('integrations', { new: '1' });
  });

  it('closes the window from File, and quits from File on Windows and Linux (the app menu on macOS)', () => {
    expect(roles(submenu(top(build('linux').menu, 'File')))).toEqual(['close', 'quit']);
    expect(roles(submenu(top(build('darwin').menu, 'File')))).toEqual(['close']);
  });

  it('has the standard editing roles so copy and paste work in every field', () => {
    expect(roles(submenu(top(build('linux').menu, 'Edit')))).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'delete', 'selectAll']);
  });

  it('offers reload and developer tools only in development', () => {
    expect(roles(submenu(top(build('linux').menu, 'View')))).toEqual(['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
    expect(roles(submenu(top(build('linux', true).menu, 'View')))).toEqual(['reload', 'forceReload', 'toggleDevTools', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
  });

  it('opens the data folder and shows the API token file from Help', () => {
    const { menu, actions } = build('linux');
    const help = submenu(top(menu, 'Help'));
    click(help.find((i) => i.id === 'open-data-folder'));
    click(help.find((i) => i.id === 'show-api-token'));
    expect(actions.openDataFolder).toHaveBeenCalledOnce();
    expect(actions.showApiTokenFile).toHaveBeenCalledOnce();
  });

  it('uses each accelerator once per platform', () => {
    for (const platform of ['darwin', 'linux', 'win32'] as const) {
      const seen: string[] = [];
      const walk = (items: MenuItemConstructorOptions[]) => {
        for (const i of items) {
          if (typeof i.accelerator === 'string') seen.push(i.accelerator);
          walk(submenu(i));
        }
      };
      walk(build(platform, true).menu);
      expect(new Set(seen).size, platform).toBe(seen.length);
    }
  });
});
