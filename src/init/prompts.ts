import { input, select } from "@inquirer/prompts";
import type { Detected } from "./detect.js";
import {
  GATEWAY_KINDS,
  checkContact,
  checkContacts,
  checkCurrency,
  checkDuration,
  checkName,
  checkPositiveInteger,
  checkPositiveMoney,
  checkUrl,
  defaultName,
  secondsToDuration,
  splitList,
  type Check,
  type GatewayKind,
  type InitAnswers,
} from "./answers.js";

/** Where the prompts read keys and draw; a test passes its own streams. */
export interface PromptStreams {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

export interface PromptDefaults {
  /** A default owner (e.g. git's user.email), used when it is a valid contact. */
  owner?: string;
}

/**
 * Ask what the code cannot say, one PSF domain at a time, each question with the reason it is asked.
 * Ctrl-C rejects with inquirer's ExitPromptError; nothing is written before every answer is in.
 */
export async function askAnswers(dir: string, detected: Detected, streams: PromptStreams, defaults: PromptDefaults = {}): Promise<InitAnswers> {
  const ctx = { input: streams.input, output: streams.output, clearPromptOnDone: false };
  const say = (line: string) => streams.output.write(`${line}\n`);
  const ask = async (message: string, why: string, validate: Check, def?: string): Promise<string> => {
    say(`  · ${why}`);
    const value = await input({ message, ...(def !== undefined ? { default: def } : {}), validate: (v) => validate(v), required: true }, ctx);
    return value.trim();
  };
  const section = (title: string) => say(`\n${title}`);

  section("Deployment");
  const owner = await ask("Owner (accountable engineer)", "named in every report; the one person answerable for this agent, who may not review it", checkContact, defaults.owner && checkContact(defaults.owner) === true ? defaults.owner : undefined);
  const name = await ask("Deployment name", "identifies this deployment in reports and attestations", checkName, defaultName(dir, detected));

  section("RSG · Resource and spend governance");
  const amount = Number((await ask("Spend ceiling per period (amount)", "the most this deployment may spend per period: every spend control enforces and alerts on it", checkPositiveMoney, "200")).replace(/^[$€£]/, ""));
  const currency = (await ask("Currency", "the ceiling's ISO 4217 currency", checkCurrency, "USD")).toUpperCase();
  const period = await ask("Ceiling period", "the ceiling resets every period (e.g. 30d for a monthly budget)", checkDuration, "30d");
  say("  · a ceiling only the agent's own code checks fails when the agent loops or is compromised; a gateway or provider budget keeps holding");
  const enforcer = await select<GatewayKind | "provider" | "aws-budgets-action" | "none">(
    {
      message: "What enforces the ceiling?",
      choices: [
        ...GATEWAY_KINDS.map((k) => ({ name: `${k} gateway`, value: k })),
        { name: "the provider's own budget limit", value: "provider" as const },
        { name: "an AWS budget whose automatic action denies Bedrock (aws-budgets-action)", value: "aws-budgets-action" as const },
        { name: "nothing yet (the report will say what to add)", value: "none" as const },
      ],
      default: detected.gateway.kind ?? (detected.gateway.urlEnv ? "litellm" : "none"),
    },
    ctx,
  );
  let enforcement: InitAnswers["enforcement"];
  if (enforcer === "provider") enforcement = { layer: "provider" };
  else if (enforcer === "aws-budgets-action") enforcement = { layer: "provider", kind: enforcer };
  else if (enforcer !== "none") {
    const url = await ask(`Gateway URL${detected.gateway.urlEnv ? ` (the agent reads it from ${detected.gateway.urlEnv})` : ""}`, "the endpoints allowlist and the cross-check against the gateway's config use it", checkUrl, detected.gateway.url ?? "http://llm-gateway.internal:4000");
    enforcement = { layer: "gateway", kind: enforcer, url };
  }
  const alertChannels = splitList(await ask("Spend alert channel(s)", "who hears when spend reaches 50%, 80% and 100% of the ceiling", checkContacts, owner));

  section("OOC · Operator oversight checkpoints");
  const approvers = splitList(await ask("Approvers (comma-separated)", "people who approve write, destructive and spend tool calls and checkpoint pauses while the agent runs", checkContacts));
  const notify = splitList(await ask("Notify channel(s)", "where checkpoint reports and pauses are announced", checkContacts, alertChannels.join(", ")));

  section("ABC · Agentic behavior boundary controls");
  const maxSteps = Number(await ask("Max steps per run", detected.maxSteps !== undefined ? `the source sets ${detected.maxSteps}; a run stops there even if the model never says it is done` : "a run stops there even if the model never says it is done", checkPositiveInteger, String(detected.maxSteps ?? 25)));
  const timeout = await ask("Run timeout (wall clock)", "a run is aborted after this long, whatever it is doing (30m, 2h)", checkDuration, detected.timeoutSeconds !== undefined ? secondsToDuration(detected.timeoutSeconds) : "1h");

  section("DRA · Deployment readiness assessment");
  const notOwner: Check = (v) => {
    const r = checkContacts(v);
    if (r !== true) return r;
    return splitList(v).some((x) => x.toLowerCase() === owner.toLowerCase()) ? `${owner} is the owner: readiness needs a reviewer other than the owner` : true;
  };
  const reviewers = splitList(await ask("Readiness reviewers (comma-separated)", "someone other than the owner signs off that this deployment is ready", notOwner));

  return { name, owner, ceiling: { amount, currency, period }, ...(enforcement ? { enforcement } : {}), alertChannels, approvers, notify, maxSteps, timeout, reviewers };
}
