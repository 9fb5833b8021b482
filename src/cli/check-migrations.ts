import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

// npm run db:check: fails when the table declarations in schema/ and the
// committed migrations disagree. It copies the migrations to a scratch folder
// and runs drizzle-kit generate there. Any new file means a migration is missing.

const root = fileURLToPath(new URL("../..", import.meta.url));
const scratch = mkdtempSync(path.join(tmpdir(), "kumiki-migrations-"));
const out = path.join(scratch, "migrations");

try {
  cpSync(path.join(root, "schema", "migrations"), out, { recursive: true });
  const before = readdirSync(out).sort();
  // drizzle-kit reads paths relative to the working folder, and only from a script config.
  const configFile = path.join(scratch, "drizzle.config.ts");
  const settings = { dialect: "postgresql", schema: "./schema/*.ts", out: path.relative(root, out) };
  writeFileSync(configFile, `export default ${JSON.stringify(settings)};\n`);
  execFileSync(path.join(root, "node_modules", ".bin", "drizzle-kit"), ["generate", "--config", configFile], { cwd: root, stdio: "pipe" });
  const after = readdirSync(out).sort();
  const added = after.filter((name) => !before.includes(name));
  if (added.length > 0) {
    console.error(`schema/ declares changes that no migration contains (drizzle-kit generated ${added.join(", ")}).`);
    console.error("Run `npm run db:generate` and commit the new migration.");
    process.exitCode = 1;
  } else {
    console.log("Migrations match the table declarations.");
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
