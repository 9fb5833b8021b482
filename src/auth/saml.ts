import { readFile } from "node:fs/promises";
import { SAML, ValidateInResponseTo, type Profile } from "@node-saml/node-saml";
import { DOMParser } from "@xmldom/xmldom";
import { lt, sql } from "drizzle-orm";
import { kumikiSamlAssertion } from "../../schema/kumiki.js";
import type { Config, SamlConfig } from "../config.js";
import type { Database } from "../db/index.js";

// SAML 2.0 single sign-on, with Kumiki as the service provider (SP) of one
// identity provider (IdP), set up as Zou sets it up. Authentication requests
// go out unsigned over the HTTP-Redirect binding and responses come back over
// HTTP-POST. Assertions must be signed, the response envelope need not be,
// and unsolicited responses are accepted.
// node-saml checks the signatures, the audience and the Conditions time
// window. This module adds the checks it leaves out (issuer, recipient,
// destination, bearer confirmation window), and rejects replayed assertions
// through the kumiki_saml_assertion table, which every instance sharing the
// database reads.

const METADATA_NS = "urn:oasis:names:tc:SAML:2.0:metadata";
const ASSERTION_NS = "urn:oasis:names:tc:SAML:2.0:assertion";
const PROTOCOL_NS = "urn:oasis:names:tc:SAML:2.0:protocol";
const XMLDSIG_NS = "http://www.w3.org/2000/09/xmldsig#";
const REDIRECT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
const BEARER_METHOD = "urn:oasis:names:tc:SAML:2.0:cm:bearer";

/** Zou waits this long for the IdP metadata. */
const METADATA_TIMEOUT_MS = 30_000;

/** A SAML response Kumiki rejects, with the HTTP status of the reply. */
export class SamlRejection extends Error {
  readonly status: 400 | 401;

  constructor(status: 400 | 401, message: string) {
    super(message);
    this.name = "SamlRejection";
    this.status = status;
  }
}

/** The IdP metadata could not be read or is unusable, so the SAML routes reply 503. */
export class SamlUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SamlUnavailableError";
  }
}

export interface IdpMetadata {
  entityId: string;
  /** Single sign-on URL of the HTTP-Redirect binding. */
  ssoRedirectUrl: string;
  /** Base64 DER signing certificates. */
  certificates: string[];
}

/** The person an accepted assertion names, with the optional attributes Zou reads. */
export interface SamlIdentity {
  email: string;
  attributes: Record<string, unknown>;
}

function parseXml(xml: string): Document {
  const errors: string[] = [];
  const record = (message: string) => errors.push(message);
  const document = new DOMParser({ errorHandler: { warning: () => {}, error: record, fatalError: record } }).parseFromString(xml, "text/xml");
  if (errors.length > 0 || document.documentElement === null) throw new Error(errors[0] ?? "empty document");
  return document;
}

function childElements(parent: Element, namespace: string, localName: string): Element[] {
  const found: Element[] = [];
  for (let node = parent.firstChild; node !== null; node = node.nextSibling) {
    if (node.nodeType === 1) {
      const element = node as Element;
      if (element.namespaceURI === namespace && element.localName === localName) found.push(element);
    }
  }
  return found;
}

/** Reads the IdP's entity id, HTTP-Redirect single sign-on URL and signing certificates from its metadata. */
export function parseIdpMetadata(xml: string): IdpMetadata {
  let document: Document;
  try {
    document = parseXml(xml);
  } catch (error) {
    throw new SamlUnavailableError(`The SAML IdP metadata is not valid XML: ${(error as Error).message}`);
  }

  // The metadata may be one EntityDescriptor or an EntitiesDescriptor
  // holding several: take the first that describes an IdP.
  const descriptors = [...Array.from(document.getElementsByTagNameNS(METADATA_NS, "EntityDescriptor"))];
  const entity = descriptors.find((candidate) => childElements(candidate, METADATA_NS, "IDPSSODescriptor").length > 0);
  if (entity === undefined) throw new SamlUnavailableError("The SAML IdP metadata has no IDPSSODescriptor.");
  const entityId = entity.getAttribute("entityID") ?? "";
  const idp = childElements(entity, METADATA_NS, "IDPSSODescriptor")[0];

  const redirectService = childElements(idp, METADATA_NS, "SingleSignOnService").find((service) => service.getAttribute("Binding") === REDIRECT_BINDING);
  const ssoRedirectUrl = redirectService?.getAttribute("Location") ?? "";
  if (!/^https?:\/\//.test(ssoRedirectUrl)) {
    throw new SamlUnavailableError("The SAML IdP metadata has no SingleSignOnService with the HTTP-Redirect binding.");
  }

  // A KeyDescriptor without `use` serves both signing and encryption.
  const certificates = childElements(idp, METADATA_NS, "KeyDescriptor")
    .filter((key) => (key.getAttribute("use") ?? "signing") === "signing")
    .flatMap((key) => Array.from(key.getElementsByTagNameNS(XMLDSIG_NS, "X509Certificate")))
    .map((certificate) => (certificate.textContent ?? "").replace(/\s+/g, ""))
    .filter((certificate) => certificate !== "");
  if (certificates.length === 0) throw new SamlUnavailableError("The SAML IdP metadata has no signing certificate.");

  return { entityId, ssoRedirectUrl, certificates };
}

function parseInstant(value: string | null, name: string): number | undefined {
  if (value === null || value === "") return undefined;
  const instant = Date.parse(value);
  if (Number.isNaN(instant)) throw new SamlRejection(401, `The SAML assertion has an invalid ${name}: "${value.slice(0, 40)}".`);
  return instant;
}

/**
 * Checks what node-saml leaves out, on the verified assertion: its issuer,
 * and a bearer subject confirmation addressed to our assertion consumer
 * service and still valid. Returns the assertion id and when it expires.
 */
function checkAssertion(assertionXml: string, metadata: IdpMetadata, settings: SamlConfig, nowMs: number): { id: string; expiresAt: Date } {
  const assertion = parseXml(assertionXml).documentElement!;
  const skewMs = settings.clockSkewSeconds * 1000;

  const id = assertion.getAttribute("ID") ?? "";
  if (id === "") throw new SamlRejection(401, "The SAML assertion has no ID.");

  const issuer = childElements(assertion, ASSERTION_NS, "Issuer")[0]?.textContent?.trim() ?? "";
  if (metadata.entityId !== "" && issuer !== metadata.entityId) {
    throw new SamlRejection(401, `The SAML assertion comes from an unexpected issuer: "${issuer.slice(0, 200)}".`);
  }

  const subject = childElements(assertion, ASSERTION_NS, "Subject")[0];
  const confirmations = subject === undefined
    ? []
    : childElements(subject, ASSERTION_NS, "SubjectConfirmation")
        .filter((confirmation) => confirmation.getAttribute("Method") === BEARER_METHOD)
        .map((confirmation) => childElements(confirmation, ASSERTION_NS, "SubjectConfirmationData")[0])
        .filter((data): data is Element => data !== undefined);
  const addressed = confirmations.filter((data) => data.getAttribute("Recipient") === settings.acsUrl);
  if (addressed.length === 0) {
    const recipients = confirmations.map((data) => data.getAttribute("Recipient") ?? "").join(", ");
    throw new SamlRejection(401, `The SAML assertion is not addressed to ${settings.acsUrl} (recipient: "${recipients.slice(0, 200)}").`);
  }

  // The SAML 2.0 Web Browser SSO profile requires NotOnOrAfter on the bearer
  // confirmation, so a confirmation without one is not valid.
  const validUntil = addressed
    .filter((data) => {
      const notBefore = parseInstant(data.getAttribute("NotBefore"), "NotBefore");
      const notOnOrAfter = parseInstant(data.getAttribute("NotOnOrAfter"), "NotOnOrAfter");
      if (notOnOrAfter === undefined || nowMs - skewMs >= notOnOrAfter) return false;
      return notBefore === undefined || nowMs + skewMs >= notBefore;
    })
    .map((data) => parseInstant(data.getAttribute("NotOnOrAfter"), "NotOnOrAfter")!);
  if (validUntil.length === 0) throw new SamlRejection(401, "The SAML assertion has expired or is not yet valid.");

  const conditions = childElements(assertion, ASSERTION_NS, "Conditions")[0];
  const conditionsEnd = parseInstant(conditions?.getAttribute("NotOnOrAfter") ?? null, "NotOnOrAfter");
  const expiresAtMs = Math.min(Math.max(...validUntil), conditionsEnd ?? Number.POSITIVE_INFINITY) + skewMs;
  return { id, expiresAt: new Date(expiresAtMs) };
}

/** Checks the response envelope's Destination, which the envelope need not sign but must not contradict. */
function checkDestination(responseXml: string, settings: SamlConfig): void {
  const response = parseXml(responseXml).documentElement!;
  if (response.namespaceURI !== PROTOCOL_NS || response.localName !== "Response") {
    throw new SamlRejection(400, "SAMLResponse does not hold a SAML Response.");
  }
  const destination = response.getAttribute("Destination");
  if (destination !== null && destination !== "" && destination !== settings.acsUrl) {
    throw new SamlRejection(401, `The SAML response is addressed to another destination: "${destination.slice(0, 200)}".`);
  }
}

/** Decodes the SAMLResponse form field, rejecting what is not base64-encoded XML. */
function decodeResponse(encoded: string): string {
  const compact = encoded.replace(/\s+/g, "");
  if (compact === "" || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    throw new SamlRejection(400, "SAMLResponse is not base64-encoded.");
  }
  const xml = Buffer.from(compact, "base64").toString("utf8");
  try {
    parseXml(xml);
  } catch {
    throw new SamlRejection(400, "SAMLResponse is not an XML document.");
  }
  return xml;
}

/** Reads the NameID as an email address, lower-cased as Zou stores emails. */
function readEmail(profile: Profile): string {
  const email = (profile.nameID ?? "").trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+$/.test(email) || email.length > 255) {
    throw new SamlRejection(401, "The SAML assertion's NameID is not an email address.");
  }
  return email;
}

/** Stores an assertion id until it expires, and returns false when the id was already used. */
async function consumeAssertionId(db: Database, id: string, expiresAt: Date): Promise<boolean> {
  await db.orm.delete(kumikiSamlAssertion).where(lt(kumikiSamlAssertion.expiresAt, sql`now()`));
  const inserted = await db.orm
    .insert(kumikiSamlAssertion)
    .values({ id: id.slice(0, 255), expiresAt })
    .onConflictDoNothing()
    .returning({ id: kumikiSamlAssertion.id });
  return inserted.length > 0;
}

/** One IdP, its metadata loaded on first use and kept once it loads. */
export class SamlServiceProvider {
  private metadata: Promise<IdpMetadata> | undefined;

  constructor(private readonly settings: SamlConfig) {}

  /** Loads the IdP metadata; a failed load is not kept, so the next request tries again (as Zou refetches). */
  loadMetadata(): Promise<IdpMetadata> {
    this.metadata ??= this.readMetadata().catch((error: unknown) => {
      this.metadata = undefined;
      throw error;
    });
    return this.metadata;
  }

  private async readMetadata(): Promise<IdpMetadata> {
    const { metadataXml, metadataFile, metadataUrl } = this.settings;
    if (metadataXml !== undefined) return parseIdpMetadata(metadataXml);
    if (metadataFile !== undefined) {
      const xml = await readFile(metadataFile, "utf8").catch((error: NodeJS.ErrnoException) => {
        throw new SamlUnavailableError(`The SAML IdP metadata file ${metadataFile} could not be read: ${error.code ?? error.message}.`);
      });
      return parseIdpMetadata(xml);
    }
    if (metadataUrl === undefined) throw new SamlUnavailableError("No SAML IdP metadata is configured.");

    let response: Response;
    try {
      response = await fetch(metadataUrl, { signal: AbortSignal.timeout(METADATA_TIMEOUT_MS) });
    } catch (error) {
      throw new SamlUnavailableError(`The SAML IdP metadata could not be fetched from ${metadataUrl}: ${(error as Error).message}.`);
    }
    if (!response.ok) {
      throw new SamlUnavailableError(`The SAML IdP metadata could not be fetched from ${metadataUrl}: HTTP status ${response.status}.`);
    }
    return parseIdpMetadata(await response.text());
  }

  private client(metadata: IdpMetadata): SAML {
    return new SAML({
      idpCert: metadata.certificates,
      issuer: this.settings.spEntityId,
      audience: this.settings.spEntityId,
      callbackUrl: this.settings.acsUrl,
      entryPoint: metadata.ssoRedirectUrl,
      wantAssertionsSigned: true,
      wantAuthnResponseSigned: false,
      acceptedClockSkewMs: this.settings.clockSkewSeconds * 1000,
      // Unsolicited responses are accepted, as in Zou; replays are caught by
      // the assertion id table instead of a per-instance request cache.
      validateInResponseTo: ValidateInResponseTo.never,
      // Zou requests no authentication context, so IdPs that log users in
      // with something other than a password still accept the request.
      disableRequestedAuthnContext: true,
    });
  }

  /** Builds the IdP URL carrying an unsigned, deflated AuthnRequest and no RelayState. */
  async buildLoginUrl(): Promise<string> {
    const metadata = await this.loadMetadata();
    return this.client(metadata).getAuthorizeUrlAsync("", undefined, {});
  }

  /** Validates a base64 SAMLResponse and records its assertion id; returns the identity it asserts. */
  async acceptResponse(db: Database, encoded: string): Promise<SamlIdentity> {
    const xml = decodeResponse(encoded);
    const metadata = await this.loadMetadata();

    let profile: Profile | null;
    try {
      ({ profile } = await this.client(metadata).validatePostResponseAsync({ SAMLResponse: encoded.replace(/\s+/g, "") }));
    } catch (error) {
      throw new SamlRejection(401, `The SAML response was rejected: ${(error as Error).message}`);
    }
    if (profile === null) throw new SamlRejection(401, "The SAML response carries no assertion.");

    checkDestination(xml, this.settings);
    const assertionXml = profile.getAssertionXml?.();
    if (assertionXml === undefined) throw new SamlRejection(401, "The SAML response carries no signed assertion.");
    const { id, expiresAt } = checkAssertion(assertionXml, metadata, this.settings, Date.now());
    const email = readEmail(profile);

    if (!(await consumeAssertionId(db, id, expiresAt))) {
      throw new SamlRejection(401, "The SAML assertion was already used.");
    }
    const attributes = (profile.attributes ?? {}) as Record<string, unknown>;
    return { email, attributes };
  }
}

const providers = new WeakMap<Config, SamlServiceProvider>();

/** Returns the service provider of a configuration, made once so its metadata is loaded once. */
export function samlServiceProvider(config: Config): SamlServiceProvider {
  let provider = providers.get(config);
  if (provider === undefined) {
    provider = new SamlServiceProvider(config.saml);
    providers.set(config, provider);
  }
  return provider;
}
