import { lt } from "drizzle-orm";
import type { FastifyBaseLogger } from "fastify";
import { kumikiTokenRevocation } from "../../schema/kumiki.js";
import type { Database } from "../db/index.js";

// Revoked token ids. The table is the truth, shared by every instance; each
// instance keeps the live (unexpired) ids in memory and hears about new
// revocations through LISTEN/NOTIFY, so checking a token costs no query.
// While the listener is not confirmed, every check reads the table instead.

const CHANNEL = "kumiki_token_revoked";
const PURGE_INTERVAL_MS = 60 * 60 * 1000;

export class RevocationList {
  private readonly revoked = new Map<string, number>();
  private listening = false;
  private unlisten: (() => Promise<void>) | undefined;
  private purgeTimer: NodeJS.Timeout | undefined;

  constructor(private readonly db: Database, private readonly log: FastifyBaseLogger) {}

  async start(): Promise<void> {
    this.unlisten = await this.db.listen(CHANNEL, (payload) => this.remember(payload));
    await this.reload();
    this.listening = true;
    this.purgeTimer = setInterval(() => {
      this.purgeExpired().catch((error) => this.log.warn({ err: error }, "purging expired token revocations failed"));
    }, PURGE_INTERVAL_MS);
    this.purgeTimer.unref();
  }

  async stop(): Promise<void> {
    this.listening = false;
    if (this.purgeTimer !== undefined) clearInterval(this.purgeTimer);
    await this.unlisten?.().catch(() => undefined);
  }

  async isRevoked(jti: string): Promise<boolean> {
    if (this.listening) {
      const expiresAt = this.revoked.get(jti);
      return expiresAt !== undefined;
    }
    const rows = await this.db.query<{ jti: string }>("select jti from kumiki_token_revocation where jti = $1", [jti]);
    return rows.length > 0;
  }

  async revoke(entries: { jti: string; personId: string; expiresAt: Date }[]): Promise<void> {
    if (entries.length === 0) return;
    await this.db.orm
      .insert(kumikiTokenRevocation)
      .values(entries.map((entry) => ({ jti: entry.jti, personId: entry.personId, expiresAt: entry.expiresAt })))
      .onConflictDoNothing();
    for (const entry of entries) {
      this.revoked.set(entry.jti, entry.expiresAt.getTime());
      await this.db.notify(CHANNEL, `${entry.jti} ${entry.expiresAt.getTime()}`);
    }
  }

  private remember(payload: string): void {
    const [jti, expiresAt] = payload.split(" ");
    if (jti) this.revoked.set(jti, Number(expiresAt) || Date.now() + PURGE_INTERVAL_MS);
  }

  private async reload(): Promise<void> {
    const rows = await this.db.query<{ jti: string; expires_at: Date | string }>(
      "select jti, expires_at from kumiki_token_revocation where expires_at > now() at time zone 'utc'",
    );
    for (const row of rows) this.revoked.set(row.jti, new Date(row.expires_at).getTime());
  }

  private async purgeExpired(): Promise<void> {
    const now = Date.now();
    for (const [jti, expiresAt] of this.revoked) if (expiresAt < now) this.revoked.delete(jti);
    await this.db.orm.delete(kumikiTokenRevocation).where(lt(kumikiTokenRevocation.expiresAt, new Date(now)));
  }
}
