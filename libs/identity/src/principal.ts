/** The verified caller, from an access token. Nothing about who acts comes from request bodies. */
export interface Principal {
  subject: string;
  username: string;
  roles: string[];
  /** Keycloak user attribute `org_id`, mapped into the token: the organisation the user acts for. */
  organizationId?: string;
  /** Keycloak user attribute `county_code`: the county a county officer reports for. */
  countyCode?: string;
}

export const ROLES = ['nctc-admin', 'reviewer', 'county-officer', 'partner', 'auditor', 'donor'] as const;
export type Role = (typeof ROLES)[number];

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}
