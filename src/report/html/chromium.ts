// IO: opens a report in Debian's headless Chromium (playwright-core; never downloads a browser), recording every request.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { EnvironmentError } from '../../shared/errors.js';

export const chromiumPath = '/usr/bin/chromium';

const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export interface PageVisit<T> {
  result: T;
  /** Every URL the page asked for, the report itself included; anything but file:// is refused. */
  requests: string[];
}

/** Opens `htmlFile` at 1280 px wide in a fresh profile, runs `use`, closes everything (also on failure). */
export async function withReportPage<T>(htmlFile: string, use: (page: Page) => Promise<T>, viewport = { width: 1280, height: 900 }): Promise<PageVisit<T>> {
  if (!existsSync(chromiumPath)) {
    throw new EnvironmentError(`${chromiumPath} is missing`, { hint: 'run `bash scripts/setup.sh` (installs Debian’s chromium package)' });
  }
  const userDataDir = mkdtempSync(join(tmpdir(), 'pb-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: chromiumPath, headless: true, args: chromiumArgs, viewport, timeout: 60_000 });
  const requests: string[] = [];
  try {
    await context.route('**/*', (route) => {
      const url = route.request().url();
      requests.push(url);
      return url.startsWith('file:') ? route.continue() : route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    page.on('request', (r) => {
      if (!requests.includes(r.url())) requests.push(r.url());
    });
    await page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load', timeout: 60_000 });
    return { result: await use(page), requests };
  } finally {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
}

/** `node dist/src/report/html/chromium.js RUN_DIR OUT.png [HEIGHT]`: a screenshot of a run's report (docs/images/report.png). */
async function main(argv: string[]): Promise<void> {
  const [runDir, out, height] = argv;
  if (!runDir || !out) throw new Error('usage: node dist/src/report/html/chromium.js RUN_DIR OUT.png [HEIGHT_PX]');
  const clipHeight = Number(height ?? 1700);
  await withReportPage(join(runDir, 'report.html'), (page) => page.screenshot({ path: out, fullPage: true, clip: { x: 0, y: 0, width: 1280, height: clipHeight } }));
  process.stderr.write(`wrote ${out}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main(process.argv.slice(2));
