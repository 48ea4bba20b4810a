import { describe, expect, it } from "vitest";
import { evaluateControl, describeFinding } from "./tester.js";

const noSink = "audit:\n  retention: 30d\n";
const waiver = (fields: string) => `waivers:\n  - { control: IAA-03, ${fields} }\n`;

describe("manifest waivers", () => {
  const cases = [
    { name: "valid waiver waives", w: 'reason: "pilot writes to scratch", approved_by: carol@example.net, expires: 2027-01-31', status: "waived", rejected: undefined },
    { name: "no reason", w: "approved_by: carol@example.net, expires: 2027-01-31", status: "fail", rejected: /has no reason/ },
    { name: "approved by the owner", w: 'reason: "x", approved_by: alice@example.net, expires: 2027-01-31', status: "fail", rejected: /approved by the owner/ },
    { name: "expired", w: 'reason: "x", approved_by: carol@example.net, expires: 2026-11-20', status: "fail", rejected: /expired on 2026-11-20/ },
    { name: "good through its expiry day", w: 'reason: "x", approved_by: carol@example.net, expires: 2026-11-21', status: "waived", rejected: undefined },
    { name: "no expiry", w: 'reason: "x", approved_by: carol@example.net', status: "fail", rejected: /no expiry date/ },
  ] as const;
  it.each(cases)("$name → $status", ({ w, status, rejected }) => {
    const r = evaluateControl("IAA-03", { yaml: noSink + waiver(w) });
    expect(r.status, describeFinding(r)).toBe(status);
    if (rejected) expect(r.findings[0]?.waiverRejected).toMatch(rejected);
    else expect(r.findings[0]?.waiver).toMatchObject({ source: "manifest", approvedBy: "carol@example.net", line: 8 });
  });

  it("a waived control no longer blocks readiness, an expired one does", () => {
    const ok = evaluateControl("DRA-04", { yaml: noSink + waiver('reason: "x", approved_by: carol@example.net, expires: 2027-01-31') });
    expect(ok.findings[0]?.message).not.toMatch(/IAA-03/);
    const expired = evaluateControl("DRA-04", { yaml: noSink + waiver('reason: "x", approved_by: carol@example.net, expires: 2026-01-31') });
    expect(expired.findings[0]?.message).toMatch(/IAA-03 fail/);
  });

  it("the not-ready verdict points at the waivers, or with none at the top-level mapping and says so", () => {
    const r = evaluateControl("DRA-04", { yaml: noSink });
    expect(r.findings[0]).toMatchObject({ level: "fail", file: "psf.yaml", line: 1, message: expect.stringMatching(/none is waived: the manifest has no waivers/) });
    const w = evaluateControl("DRA-04", { yaml: noSink + waiver('reason: "x", approved_by: carol@example.net, expires: 2026-01-31') });
    expect(w.findings.map((f) => f.line)).toEqual([7, 8]);
  });

  it("DRA-04 itself cannot be waived", () => {
    const r = evaluateControl("DRA-04", { yaml: waiver('reason: "x", approved_by: carol@example.net, expires: 2027-01-31').replace("IAA-03", "DRA-04") });
    expect(r.status).toBe("fail");
    expect(r.findings[0]?.waiverRejected).toMatch(/cannot be waived/);
  });
});
