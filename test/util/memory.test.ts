import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { releasePhaseGarbage } from "../../src/util/memory.js";

describe("releasePhaseGarbage", () => {
  it("does nothing on a small heap", () => {
    expect(releasePhaseGarbage(Number.MAX_SAFE_INTEGER)).toBe(false);
  });

  it("runs a full collection on a large one, and leaves no `gc` to any other context", () => {
    expect(releasePhaseGarbage(0)).toBe(true);
    expect(vm.runInNewContext("typeof gc")).toBe("undefined");
    expect(typeof (globalThis as { gc?: unknown }).gc).toBe("undefined");
    // Asked again, it uses the collection it already has.
    expect(releasePhaseGarbage(0)).toBe(true);
    expect(vm.runInNewContext("typeof gc")).toBe("undefined");
  });
});
