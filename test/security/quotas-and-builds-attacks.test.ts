import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.js";
import { loginAs } from "../support/roles.js";
import { UNKNOWN_ID } from "../support/seed-b.world.js";
import { makeSharedWorld, shareLink, type SharedWorld } from "../rest/kitsu/shared-playlists-world.js";

// Calendar edge cases and foreign roles on quotas and time totals, and
// hostile input on playlist share invitations, builds and CSV export.

let t: TestApp;
let w: SharedWorld;
let token: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeSharedWorld(t);
  token = await shareLink(t, w);
});

afterAll(async () => {
  await t.close();
});

describe("quota and time total dates", () => {
  const cases = [
    "/quota-shots/month/0/1",
    "/quota-shots/month/2025/0",
    "/quota-shots/month/2025/13",
    "/quota-shots/month/9999/12",
    "/quota-shots/week/2025/0",
    "/quota-shots/week/2025/54",
    "/quota-shots/week/2021/53",
    "/quota-shots/day/2025/2/29",
    "/quota-shots/day/2025/4/31",
    "/quota-shots/day/9999/12/31",
    "/time-spents/month/0/1",
    "/time-spents/month/9999/12",
    "/time-spents/day/2025/2/29",
    "/time-spents/day/0000/01/01",
  ];
  for (const suffix of cases) {
    it(`handles ${suffix} without a 500`, async () => {
      const response = await t.request({ method: "GET", url: `/api/data/persons/${w.artist.person.id}${suffix}`, token: w.manager.token });
      expect(response.statusCode).toBeLessThan(500);
    });
  }

  it("rejects an unknown count mode on quota shots", async () => {
    const response = await t.request({ method: "GET", url: `/api/data/persons/${w.artist.person.id}/quota-shots/month/2025/1?count_mode=%00`, token: w.manager.token });
    expect(response.statusCode).toBe(400);
  });
});

describe("quota and time total access", () => {
  it("hides another person's time totals from an artist", async () => {
    const response = await t.request({ method: "GET", url: `/api/data/persons/${w.manager.person.id}/time-spents/month/2025/1`, token: w.artist.token });
    expect(response.statusCode).toBe(403);
  });

  it("hides another person's quota shots from an artist", async () => {
    const response = await t.request({ method: "GET", url: `/api/data/persons/${w.supervisor.person.id}/quota-shots/month/2025/1`, token: w.artist.token });
    expect(response.statusCode).toBe(403);
  });

  it("hides quotas from other managers", async () => {
    const stranger = await loginAs(t, "manager");
    const response = await t.request({ method: "GET", url: `/api/data/projects/${w.project.id}/quotas/persons/${w.artist.person.id}`, token: stranger.token });
    expect(response.statusCode).toBe(403);
  });

  it("hides a person's time totals from a client", async () => {
    const response = await t.request({ method: "GET", url: `/api/data/persons/${w.artist.person.id}/time-spents/day/2025/1/6`, token: w.client.token });
    expect(response.statusCode).toBe(403);
  });
});

describe("share invitations", () => {
  const inviteUrl = (linkToken: string) => `/api/data/playlists/${w.playlistId}/share/${linkToken}/invite`;

  it("rejects a long address quickly", async () => {
    const started = Date.now();
    const response = await t.request({ method: "POST", url: inviteUrl(token), token: w.manager.token, payload: { emails: [`a@${".".repeat(40_000)}@`] } });
    expect(response.statusCode).toBe(400);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("rejects an invitation from an artist", async () => {
    const response = await t.request({ method: "POST", url: inviteUrl(token), token: w.artist.token, payload: { emails: ["x@example.com"] } });
    expect(response.statusCode).toBe(403);
  });

  it("answers 404 for a token of another playlist", async () => {
    const other = await t.make.makePlaylist({ projectId: w.project.id, name: "Other" });
    const otherToken = await shareLink(t, w, {}, other.id);
    const response = await t.request({ method: "POST", url: inviteUrl(otherToken), token: w.manager.token, payload: { emails: ["x@example.com"] } });
    expect(response.statusCode).toBe(404);
  });

  it("rejects a message that is an object", async () => {
    const response = await t.request({ method: "POST", url: inviteUrl(token), token: w.manager.token, payload: { emails: ["x@example.com"], message: { a: 1 } } });
    expect(response.statusCode).toBe(400);
  });
});

describe("playlist builds and CSV", () => {
  it("answers 404 for an unknown build job", async () => {
    const response = await t.request({ method: "GET", url: `/api/data/playlists/${w.playlistId}/jobs/${UNKNOWN_ID}`, token: w.manager.token });
    expect(response.statusCode).toBe(404);
  });

  it("rejects a build started by a vendor", async () => {
    const response = await t.request({ method: "GET", url: `/api/data/playlists/${w.playlistId}/build/mp4`, token: w.vendor.token });
    expect(response.statusCode).toBe(403);
  });

  it("rejects a CSV export by another project's manager", async () => {
    const stranger = await loginAs(t, "manager");
    const response = await t.request({ method: "GET", url: `/api/export/csv/playlists/${w.playlistId}`, token: stranger.token });
    expect(response.statusCode).toBe(403);
  });

  it("rejects a malformed CSV playlist id", async () => {
    const response = await t.request({ method: "GET", url: "/api/export/csv/playlists/not-an-id", token: w.manager.token });
    expect(response.statusCode).toBe(400);
  });
});
