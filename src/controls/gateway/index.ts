/**
 * RSG-07: when `spend.enforcement.gateway.config` is given, that file really enforces the ceiling and its
 * figures match the manifest. Reads LiteLLM proxy configs, Envoy AI Gateway (Kubernetes) manifests, Kong
 * declarative configs, Bifrost config.json, TensorZero tensorzero.toml and Azure API Management policies
 * (XML, or inside Bicep/ARM/Terraform); every finding points to the line in the config file (line 1 when
 * the key is absent).
 */
import type { Manifest } from "../../manifest/types.js";
import type { RawFinding } from "../types.js";
import type { GatewayCheckResult } from "./common.js";
import { finding } from "./common.js";
import { checkEnvoy, looksLikeEnvoy } from "./envoy.js";
import { checkKong, looksLikeKong } from "./kong.js";
import { checkLiteLLM, looksLikeLiteLLM } from "./litellm.js";
import { checkBifrost, looksLikeBifrost } from "./bifrost.js";
import { checkTensorZero, looksLikeTensorZeroFile } from "./tensorzero.js";
import { checkApim, looksLikeApim } from "./apim.js";
import { locOf, parseConfig } from "./yaml-nodes.js";
import type { ParsedConfig } from "./yaml-nodes.js";

export type { GatewayCheckResult } from "./common.js";

export interface GatewayCheckInput {
  /** manifest spend.enforcement.gateway.kind */
  kind: string | undefined;
  /** The config's path relative to the manifest folder, e.g. "infra/litellm.yaml". */
  file: string;
  /** The config file's text (already read by the engine). */
  text: string;
  manifest: Manifest;
}

type Format = "litellm" | "envoy-ai-gateway" | "kong" | "bifrost";
const FORMATS: readonly string[] = ["litellm", "envoy-ai-gateway", "kong", "bifrost"];

const FORMAT_NAMES: Record<Format, string> = {
  litellm: "a LiteLLM proxy config",
  "envoy-ai-gateway": "Envoy AI Gateway resources",
  kong: "a Kong declarative config",
  bifrost: "a Bifrost config.json",
};

const READABLE = "LiteLLM proxy config (litellm_settings.max_budget), Envoy AI Gateway resources (AIGatewayRoute llmRequestCosts + BackendTrafficPolicy rateLimit), Kong declarative config (ai-rate-limiting-advanced), Bifrost config.json (governance.budgets), TensorZero tensorzero.toml ([[rate_limiting.rules]]) and Azure API Management policies (llm-token-limit)";

function detect(cfg: ParsedConfig): Format | undefined {
  // Kubernetes resources first: a KongPlugin or an Envoy resource is unambiguous; LiteLLM keys last.
  if (looksLikeKong(cfg)) return "kong";
  if (looksLikeEnvoy(cfg)) return "envoy-ai-gateway";
  if (looksLikeBifrost(cfg)) return "bifrost";
  if (looksLikeLiteLLM(cfg)) return "litellm";
  return undefined;
}

function run(format: Format, cfg: ParsedConfig, manifest: Manifest): GatewayCheckResult {
  if (format === "litellm") return checkLiteLLM(cfg, manifest);
  if (format === "envoy-ai-gateway") return checkEnvoy(cfg, manifest);
  if (format === "bifrost") return checkBifrost(cfg, manifest);
  return checkKong(cfg, manifest);
}

export function checkGatewayConfig(input: GatewayCheckInput): GatewayCheckResult {
  // Formats that are not YAML or JSON documents are read as text with their own positions.
  if (input.kind === "tensorzero" || (input.kind !== "azure-apim" && looksLikeTensorZeroFile(input.file, input.text))) {
    return checkTensorZero(input.file, input.text, input.manifest);
  }
  if (input.kind === "azure-apim" || (/\.(xml|bicep|tf)$/i.test(input.file) && looksLikeApim(input.file, input.text))) {
    return checkApim(input.file, input.text, input.manifest);
  }
  const parsed = parseConfig(input.file, input.text);
  const declared: Format | undefined = input.kind !== undefined && FORMATS.includes(input.kind) ? (input.kind as Format) : undefined;

  if (!parsed.ok) {
    const what = declared ? FORMAT_NAMES[declared] : "a gateway config";
    const f: RawFinding = {
      level: "fail",
      message: `${input.file}:${parsed.line}:${parsed.column} cannot be parsed (${parsed.message}), so it is not ${what} that psf can check`,
      loc: { file: input.file, line: parsed.line, column: parsed.column },
      fix: `Fix the syntax of ${input.file} at line ${parsed.line}, column ${parsed.column}; check it with a YAML/JSON linter (for example \`npx yaml valid < ${input.file}\`).`,
    };
    return { findings: [f], notes: [`${input.file}: not parsed (${parsed.message} at line ${parsed.line})`] };
  }

  const cfg = parsed.config;
  const detected = detect(cfg);
  const fileLoc = locOf(cfg, null);

  if (declared) {
    if (detected && detected !== declared) {
      // The manifest says one gateway and the file is another: check what the file is, and say so.
      const result = run(detected, cfg, input.manifest);
      result.findings.unshift(finding("warn", `spend.enforcement.gateway.kind is ${declared}, but ${input.file} is ${FORMAT_NAMES[detected]}; psf checked it as ${detected}`, fileLoc, `spend:\n  enforcement:\n    gateway:\n      kind: ${detected}`));
      return result;
    }
    // Declared and recognised, or declared and unrecognisable: check as declared (an unrecognisable file then
    // fails for lack of a budget, naming what was looked for).
    return run(declared, cfg, input.manifest);
  }

  if (detected) {
    const result = run(detected, cfg, input.manifest);
    result.notes.unshift(`${input.file}: gateway kind ${input.kind ?? "(not declared)"}, read as ${FORMAT_NAMES[detected]} from its content`);
    return result;
  }

  return {
    findings: [
      finding(
        "warn",
        `psf cannot read ${input.kind ? `this ${input.kind} gateway's` : "this gateway's"} config ${input.file}: it reads ${READABLE}; the ceiling it enforces was not checked`,
        fileLoc,
        `Review ${input.file} by hand against the manifest ceiling, or point spend.enforcement.gateway.config at a config psf reads, e.g.\nlitellm_settings:\n  max_budget: <amount>\n  budget_duration: <period>`,
      ),
    ],
    notes: [`${input.file}: format not recognised (kind ${input.kind ?? "not declared"})`],
  };
}
