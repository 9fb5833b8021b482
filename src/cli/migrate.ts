import { loadConfig } from "../config.js";
import { openDatabase } from "../db/index.js";

// npm run db:migrate: applies the pending migrations to the configured database.
const config = loadConfig();
const db = await openDatabase({ url: config.databaseUrl, dataDir: config.databaseMode === "embedded" ? config.embeddedDbDir : undefined });
try {
  await db.migrate();
  console.log(`Migrations applied (${config.databaseMode} database).`);
} finally {
  await db.close();
}
