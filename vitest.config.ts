import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    setupFiles: ["tests/support/setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Two cores: integration suites each start real local engines, so keep files from stampeding.
    maxWorkers: 2,
  },
});
