// The help of every command, word for word as users and scripts read it (issue 15: commands register
// without loading their implementations, and their help must not change with that). The snapshot was
// recorded before the commands became lazy; a change to an option or a description updates it on purpose.
import { describe, expect, it } from "vitest";
import { psf } from "../helpers.js";

const COMMANDS = ["assess", "bundle", "init", "explain", "controls", "schema", "verify", "keygen", "audit", "audit verify", "version", "help"];

const ASKED: string[][] = [
  [],
  ["--help"],
  ["help"],
  ...COMMANDS.map((c) => ["help", ...c.split(" ")]),
  ...COMMANDS.map((c) => [...c.split(" "), "--help"]),
];

describe("help text", () => {
  it("is what it was for psf and each of its commands", async () => {
    const shown = ASKED.map((args) => {
      const r = psf(args);
      return `$ psf ${args.join(" ")}\nexit ${r.code}\n--- stdout\n${r.stdout}--- stderr\n${r.stderr}`;
    }).join("\n");
    await expect(shown).toMatchFileSnapshot("__help__/help.txt");
  });
});
