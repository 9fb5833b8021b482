import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { FastifyBaseLogger } from "fastify";
import type { Config } from "../config.js";

// Outgoing mail. Kumiki has no SMTP client, so every message is written as an
// RFC 5322 .eml file to the outbox folder (KUMIKI_MAIL_OUTBOX), where an
// operator or a mail relay can pick it up.

export interface MailMessage {
  to: string;
  subject: string;
  /** Plain-text body. */
  text: string;
}

/** Removes line breaks, so that a value cannot add header lines. */
function headerValue(value: string): string {
  return value.replace(/[\r\n]+/g, " ").trim();
}

/** Encodes a header text as an RFC 2047 encoded word when it is not plain ASCII. */
function encodedHeaderText(value: string): string {
  const clean = headerValue(value);
  if (/^[\x20-\x7e]*$/.test(clean)) return clean;
  return `=?UTF-8?B?${Buffer.from(clean, "utf8").toString("base64")}?=`;
}

/** Renders a message as an .eml file: headers, a blank line, then the UTF-8 body with CRLF line ends. */
export function renderEml(from: string, message: MailMessage, date: Date, messageId: string): string {
  const domain = from.split("@")[1] ?? "localhost";
  const headers = [
    `From: ${headerValue(from)}`,
    `To: ${headerValue(message.to)}`,
    `Subject: ${encodedHeaderText(message.subject)}`,
    `Date: ${date.toUTCString().replace("GMT", "+0000")}`,
    `Message-ID: <${messageId}@${domain}>`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: 8bit",
  ];
  const body = message.text.replace(/\r?\n/g, "\r\n");
  return `${headers.join("\r\n")}\r\n\r\n${body}\r\n`;
}

/**
 * Writes a message to the outbox folder and returns the file's path. The
 * file is readable by its owner only, because messages carry reset tokens.
 */
export async function sendMail(config: Config, log: FastifyBaseLogger, message: MailMessage): Promise<string> {
  const now = new Date();
  const messageId = randomUUID();
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  const file = path.join(config.mailOutboxDir, `${stamp}-${messageId}.eml`);

  await mkdir(config.mailOutboxDir, { recursive: true, mode: 0o700 });
  await writeFile(file, renderEml(config.mailSender, message, now, messageId), { mode: 0o600 });
  log.warn({ file }, "No SMTP server is configured, so the message was written to the mail outbox folder instead of being sent.");
  return file;
}
