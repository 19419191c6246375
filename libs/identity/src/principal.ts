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

/**
 * Realm roles. `county-secretariat` is the secretariat of a County Engagement Forum (it reviews
 * its county's plans and reports first), `county-co-chair` one of the forum's co-chairs (the
 * second approval level of reports); both act for the county in their token's `county_code`.
 */
export const ROLES = ['nctc-admin', 'reviewer', 'county-officer', 'county-secretariat', 'county-co-chair', 'partner', 'auditor', 'donor'] as const;
export type Role = (typeof ROLES)[number];

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}
