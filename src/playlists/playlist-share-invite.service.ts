import { eq, inArray } from "drizzle-orm";
import { person } from "../../schema/people.js";
import { playlistShareLink } from "../../schema/playlists.js";
import { assertProjectManager, isManager } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { requireViewer } from "../context.js";
import { BadRequestError, ForbiddenError, NotFoundError } from "../errors.js";
import { sendMail } from "../mail/outbox.js";
import { fullName } from "../people/person.json.js";
import { getOrCreateOrganisation } from "../people/organisation.service.js";
import { getPlaylistOrThrow } from "./playlist-builds.service.js";

// Share invitations: the guest link of a playlist's share link, mailed to
// addresses and to people picked by id. Nothing is stored about the
// invitation itself.

/** Maximum number of recipients of one invitation request. */
export const MAX_INVITATION_RECIPIENTS = 100;

export interface ShareInvitationInput {
  emails: string[];
  personIds: string[];
  message: string | null;
}

// A practical address check (something@domain.tld, no spaces). Zou checks
// the syntax too, without looking up the domain. Each part is matched on its
// own, in linear time, and addresses longer than RFC 5321's 254 characters
// are rejected first.
const MAX_EMAIL_LENGTH = 254;
const ADDRESS_PART = /^[^\s@<>(),;:"\\]+$/;

function isEmailAddress(text: string): boolean {
  if (text.length > MAX_EMAIL_LENGTH) return false;
  const parts = text.split("@");
  if (parts.length !== 2) return false;
  const [local, domain] = parts;
  const dot = domain.lastIndexOf(".");
  return ADDRESS_PART.test(local) && ADDRESS_PART.test(domain) && dot > 0 && dot < domain.length - 1;
}

/**
 * Mails the guest link of an active share link of the playlist to each
 * address, and to each person's address, once per address (case-insensitive).
 * Global managers who manage the project only. Unknown people and people
 * without an address are skipped, as in Zou. Returns the addresses mailed.
 */
export async function sendShareInvitations(ctx: RequestContext, playlistId: string, token: string, input: ShareInvitationInput): Promise<string[]> {
  const viewer = requireViewer(ctx);
  if (!isManager(viewer)) throw new ForbiddenError();
  const row = await getPlaylistOrThrow(ctx, playlistId);
  await assertProjectManager(ctx, row.projectId);

  const [link] = await ctx.db.orm.select().from(playlistShareLink).where(eq(playlistShareLink.token, token)).limit(1);
  if (link === undefined || link.playlistId !== playlistId || !link.isActive) throw new NotFoundError("Share link not found.");
  // NOTE(compat): Zou mails expired links too. A guest could not open them, so Kumiki rejects them.
  if (link.expirationDate !== null && link.expirationDate.getTime() <= Date.now()) throw new BadRequestError("The share link has expired. Create a new one to invite guests.");

  const recipients = new Map<string, string>();
  for (const raw of input.emails) {
    const email = raw.trim();
    if (!isEmailAddress(email)) throw new BadRequestError(`Invalid email address "${email.slice(0, 120)}".`);
    if (!recipients.has(email.toLowerCase())) recipients.set(email.toLowerCase(), email);
  }
  const people = input.personIds.length === 0 ? [] : await ctx.db.orm.select({ email: person.email }).from(person).where(inArray(person.id, input.personIds));
  for (const { email } of people) {
    if (email === null || !isEmailAddress(email.trim())) continue;
    recipients.set(email.trim().toLowerCase(), email.trim());
  }
  if (recipients.size > MAX_INVITATION_RECIPIENTS) {
    throw new BadRequestError(`Too many recipients: ${recipients.size}, at most ${MAX_INVITATION_RECIPIENTS} per request.`);
  }

  const project = await ctx.loaders.projectById.load(row.projectId);
  const organisation = await getOrCreateOrganisation(ctx.db);
  const url = `${ctx.config.domainProtocol}://${ctx.config.domainName}/playlists/shared/${encodeURIComponent(token)}`;
  const author = fullName(viewer.person);
  const lines = [
    "Hello,",
    "",
    `${author} invites you to review the playlist "${row.name}" of the production ${project?.name ?? ""}.`,
  ];
  if (input.message !== null && input.message.trim() !== "") lines.push("", input.message.trim());
  lines.push("", "Open the playlist here:", "", url);

  const sent: string[] = [];
  for (const email of recipients.values()) {
    await sendMail(ctx.config, ctx.log, { to: email, subject: `${organisation.name}: ${author} shared the playlist ${row.name}`, text: lines.join("\n") });
    sent.push(email);
  }
  ctx.log.info({ playlistId, shareLinkId: link.id, recipients: sent.length }, "share invitations sent");
  return sent;
}
