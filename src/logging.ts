import pino, { type Logger } from "pino";
import type { Config } from "./config.js";

// Structured JSON logs through pino. Request lines carry ids and counts, never
// credentials: the serializers below drop headers and the bound parameters of
// failed SQL statements, and redaction covers any object that still carries a
// secret.

/**
 * Serializes an error as pino does, without the `params` that drizzle's and
 * the drivers' query errors carry: they hold the values of the statement,
 * password hashes and tokens among them. The statement text stays.
 */
function serializeError(error: Error): Record<string, unknown> {
  const serialized = pino.stdSerializers.err(error) as unknown as Record<string, unknown>;
  let current: Record<string, unknown> | undefined = serialized;
  for (let depth = 0; current !== undefined && depth < 10; depth += 1) {
    if ("params" in current) current.params = "[redacted]";
    if ("parameters" in current) current.parameters = "[redacted]";
    const cause: unknown = current.cause;
    current = typeof cause === "object" && cause !== null ? (cause as Record<string, unknown>) : undefined;
  }
  return serialized;
}

export function createLogger(config: Pick<Config, "logLevel">, destination?: { write(chunk: string): void }): Logger {
  const options: pino.LoggerOptions = {
    level: config.logLevel,
    redact: {
      paths: [
        "req.headers.authorization",
        "req.headers.cookie",
        "res.headers['set-cookie']",
        "*.password",
        "*.access_token",
        "*.refresh_token",
        "*.token",
      ],
      censor: "[redacted]",
    },
    serializers: {
      err: serializeError,
      req: (request: { method?: string; url?: string; id?: string }) => ({ method: request.method, url: request.url, id: request.id }),
      res: (reply: { statusCode?: number }) => ({ statusCode: reply.statusCode }),
    },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}
