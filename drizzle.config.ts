import { defineConfig } from "drizzle-kit";

// Migrations are generated from the table declarations and committed; the
// server applies them at start-up (src/db/migrate.ts).
export default defineConfig({
  dialect: "postgresql",
  schema: "./schema/*.ts",
  out: "./schema/migrations",
});
