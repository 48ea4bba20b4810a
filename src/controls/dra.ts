import { isDeepStrictEqual } from "node:util";
import { sha256 as sha } from "../sources/collect.js";
import { durationSeconds, parseDate } from "../manifest/duration.js";
import type { Manifest, ToolAccess } from "../manifest/types.js";
import type { Capabilities } from "../result/model.js";
import { blocks } from "../result/model.js";
import { judgeManifestWaivers } from "./waivers.js";
import { agentLanguage, controlTestGlob } from "./remediation.js";
import { judgeMention } from "./control-test-mentions.js";
import type { Mention } from "./control-test-mentions.js";
import { testCases } from "./control-tests.js";
import { conftestReaches, projectShape, suspectImport, testReach, whyUnreached, type Reach } from "./control-test-reach.js";
import { languageOf } from "../sources/languages.js";
import { plural } from "../util/text.js";
import { defineControl, fail, type ControlContext, type ControlDefinition, type RawFinding } from "./types.js";

/**
 * What the control tests must mention, together (controls.md, "DRA-02 mention"); Python's snake_case names (max_turns,
 * recursion_limit) count too, and Strands' stop reason for its turn limit (`limit_turns`, `limitTurns` in TypeScript).
 */
const MENTIONS: Mention[] = [
  { what: "the spend cap", pattern: /budget|spend|ceiling|\bcap\b/i, example: "a test that the gateway refuses calls past the budget" },
  { what: "the kill/suspend path", pattern: /kill|suspend|pause|abort/i, example: "a test that a pause or abort signal stops the run" },
  { what: "the termination bound", pattern: /max_?steps|max_?turns|step_?count|recursion_?limit|max_?iterations|termination|limit_?turns/i, example: "a test that the run stops at max_steps" },
];

const sameContact = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

export const draControls: ControlDefinition[] = [
  defineControl({
    id: "DRA-01",
    evaluate({ manifest, now }) {
      const r = manifest.readiness;
      const findings: RawFinding[] = [];
      if (!r?.reviewers?.length) findings.push(fail("no reviewers are named", ["readiness", "reviewers"], "add readiness.reviewers: [carol@example.net] (not the owner)"));
      r?.reviewers?.forEach((rev, i) => {
        if (sameContact(rev, manifest.deployment.owner)) findings.push(fail(`reviewer ${rev} is the owner: nobody may review their own deployment`, ["readiness", "reviewers", i], "name a reviewer other than deployment.owner"));
      });
      if (!r?.reviewed_at) findings.push(fail("reviewed_at is not set", ["readiness", "reviewed_at"], "add readiness.reviewed_at: <YYYY-MM-DD of the review>"));
      else {
        const d = parseDate(r.reviewed_at);
        if (!d) findings.push(fail(`reviewed_at ${r.reviewed_at} is not a real date`, ["readiness", "reviewed_at"], "write the date of the review as YYYY-MM-DD"));
        else if (d.getTime() > now.getTime()) findings.push(fail(`reviewed_at ${r.reviewed_at} is in the future`, ["readiness", "reviewed_at"], "set it to the date the review happened"));
      }
      return { findings };
    },
  }),
  defineControl({
    id: "DRA-02",
    evaluate(ctx) {
      const globs = ctx.manifest.readiness?.control_tests;
      if (!globs?.length) return { findings: [fail("no control tests are declared", ["readiness", "control_tests"], `add readiness.control_tests: ["${controlTestGlob(agentLanguage(ctx.sources))}"] with tests of the spend cap, the kill path and the termination bound`)] };
      const files = ctx.evidence.glob(globs);
      const findings: RawFinding[] = [];
      const readable = files.filter((f): f is Extract<typeof f, { ok: true }> => f.ok);
      for (const f of files) if (!f.ok) findings.push({ level: "error", message: `control test ${f.path} ${f.reason}`, at: ["readiness", "control_tests"] });
      if (!files.length) {
        return { findings: [fail(`control_tests match no file (${globs.join(", ")})`, ["readiness", "control_tests"], "point control_tests at existing test files that exercise the spend cap, the kill path and the termination bound")] };
      }
      const read = readable.map((f) => ({ ...f, cases: testCases(f.path, f.text) }));
      // A test counts only if it loads something of the project: one that imports only vitest or pytest tests something else.
      const shape = projectShape(ctx.evidence.files(), (rel) => ctx.evidence.peek(rel));
      const evidenceText = (rel: string) => { const e = ctx.evidence.read(rel); return e.ok ? e.text : undefined; };
      const reach = new Map(read.map((f) => [f.path, testReach(f.path, f.text, shape)]));
      // A file that holds no test case is a helper: it counts for nothing either way.
      const reaches = (f: (typeof read)[number]) => reach.get(f.path)!.reaches !== false || !f.cases?.length || conftestReaches(f.path, shape, evidenceText);
      const counted: typeof read = [], unreached: typeof read = [];
      for (const f of read) (reaches(f) ? counted : unreached).push(f);
      const testedOnlyThere = new Map<string, string[]>();
      // Every test in a language psf does not read: the errors below say so; "no test mentions …" would be about nothing.
      const noneRead = read.length > 0 && read.every((f) => f.cases === undefined);
      for (const m of noneRead ? [] : MENTIONS) {
        const anywhere = judgeMention(m, read);
        if (anywhere.length) findings.push(...anywhere);
        else if (judgeMention(m, counted).length) {
          for (const f of unreached) if (f.cases?.some((c) => c.asserts && m.pattern.test(c.text))) testedOnlyThere.set(f.path, [...(testedOnlyThere.get(f.path) ?? []), m.what]);
        }
      }
      for (const f of unreached) findings.push(unreachedTest(f.path, reach.get(f.path)!, testedOnlyThere.get(f.path) ?? []));
      // A test in a language whose tests psf does not read (Java, Kotlin, …) is not examined: never counted, never silent.
      for (const f of read) {
        if (f.cases !== undefined) continue;
        const lang = languageOf(f.path)?.name ?? "a language";
        findings.push({ level: noneRead ? "error" : "warn", message: `control test ${f.path} is ${lang}, whose tests psf does not read: its test cases and what they assert were not examined`, loc: { file: f.path, line: 1, column: 1 }, fix: "check by hand that it asserts the spend cap, the kill path and the termination bound against the agent, and record that review as a waiver on DRA-02 with its reason; or add control tests in TypeScript/JavaScript, Python or Go" });
      }
      const asserting = counted.reduce((n, f) => n + (f.cases?.filter((c) => c.asserts).length ?? 0), 0);
      const skipped = unreached.length ? ` (not counting ${plural(unreached.length, "file")} that ${unreached.length > 1 ? "import" : "imports"} nothing of the agent)` : "";
      return { findings, notes: [`${plural(readable.length, "control test file")}: ${readable.map((f) => f.path).join(", ")}; ${plural(asserting, "test case")} with an assertion${skipped}`] };
    },
  }),
  defineControl({
    id: "DRA-03",
    evaluate(ctx) {
      const r = ctx.manifest.readiness;
      const findings: RawFinding[] = [];
      const reviewed = parseDate(r?.reviewed_at);
      const every = durationSeconds(r?.reassess_every);
      if (!r?.reassess_every) findings.push(fail("no reassessment interval is declared", ["readiness", "reassess_every"], "add readiness.reassess_every: 90d"));
      if (!reviewed) findings.push(fail("the assessment has no valid review date, so it cannot be current", ["readiness", "reviewed_at"], "set readiness.reviewed_at to the date of the last review"));
      if (reviewed && every !== undefined) {
        const due = new Date(reviewed.getTime() + every * 1000);
        if (due.getTime() < ctx.now.getTime()) findings.push(fail(`the review of ${r?.reviewed_at} expired on ${due.toISOString().slice(0, 10)} (reassess_every ${r?.reassess_every})`, ["readiness", "reviewed_at"], "review the deployment again and update readiness.reviewed_at"));
      }
      const notes: string[] = [];
      if (ctx.previous) findings.push(...changesSince(ctx, notes));
      return { findings, notes };
    },
  }),
  defineControl({
    id: "DRA-04",
    evaluate({ results, strict, loaded, now, manifest }) {
      const blocking = results.filter((r) => r.id !== "DRA-04" && blocks(r.status, strict));
      if (!blocking.length) return { findings: [], notes: ["no other control blocks readiness"] };
      // The one manifest key DRA-04 reads is `waivers`, where an accepted exception is recorded: the verdict
      // points there, or, with none declared, at the top-level mapping that key belongs in, and says so.
      const declared = (manifest.waivers ?? []).length > 0;
      const verdict: RawFinding = {
        level: "fail",
        message: `not ready: ${plural(blocking.length, "control")} ${blocking.length > 1 ? "block" : "blocks"} readiness (${blocking.map((b) => `${b.id} ${b.status}`).join(", ")})${declared ? "" : "; none is waived: the manifest has no waivers"}`,
        at: ["waivers"],
        fix: "fix or validly waive each blocking control",
      };
      // A waiver that names a blocking control but does not apply is pointed at by the key that voids it.
      const ids = new Set(blocking.map((b) => b.id));
      const voided = judgeManifestWaivers(loaded, now).filter((v) => v.rejected && ids.has(v.control));
      return {
        findings: [
          verdict,
          ...voided.map((v): RawFinding => ({
            level: "fail",
            message: `${v.control} still blocks readiness: ${v.rejected}`,
            at: ["waivers", v.index, ...(v.rejectedKey ? [v.rejectedKey] : [])],
            fix: `fix ${v.control}, or renew the waiver: a reason, an approver other than the owner and an expiry date not yet passed`,
          })),
        ],
      };
    },
  }),
];

/**
 * A control test that imports nothing of the project: a fail where it was the only test of a stop
 * (the stop is untested, as when no test names it), a warn otherwise (it tests nothing of the agent).
 */
function unreachedTest(file: string, r: Reach, stops: string[]): RawFinding {
  const at = suspectImport(r);
  const counts = stops.length ? `its tests of ${stops.length > 1 ? `${stops.slice(0, -1).join(", ")} and ${stops.at(-1)}` : stops[0]} do not reach the agent, so they do not count` : "its tests cannot exercise the agent's stops";
  const own = languageOf(file)?.name === "Python" ? "from <your package> import …" : 'import { … } from "../src/…"';
  return {
    level: stops.length ? "fail" : "warn",
    message: `${file} imports nothing of the agent (${whyUnreached(file, r)}): ${counts}`,
    loc: { file, line: at?.line ?? 1 },
    fix: `import the agent's own code that holds the stop (${own}, or the project's package name) and assert on what it does; a test of only the manifest, a mock or a library checks something else`,
  };
}

/** DRA-03 with --previous: every file changed since the attested assessment, and every capability change. */
function changesSince(ctx: ControlContext, notes: string[]): RawFinding[] {
  const prev = ctx.previous!;
  const before = new Map(prev.subjects.map((s) => [s.name, s.sha256]));
  const now = new Map<string, string>([[ctx.loaded.name, sha(ctx.loaded.bytes)], ...ctx.sources.files.map((f) => [f.path, f.sha256] as [string, string]), ...ctx.evidence.subjects().map((s) => [s.name, s.digest.sha256] as [string, string])]);
  const reviewedSince = (parseDate(ctx.manifest.readiness?.reviewed_at)?.getTime() ?? 0) >= new Date(prev.generatedAt.slice(0, 10)).getTime();
  const level = reviewedSince ? "warn" : "fail";
  const findings: RawFinding[] = [];
  const names = [...new Set([...before.keys(), ...now.keys()])].sort();
  for (const name of names) {
    const a = before.get(name);
    const b = now.get(name);
    if (a === b) continue;
    const what = a === undefined ? "is new" : b === undefined ? "was removed" : "changed";
    findings.push({ level, message: `${name} ${what} since the assessment of ${prev.generatedAt}: needs re-review`, loc: b !== undefined ? { file: name, line: 1, column: 1 } : undefined, at: b === undefined ? ["readiness"] : undefined, fix: "review the change, then update readiness.reviewed_at" });
  }
  if (prev.capabilities) {
    for (const c of capabilityChanges(manifestOf(prev.capabilities), ctx.manifest)) findings.push({ level, message: `capability change since ${prev.generatedAt}: ${c.message}`, at: c.at, fix: "review the new capability, then update readiness.reviewed_at" });
    // A new MCP server is a new set of tools nobody reviewed (only comparable with reports that list them).
    if (Array.isArray(prev.capabilities.mcp_servers) && ctx.facts) {
      const before = new Set(prev.capabilities.mcp_servers.filter((s) => s && typeof s.name === "string").map((s) => `${s.name}|${String(s.target)}`));
      for (const s of ctx.facts.mcpServers) {
        const target = s.command ?? (s.url?.kind === "literal" ? s.url.text : "");
        if (!before.has(`${s.name}|${target}`) && ![...before].some((k) => k.startsWith(`${s.name}|`) && !target)) findings.push({ level, message: `capability change since ${prev.generatedAt}: MCP server ${s.name} (${s.transport}${target ? ` ${target}` : ""}) is new`, loc: s.loc, fix: "review the server's tools, declare them in boundaries.tools, then update readiness.reviewed_at" });
      }
    }
  }
  notes.push(`compared with the assessment of ${prev.generatedAt}${prev.keyid ? ` (signed by ${prev.keyid.slice(0, 16)}…)` : ""}: ${findings.length ? `${findings.length} change${findings.length > 1 ? "s" : ""}` : "nothing changed"}${findings.length && reviewedSince ? "; reviewed since" : ""}`);
  return findings;
}


/** The parts of a manifest that a report's capabilities record. */
function manifestOf(c: Capabilities): Manifest {
  return {
    psf: 1,
    deployment: { name: "", owner: "" },
    boundaries: { tools: c.tools.map((t) => ({ name: t.name, access: t.access as ToolAccess, requires_approval: t.requires_approval })), endpoints: { allow: c.endpoints }, limits: c.limits },
    ...(c.ceiling ? { spend: { ceiling: c.ceiling } } : {}),
  };
}

/** New tools, new endpoints and changed limits: the changes that widen what the agent can do. */
export function capabilityChanges(before: Manifest, after: Manifest): { message: string; at: (string | number)[] }[] {
  const out: { message: string; at: (string | number)[] }[] = [];
  const beforeTools = new Map((before.boundaries?.tools ?? []).map((t) => [t.name, t]));
  (after.boundaries?.tools ?? []).forEach((t, i) => {
    const old = beforeTools.get(t.name);
    if (!old) out.push({ message: `new tool ${t.name} (${t.access})`, at: ["boundaries", "tools", i] });
    else if (old.access !== t.access || (old.requires_approval === true) !== (t.requires_approval === true)) out.push({ message: `tool ${t.name} changed from ${old.access}${old.requires_approval ? " with approval" : ""} to ${t.access}${t.requires_approval ? " with approval" : ""}`, at: ["boundaries", "tools", i] });
  });
  const beforeAllow = new Set(before.boundaries?.endpoints?.allow ?? []);
  (after.boundaries?.endpoints?.allow ?? []).forEach((e, i) => {
    if (!beforeAllow.has(e)) out.push({ message: `new endpoint ${e}`, at: ["boundaries", "endpoints", "allow", i] });
  });
  const bl = before.boundaries?.limits ?? {};
  const al = after.boundaries?.limits ?? {};
  for (const key of Object.keys({ ...bl, ...al }).sort() as (keyof typeof al)[]) {
    if (isDeepStrictEqual(bl[key], al[key])) continue;
    const x = JSON.stringify(bl[key]);
    const y = JSON.stringify(al[key]);
    out.push({ message: `limit ${key} changed from ${x ?? "unset"} to ${y ?? "unset"}`, at: ["boundaries", "limits", ...(al[key] !== undefined ? [key] : [])] });
  }
  if (!isDeepStrictEqual(before.spend?.ceiling, after.spend?.ceiling)) out.push({ message: `spend ceiling changed from ${JSON.stringify(before.spend?.ceiling) ?? "unset"} to ${JSON.stringify(after.spend?.ceiling) ?? "unset"}`, at: ["spend", "ceiling"] });
  return out;
}
