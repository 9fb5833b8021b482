import path from "node:path";
import { describe, expect, it } from "vitest";
import { renderEml } from "../../src/mail/outbox.js";
import { testConfig } from "../support/app.js";

// The .eml files of the mail outbox and the mail settings.

const DATE = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));

describe("outbox message", () => {
  it("renders headers then body", () => {
    const eml = renderEml("no-reply@studio.example", { to: "ann@studio.example", subject: "Reset", text: "line one\nline two" }, DATE, "id-1");
    const [head, body] = eml.split("\r\n\r\n");
    expect(head.split("\r\n")).toEqual([
      "From: no-reply@studio.example",
      "To: ann@studio.example",
      "Subject: Reset",
      "Date: Fri, 02 Jan 2026 03:04:05 +0000",
      "Message-ID: <id-1@studio.example>",
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: 8bit",
    ]);
    expect(body).toBe("line one\r\nline two\r\n");
  });

  it("encodes a non-ASCII subject", () => {
    const eml = renderEml("no-reply@studio.example", { to: "ann@studio.example", subject: "Studio Ōkami", text: "" }, DATE, "id-2");
    expect(eml).toContain(`Subject: =?UTF-8?B?${Buffer.from("Studio Ōkami").toString("base64")}?=`);
  });

  it("keeps line breaks out of headers", () => {
    const eml = renderEml("no-reply@studio.example", { to: "ann@studio.example\r\nBcc: eve@example.com", subject: "A\nB", text: "" }, DATE, "id-3");
    const head = eml.split("\r\n\r\n")[0];
    expect(head).not.toMatch(/^Bcc:/m);
    expect(head).toContain("To: ann@studio.example Bcc: eve@example.com");
    expect(head).toContain("Subject: A B");
  });
});

describe("mail settings", () => {
  it("defaults the outbox under the data folder", () => {
    const config = testConfig({ DATA_DIR: "/tmp/kumiki-mail-settings" });
    expect(config.mailOutboxDir).toBe(path.resolve("/tmp/kumiki-mail-settings/outbox"));
  });

  it("derives the sender from the domain", () => {
    const config = testConfig({ DOMAIN_NAME: "kitsu.example.com:8443" });
    expect(config.mailSender).toBe("no-reply@kitsu.example.com");
  });

  it("rejects an invalid sender", () => {
    expect(() => testConfig({ MAIL_DEFAULT_SENDER: "not an address" })).toThrow(/MAIL_DEFAULT_SENDER/);
  });
});
