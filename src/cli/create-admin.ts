import { loadConfig } from "../config.js";
import { openDatabase } from "../db/index.js";
import { AppError } from "../errors.js";
import { createOrResetAdmin } from "../people/people.service.js";

// npm run create-admin -- EMAIL PASSWORD: creates an admin, or makes the
// account with this email an admin again with the new password.
const [email, password] = process.argv.slice(2);
if (email === undefined || password === undefined) {
  console.error("Usage: npm run create-admin -- EMAIL PASSWORD");
  process.exit(2);
}

const config = loadConfig();
const db = await openDatabase({ url: config.databaseUrl, dataDir: config.databaseMode === "embedded" ? config.embeddedDbDir : undefined });
try {
  await db.migrate();
  const result = await createOrResetAdmin(db, email, password);
  console.log(result.created ? `Created admin ${result.person.email}.` : `Reset ${result.person.email}: admin role and new password.`);
} catch (error) {
  if (error instanceof AppError) {
    console.error(error.message);
    process.exitCode = 2;
  } else {
    throw error;
  }
} finally {
  await db.close();
}
