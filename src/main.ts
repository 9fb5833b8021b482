import { loadConfig, ConfigError } from "./config.js";
import { openDatabase } from "./db/index.js";
import { createLogger } from "./logging.js";
import { bootstrapAdmin } from "./people/people.service.js";
import { buildServer } from "./server.js";

// Starts Kumiki: reads the settings, opens and migrates the database,
// creates the first admin if there is none, and listens.

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const log = createLogger(config);

  const db = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.databaseMode === "embedded" ? config.embeddedDbDir : undefined,
    poolSize: config.dbPoolSize,
    onQuery: config.logLevel === "debug" || config.logLevel === "trace"
      ? (query, params) => log.debug({ query, paramCount: params.length }, "sql")
      : undefined,
  });
  await db.migrate();
  log.info({ mode: config.databaseMode, dataDir: config.dataDir }, "database ready");

  const admin = await bootstrapAdmin(db, config.adminEmail, config.adminPassword);
  if (admin?.generatedPassword !== undefined) {
    // Printed once, on the console only: it is not kept anywhere else.
    console.log(`\nKumiki created the first admin account.\n  email:    ${admin.email}\n  password: ${admin.generatedPassword}\nChange it after logging in.\n`);
  } else if (admin !== null) {
    log.info({ email: admin.email }, "created the first admin account");
  }

  const { app } = await buildServer({ config, db });
  const shutdown = async (signal: string) => {
    app.log.info({ signal }, "shutting down");
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));

  await app.listen({ port: config.port, host: config.host });
}

main().catch((error: unknown) => {
  // A failed query's message lists its parameters (a password hash, say):
  // print the database's own message instead.
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  console.error("Kumiki failed to start:", cause instanceof Error ? (cause.stack ?? cause.message) : cause);
  process.exit(1);
});
