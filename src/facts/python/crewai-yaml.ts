import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { isMap, isScalar, LineCounter, parseDocument, type Node as YamlNode, type YAMLMap } from "yaml";
import { PROVIDER_DEFAULTS } from "../defaults.js";
import type { FileIR } from "../ir.js";
import { show } from "../sym.js";
import type { AgentRun, Facts, SourceLocation } from "../types.js";
import type { SourceSet } from "../../sources/collect.js";
import { kwargsOf } from "./names.js";

/**
 * CrewAI's YAML agents: a `@CrewBase` class builds each agent with `Agent(config=self.agents_config["name"])`
 * and the agent's settings live in `config/agents.yaml` next to the class (or the path its
 * `agents_config = "…"` names). Their `max_iter`, `max_execution_time`, `llm` and
 * `allow_code_execution` (with `code_execution_mode: unsafe`) are the run's bound, wall clock, model
 * and code execution, located at their line in the YAML. Settings given in the Python call win;
 * an agent with no max_iter anywhere keeps CrewAI's default (25). `max_rpm` has no fact to go to yet.
 */
export function crewaiYamlAgents(sources: SourceSet, irs: FileIR[], facts: Facts, reads: string[] = []): void {
  const runs = facts.agentRuns.filter((r) => r.framework === "crewai" && r.api === "crewai.Agent");
  if (!runs.length) return;
  const byPath = new Map(sources.files.map((f) => [f.path, f]));
  const irByPath = new Map(irs.map((ir) => [ir.path, ir]));
  const loaded = new Map<string, Loaded | undefined>();
  for (const r of runs) {
    const src = byPath.get(r.loc.file);
    const ir = irByPath.get(r.loc.file);
    if (!src || !ir || !/@CrewBase\b/.test(src.text)) continue;
    const call = ir.calls.find((c) => c.at.line === r.loc.line && c.at.column === r.loc.column);
    const kwargs = call ? kwargsOf(call.args) : undefined;
    const config = kwargs?.k === "obj" ? kwargs.props.config : undefined;
    // `self.agents_config["triager"]` evaluates to the class attribute's path and the key.
    const c = config?.v;
    // With no class attribute, `self.agents_config` is CrewBase's default, config/agents.yaml.
    const named = c?.k !== "member" ? undefined : c.obj.k === "str" ? { rel: c.obj.v, key: c.name } : /(^|\.)agents_config$/.test(show(c.obj)) ? { rel: "config/agents.yaml", key: c.name } : undefined;
    if (!named) continue;
    const { rel, key } = named;
    const file = path.posix.join(path.posix.dirname(src.path), rel);
    if (!loaded.has(file)) loaded.set(file, load(file, path.join(path.dirname(src.abs), rel), sources, facts, reads));
    const yaml = loaded.get(file);
    const agent = yaml?.agents.get(key);
    if (!yaml || !agent) continue;
    const given = kwargs?.k === "obj" ? kwargs.props : {};
    apply(r, agent, yaml, file, key, given, facts);
  }
}

interface Loaded {
  agents: Map<string, YAMLMap>;
  lc: LineCounter;
}
const MAX_BYTES = 1024 * 1024;

function load(file: string, abs: string, sources: SourceSet, facts: Facts, reads: string[]): Loaded | undefined {
  const walked = sources.walked?.find((w) => w.path === file)?.abs ?? abs;
  // Not a source file: the whole-tree facts cache checks it again (tree-cache.ts).
  reads.push(walked);
  if (!existsSync(walked)) return undefined;
  try {
    if (statSync(walked).size > MAX_BYTES) throw new Error(`larger than ${MAX_BYTES} bytes`);
    const lc = new LineCounter();
    const doc = parseDocument(readFileSync(walked, "utf8"), { lineCounter: lc });
    if (doc.errors.length) {
      // Like a source file with a syntax error: named at the error, and the agents it defines go unread.
      const e = doc.errors[0]!;
      const at = lc.linePos(e.pos[0]);
      facts.parseErrors.push({ file, loc: { file, line: at.line, column: at.col }, message: `CrewAI agent definitions: ${e.message.split("\n")[0]}` });
      return undefined;
    }
    const agents = new Map<string, YAMLMap>();
    if (isMap(doc.contents)) for (const item of doc.contents.items) if (isScalar(item.key) && isMap(item.value)) agents.set(String(item.key.value), item.value);
    return { agents, lc };
  } catch (e) {
    facts.unanalysed.push({ file, reason: `CrewAI agent definitions not read: ${(e as Error).message}` });
    return undefined;
  }
}

/** A setting at the top level of the agent, or under its `settings:`. */
function setting(agent: YAMLMap, name: string): YamlNode | undefined {
  const direct = agent.get(name, true) as YamlNode | undefined;
  if (direct !== undefined) return direct;
  const settings = agent.get("settings", true);
  return isMap(settings) ? (settings.get(name, true) as YamlNode | undefined) : undefined;
}

function apply(r: AgentRun, agent: YAMLMap, y: Loaded, file: string, key: string, given: Record<string, unknown>, facts: Facts): void {
  const at = (n: YamlNode): SourceLocation => {
    const p = y.lc.linePos(n.range?.[0] ?? 0);
    return { file, line: p.line, column: p.col };
  };
  const value = (n: YamlNode | undefined) => (isScalar(n) ? n.value : undefined);
  const maxIter = setting(agent, "max_iter");
  if (maxIter && !("max_iter" in given) && r.bound.kind === "default") {
    const v = value(maxIter);
    r.bound = typeof v === "number" ? { kind: "literal", value: v } : { kind: "dynamic", text: String(v), reason: `max_iter in ${file} is not a number` };
    r.boundLoc = at(maxIter);
  }
  const maxTime = setting(agent, "max_execution_time");
  if (maxTime && !("max_execution_time" in given) && !r.timeout) {
    const v = value(maxTime);
    r.timeout = typeof v === "number" ? { ms: v * 1000, loc: at(maxTime) } : { loc: at(maxTime) };
  }
  const llm = setting(agent, "llm");
  const model = value(llm);
  if (llm && !("llm" in given) && typeof model === "string" && /[/:]/.test(model)) {
    // A model named in the YAML: CrewAI calls that provider directly (its base URL from the environment at most).
    const provider = model.slice(0, model.search(/[/:]/)).replace(/^(gemini|vertex_ai)$/, "google");
    const d = PROVIDER_DEFAULTS[provider];
    const loc = at(llm);
    facts.modelClients.push({ loc, framework: "crewai", provider, api: `model "${model}" (CrewAI agent ${key})`, baseURL: { kind: "absent" }, ...(d?.envBaseURL ? { envDefault: d.envBaseURL } : {}), ...(d ? { defaultHost: d.host } : {}), traced: false });
    if (d) facts.urls.push({ loc, api: `baseURL (model "${model}" (CrewAI agent ${key}))`, url: d.envBaseURL ? { kind: "env", name: d.envBaseURL, fallback: d.host } : { kind: "literal", text: d.host } });
  }
  const code = setting(agent, "allow_code_execution");
  const mode = value(setting(agent, "code_execution_mode"));
  if (value(code) === true && mode === "unsafe") {
    facts.destructive.push({ loc: at(code!), op: `CrewAI agent ${key} runs model-written code on this machine (allow_code_execution with code_execution_mode: unsafe)` });
  }
}
