import { Menu, nativeImage, Tray, type MenuItemConstructorOptions, type NativeImage } from 'electron';
import failing1x from '../../assets/tray-failing.png';
import failing2x from '../../assets/tray-failing@2x.png';
import ok1x from '../../assets/tray-ok.png';
import ok2x from '../../assets/tray-ok@2x.png';
import paused1x from '../../assets/tray-paused.png';
import paused2x from '../../assets/tray-paused@2x.png';
import type { Engine } from '../engine/engine.js';
import { trayStatus, type TrayState } from './tray-status.js';

const PNGS: Record<TrayState, [Uint8Array, Uint8Array]> = { ok: [ok1x, ok2x], failing: [failing1x, failing2x], paused: [paused1x, paused2x] };
/** Push events that can change what the tray shows; log entries come in bursts, hence the coalescing. */
const RELEVANT = new Set(['integration', 'integration.deleted', 'integration.autoDisabled', 'log']);
const COALESCE_MS = 750;

export interface TrayOptions {
  engine: Engine;
  /** Shows and focuses the window, optionally at a hash route such as `/integrations?focus=…`. */
  show(hash?: string): void;
  quit(): void;
}

export interface HeraldTray {
  /** Recomputes the icon, tooltip and menu now. */
  update(): void;
  /** What the tray shows, for the Electron end-to-end tests (Tray has no getters). */
  snapshot(): { state: TrayState; tooltip: string; items: string[] };
  destroy(): void;
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function image(state: TrayState): NativeImage {
  // One image with both scale factors, so HiDPI panels pick the 32 px drawing.
  const [x1, x2] = PNGS[state];
  const img = nativeImage.createFromBuffer(Buffer.from(x1), { scaleFactor: 1 });
  img.addRepresentation({ scaleFactor: 2, buffer: Buffer.from(x2) });
  return img;
}

/**
 * Health at a glance in the notification area, and the way back to the window when it is hidden.
 * Returns null where the desktop has no tray; the caller then quits on close as before.
 */
export function createTray({ engine, show, quit }: TrayOptions): HeraldTray | null {
  let tray: Tray;
  const images = new Map<TrayState, NativeImage>();
  const imageFor = (state: TrayState) => images.get(state) ?? images.set(state, image(state)).get(state)!;
  try {
    tray = new Tray(imageFor('ok'));
  } catch (error) {
    console.warn(`No tray icon: ${String(error)}`);
    return null;
  }
  let shown: TrayState = 'ok';
  let tooltip = '';
  let items: string[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;

  const setPaused = async (paused: boolean) => {
    try {
      await engine.handlers['deliveries.pause']({ paused });
    } catch (error) {
      console.error('Could not change the pause state:', error);
    }
    update();
  };

  function update(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    if (tray.isDestroyed()) return;
    let status;
    try {
      status = trayStatus(engine.listIntegrations(), engine.scheduler.isPaused);
    } catch {
      return; // the engine is closing
    }
    if (status.state !== shown) {
      tray.setImage(imageFor(status.state));
      shown = status.state;
    }
    tray.setToolTip(status.tooltip);
    tooltip = status.tooltip;
    const paused = engine.scheduler.isPaused;
    const template: MenuItemConstructorOptions[] = [
      { label: capitalize(status.tooltip.replace(/^Herald — /, '')), enabled: false },
      { type: 'separator' },
      { label: 'Open Herald', click: () => show() },
      paused ? { label: 'Resume deliveries', click: () => void setPaused(false) } : { label: 'Pause deliveries', click: () => void setPaused(true) },
    ];
    if (status.problems.length) {
      template.push({ type: 'separator' }, { label: 'Needs a look', enabled: false });
      for (const problem of status.problems) template.push({ label: problem.label, click: () => show(`/integrations?focus=${encodeURIComponent(problem.id)}`) });
      if (status.more) template.push({ label: `and ${status.more} more…`, click: () => show('/integrations') });
    }
    template.push({ type: 'separator' }, { label: 'Quit Herald', click: () => quit() });
    // Linux only picks up menu changes through a new setContextMenu call, so the menu is rebuilt each time.
    tray.setContextMenu(Menu.buildFromTemplate(template));
    items = template.map((item) => (item.type === 'separator' ? '---' : (item.label ?? '')));
  }

  // Windows and most Linux panels: a click on the icon brings the window back. macOS opens the
  // menu on click, so the window is not also raised behind it.
  if (process.platform !== 'darwin') tray.on('click', () => show());
  const unsubscribe = engine.bus.subscribe((event) => {
    if (RELEVANT.has(event.type) && !timer) timer = setTimeout(update, COALESCE_MS);
  });
  update();

  return {
    update,
    snapshot: () => ({ state: shown, tooltip, items }),
    destroy: () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
      timer = null;
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}
