// Runs in every test file: throwaway projects are removed when the file is done.
import { afterAll } from "vitest";
import { removeProjects } from "./helpers.js";
import { loadParsersFor } from "../src/facts/front-ends.js";

// Tests call extractFacts directly, as psf does after loading the front ends its files need
// (assess and init load them lazily; test/speed checks that in a real process).
await loadParsersFor(["a.ts", "a.py"]);

afterAll(removeProjects);
