import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Fixture projects carry their own *.test.ts files as evidence; they are read, never run.
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
