/** The manifest as the schema admits it (manifest-v1.md). Every field but the three required is optional. */

export type Duration = string;
export type Contact = string;

export interface Money {
  amount: number;
  currency: string;
}

export interface Checkpoint {
  trigger: "budget_percent" | "call_volume" | "elapsed" | "out_of_scope";
  at?: number;
  calls?: number;
  window?: Duration;
  every?: Duration;
  action?: "pause_for_approval" | "report" | "notify" | "suspend" | "terminate";
}

export type ToolAccess = "read" | "write" | "destructive" | "spend";

export interface ToolDeclaration {
  name: string;
  access: ToolAccess;
  requires_approval?: boolean;
}

export interface Waiver {
  control: string;
  reason?: string;
  approved_by?: Contact;
  expires?: string;
}

export const GATEWAY_KINDS = ["litellm", "envoy-ai-gateway", "kong", "bifrost", "tensorzero", "azure-apim", "helicone", "cloudflare", "portkey", "openrouter", "vercel-ai-gateway", "other"] as const;
export type GatewayKind = (typeof GATEWAY_KINDS)[number];

export const PROVIDER_ENFORCEMENT_KINDS = ["aws-budgets-action"] as const;
export type ProviderEnforcementKind = (typeof PROVIDER_ENFORCEMENT_KINDS)[number];

export interface Manifest {
  psf: 1;
  deployment: { name: string; owner: Contact; environment?: "production" | "staging" | "development" };
  agent?: { root?: string; include?: string[]; exclude?: string[] };
  spend?: {
    ceiling?: Money & { period: Duration };
    per_run?: Money;
    enforcement?: {
      layer?: "gateway" | "provider" | "application";
      on_exceed?: "suspend" | "terminate" | "alert";
      gateway?: {
        kind?: GatewayKind;
        url?: string;
        url_env?: string;
        key_env?: string;
        config?: string;
        /** For budgets kept in a dashboard: an exported budget, a ticket or a screenshot's text, bundled for the auditor. */
        budget_evidence?: string;
      };
      /** With layer: provider, the provider-side mechanism that stops spending and the IaC file that sets it up. */
      provider?: { kind?: ProviderEnforcementKind; config?: string };
    };
    alerts?: { thresholds?: number[]; channels?: Contact[] };
    cost_model?: { max_cost_per_call?: Money };
  };
  oversight?: {
    checkpoints?: Checkpoint[];
    pause_signal?: { mechanism?: "poll" | "push"; interval?: Duration };
    approvers?: Contact[];
    notify?: Contact[];
  };
  boundaries?: {
    endpoints?: { allow?: string[] };
    tools?: ToolDeclaration[];
    limits?: {
      max_steps?: number;
      max_tool_calls?: number;
      max_subtasks?: number;
      max_depth?: number;
      max_concurrency?: number;
      rate?: { calls: number; per: Duration; enforced_by?: "gateway" | "application" };
      timeout?: Duration;
      max_retries?: number;
    };
    termination?: string[];
    policy?: { engine?: "opa" | "cedar" | "code"; files?: string[] };
  };
  audit?: {
    schema?: string;
    sink?: { kind?: string; location?: string; queryable?: boolean };
    tamper_evidence?: "hash_chain" | "ed25519" | "none";
    signing_key_access?: "orchestrator" | "agent";
    retention?: Duration;
  };
  readiness?: {
    reviewers?: Contact[];
    reviewed_at?: string;
    control_tests?: string[];
    reassess_every?: Duration;
  };
  waivers?: Waiver[];
}

/** A path into the manifest: `["spend", "ceiling", "amount"]`, `["waivers", 0, "reason"]`. */
export type ManifestPath = ReadonlyArray<string | number>;

/** Where a manifest finding points: the manifest's name as shown in reports, and the YAML node's position. */
export interface ManifestLocation {
  file: string;
  line: number;
  column: number;
}
