// Opens an HTML file in headless Chromium at each width asked for and reports what it finds:
// the page's scroll width, axe-core's violations, and (when asked) full-page screenshots in
// slices. Run by iru_analysis/report/screenshots.py, which documents the request and the answer:
//   node browser.mjs '<request as JSON>'   ->   one JSON answer on stdout
// Debian's chromium is launched through playwright-core (executablePath): no browser is
// downloaded. axe-core and playwright-core are the project's npm packages (package.json).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const request = JSON.parse(process.argv[2]);
const axeSource = request.axe ? readFileSync(require.resolve("axe-core/axe.min.js"), "utf8") : null;

const browser = await chromium.launch({ executablePath: request.chromium });
const answer = [];
try {
  for (const width of request.widths) {
    // bypassCSP: the report forbids scripts (Content-Security-Policy), axe is one
    const page = await browser.newPage({ viewport: { width, height: request.height }, deviceScaleFactor: 1, bypassCSP: true });
    await page.goto(pathToFileURL(request.html).href, { waitUntil: "load" });
    const size = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      scrollHeight: document.documentElement.scrollHeight,
    }));
    const shots = [];
    if (request.shots) {
      // slices of one viewport's height: one picture of a 40 000 px page is unreadable
      for (let y = 0, n = 1; y < size.scrollHeight; y += request.height, n++) {
        const path = join(request.shots, `html-${width}px-${String(n).padStart(3, "0")}.png`);
        const height = Math.min(request.height, size.scrollHeight - y);
        await page.screenshot({ path, fullPage: true, clip: { x: 0, y, width: size.scrollWidth, height } });
        shots.push(path);
      }
    }
    let violations = [];
    if (axeSource) {
      await page.addScriptTag({ content: axeSource });
      const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
      violations = results.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => n.target.join(" ")),
      }));
    }
    answer.push({ width, scroll_width: size.scrollWidth, scroll_height: size.scrollHeight, shots, violations });
    await page.close();
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(answer));
