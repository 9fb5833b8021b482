import { afterEach, describe, expect, it, vi } from "vitest";
import { TokenError, TokenService } from "../../src/auth/tokens.js";

// TokenService remembers the tokens whose signature it verified; a
// remembered token must still expire, keep its type and never vouch for
// another string.

const SECRET = "verified-tokens-secret-that-is-long-enough";

afterEach(() => {
  vi.useRealTimers();
});

async function failureOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error instanceof TokenError ? error.failure : "other";
  }
}

describe("remembered tokens", () => {
  it("expire at their exp like fresh ones", async () => {
    const service = new TokenService(SECRET, 60, 600);
    const { token } = await service.issueAccess("person-1", undefined);
    await service.verify(token, "access");

    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 61_000);
    expect(await failureOf(service.verify(token, "access"))).toBe("expired");
  });

  it("keep the type check", async () => {
    const service = new TokenService(SECRET, 60, 600);
    const { token } = await service.issueAccess("person-1", undefined);
    await service.verify(token, "access");
    expect(await failureOf(service.verify(token, "refresh"))).toBe("wrong-type");
  });

  it("do not vouch for a token with another signature", async () => {
    const service = new TokenService(SECRET, 60, 600);
    const { token } = await service.issueAccess("person-1", undefined);
    await service.verify(token, "access");

    const [header, payload, signature] = token.split(".");
    const tampered = `${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith("AA") ? "BB" : "AA"}`;
    expect(await failureOf(service.verify(tampered, "access"))).toBe("malformed");
  });

  it("are rejected by another secret's service", async () => {
    const service = new TokenService(SECRET, 60, 600);
    const other = new TokenService(`${SECRET}-other`, 60, 600);
    const { token } = await service.issueAccess("person-1", undefined);
    await service.verify(token, "access");
    expect(await failureOf(other.verify(token, "access"))).toBe("malformed");
  });
});
