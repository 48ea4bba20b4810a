import { countKinds, type AiKind } from "../sources/ai-packages.js";
import type { SourceSet } from "../sources/collect.js";
import { DECLARED_NAMED, inManifestOrder, READ_ECOSYSTEMS, type Inventory, type PackageUse } from "../sources/inventory.js";
import { readLanguagesText } from "../sources/languages.js";
import type { Facts } from "../facts/types.js";
import type { RawFinding } from "./types.js";
import { nothingOfTheAgent } from "./source/util.js";
import type { UnclassifiedPackage } from "./unclassified.js";
import { plural, someOf } from "../util/text.js";

/**
 * Fail closed on what psf did not read (docs/coverage.md). Whole languages, files passed over and
 * AI packages psf does not recognize each add a finding to the source controls, so that no control
 * says `pass` about code it never examined.
 */

/** The source controls an unrecognized package of each kind leaves unexamined. */
// Wider than the spec's table (coverage-and-languages.md §1), on purpose: a package psf does not read
// reaches hosts psf has not seen, so ABC-02 ("examined 0 outbound URL sites") must not pass silently
// beside it; and a framework psf does not read hides its own provider key (RSG-05), its sub-agents and
// task growth (ABC-04), the decisions it takes on model output (ABC-07) and its built-in tools (ABC-08).
export const KIND_AFFECTS: Record<AiKind, readonly string[]> = {
  "agent-framework": ["RSG-04", "RSG-05", "OOC-02", "OOC-03", "ABC-02", "ABC-03", "ABC-04", "ABC-06", "ABC-07", "ABC-08", "IAA-04"],
  "model-sdk": ["RSG-04", "RSG-05", "ABC-02", "IAA-04"],
  "gateway-client": ["RSG-04", "RSG-05", "ABC-02", "IAA-04"],
  "unknown-ai": ["RSG-04", "RSG-05", "ABC-02", "IAA-04"],
  mcp: ["OOC-03", "ABC-02", "ABC-08"],
  // A vector store or a remote reader connects to a host (the store's URL, a document service) that
  // psf has not checked against the allowlist; it calls no model and runs no agent step.
  retrieval: ["ABC-02"],
  tracing: [],
  ui: [],
};

const KIND_TEXT: Record<AiKind, string> = {
  "agent-framework": "agent framework",
  "model-sdk": "model SDK",
  "gateway-client": "gateway client",
  "unknown-ai": "named like an AI package, not in psf's table",
  mcp: "MCP library",
  retrieval: "retrieval library: vector store or document reader",
  tracing: "tracing library",
  ui: "AI UI library",
};

const UNSEEN: Record<AiKind, string> = {
  "agent-framework": "its agent runs, tools and model calls were not examined",
  "model-sdk": "its model clients and calls were not examined",
  "gateway-client": "the model calls made through it were not examined",
  "unknown-ai": "if it calls a model or acts for the agent, that was not examined",
  mcp: "the MCP servers it attaches and their tools were not examined",
  retrieval: "the hosts it connects to (a store's URL, a document service) were not checked against the allowlist",
  tracing: "",
  ui: "",
};

const FIX: Record<AiKind, string> = {
  "agent-framework": "review this framework's runs (step bound, abort, timeout), tools (approval) and model client (gateway) by hand; until psf reads it, record that review as a waiver with its reason and approver",
  "model-sdk": "route this client through the declared gateway and read its key from key_env, check it by hand, and record that review as a waiver with its reason until psf reads the package",
  "gateway-client": "check by hand that this client points at the declared gateway, and record that review as a waiver with its reason until psf reads the package",
  "unknown-ai": "if this package calls a model, check its endpoint and key by hand and record the review as a waiver; if it calls none, this warning is informational (it blocks readiness only under --strict)",
  mcp: "list the servers it attaches and their tools in boundaries.tools, gate write tools on approval, and allowlist remote server URLs; record that review as a waiver until psf reads the package",
  retrieval: "add the host it connects to (the store's URL, or the service a reader fetches from) to boundaries.endpoints.allow; if it only reads local files, record that as a waiver with its reason",
  tracing: "",
  ui: "",
};

export interface CoverageFindings {
  /** Findings every source control gets. */
  all: RawFinding[];
  /** Findings for particular controls (unrecognized packages), by control id. */
  byControl: Map<string, RawFinding[]>;
}

/** What psf found of the agent's machinery in the files it read (undefined: source analysis did not run). */
export interface AgentFound {
  /** No agent run, model call or model client anywhere: an unread framework or language holds the agent. */
  noRunOrClient: boolean;
  /** Nor any tool: psf read nothing of the agent at all, whatever the imports are. */
  nothing: boolean;
  /** Source controls that found none of what they are about (SUBJECT): beside code psf did not read, that code is where it is. */
  unexamined: ReadonlySet<string>;
}

/**
 * A LangGraph StateGraph has no model of its own: its nodes call one, and with no model client or call
 * found, those calls are in code psf did not read (a library the nodes call), so its runs are not model traffic.
 */
const graphOnly = (r: Facts["agentRuns"][number]) => r.framework === "langgraph" && /^(StateGraph|MessageGraph)\(|^compiled graph/.test(r.api);
const TRAFFIC = "model client, model call or agent run with a model of its own";
const traffic = (f: Facts) => f.modelClients.length + f.modelCalls.length + f.agentRuns.filter((r) => !graphOnly(r)).length;
const runs = (f: Facts) => f.agentRuns.length + f.loops.length;
const tools = (f: Facts) => f.tools.length;
/**
 * What each source control is about, counted in the facts. A control that found none of it, beside an
 * agent framework psf does not read or files in a language it does not read, has examined nothing:
 * its finding there is an error, whatever psf found for the other controls. One model client in an
 * eval script does not make a Java agent's step bound, or an unread framework's tools, examined.
 */
const SUBJECT: Record<string, { count: (f: Facts) => number; what: string }> = {
  "RSG-04": { count: traffic, what: TRAFFIC },
  "RSG-05": { count: traffic, what: TRAFFIC },
  "ABC-02": { count: traffic, what: TRAFFIC },
  "OOC-02": { count: runs, what: "agent run or agent loop" },
  "ABC-03": { count: runs, what: "agent run or agent loop" },
  "ABC-04": { count: runs, what: "agent run or agent loop" },
  "ABC-06": { count: runs, what: "agent run or agent loop" },
  "ABC-07": { count: (f) => f.agentRuns.length + f.modelCalls.length, what: "agent run or model call" },
  "OOC-03": { count: tools, what: "tool" },
  "ABC-08": { count: tools, what: "tool" },
  "IAA-04": { count: (f) => f.agentRuns.length + f.modelCalls.length + f.tools.length, what: "agent run, model call or tool" },
};

export function agentFound(facts: Facts | undefined): AgentFound {
  const noRunOrClient = !!facts && facts.agentRuns.length === 0 && facts.modelCalls.length === 0 && facts.modelClients.length === 0;
  const unexamined = new Set(facts ? Object.keys(SUBJECT).filter((id) => SUBJECT[id]!.count(facts) === 0) : []);
  return { noRunOrClient, nothing: !!facts && nothingOfTheAgent(facts), unexamined };
}

/** How many packages the "nothing read" finding names. */
const UNCLASSIFIED_NAMED = 5;

/**
 * The coverage findings of one assessment, from its inventory and source set; `unclassified` names the
 * third-party packages psf's table does not list (controls/unclassified.ts).
 */
export function coverageFindings(inv: Inventory, sources: SourceSet, root: string, include: readonly string[] | undefined, found: AgentFound = { noRunOrClient: false, nothing: false, unexamined: new Set() }, mcpUnreadable: readonly { file: string; reason: string }[] = [], unclassified: readonly UnclassifiedPackage[] = []): CoverageFindings {
  const nothingRead = found.noRunOrClient;
  const all: RawFinding[] = [];
  const byControl = new Map<string, RawFinding[]>();
  const add = (id: string, f: RawFinding) => byControl.set(id, [...(byControl.get(id) ?? []), f]);
  const readNames = readLanguagesText();

  // Whole languages psf does not read.
  const unreadByLang = new Map<string, string[]>();
  for (const u of sources.unread) unreadByLang.set(u.language, [...(unreadByLang.get(u.language) ?? []), u.path]);
  const describe = [...unreadByLang].map(([lang, files]) => `${lang} (${plural(files.length, "file")}, e.g. ${files[0]})`);
  const firstUnread = sources.unread[0];
  if (sources.files.length === 0 && firstUnread) {
    all.push({
      level: "error",
      message: `not examined: the agent's code is ${describe.join(" and ")}; psf reads ${readNames}`,
      loc: { file: firstUnread.path, line: 1, column: 1 },
      fix: `this control cannot pass on code psf has not read: decide it by hand and record the decision as a manifest waiver (reason, approved_by, expires); if these files are not the agent's code, exclude them with agent.exclude`,
    });
  } else if (sources.files.length === 0 && sources.skipped.length === 0) {
    all.push({
      level: "error",
      message: `not examined: no source files under ${root === "." ? "the agent root (.)" : root} (include: ${(include?.length ? include : ["the default: TypeScript/JavaScript, Python and Jupyter notebook files"]).join(", ")})`,
      at: include?.length ? ["agent", "include"] : ["agent", "root"],
      fix: "point agent.root at the folder that holds the agent's source, and agent.include at its files",
    });
  } else {
    for (const [lang, files] of unreadByLang) {
      // Beside code psf read in which it found none of what a control is about, that part of the agent
      // is likely in these files (an R script beside a helper module, a Java agent beside a Python eval
      // script): not examined on that control, as for a whole language.
      const unread = `${plural(files.length, `${lang} file`)} ${files.length === 1 ? "was" : "were"} not examined (psf reads ${readNames}), e.g. ${files.slice(0, 3).join(", ")}`;
      for (const id of Object.keys(SUBJECT)) {
        const none = nothingRead || found.unexamined.has(id);
        add(id, {
          level: none ? "error" : "warn",
          message: `${unread}${none ? `, and psf found no ${nothingRead ? "agent run, model call or model client" : SUBJECT[id]!.what} in the ${plural(sources.files.length, "file")} it read: the agent's code may be there` : ""}`,
          loc: { file: files[0]!, line: 1, column: 1 },
          fix: `if the ${lang} code is not part of the agent, exclude it with agent.exclude; otherwise check this control in it by hand`,
        });
      }
    }
  }

  // Files and folders selected but not analysed.
  for (const s of sources.skipped) {
    all.push({
      level: s.level,
      message: `${s.path}${s.folder ? "/" : ""} was not examined (${s.reason}): this check has not seen ${s.folder ? "what it holds" : "its code"}`,
      loc: { file: s.path, line: 1, column: 1 },
      fix: s.fix ?? (s.folder
        ? "make the folder readable by the user running psf, or exclude it in agent.exclude if it holds no agent code"
        : s.reason.startsWith("in the build-output") ? `add the folder to agent.include if it holds agent code, or remove build output from the agent root`
        : "make the file readable and under 1 MiB (split generated code out), or exclude it in agent.exclude if it is not agent code"),
    });
  }

  // AI packages psf does not recognize, in the languages it reads: each imported one at its import;
  // those only declared (no analysed file imports them) together, one finding a control, so a
  // monorepo's package.json of 40 provider packages is one line per control, not 40.
  const declaredOnly = new Map<string, PackageUse[]>();
  for (const p of inv.packages) {
    if (p.recognized || !READ_ECOSYSTEMS.has(p.ecosystem)) continue;
    for (const id of KIND_AFFECTS[p.kind]) {
      if (p.imported) add(id, packageFinding(p, id, p.kind !== "agent-framework" ? undefined : nothingRead ? "agent run, model call or model client" : found.unexamined.has(id) ? SUBJECT[id]!.what : undefined));
      else declaredOnly.set(id, [...(declaredOnly.get(id) ?? []), p]);
    }
  }
  for (const [id, pkgs] of declaredOnly) add(id, declaredOnlyFinding(pkgs));
  // Nothing of the agent read, and no rule above says why: whatever the imports are, nothing here is examined.
  const explained = unreadByLang.size > 0 || inv.packages.some((p) => !p.recognized && p.imported && p.kind === "agent-framework" && READ_ECOSYSTEMS.has(p.ecosystem));
  if (found.nothing && sources.files.length > 0 && !explained) all.push(nothingReadFinding(inv, sources, include, unclassified));
  // An MCP config file that does not parse hides the servers it attaches: the controls an MCP package affects say so.
  for (const u of mcpUnreadable) {
    for (const id of KIND_AFFECTS.mcp) add(id, { level: "warn", message: `${u.file} could not be read (${u.reason}): the MCP servers it attaches are not examined`, loc: { file: u.file, line: 1, column: 1 }, fix: "make it valid JSON (psf drops whole-line // comments, nothing else), so its servers are checked" });
  }
  return { all, byControl };
}

/**
 * psf read the agent's files and found no agent run, model call, model client or tool in any of them.
 * The agent's machinery is then somewhere psf does not read, most likely a package it does not
 * recognize (an agent framework not in its table): an error on every source control, never a pass.
 * The specification asks for less (a warn, and only for a package psf knows to be an agent
 * framework); docs/coverage.md says why psf fails closed here.
 */
function nothingReadFinding(inv: Inventory, sources: SourceSet, include: readonly string[] | undefined, others: readonly UnclassifiedPackage[]): RawFinding {
  const unrecognized = inv.packages.filter((p) => !p.recognized && READ_ECOSYSTEMS.has(p.ecosystem) && p.kind !== "tracing" && p.kind !== "ui");
  // Imported before declared: the first import of such a package is where a reviewer starts.
  const named = (p: PackageUse | UnclassifiedPackage) => ("kind" in p ? `${p.name} (${KIND_TEXT[p.kind]})` : p.name);
  const candidates: (PackageUse | UnclassifiedPackage)[] = [...unrecognized.filter((p) => p.imported), ...others.filter((p) => p.imported), ...unrecognized.filter((p) => !p.imported), ...others.filter((p) => !p.imported)];
  const names = candidates.map(named);
  const first = candidates[0];
  const files = plural(sources.files.length, "file");
  return {
    level: "error",
    message: `not examined: psf found no agent run, model call, model client or tool in the ${files} it read; ${names.length ? `the agent may run on a package psf does not recognize: ${someOf(names, UNCLASSIFIED_NAMED)}` : "it imports no third-party package psf could look into, so the agent's code may be outside agent.root or agent.include"}`,
    ...(first ? { loc: { file: first.first_seen.file, line: first.first_seen.line, column: 1 } } : { at: include?.length ? ["agent", "include"] : ["agent", "root"] }),
    fix: `this control cannot pass on an agent psf has not read: check it by hand in the code that runs the agent${first ? ` (where ${first.name} is used)` : ""} and record the decision as a manifest waiver (reason, approved_by, expires); if these files are not the agent's code, point agent.root and agent.include at it`,
  };
}

/** How many other files import it, with the first three: the warn stays at the first import, and a waiver writer still sees every site. */
const SITES_NAMED = 3;
function otherSites(p: PackageUse): string {
  const sites = p.also_imported_in ?? [];
  if (!sites.length) return "";
  const named = sites.slice(0, SITES_NAMED).map((s) => `${s.file}:${s.line}`).join(", ");
  return `; also imported in ${plural(sites.length, "more file")}: ${named}${sites.length > SITES_NAMED ? ", …" : ""}`;
}

/**
 * An imported package psf does not recognize, on one control: a warn, since psf read the rest of the
 * agent. But when it is an agent framework and psf read none of what this control is about
 * (`unexamined` names it: no agent run, model call or model client at all, or none of this control's
 * subject), that part of the agent is inside it: an error, as for an agent written in a language psf
 * does not read. The specification asks only for a warn here; a READY verdict on an
 * agent of which psf examined nothing is the failure psf exists to prevent, so it blocks until a
 * person's review is recorded as a waiver.
 */
function packageFinding(p: PackageUse, control: string, unexamined?: string): RawFinding {
  if (unexamined) {
    return {
      level: "error",
      message: `not examined: the agent runs on ${p.name} (agent framework), which psf does not recognize, and psf found no ${unexamined} it reads${otherSites(p)}`,
      loc: { file: p.first_seen.file, line: p.first_seen.line, column: 1 },
      fix: `this control cannot pass on code psf has not read: check it by hand in the code that uses ${p.name} and record the decision as a manifest waiver (reason, approved_by, expires)`,
    };
  }
  return {
    level: "warn",
    message: `imports ${p.name} (${KIND_TEXT[p.kind]}), which psf does not recognize: ${UNSEEN[p.kind]}${otherSites(p)}`,
    loc: { file: p.first_seen.file, line: p.first_seen.line, column: 1 },
    fix: fixOn(control, p),
  };
}

/** The fix on one control: on the allowlist check it is about hosts, on the tracing check about traces, whatever the package's kind. */
function fixOn(control: string, p: PackageUse): string {
  if (control === "ABC-02" && p.kind !== "mcp" && p.kind !== "retrieval") return `find the hosts ${p.name} calls (its default endpoint and any base URL it is given) and add them to boundaries.endpoints.allow, or route it through the gateway; record that review as a waiver until psf reads the package`;
  if (control === "IAA-04") return `check by hand that the calls made through ${p.name} are traced or audited (its own tracing option, an OpenTelemetry instrumentor for it, or an audit record in each tool), and record that review as a waiver with its reason until psf reads the package`;
  return FIX[p.kind];
}

/**
 * Unrecognized AI packages a dependency manifest declares and no analysed file imports, on one control:
 * fail closed (the agent may load them in a way psf does not see), once, at the first one's manifest line.
 */
function declaredOnlyFinding(pkgs: PackageUse[]): RawFinding {
  const sorted = inManifestOrder(pkgs);
  const first = sorted[0]!;
  const manifests = [...new Set(sorted.map((p) => p.first_seen.file))].join(", ");
  const fix = `if the agent does not use ${sorted.length === 1 ? "it" : "them"}, remove ${sorted.length === 1 ? "it" : "them"} from ${manifests} (or give the agent a dependency manifest of its own); if it does, review ${sorted.length === 1 ? "its" : "their"} calls by hand and record that review as a waiver with its reason and approver`;
  if (sorted.length === 1) {
    return {
      level: "warn",
      message: `declares ${first.name} (${KIND_TEXT[first.kind]}), which psf does not recognize and no analysed file imports: if the agent uses it, ${UNSEEN[first.kind]}`,
      loc: { file: first.first_seen.file, line: first.first_seen.line, column: 1 },
      fix,
    };
  }
  return {
    level: "warn",
    message: `declares ${sorted.length} AI packages psf does not recognize (${countKinds(sorted.map((p) => p.kind))}) that no analysed file imports: ${someOf(sorted.map((p) => p.name), DECLARED_NAMED)}; if the agent uses them, their calls were not examined`,
    loc: { file: first.first_seen.file, line: first.first_seen.line, column: 1 },
    fix,
  };
}
