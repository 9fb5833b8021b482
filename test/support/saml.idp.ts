import { randomUUID } from "node:crypto";
import { inflateRawSync } from "node:zlib";
import * as samlify from "samlify";
import { generate } from "selfsigned";

// A SAML identity provider run in-process for tests: samlify signs real
// responses with a key pair and a self-signed certificate made at test time.
// Each response can be bent (audience, recipient, time window, signature) to
// exercise one check of the service provider.

export interface KeyPair {
  privateKey: string;
  certificate: string;
}

export async function makeKeyPair(commonName = "Test IdP"): Promise<KeyPair> {
  const pems = await generate([{ name: "commonName", value: commonName }], { keySize: 2048, algorithm: "sha256" });
  return { privateKey: pems.private, certificate: pems.cert };
}

const POST_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";
const REDIRECT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
const EMAIL_FORMAT = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";

export interface ServiceProviderAddress {
  entityId: string;
  acsUrl: string;
}

export interface ResponseOptions {
  email: string;
  /** Attribute name to one or several values. */
  attributes?: Record<string, string | string[]>;
  audience?: string;
  recipient?: string;
  destination?: string;
  issuedAt?: Date;
  notBefore?: Date;
  notOnOrAfter?: Date;
  /** What the IdP signs: the assertion (default), only the response envelope, or nothing. */
  sign?: "assertion" | "response" | "none";
  /** Signs with this key instead of the one in the metadata. */
  signingKeys?: KeyPair;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function attributeStatement(attributes: Record<string, string | string[]>): string {
  const entries = Object.entries(attributes);
  if (entries.length === 0) return "";
  const body = entries
    .map(([name, value]) => {
      const values = (Array.isArray(value) ? value : [value])
        .map((item) => `<saml:AttributeValue xsi:type="xs:string">${escapeXml(item)}</saml:AttributeValue>`)
        .join("");
      return `<saml:Attribute Name="${escapeXml(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic">${values}</saml:Attribute>`;
    })
    .join("");
  return `<saml:AttributeStatement>${body}</saml:AttributeStatement>`;
}

export class TestIdentityProvider {
  readonly entityId = "https://idp.example.test/metadata";
  readonly ssoUrl = "https://idp.example.test/sso";

  constructor(readonly keys: KeyPair) {}

  private identityProvider(keys: KeyPair) {
    return samlify.IdentityProvider({
      entityID: this.entityId,
      privateKey: keys.privateKey,
      // The metadata always names the genuine certificate.
      signingCert: this.keys.certificate,
      nameIDFormat: [EMAIL_FORMAT],
      singleSignOnService: [
        { Binding: REDIRECT_BINDING, Location: this.ssoUrl },
        { Binding: POST_BINDING, Location: this.ssoUrl },
      ],
      singleLogoutService: [{ Binding: REDIRECT_BINDING, Location: `${this.ssoUrl}/logout` }],
    });
  }

  /** The IdP metadata XML, as an administrator would give it to the service provider. */
  metadata(): string {
    return this.identityProvider(this.keys).getMetadata();
  }

  /** Builds a base64 SAMLResponse for the service provider, as the IdP would post it. */
  async respond(sp: ServiceProviderAddress, options: ResponseOptions): Promise<string> {
    const now = options.issuedAt ?? new Date();
    const notOnOrAfter = options.notOnOrAfter ?? new Date(now.getTime() + 5 * 60 * 1000);
    const values = {
      ID: `_${randomUUID()}`,
      AssertionID: `_${randomUUID()}`,
      Destination: options.destination ?? sp.acsUrl,
      Audience: options.audience ?? sp.entityId,
      SubjectRecipient: options.recipient ?? sp.acsUrl,
      Issuer: this.entityId,
      IssueInstant: now.toISOString(),
      StatusCode: "urn:oasis:names:tc:SAML:2.0:status:Success",
      ConditionsNotBefore: (options.notBefore ?? now).toISOString(),
      ConditionsNotOnOrAfter: notOnOrAfter.toISOString(),
      SubjectConfirmationDataNotOnOrAfter: notOnOrAfter.toISOString(),
      NameIDFormat: EMAIL_FORMAT,
      NameID: options.email,
      InResponseTo: null,
      AuthnStatement: "",
    };
    const template = samlify.SamlLib.defaultLoginResponseTemplate.context.replace("{AttributeStatement}", attributeStatement(options.attributes ?? {}));
    const xml = samlify.SamlLib.replaceTagsByValue(template, values);

    const sign = options.sign ?? "assertion";
    if (sign === "none") return Buffer.from(xml, "utf8").toString("base64");

    const serviceProvider = samlify.ServiceProvider({
      entityID: sp.entityId,
      assertionConsumerService: [{ Binding: POST_BINDING, Location: sp.acsUrl }],
      // samlify signs the assertion when the SP wants it, and otherwise the response envelope.
      wantAssertionsSigned: sign === "assertion",
    });
    const idp = this.identityProvider(options.signingKeys ?? this.keys);
    const result = await idp.createLoginResponse(serviceProvider, {} as never, "post", { email: options.email }, () => ({ id: values.ID, context: xml }));
    return (result as { context: string }).context;
  }
}

/** Decodes the SAMLRequest of an HTTP-Redirect binding URL (deflated, then base64). */
export function decodeRedirectRequest(location: string): string {
  const encoded = new URL(location).searchParams.get("SAMLRequest");
  if (encoded === null) throw new Error(`no SAMLRequest in ${location}`);
  return inflateRawSync(Buffer.from(encoded, "base64")).toString("utf8");
}
