import { ENTERPRISE_SCHEMA, SEATKEEPER_SCHEMA, USER_SCHEMA, LIST_SCHEMA } from "./user-resource";

// ServiceProviderConfig, ResourceTypes and Schemas (RFC 7643 sections 5-7): what this endpoint
// supports, so directories can discover it.

export function serviceProviderConfig(baseUrl: string) {
  return {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
    // documentationUri is optional (RFC 7643 5) and the console serves no SCIM documentation page:
    // left out rather than pointing at an address nobody runs.
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: 200 },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: "oauthbearertoken",
        name: "Bearer token",
        description: "A token a sysadmin creates in Admin > System > Directory",
        primary: true,
      },
    ],
    meta: { resourceType: "ServiceProviderConfig", location: `${baseUrl}/ServiceProviderConfig` },
  };
}

export function resourceTypes(baseUrl: string) {
  return [
    {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
      id: "User",
      name: "User",
      endpoint: "/Users",
      description: "An account of the intranet site",
      schema: USER_SCHEMA,
      schemaExtensions: [
        { schema: ENTERPRISE_SCHEMA, required: false },
        { schema: SEATKEEPER_SCHEMA, required: false },
      ],
      meta: { resourceType: "ResourceType", location: `${baseUrl}/ResourceTypes/User` },
    },
  ];
}

const attribute = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  type: "string",
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: "readWrite",
  returned: "default",
  uniqueness: "none",
  ...extra,
});

export function schemas(baseUrl: string) {
  return [
    {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
      id: USER_SCHEMA,
      name: "User",
      description: "User account",
      attributes: [
        attribute("userName", { required: true, uniqueness: "server" }),
        attribute("externalId", { caseExact: true }),
        attribute("name", {
          type: "complex",
          subAttributes: [attribute("givenName"), attribute("familyName"), attribute("formatted", { mutability: "readOnly" })],
        }),
        attribute("displayName"),
        attribute("emails", {
          type: "complex",
          multiValued: true,
          subAttributes: [attribute("value"), attribute("type"), attribute("primary", { type: "boolean" })],
        }),
        attribute("active", { type: "boolean" }),
      ],
      meta: { resourceType: "Schema", location: `${baseUrl}/Schemas/${USER_SCHEMA}` },
    },
    {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
      id: ENTERPRISE_SCHEMA,
      name: "EnterpriseUser",
      description: "Accepted and ignored: Seatkeeper keeps none of these attributes",
      attributes: [attribute("employeeNumber"), attribute("department"), attribute("organization")],
      meta: { resourceType: "Schema", location: `${baseUrl}/Schemas/${ENTERPRISE_SCHEMA}` },
    },
    {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
      id: SEATKEEPER_SCHEMA,
      name: "SeatkeeperUser",
      description: "Where the account lives: an area name (default: the primary area)",
      attributes: [
        attribute("area"),
        attribute("pool", { mutability: "readOnly" }),
        attribute("blockedReason", { mutability: "readOnly" }),
      ],
      meta: { resourceType: "Schema", location: `${baseUrl}/Schemas/${SEATKEEPER_SCHEMA}` },
    },
  ];
}

export function listResponse<T>(resources: T[], totalResults: number, startIndex: number) {
  return { schemas: [LIST_SCHEMA], totalResults, itemsPerPage: resources.length, startIndex, Resources: resources };
}
