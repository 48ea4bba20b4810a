import { durationSeconds } from "../manifest/duration.js";
import type { Manifest } from "../manifest/types.js";
import { classifyPackage, normalise, packageForModule, type Ecosystem } from "../sources/ai-packages.js";
import { importsOf, npmPackageOf, type PackageUse } from "../sources/inventory.js";

/*
 * Fitting a catalogue example to the agent in front of it. A code example is written against one
 * framework's API (the Vercel AI SDK's generateText, the OpenAI Agents SDK's Runner); handed to a team
 * on Genkit or DSPy it reads as psf not knowing what their code is. So a framework's example is shown
 * only to an agent that imports that framework; any other gets the catalogue's framework-neutral code.
 */

/** What the inventory says of one package the agent uses, as far as remediation needs it. */
export type UsedPackage = Pick<PackageUse, "name" | "ecosystem" | "kind" | "recognized" | "imported">;

/** AI package kinds whose API an example is written against (a zod or httpx import is no framework). */
const API_KINDS = new Set(["agent-framework", "model-sdk", "mcp", "gateway-client", "tracing"]);

/**
 * A package and the ones shipped with it answer to one name: `@ai-sdk/openai` is used with `ai`,
 * `@openai/agents-core` is the OpenAI Agents SDK. An AI SDK agent on `@ai-sdk/anthropic` is shown the
 * `@ai-sdk/openai` gateway example, which is how that SDK reaches an OpenAI-compatible gateway.
 */
function family(ecosystem: Ecosystem, name: string): string {
  const n = normalise(ecosystem, name);
  if (ecosystem === "npm" && (n === "ai" || n.startsWith("@ai-sdk/"))) return "npm:ai";
  if (ecosystem === "npm" && n.startsWith("@openai/agents")) return "npm:@openai/agents";
  // The Claude Agent SDK drives the Claude Code CLI: an `@anthropic-ai/sdk` client example is not its API.
  if (ecosystem === "npm" && n.startsWith("@anthropic-ai/") && n !== "@anthropic-ai/claude-agent-sdk") return "npm:@anthropic-ai/sdk";
  return `${ecosystem}:${n}`;
}

/** The AI packages (by family) a code example imports: what the reader must be using for it to apply. */
function exampleFamilies(code: string, syntax: "ts" | "py"): string[] {
  const out = new Set<string>();
  for (const i of importsOf(syntax === "ts" ? "example.ts" : "example.py", code)) {
    const pkg = syntax === "ts" ? npmPackageOf(i.module) : packageForModule(i.module)?.name;
    if (!pkg) continue;
    const eco: Ecosystem = syntax === "ts" ? "npm" : "pypi";
    const kind = classifyPackage(eco, pkg)?.kind;
    if (kind && API_KINDS.has(kind)) out.add(family(eco, pkg));
  }
  return [...out];
}

/** Whether the agent imports every framework the example is written against (an example tied to none fits anyone). */
export function exampleFits(code: string, syntax: "ts" | "py", used: readonly UsedPackage[]): boolean {
  const imported = new Set(used.filter((p) => p.imported).map((p) => family(p.ecosystem, p.name)));
  return exampleFamilies(code, syntax).every((f) => imported.has(f));
}

/** The agent frameworks the agent imports that psf does not read, by package name. */
export function unreadFrameworks(used: readonly UsedPackage[], syntax: "ts" | "py"): string[] {
  const eco: Ecosystem = syntax === "ts" ? "npm" : "pypi";
  return [...new Set(used.filter((p) => p.imported && !p.recognized && p.kind === "agent-framework" && p.ecosystem === eco).map((p) => p.name))];
}

/** The one line that tells the reader psf shows no code in their framework's API, and why. */
export function unreadFrameworkLine(names: readonly string[], comment: "//" | "#"): string {
  const list = names.length > 2 ? `${names.slice(0, 2).join(", ")} and ${names.length - 2} more` : names.join(" and ");
  return `${comment} psf does not read ${list}: the code below is plain ${comment === "#" ? "Python" : "TypeScript"}; wire it in with ${names.length > 1 ? "their" : `${names[0]}'s`} own API.`;
}

/** The same line when there is no code to follow it (a YAML-only fix). */
export function unreadFrameworkYamlLine(names: readonly string[]): string {
  return unreadFrameworkLine(names, "#").replace(/: the code below is plain Python; wire it in with/, ": wire this into the code with");
}

/*
 * The catalogue's examples carry the DN42 figures (max_steps 40, a 2 h timeout). Where the manifest
 * already declares one of these sizes, and no control judges the size itself, the example shows the
 * manifest's own. Figures a control does judge (the pause interval, the alert thresholds) or that an
 * example derives others from (the ceiling, the rate and concurrency in RSG-06's arithmetic) stay as
 * the catalogue has them: the declared value may be the very thing that fails.
 */
interface Figure {
  /** The example's lines that carry this figure. */
  line: RegExp;
  /** The catalogue's value there, and the manifest's in its place. */
  from: RegExp;
  to: (m: Manifest) => string | undefined;
}

const CATALOGUE_TIMEOUT_S = 2 * 60 * 60;
const positiveInt = (v: unknown) => (typeof v === "number" && Number.isInteger(v) && v > 0 ? String(v) : undefined);
const limits = (m: Manifest) => m.boundaries?.limits;
const timeoutSeconds = (m: Manifest) => {
  const t = limits(m)?.timeout;
  const s = typeof t === "string" ? durationSeconds(t) : undefined;
  // The catalogue's own 2 h is left as written (2 * 60 * 60 reads better than 7200).
  return s && s > 0 && s !== CATALOGUE_TIMEOUT_S ? { text: t as string, seconds: s } : undefined;
};

const FIGURES: Figure[] = [
  { line: /max_steps|MAX_STEPS|stepCountIs\(|max_turns=/, from: /\b40\b/g, to: (m) => positiveInt(limits(m)?.max_steps) },
  { line: /MAX_SUBTASKS = |max_subtasks:/, from: /\b25\b/g, to: (m) => positiveInt(limits(m)?.max_subtasks) },
  { line: /MAX_DEPTH = |max_depth:/, from: /\b3\b/g, to: (m) => positiveInt(limits(m)?.max_depth) },
  { line: /^\s*timeout: 2h\b|limits\.timeout: 2h/, from: /\b2h\b/g, to: (m) => timeoutSeconds(m)?.text },
  { line: /RUN_TIMEOUT_MS = 2 \* 60 \* 60 \* 1000/, from: /2 \* 60 \* 60 \* 1000/g, to: (m) => { const s = timeoutSeconds(m)?.seconds; return s ? `${s} * 1000` : undefined; } },
  { line: /RUN_TIMEOUT_S = 2 \* 60 \* 60\b/, from: /2 \* 60 \* 60\b/g, to: (m) => { const s = timeoutSeconds(m)?.seconds; return s ? String(s) : undefined; } },
];

/** The example with the manifest's own sizes where it declares them. */
export function withManifestFigures(example: string, m: Manifest | undefined): string {
  if (!m) return example;
  return example.split("\n").map((l) => {
    for (const f of FIGURES) {
      if (!f.line.test(l)) continue;
      const v = f.to(m);
      if (v !== undefined) l = l.replace(f.from, v);
    }
    return l;
  }).join("\n");
}
