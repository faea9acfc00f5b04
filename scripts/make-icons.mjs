// Renders assets/icon.svg to the PNG sizes electron-builder and the tray use, in Chromium.
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';

const svg = readFileSync('assets/icon.svg', 'utf8');
const browser = await chromium.launch({ executablePath: process.env.HERALD_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
for (const [file, size] of [['assets/icon.png', 512], ['assets/tray.png', 32]]) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(`<style>html,body{margin:0;background:transparent}</style>${svg.replace('width="512" height="512"', `width="${size}" height="${size}"`)}`);
  await page.screenshot({ path: file, omitBackground: true });
  await page.close();
}
await browser.close();
console.log('wrote assets/icon.png, assets/tray.png');
