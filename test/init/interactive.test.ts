import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseManifest } from "../../src/manifest/load.js";
import { KEY, PtySession, hasScript } from "./pty.js";

const projects = path.join(path.dirname(new URL(import.meta.url).pathname), "projects");

function copyProject(name: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `psf-init-pty-${name}-`));
  cpSync(path.join(projects, name), dir, { recursive: true });
  return dir;
}

// A real pseudo-terminal (util-linux `script`): the prompts see a TTY, raw mode and real keystrokes.
describe.skipIf(!hasScript)("psf init in a terminal", () => {
  it("asks each question with its reason, re-asks invalid answers with the reason, and writes the file only at the end", async () => {
    const dir = copyProject("vercel-ai");
    const s = new PtySession(["init", "."], dir);
    await s.expect("frameworks: vercel-ai");
    await s.expect("named in every report");
    await s.answer("Owner (accountable engineer)", "not an address");
    await s.expect("is neither an e-mail address nor <kind>:<target>");
    await s.send("\x15".repeat(1)); // Ctrl-U: clear the line the prompt kept
    await s.send("alice@example.net" + KEY.enter);
    await s.answer("Deployment name", "");
    await s.expect("RSG · Resource and spend governance");
    await s.answer("Spend ceiling per period (amount)", "-5");
    await s.expect("is not an amount");
    await s.send("\x15");
    await s.send("150" + KEY.enter);
    await s.answer("Currency", "eur");
    await s.answer("Ceiling period", "");
    await s.expect("What enforces the ceiling?");
    await s.send(KEY.enter); // the default: litellm, since the client reads TRIAGE_GATEWAY_URL
    await s.answer("Gateway URL (the agent reads it from TRIAGE_GATEWAY_URL)", "http://litellm.internal:4000");
    await s.answer("Spend alert channel(s)", "pagerduty:triage-oncall");
    await s.expect("OOC · Operator oversight checkpoints");
    await s.answer("Approvers (comma-separated)", "bob@example.net, dana@example.net");
    await s.answer("Notify channel(s)", "slack:#triage");
    await s.expect("ABC · Agentic behavior boundary controls");
    await s.answer("Max steps per run", "");
    await s.answer("Run timeout (wall clock)", "2 hours");
    await s.expect("is not a duration");
    await s.send("\x15");
    await s.send("2h" + KEY.enter);
    await s.expect("DRA · Deployment readiness assessment");
    await s.answer("Readiness reviewers (comma-separated)", "alice@example.net");
    await s.expect("is the owner: readiness needs a reviewer other than the owner");
    expect(existsSync(path.join(dir, "psf.yaml"))).toBe(false); // every question but the last answered: nothing written yet
    await s.send("\x15");
    await s.send("carol@example.net" + KEY.enter);
    await s.expect("Wrote psf.yaml");
    await s.expect("controls still need work");
    expect(await s.exit()).toBe(0);

    const text = readFileSync(path.join(dir, "psf.yaml"), "utf8");
    expect(text).not.toContain("CHANGE-ME");
    const m = parseManifest(Buffer.from(text), path.join(dir, "psf.yaml"), "psf.yaml").value;
    expect(m.deployment).toEqual({ name: "acme-ticket-triage", owner: "alice@example.net", environment: "production" });
    expect(m.spend?.ceiling).toEqual({ amount: 150, currency: "EUR", period: "30d" });
    expect(m.spend?.enforcement).toMatchObject({ layer: "gateway", on_exceed: "suspend", gateway: { kind: "litellm", url: "http://litellm.internal:4000" } });
    expect(m.spend?.alerts?.channels).toEqual(["pagerduty:triage-oncall"]);
    expect(m.oversight).toEqual({ approvers: ["bob@example.net", "dana@example.net"], notify: ["slack:#triage"] });
    expect(m.boundaries?.limits?.timeout).toBe("2h");
    expect(m.boundaries?.endpoints?.allow).toContain("http://litellm.internal:4000");
    expect(m.readiness?.reviewers).toEqual(["carol@example.net"]);
  }, 90_000);

  it("Ctrl-C leaves no file (and no temp file) and exits 130", async () => {
    const dir = copyProject("openai-sdk");
    const s = new PtySession(["init"], dir);
    await s.answer("Owner (accountable engineer)", "alice@example.net");
    await s.answer("Deployment name", "");
    await s.expect("Spend ceiling per period (amount)");
    await s.send(KEY.ctrlC);
    await s.expect("init interrupted; no psf.yaml was written");
    expect(await s.exit()).toBe(130);
    expect(readdirSync(dir).sort()).toEqual(["package.json", "src"]);
  }, 60_000);
});
