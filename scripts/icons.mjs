#!/usr/bin/env node
// Draws the app's icons (a yellow star on the party red) into src/web/public/icons, so the installed app needs no
// downloaded artwork. Run again only when the design changes; the PNGs are committed.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PNG } from "pngjs";

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../src/web/public/icons");
const RED = [0xb7, 0x1c, 0x1c];
const YELLOW = [0xff, 0xd5, 0x4f];
const SAMPLES = 4; // per axis: 16 samples a pixel smooth the star's edges

/** The five-pointed star's ten corners, centred on (cx, cy), outer radius r, one point straight up. */
function star(cx, cy, r) {
  const inner = r * 0.382;
  return Array.from({ length: 10 }, (_, i) => {
    const radius = i % 2 === 0 ? r : inner;
    const angle = -Math.PI / 2 + (i * Math.PI) / 5;
    return [cx + radius * Math.cos(angle), cy + radius * Math.sin(angle)];
  });
}

function inside(polygon, x, y) {
  let hit = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i];
    const [xj, yj] = polygon[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}

/** `starShare` is the star's size against the icon: smaller for a maskable icon, whose edges the phone may crop. */
function draw(size, starShare, rounded) {
  const png = new PNG({ width: size, height: size });
  const shape = star(size / 2, size * 0.53, (size / 2) * starShare);
  const corner = rounded ? size * 0.18 : 0;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let covered = 0;
      let background = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const px = x + (sx + 0.5) / SAMPLES;
          const py = y + (sy + 0.5) / SAMPLES;
          if (!inRoundedSquare(px, py, size, corner)) continue;
          background++;
          if (inside(shape, px, py)) covered++;
        }
      }
      const total = SAMPLES * SAMPLES;
      const share = background === 0 ? 0 : covered / background;
      const i = (y * size + x) * 4;
      for (let c = 0; c < 3; c++) png.data[i + c] = Math.round(RED[c] * (1 - share) + YELLOW[c] * share);
      png.data[i + 3] = Math.round((255 * background) / total);
    }
  }
  return PNG.sync.write(png);
}

function inRoundedSquare(x, y, size, r) {
  if (r === 0) return true;
  const cx = Math.min(Math.max(x, r), size - r);
  const cy = Math.min(Math.max(y, r), size - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

mkdirSync(out, { recursive: true });
const icons = [
  ["icon-192.png", 192, 0.78, true],
  ["icon-512.png", 512, 0.78, true],
  // Maskable: full bleed, the star within the central safe circle (80% of the width).
  ["icon-maskable-512.png", 512, 0.6, false],
  ["apple-touch-icon.png", 180, 0.72, false],
  ["favicon-32.png", 32, 0.86, true],
];
for (const [name, size, share, rounded] of icons) writeFileSync(path.join(out, name), draw(size, share, rounded));
console.log(`icons written to ${path.relative(process.cwd(), out)}`);
