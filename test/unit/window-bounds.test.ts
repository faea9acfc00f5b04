import { afterEach, describe, expect, it, vi } from 'vitest';
import { debounce, isGrabbable, parseWindowState, placeWindow, type Rect } from '../../main/shell/window-bounds.js';

const sizing = { width: 1280, height: 820, minWidth: 900, minHeight: 600 };
// A laptop (menu bar / task bar taken off the work area) and an external monitor to its right.
const laptop: Rect = { x: 0, y: 25, width: 1440, height: 875 };
const monitor: Rect = { x: 1440, y: 0, width: 2560, height: 1440 };

describe('window placement', () => {
  it('opens at the default size, centred, the first time', () => {
    expect(placeWindow(null, [laptop], laptop, sizing)).toEqual({ bounds: { width: 1280, height: 820 }, maximized: false });
  });

  it('reopens exactly where it was when that spot is still on a display', () => {
    const saved = { bounds: { x: 1700, y: 100, width: 1600, height: 1000 }, maximized: false };
    expect(placeWindow(saved, [laptop, monitor], laptop, sizing)).toEqual(saved);
  });

  it('keeps the maximized flag so the window maximizes on the display it was on', () => {
    const saved = { bounds: { x: 1700, y: 100, width: 1600, height: 1000 }, maximized: true };
    expect(placeWindow(saved, [laptop, monitor], laptop, sizing)).toEqual(saved);
  });

  it('centres the window on the primary display when its monitor was unplugged', () => {
    const saved = { bounds: { x: 1700, y: 100, width: 1600, height: 1000 }, maximized: false };
    // Shrunk to the laptop's work area, no position so the OS centres it.
    expect(placeWindow(saved, [laptop], laptop, sizing)).toEqual({ bounds: { width: 1440, height: 875 }, maximized: false });
  });

  it('does not trust a window whose title bar is off every display (only its bottom edge peeks in)', () => {
    const saved = { bounds: { x: 100, y: -790, width: 1000, height: 800 }, maximized: false };
    expect(placeWindow(saved, [laptop], laptop, sizing).bounds).toEqual({ width: 1000, height: 800 });
  });

  it('keeps a window that is partly off screen as long as its title bar can be grabbed', () => {
    const saved = { bounds: { x: 1300, y: 200, width: 1000, height: 650 }, maximized: false };
    expect(placeWindow(saved, [laptop], laptop, sizing)).toEqual(saved);
  });

  it('shrinks a window larger than its display (resolution lowered) and moves it back inside', () => {
    const saved = { bounds: { x: 200, y: 100, width: 2400, height: 1300 }, maximized: false };
    expect(placeWindow(saved, [laptop], laptop, sizing)).toEqual({ bounds: { x: 0, y: 25, width: 1440, height: 875 }, maximized: false });
  });

  it('never goes below the minimum size unless the display itself is smaller', () => {
    const tiny: Rect = { x: 0, y: 0, width: 800, height: 600 };
    expect(placeWindow(null, [tiny], tiny, sizing).bounds).toEqual({ width: 800, height: 600 });
    const saved = { bounds: { x: 10, y: 10, width: 300, height: 200 }, maximized: false };
    expect(placeWindow(saved, [laptop], laptop, sizing).bounds).toMatchObject({ width: 900, height: 600 });
  });

  it('works with displays at negative coordinates (a monitor left of or above the primary)', () => {
    const left: Rect = { x: -1920, y: -200, width: 1920, height: 1080 };
    const saved = { bounds: { x: -1800, y: -100, width: 1200, height: 800 }, maximized: false };
    expect(placeWindow(saved, [laptop, left], laptop, sizing)).toEqual(saved);
  });

  it('judges the title bar, not just any overlap', () => {
    expect(isGrabbable({ x: 0, y: 100, width: 1000, height: 700 }, laptop)).toBe(true);
    expect(isGrabbable({ x: 1400, y: 100, width: 1000, height: 700 }, laptop)).toBe(false); // 40 px of it on screen
    expect(isGrabbable({ x: 1340, y: 100, width: 1000, height: 700 }, laptop)).toBe(true); // 100 px
    expect(isGrabbable({ x: 0, y: 890, width: 1000, height: 700 }, laptop)).toBe(false); // a 10 px sliver at the bottom
  });
});

describe('stored window state', () => {
  it('accepts what the shell saves', () => {
    expect(parseWindowState({ bounds: { x: 10.4, y: 20, width: 1200, height: 800 }, maximized: true })).toEqual({ bounds: { x: 10, y: 20, width: 1200, height: 800 }, maximized: true });
  });

  it('ignores damaged or foreign values instead of opening an unusable window', () => {
    for (const bad of [null, undefined, 42, 'x', {}, { bounds: null }, { bounds: { x: 0, y: 0, width: 0, height: 10 } }, { bounds: { x: '0', y: 0, width: 10, height: 10 } }, { bounds: { x: Number.NaN, y: 0, width: 10, height: 10 } }, { bounds: { x: 0, y: 0, width: Infinity, height: 10 } }]) {
      expect(parseWindowState(bad)).toBeNull();
    }
    expect(parseWindowState({ bounds: { x: 0, y: 0, width: 10, height: 10 }, maximized: 'yes' })?.maximized).toBe(false);
  });
});

describe('debounce', () => {
  afterEach(() => vi.useRealTimers());

  it('runs once after the burst, and flush runs a pending call at once', () => {
    vi.useFakeTimers();
    const fn = vi.fn();
    const d = debounce(fn, 500);
    d();
    d();
    vi.advanceTimersByTime(400);
    d();
    vi.advanceTimersByTime(499);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(1);
    d();
    d.flush();
    expect(fn).toHaveBeenCalledTimes(2);
    d.flush(); // nothing pending
    d();
    d.cancel();
    vi.advanceTimersByTime(1000);
    expect(fn).toHaveBeenCalledTimes(2);
  });
});
