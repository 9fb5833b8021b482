import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { printSchema } from "graphql";
import { getSchema } from "../graphql/schema.js";

// npm run schema:emit: writes the GraphQL SDL to schema/schema.graphql, which
// is committed; a test fails when it is stale.
export const SCHEMA_FILE = fileURLToPath(new URL("../../schema/schema.graphql", import.meta.url));

const schema = await getSchema();
await writeFile(SCHEMA_FILE, `${printSchema(schema)}\n`);
console.log(`Wrote ${SCHEMA_FILE}`);
