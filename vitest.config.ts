import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Fixture projects carry their own *.test.ts files as evidence; they are read, never run.
    include: ["test/**/*.test.ts"],
    // Temp folders: one per run, removed at the end (global-setup); project() folders after each file (setup).
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/setup.ts"],
    // One test file per core (vitest's default leaves one core idle): the CLI runs in-process, so the
    // work is CPU-bound in the test workers and the main vitest process mostly waits.
    maxWorkers: Math.max(availableParallelism(), 2),
    // Test files share a worker's loaded modules instead of each loading the compiler and parsers again
    // (most of the suite's time otherwise). Safe because no test mocks modules or changes process-wide
    // state it does not restore: the CLI gets its env, cwd and streams injected (test/helpers.ts psf()).
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
