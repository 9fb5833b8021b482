import { randomUUID } from "node:crypto";
import { errors as joseErrors, jwtVerify, SignJWT } from "jose";

// JWTs shaped like the ones flask-jwt-extended issues for Zou: HS256, the
// person id in `sub`, a `type` of access or refresh, a `jti` for revocation
// and `identity_type: "person"`.

export type TokenType = "access" | "refresh";

export interface TokenClaims {
  sub: string;
  jti: string;
  type: TokenType;
  exp: number;
  iat: number;
  identity_type?: string;
  /** On access tokens: the jti of the refresh token issued with it, so a logout revokes both. */
  refresh_jti?: string;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  accessClaims: TokenClaims;
  refreshClaims: TokenClaims;
}

/** Why a token was not accepted; `malformed` is Zou's 422, the others its 401. */
export type TokenFailure = "malformed" | "expired" | "wrong-type";

export class TokenError extends Error {
  constructor(readonly failure: TokenFailure, message: string) {
    super(message);
    this.name = "TokenError";
  }
}

/**
 * Max number of tokens whose verified claims are kept. A client sends the
 * same token on every request, and its HMAC check through WebCrypto was about
 * a sixth of the CPU time of a single-row read (bench/single-read-profile.ts).
 * Expiry and type are checked again on every use, and the caller checks
 * revocation each time.
 */
const VERIFIED_TOKENS_MAX = 10_000;

export class TokenService {
  private readonly key: Uint8Array;
  private readonly verified = new Map<string, TokenClaims>();

  constructor(secret: string, private readonly accessTtl: number, private readonly refreshTtl: number) {
    this.key = new TextEncoder().encode(secret);
  }

  async sign(claims: Omit<TokenClaims, "iat" | "exp" | "jti"> & { jti?: string }, ttl: number): Promise<{ token: string; claims: TokenClaims }> {
    const iat = Math.floor(Date.now() / 1000);
    const full: TokenClaims = { ...claims, jti: claims.jti ?? randomUUID(), iat, exp: iat + ttl };
    const token = await new SignJWT({ ...full, fresh: false, nbf: iat })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .sign(this.key);
    return { token, claims: full };
  }

  async issuePair(personId: string): Promise<TokenPair> {
    const refresh = await this.sign({ sub: personId, type: "refresh", identity_type: "person" }, this.refreshTtl);
    const access = await this.issueAccess(personId, refresh.claims.jti);
    return { accessToken: access.token, refreshToken: refresh.token, accessClaims: access.claims, refreshClaims: refresh.claims };
  }

  issueAccess(personId: string, refreshJti: string | undefined): Promise<{ token: string; claims: TokenClaims }> {
    return this.sign({ sub: personId, type: "access", identity_type: "person", refresh_jti: refreshJti }, this.accessTtl);
  }

  async verify(token: string, expected: TokenType): Promise<TokenClaims> {
    const claims = this.verified.get(token) ?? (await this.verifySignature(token));
    // jose rejects a token once its `exp` is reached; a remembered one is held to the same rule.
    if (claims.exp <= Math.floor(Date.now() / 1000)) {
      this.verified.delete(token);
      throw new TokenError("expired", "Token has expired");
    }
    if (claims.type !== expected) {
      throw new TokenError("wrong-type", expected === "access" ? "Only non-refresh tokens are allowed" : "Only refresh tokens are allowed");
    }
    return claims;
  }

  private async verifySignature(token: string): Promise<TokenClaims> {
    if (token.split(".").length !== 3) throw new TokenError("malformed", "Not enough segments");
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.key, { algorithms: ["HS256"] }));
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw new TokenError("expired", "Token has expired");
      if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
        throw new TokenError("malformed", "Signature verification failed");
      }
      throw new TokenError("malformed", "Invalid token");
    }
    const claims = payload as unknown as TokenClaims;
    if (typeof claims.sub !== "string" || typeof claims.jti !== "string" || typeof claims.exp !== "number") {
      throw new TokenError("malformed", "Invalid token");
    }
    // The oldest entry goes first: a Map iterates in insertion order.
    if (this.verified.size >= VERIFIED_TOKENS_MAX) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, Object.freeze(claims));
    return claims;
  }
}
