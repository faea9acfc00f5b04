// Draws the tray images (assets/tray-{ok,failing,paused}.png at 16 px and @2x at 32 px) with
// Node alone: shapes are sampled 8×8 per pixel for anti-aliasing and written as RGBA PNG chunks
// with zlib. Deterministic, so re-running it changes nothing unless this file changes.
// The shield is the app icon's (assets/icon.svg); a dot in the corner tells the state.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const STATES = {
  ok: { shield: [37, 99, 235], dot: [22, 163, 74] },
  failing: { shield: [37, 99, 235], dot: [220, 38, 38] },
  paused: { shield: [100, 116, 139], dot: [148, 163, 184] },
};
const SIZES = [
  ['', 16],
  ['@2x', 32],
];
const SAMPLES = 8;

// ---------------------------------------------------------------- geometry (unit square, y down)

/** The icon's shield path in its 512 px space, curves flattened to a polygon, fitted to the frame. */
function shieldPolygon() {
  const cubic = (p0, p1, p2, p3, steps = 24) =>
    Array.from({ length: steps }, (_, i) => {
      const t = (i + 1) / steps;
      const u = 1 - t;
      return [0, 1].map((k) => u * u * u * p0[k] + 3 * u * u * t * p1[k] + 3 * u * t * t * p2[k] + t * t * t * p3[k]);
    });
  const points = [[256, 88], [388, 138], [388, 250], ...cubic([388, 250], [388, 340], [330, 400], [256, 428]), ...cubic([256, 428], [182, 400], [124, 340], [124, 250]), [124, 138]];
  // 124..388 × 88..428 → a 0.80 high shield, left of centre so the status dot has its corner.
  const scale = 0.8 / 340;
  return points.map(([x, y]) => [0.04 + (x - 124) * scale, 0.06 + (y - 88) * scale]);
}

function insidePolygon(polygon, x, y) {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i];
    const [xj, yj] = polygon[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

const SHIELD = shieldPolygon();
const CENTRE = [0.04 + (256 - 124) * (0.8 / 340), 0.06 + (262 - 88) * (0.8 / 340)];
const DOT = { x: 0.76, y: 0.76, r: 0.22, gap: 0.08 };
const within = (x, y, cx, cy, r) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;

/** Colour (or null = transparent) of one sample point. */
function sample(state, x, y) {
  if (within(x, y, DOT.x, DOT.y, DOT.r)) return state.dot;
  if (within(x, y, DOT.x, DOT.y, DOT.r + DOT.gap)) return null; // a clear ring keeps the dot readable
  if (within(x, y, CENTRE[0], CENTRE[1], 0.1)) return [255, 255, 255];
  if (insidePolygon(SHIELD, x, y)) return state.shield;
  return null;
}

function render(state, size) {
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let covered = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const colour = sample(state, (px + (sx + 0.5) / SAMPLES) / size, (py + (sy + 0.5) / SAMPLES) / size);
          if (!colour) continue;
          r += colour[0];
          g += colour[1];
          b += colour[2];
          covered++;
        }
      }
      const at = (py * size + px) * 4;
      if (covered) {
        // Straight (not premultiplied) alpha, as PNG stores it.
        rgba[at] = Math.round(r / covered);
        rgba[at + 1] = Math.round(g / covered);
        rgba[at + 2] = Math.round(b / covered);
        rgba[at + 3] = Math.round((255 * covered) / (SAMPLES * SAMPLES));
      }
    }
  }
  return rgba;
}

// ---------------------------------------------------------------- PNG

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function png(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  // compression, filter and interlace methods stay 0
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4); // filter byte 0: None
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

const written = [];
for (const [name, state] of Object.entries(STATES)) {
  for (const [suffix, size] of SIZES) {
    const file = `assets/tray-${name}${suffix}.png`;
    writeFileSync(file, png(size, render(state, size)));
    written.push(file);
  }
}
console.log(`wrote ${written.join(', ')}`);
