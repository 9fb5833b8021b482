import pino, { type Logger } from "pino";
import type { Config } from "./config.js";

// Structured JSON logs through pino. Request lines carry ids and counts, never
// credentials: the serializers below drop headers, and redaction covers any
// object that still carries a secret.

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
      req: (request: { method?: string; url?: string; id?: string }) => ({ method: request.method, url: request.url, id: request.id }),
      res: (reply: { statusCode?: number }) => ({ statusCode: reply.statusCode }),
    },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}
