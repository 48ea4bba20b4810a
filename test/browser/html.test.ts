import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderHtml } from "../../src/report/render/html.js";
import { repoRoot } from "../helpers.js";
import { fixtureReport, FIXTURES } from "../render/support.js";

/**
 * The HTML report in a real browser: Debian's chromium, driven by playwright-core (which downloads
 * nothing). `.ci/run` installs chromium when it is missing. Without chromium the checks are skipped
 * with one line on a developer's machine, and fail under CI (CI set), where they must run.
 * PSF_SKIP_BROWSER=1 skips them on purpose anywhere.
 */
const CHROMIUM = process.env.PSF_CHROMIUM ?? "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const OUT = path.join(repoRoot, "test-output");
const inCI = process.env.CI !== undefined && !["", "0", "false"].includes(process.env.CI.toLowerCase());
const absent = !existsSync(CHROMIUM) && !inCI;
if (absent && process.env.PSF_SKIP_BROWSER !== "1") process.stderr.write("chromium not found: HTML browser checks skipped; CI runs them\n");
const skip = process.env.PSF_SKIP_BROWSER === "1" || absent;
const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

describe.skipIf(skip)("HTML report in headless Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium is not installed at ${CHROMIUM}, and CI is set: in CI the browser checks must run. Install Debian's package ` +
          "(apt-get update && apt-get install -y chromium; .ci/run does this), point PSF_CHROMIUM at a chromium binary, " +
          "or set PSF_SKIP_BROWSER=1 to skip this test deliberately.",
      );
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
    mkdirSync(OUT, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each(FIXTURES)("%s: verdict and every failing control visible, no request leaves the page, no console error, no serious axe violation", async (name) => {
    const report = fixtureReport(name);
    const file = path.join(OUT, `report-${name}.html`);
    writeFileSync(file, renderHtml(report, name === "governed-scanner" ? { keyid: "9f".repeat(32) } : {}));
    const url = pathToFileURL(file).href;

    const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, colorScheme: "light" });
    const page = await context.newPage();
    const requests: string[] = [];
    const problems: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    // Anything but the document itself is blocked as well as recorded, so a regression cannot reach out.
    await context.route("**/*", (route) => (route.request().url() === url ? route.continue() : route.abort()));

    await page.goto(url, { waitUntil: "load" });

    const verdict = page.locator(".verdict");
    expect(await verdict.isVisible()).toBe(true);
    expect((await verdict.innerText()).trim()).toBe(report.ready ? "READY" : "NOT READY");
    expect(await page.locator("h1").count()).toBe(1);
    const failing = report.controls.filter((c) => c.status === "fail" || c.status === "error");
    if (name === "dn42-scanner") expect(failing.length).toBeGreaterThan(5);
    for (const c of failing) {
      const heading = page.locator(`[id="${c.id}-title"]`);
      expect(await heading.isVisible(), `${c.id} heading visible`).toBe(true);
      expect(await heading.innerText()).toContain(c.id);
      expect(await page.locator(`[id="${c.id}"] .status`).first().innerText()).toMatch(/FAIL|ERROR/);
    }

    await page.screenshot({ path: path.join(OUT, `report-${name}.png`), fullPage: true });

    // axe-core in the same page. DevTools evaluation is not subject to the page's CSP, so the
    // report keeps its script-free policy while axe runs.
    await page.evaluate(AXE_SOURCE);
    const violations = (await page.evaluate(async () => {
      const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: unknown[] }> } }).axe;
      const r = await axe.run((globalThis as unknown as { document: unknown }).document, { resultTypes: ["violations"] });
      return r.violations;
    })) as AxeViolation[];
    const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(", ")}`)).toEqual([]);

    // Printable: print media keeps the verdict, and Chromium makes a PDF of it.
    await page.emulateMedia({ media: "print" });
    expect(await verdict.isVisible()).toBe(true);
    const pdf = path.join(OUT, `report-${name}.pdf`);
    await page.pdf({ path: pdf, format: "A4", printBackground: false });
    expect(statSync(pdf).size).toBeGreaterThan(10_000);

    expect(requests).toEqual([url]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("a hostile value stays text in the browser: no script runs, no element is injected", async () => {
    const report = fixtureReport("dn42-scanner");
    const evil = `<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">`;
    const hostile = { ...report, deployment: { ...report.deployment, owner: evil }, controls: report.controls.map((c, i) => (i === 0 ? { ...c, notes: [evil] } : c)) };
    const context = await browser.newContext({ bypassCSP: true }); // prove escaping alone suffices, CSP aside
    const page = await context.newPage();
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    await page.setContent(renderHtml(hostile), { waitUntil: "load" });
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator("script, img").count()).toBe(0);
    expect(await page.locator("header").innerText()).toContain(evil);
    expect(requests.filter((u) => !u.startsWith("about:") && !u.startsWith("data:"))).toEqual([]);
    await context.close();
  });
});
