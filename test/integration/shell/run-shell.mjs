// node run-shell.mjs <main.cjs> <dataDir> <scenario>: runs the shell bundle against the fake
// electron, plays a scenario and prints `RESULT <json>` with what the shell did.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { app, fake } from './fake-electron.mjs';

const [bundle, dataDir, scenario] = process.argv.slice(2);
process.env.HERALD_DATA_DIR = dataDir;
process.env.HERALD_API_PORT = '0';
if (scenario === 'small-display') fake.displays = [{ x: 0, y: 0, width: 1024, height: 640 }];

const wait = (ms) => new Promise((r) => setTimeout(r, ms));
const until = async (check, ms = 5000) => {
  for (const end = Date.now() + ms; Date.now() < end; await wait(25)) if (check()) return true;
  return false;
};
const top = (label) => fake.appMenu.template.find((m) => m.label === label);
const item = (label) => fake.trays[0].menu.template.find((i) => i.label === label);
const trayView = () => ({ tooltip: fake.trays[0].tooltip, items: fake.trays[0].menu.template.map((i) => (i.type === 'separator' ? '---' : i.label)), image: fake.trays[0].image.representations });
const stateFile = () => JSON.parse(readFileSync(join(dataDir, 'window-state.json'), 'utf8'));
const windowView = (w) => ({ x: w.options.x, y: w.options.y, width: w.options.width, height: w.options.height, center: w.options.center ?? false, visible: w.visible, destroyed: w.destroyed });

createRequire(import.meta.url)(bundle);
await until(() => fake.windows[0]?.visible);
const win = fake.windows[0];
const out = { window: windowView(win), menu: fake.appMenu.template.map((m) => m.label), tray: trayView() };
const invoke = (name, input, url = win.webContents.url) => fake.ipc['herald:invoke']({ senderFrame: { url } }, name, input);

if (scenario === 'first') {
  top('View').submenu.find((i) => i.label === 'Rules').click();
  top('File').submenu.find((i) => i.label === 'New integration').click();
  out.navigated = [...win.webContents.executed];
  top('Help').submenu.find((i) => i.label === 'Open data folder').click();
  await wait(10);
  out.opened = fake.opened;

  item('Pause deliveries').click();
  await until(() => item('Resume deliveries'));
  out.paused = { tray: trayView(), engine: (await invoke('app.info', {})).value.paused };
  item('Resume deliveries').click();
  await until(() => item('Pause deliveries'));

  win.setBounds({ x: 300, y: 200, width: 1000, height: 700 });
  await wait(800);
  out.savedAfterMove = stateFile();
  win.setBounds({ x: 310, y: 210 });
  win.close();
  out.afterClose = { window: windowView(win), windows: fake.windows.length, exited: fake.exited, notifications: [...fake.notifications], saved: stateFile() };
  item('Open Herald').click();
  out.afterOpen = { visible: win.visible, windows: fake.windows.length };
  win.close();
  app.emit('second-instance');
  out.afterSecondInstance = { visible: win.visible, windows: fake.windows.length };
}

if (scenario === 'health') {
  out.untrusted = await invoke('app.info', {}, 'https://evil.example/');
  const hook = (name, is_active) => ({ kind: 'webhook', name, is_active, settings: { url: 'http://127.0.0.1:9/hook', events: ['test'] } });
  out.created = [(await invoke('integrations.create', hook('Broken hook', true))).ok, (await invoke('integrations.create', hook('Off hook', false))).ok];
  await invoke('settings.update', { batch_interval_ms: 0 });
  out.fired = (await invoke('events.fire', { trigger: 'test', payload: {} })).ok;
  await until(() => fake.trays[0].tooltip.includes('failing'), 10_000);
  out.failing = trayView();
}

if (scenario === 'no-close-to-tray') {
  out.setting = (await invoke('settings.update', { close_to_tray: false })).ok;
  win.close();
  await until(() => fake.exited !== null);
  out.afterClose = { window: windowView(win), exited: fake.exited };
}

if (fake.exited === null) {
  item('Quit Herald').click();
  await until(() => fake.exited !== null);
}
out.quit = { exited: fake.exited, trayDestroyed: fake.trays[0].destroyed, windowDestroyed: win.destroyed };
console.log(`RESULT ${JSON.stringify(out)}`);
process.exit(0);
