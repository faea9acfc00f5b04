/**
 * Where the main window opens: the remembered bounds when they are still on a display, the
 * default size centred otherwise. Pure logic (no electron import) so it is unit-tested under Node.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** The normal (not maximized, not full screen) bounds. */
  bounds: Rect;
  maximized: boolean;
}

export interface WindowSizing {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
}

/** The window opens at `bounds` (no x/y = let the OS centre it), then maximizes if asked. */
export interface Placement {
  bounds: { x?: number; y?: number; width: number; height: number };
  maximized: boolean;
}

/** How much of the title bar must be on a display for the user to grab the window. */
export const TITLE_BAR_HEIGHT = 32;
export const MIN_GRAB_WIDTH = 96;

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A stored value (electron-store JSON, possibly hand-edited or from an older version) or null. */
export function parseWindowState(value: unknown): WindowState | null {
  if (!value || typeof value !== 'object') return null;
  const { bounds, maximized } = value as { bounds?: unknown; maximized?: unknown };
  if (!bounds || typeof bounds !== 'object') return null;
  const { x, y, width, height } = bounds as Record<string, unknown>;
  if (!isNumber(x) || !isNumber(y) || !isNumber(width) || !isNumber(height) || width <= 0 || height <= 0) return null;
  return { bounds: { x: Math.round(x), y: Math.round(y), width: Math.round(width), height: Math.round(height) }, maximized: maximized === true };
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  };
}

/** True when enough of the window's title bar lies on one work area to drag it. */
export function isGrabbable(bounds: Rect, workArea: Rect): boolean {
  const titleBar = { x: bounds.x, y: bounds.y, width: bounds.width, height: Math.min(TITLE_BAR_HEIGHT, bounds.height) };
  const o = overlap(titleBar, workArea);
  return o.width >= Math.min(MIN_GRAB_WIDTH, bounds.width) && o.height >= Math.min(TITLE_BAR_HEIGHT, bounds.height) / 2;
}

function clampSize(width: number, height: number, area: Rect, sizing: WindowSizing): { width: number; height: number } {
  return {
    width: Math.max(Math.min(width, area.width), Math.min(sizing.minWidth, area.width)),
    height: Math.max(Math.min(height, area.height), Math.min(sizing.minHeight, area.height)),
  };
}

/**
 * Decides the placement. `workAreas` are every display's work area (screen.getAllDisplays()),
 * `primary` the primary display's. A window whose display was unplugged, or whose title bar is
 * off every display, reopens centred on the primary display at its remembered size (shrunk to fit).
 */
export function placeWindow(saved: WindowState | null, workAreas: readonly Rect[], primary: Rect, sizing: WindowSizing): Placement {
  if (!saved) return { bounds: clampSize(sizing.width, sizing.height, primary, sizing), maximized: false };
  const home = workAreas.find((area) => isGrabbable(saved.bounds, area));
  if (!home) return { bounds: clampSize(saved.bounds.width, saved.bounds.height, primary, sizing), maximized: saved.maximized };
  const size = clampSize(saved.bounds.width, saved.bounds.height, home, sizing);
  // A window shrunk to fit its display is moved back inside it; otherwise it stays where it was.
  const x = size.width < saved.bounds.width ? Math.max(home.x, Math.min(saved.bounds.x, home.x + home.width - size.width)) : saved.bounds.x;
  const y = size.height < saved.bounds.height ? Math.max(home.y, Math.min(saved.bounds.y, home.y + home.height - size.height)) : saved.bounds.y;
  return { bounds: { x, y, ...size }, maximized: saved.maximized };
}

/** Calls `fn` once things have been quiet for `ms`; `flush()` runs a pending call now. */
export function debounce(fn: () => void, ms: number): { (): void; flush(): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const run = () => {
    timer = null;
    fn();
  };
  const debounced = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, ms);
  };
  debounced.flush = () => {
    if (!timer) return;
    clearTimeout(timer);
    run();
  };
  debounced.cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  return debounced;
}
