import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // type-graphql and the tests must share one copy of graphql, or schema
    // objects from "another module or realm" are rejected.
    alias: { graphql: require.resolve("graphql/index.js") },
  },
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    setupFiles: ["reflect-metadata"],
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Statement-count tests share a process-wide counter per file, so files
    // run in separate processes; tests inside a file run in order.
    sequence: { concurrent: false },
  },
});
