import type { FastifyInstance } from "fastify";
import type { AppServices } from "../context.js";
import { getOrCreateOrganisation } from "../people/organisation.service.js";

// Zou's index routes. GET / returns Zou's name and the Zou release Kumiki is
// compatible with, because clients gate features on that version.

export const ZOU_API_NAME = "Zou";
export const ZOU_COMPATIBLE_VERSION = "1.0.67";
export const KUMIKI_VERSION = "0.1.0";

export function registerIndexRoutes(app: FastifyInstance, services: AppServices): void {
  app.get("/", { config: { auth: "public" } }, async () => ({
    api: ZOU_API_NAME,
    version: ZOU_COMPATIBLE_VERSION,
    server: "Kumiki",
    server_version: KUMIKI_VERSION,
  }));

  app.get("/status", { config: { auth: "public" } }, async (request) => {
    let databaseUp = true;
    try {
      await services.db.query("select 1");
    } catch (error) {
      databaseUp = false;
      request.log.warn({ err: error }, "database health check failed");
    }
    // Kumiki needs no key-value store, event stream process, job queue
    // service or indexer of its own: the database serves those roles.
    return {
      name: ZOU_API_NAME,
      version: ZOU_COMPATIBLE_VERSION,
      "database-up": databaseUp,
      "key-value-store-up": databaseUp,
      "event-stream-up": databaseUp,
      "job-queue-up": databaseUp,
      "indexer-up": false,
    };
  });

  app.get("/config", { config: { auth: "public" } }, async () => {
    const organisation = await getOrCreateOrganisation(services.db);
    return {
      is_self_hosted: true,
      crisp_token: "",
      dark_theme_by_default: organisation.darkThemeByDefault ?? false,
      indexer_configured: false,
      saml_enabled: services.config.saml.enabled,
      saml_idp_name: services.config.saml.idpName,
      oidc_enabled: false,
      oidc_idp_name: "",
      default_locale: "en_US",
      default_timezone: "Europe/Paris",
      enforce_2fa: false,
    };
  });
}
