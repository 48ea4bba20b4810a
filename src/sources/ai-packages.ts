import { readFileSync } from "node:fs";
import { InternalError } from "../errors.js";
import { packageFile } from "../util/package.js";
import { compileSchema, errorsText, parseYaml, pregenerated, type SchemaSpec } from "../util/generated.js";
import { plural } from "../util/text.js";

export type Ecosystem = "npm" | "pypi" | "other";
export type AiKind = "model-sdk" | "agent-framework" | "mcp" | "gateway-client" | "tracing" | "ui" | "retrieval" | "unknown-ai";

export interface KnownPackage {
  name: string;
  ecosystem: Ecosystem;
  kind: Exclude<AiKind, "unknown-ai">;
  /** PyPI: the import modules the distribution provides. */
  modules?: string[];
  /** PyPI: the kind of an import from one submodule of those modules, where it differs from the package's. */
  submodules?: Record<string, Exclude<AiKind, "unknown-ai">>;
}

export interface AiPackageTable {
  id: string;
  as_of: string;
  heuristic_segments: string[];
  packages: KnownPackage[];
}

export const AI_PACKAGES_FILE = "checklists/ai-packages.yaml";
/** Where `npm run build` puts the table parsed and validated (see util/generated.ts). */
export const AI_PACKAGES_GENERATED = "ai-packages.json";
const AI_PACKAGES_SCHEMA: SchemaSpec = { schema: "schemas/psf-ai-packages.schema.json", options: { allErrors: true, strict: false } };

let cached: { table: AiPackageTable; byKey: Map<string, KnownPackage>; modules: [string, KnownPackage][]; segments: Set<string> } | undefined;

/** The table of known AI packages, validated at load like the catalogue: a broken table is a bug in psf (exit 3). */
export function loadAiPackages(): AiPackageTable {
  return index().table;
}

function index(): NonNullable<typeof cached> {
  if (cached) return cached;
  const text = readFileSync(packageFile(AI_PACKAGES_FILE), "utf8");
  const data = pregenerated<AiPackageTable>(AI_PACKAGES_GENERATED, text) ?? parseAiPackages(text);
  const byKey = new Map<string, KnownPackage>();
  for (const p of data.packages) {
    const key = `${p.ecosystem}:${normalise(p.ecosystem, p.name)}`;
    if (byKey.has(key)) throw new InternalError(`${AI_PACKAGES_FILE} lists ${p.ecosystem} package ${p.name} twice`);
    byKey.set(key, p);
  }
  // Longest module first, so `llama_index.tools.mcp` wins over `llama_index`.
  const modules = data.packages.flatMap((p) => (p.modules ?? []).map((m) => [m, p] as [string, KnownPackage])).sort((a, b) => b[0].length - a[0].length);
  cached = { table: data, byKey, modules, segments: new Set(data.heuristic_segments) };
  return cached;
}

/** The table's YAML parsed and checked against its schema (build time, or a run without the build's result). */
export function parseAiPackages(text: string): AiPackageTable {
  const data = parseYaml(text) as AiPackageTable;
  const validate = compileSchema(AI_PACKAGES_SCHEMA);
  if (!validate(data)) throw new InternalError(`${AI_PACKAGES_FILE} does not match its schema: ${errorsText(validate.errors)}`);
  return data;
}

/** PyPI names compare case-insensitively with `-`, `_` and `.` alike (PEP 503). */
export function normalise(ecosystem: Ecosystem, name: string): string {
  return ecosystem === "pypi" ? name.toLowerCase().replace(/[-_.]+/g, "-") : name;
}

/** What the table says of a package, or `unknown-ai` when only its name looks like one; undefined otherwise. */
export function classifyPackage(ecosystem: Ecosystem, name: string): { kind: AiKind; known?: KnownPackage } | undefined {
  const ix = index();
  // A family of packages is known by its group when the table lists it: a Maven group (`group:*`,
  // langchain4j ships dozens of artifacts) or an npm scope (`@scope/*`, LlamaIndex.TS ships one per provider and tool).
  const group = ecosystem === "other" && name.includes(":") ? `${name.slice(0, name.indexOf(":"))}:*`
    : ecosystem === "npm" && name.startsWith("@") && name.includes("/") ? `${name.slice(0, name.indexOf("/"))}/*` : undefined;
  const known = ix.byKey.get(`${ecosystem}:${normalise(ecosystem, name)}`) ?? (group ? ix.byKey.get(`${ecosystem}:${group}`) : undefined);
  if (known) return { kind: known.kind, known };
  return looksLikeAi(name) ? { kind: "unknown-ai" } : undefined;
}

/** A name with a segment such as `ai`, `llm` or `agents` (`@acme/llm-client`, `my_agents`). */
export function looksLikeAi(name: string): boolean {
  const segs = index().segments;
  return name.toLowerCase().split(/[^a-z0-9]+/).some((s) => segs.has(s));
}

/**
 * The kind of one import of a known PyPI package, by the submodule it names: `from
 * langchain_community.vectorstores import FAISS` is a retrieval library, whatever else the package holds.
 */
export function importKind(known: KnownPackage, module: string): Exclude<AiKind, "unknown-ai"> {
  if (!known.submodules) return known.kind;
  const base = known.modules?.find((m) => module === m || module.startsWith(`${m}.`));
  const sub = base && module.length > base.length ? module.slice(base.length + 1).split(".")[0]! : undefined;
  return (sub !== undefined && known.submodules[sub]) || known.kind;
}

/** The PyPI distribution that provides a Python import (`google.adk.agents` → google-adk). */
export function packageForModule(module: string): KnownPackage | undefined {
  for (const [m, p] of index().modules) if (module === m || module.startsWith(`${m}.`)) return p;
  return undefined;
}

/** Each kind as findings and reports count it (one, many). */
const KIND_COUNTED: Record<AiKind, readonly [string, string]> = {
  "agent-framework": ["agent framework", "agent frameworks"],
  "model-sdk": ["model SDK", "model SDKs"],
  "gateway-client": ["gateway client", "gateway clients"],
  "unknown-ai": ["AI-named package not in psf's table", "AI-named packages not in psf's table"],
  mcp: ["MCP library", "MCP libraries"],
  retrieval: ["retrieval library", "retrieval libraries"],
  tracing: ["tracing library", "tracing libraries"],
  ui: ["AI UI library", "AI UI libraries"],
};

/** "20 model SDKs, 3 agent frameworks, 1 gateway client": the kinds by count, most first (one kind alone: "agent frameworks"). */
export function countKinds(kinds: readonly AiKind[]): string {
  const counts = new Map<AiKind, number>();
  for (const k of kinds) counts.set(k, (counts.get(k) ?? 0) + 1);
  if (counts.size === 1) return KIND_COUNTED[kinds[0]!][1];
  return [...counts].sort((a, b) => b[1] - a[1]).map(([k, n]) => plural(n, ...KIND_COUNTED[k])).join(", ");
}
