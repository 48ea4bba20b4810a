// A control test the project already has: the gateway refuses calls past the budget.
import { strict as assert } from "node:assert";
assert.equal(typeof process.env.TRIAGE_GATEWAY_URL, "string", "the spend cap lives at the gateway");
