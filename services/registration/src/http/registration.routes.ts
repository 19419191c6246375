import type { Request } from 'express';
import { handleCommand, type EventStore, type PersonalDataVault, type ProjectionProgress, type SubjectIds } from '@csm/eventing';
import type { ReadModels } from '@csm/readmodels';
import {
  AmendProfileBody,
  DirectoryQuery,
  InviteMemberBody,
  NoBody,
  OrganizationId,
  ReasonBody,
  RegisterOrganizationBody,
  RequestInformationBody,
  ResubmitBody,
  VerifyBody,
  EraseSubjectDataBody,
  DirectoryEntryRead,
  DirectoryPage,
  OrganizationList,
  OrganizationRead,
  dataSubjectStreamId,
  organizationStreamId,
} from '@csm/contracts';
import { callerOrganization, commandAccepted, commandMetadata, etag, MinPosition, waitForPosition, HttpProblem, ifMatchRevision, problemType, route, sendCommandResult, streamHistory, StreamHistoryBody, type RouteSpec } from '@csm/http';
import { z } from 'zod';
import { organizationDecider } from '../domain/organization.decider';
import type { OrganizationCommand } from '../domain/organization';
import { dataSubjectDecider } from '../domain/data-subject.decider';
import { memberIdentity, openMembers, openProfile, sealProfile } from './contacts';
import { ORGANIZATIONS, type OrganizationView } from '../projections/organizations.projection';
import { DIRECTORY, type DirectoryEntry } from '../projections/directory.projection';

export interface RegistrationDeps {
  store: EventStore;
  readModels: ReadModels;
  /** Seals contact persons' data with per-person keys; erasing a key erases every copy. */
  vault: PersonalDataVault;
  /** Pseudonymous ids of people (HMAC under a configured secret): contacts' key ids, members' ids. */
  subjectIds: SubjectIds;
  /** How far the projections feeding this service's read models have got, for read-your-writes. */
  projections: ProjectionProgress;
}

const ADMIN = { role: 'nctc-admin' } as const;
const AUDITOR = { role: 'auditor' } as const;
const OWN_PARTNER = { role: 'partner', ownOrganization: 'id' } as const;

const orgIdOf = (req: Request): string => {
  const parsed = OrganizationId.safeParse(req.params.id);
  if (!parsed.success) throw new HttpProblem({ type: problemType('not-found'), title: 'No such organisation', status: 404 });
  return parsed.data;
};

const StatusQuery = z.object({
  status: z.enum(['draft', 'submitted', 'information-requested', 'verified', 'rejected', 'suspended']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
  minPosition: MinPosition,
});
const ReadQuery = z.object({ minPosition: MinPosition });

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Routes read top to bottom as the life cycle: register → submit → verify → directory. */
export const registrationRoutes = (deps: RegistrationDeps): RouteSpec<any, any>[] => {
  const { store, readModels, vault, subjectIds } = deps;
  const withContacts = async (view: OrganizationView) => ({ ...view, profile: await openProfile(vault, view.profile), members: await openMembers(vault, view.members) });

  const dispatch = async (req: Request, build: (organizationId: string) => Omit<OrganizationCommand, 'metadata'>) => {
    const organizationId = orgIdOf(req);
    const command = { ...build(organizationId), metadata: commandMetadata(req) } as OrganizationCommand;
    return handleCommand(store, organizationDecider, organizationStreamId(organizationId), command, {
      ifMatchRevision: ifMatchRevision(req),
    });
  };

  /** Waits until every projection has seen `minPosition`, so a client reads its own writes. */
  const readYourWrites = (minPosition: string | undefined) => waitForPosition(deps.projections, minPosition);

  const lifecycle = (
    path: string,
    summary: string,
    access: RouteSpec['access'],
    body: z.ZodType<any>,
    build: (organizationId: string, body: any, req: Request) => Omit<OrganizationCommand, 'metadata'>,
  ) =>
    route({
      method: 'post',
      path: `/organizations/:id/${path}`,
      summary,
      access,
      body,
      success: commandAccepted(202, 'Accepted: stream id, revision and position'),
      responses: { 409: 'Not allowed in the current status', 412: 'If-Match is stale' },
      handler: async ({ req, res, body: parsed }) => {
        sendCommandResult(res, 202, await dispatch(req, (id) => build(id, parsed, req)));
      },
    });

  return [
    route({
      method: 'post',
      path: '/organizations',
      summary: 'Register the caller’s organisation (the id is the org_id of the caller’s account)',
      access: [{ role: 'partner' }],
      body: RegisterOrganizationBody,
      success: commandAccepted(201, 'Registered as a draft'),
      responses: { 403: 'The account is not linked to an organisation', 409: 'Already registered' },
      handler: async ({ req, res, body, principal }) => {
        const organizationId = callerOrganization(principal && OrganizationId.safeParse(principal.organizationId).success ? principal : undefined);
        const command: OrganizationCommand = {
          type: 'RegisterOrganization',
          data: { organizationId, profile: await sealProfile(vault, subjectIds, body), registrant: await memberIdentity(vault, subjectIds, principal!.username) },
          metadata: commandMetadata(req),
        };
        const result = await handleCommand(store, organizationDecider, organizationStreamId(organizationId), command);
        res.location(`/organizations/${organizationId}`);
        sendCommandResult(res, 201, result);
      },
    }),
    route({
      method: 'get',
      path: '/organizations',
      summary: 'The verification queue and registry, by status (NCTC and auditors)',
      access: [ADMIN, AUDITOR],
      query: StatusQuery,
      success: { status: 200, description: 'Organisations in the status asked for, oldest change first', body: OrganizationList },
      handler: async ({ res, query }) => {
        await readYourWrites(query.minPosition);
        const filter = query.status ? { status: query.status } : {};
        const collection = readModels.collection<OrganizationView>(ORGANIZATIONS);
        const [items, total] = await Promise.all([
          collection.find(filter, { sort: { updatedAt: 1, _id: 1 }, skip: query.offset, limit: query.limit, projection: { _applied: 0 } }),
          collection.countDocuments(filter),
        ]);
        res.json({ items: await Promise.all(items.map(withContacts)), total });
      },
    }),
    route({
      method: 'get',
      path: '/organizations/:id',
      summary: 'One organisation’s registration, for its own partners, the NCTC and auditors',
      access: [ADMIN, AUDITOR, OWN_PARTNER],
      query: ReadQuery,
      success: { status: 200, description: 'The organisation (ETag: its revision)', body: OrganizationRead },
      handler: async ({ req, res, query }) => {
        await readYourWrites(query.minPosition);
        const view = await readModels.collection<OrganizationView>(ORGANIZATIONS).findOne({ _id: orgIdOf(req) }, { projection: { _applied: 0 } });
        if (!view) throw new HttpProblem({ type: problemType('not-found'), title: 'No such organisation', status: 404 });
        res.set('ETag', etag(BigInt(view.revision))).json(await withContacts(view));
      },
    }),
    route({
      method: 'put',
      path: '/organizations/:id/profile',
      summary: 'Amend the profile while in draft or when information was requested',
      access: [OWN_PARTNER],
      body: AmendProfileBody,
      success: commandAccepted(202, 'Accepted'),
      responses: { 409: 'Not editable now', 412: 'If-Match is stale' },
      handler: async ({ req, res, body }) => {
        const profile = await sealProfile(vault, subjectIds, body);
        sendCommandResult(res, 202, await dispatch(req, (organizationId) => ({ type: 'AmendProfile', data: { organizationId, profile } })));
      },
    }),
    lifecycle('submit', 'Submit the organisation for verification', [OWN_PARTNER], NoBody, (organizationId) => ({
      type: 'SubmitForVerification',
      data: { organizationId },
    })),
    lifecycle('request-information', 'Ask the organisation for more information', [ADMIN], RequestInformationBody, (organizationId, body) => ({
      type: 'RequestInformation',
      data: { organizationId, message: body.message },
    })),
    lifecycle('resubmit', 'Resubmit after information was requested', [OWN_PARTNER], ResubmitBody, (organizationId, body) => ({
      type: 'ResubmitForVerification',
      data: { organizationId, ...(body.response ? { response: body.response } : {}) },
    })),
    lifecycle('verify', 'Verify the organisation: it appears in the public directory', [ADMIN], VerifyBody, (organizationId, body) => ({
      type: 'VerifyOrganization',
      data: { organizationId, ...(body.note ? { note: body.note } : {}) },
    })),
    lifecycle('reject', 'Reject the organisation, with the reason', [ADMIN], ReasonBody, (organizationId, body) => ({
      type: 'RejectOrganization',
      data: { organizationId, reason: body.reason },
    })),
    lifecycle('suspend', 'Suspend a verified organisation, with the reason', [ADMIN], ReasonBody, (organizationId, body) => ({
      type: 'SuspendOrganization',
      data: { organizationId, reason: body.reason },
    })),
    lifecycle('reinstate', 'Reinstate a suspended organisation, with the reason', [ADMIN], ReasonBody, (organizationId, body) => ({
      type: 'ReinstateOrganization',
      data: { organizationId, reason: body.reason },
    })),
    route({
      method: 'post',
      path: '/organizations/:id/members',
      summary: 'Invite a member (the organisation’s admins only)',
      access: [OWN_PARTNER],
      body: InviteMemberBody,
      success: commandAccepted(202, 'Accepted: stream id, revision and position'),
      responses: { 409: 'Not allowed in the current status' },
      handler: async ({ req, res, body }) => {
        // Events name the member by id, with the username sealed under the member's own key.
        const member = await memberIdentity(vault, subjectIds, body.username);
        const actingMemberId = subjectIds.forUsername(req.principal!.username);
        sendCommandResult(res, 202, await dispatch(req, (organizationId) => ({ type: 'InviteMember', data: { organizationId, actingMemberId, member, role: body.role } })));
      },
    }),
    route({
      method: 'delete',
      path: '/organizations/:id/members/:username',
      summary: 'Remove a member (the organisation’s admins only; the last admin stays)',
      access: [OWN_PARTNER],
      success: commandAccepted(202, 'Accepted'),
      responses: { 404: 'No such organisation or member', 409: 'Last admin' },
      handler: async ({ req, res }) => {
        const username = String(req.params.username);
        sendCommandResult(
          res,
          202,
          await dispatch(req, (organizationId) => ({
            type: 'RemoveMember',
            data: { organizationId, actingMemberId: subjectIds.forUsername(req.principal!.username), memberId: subjectIds.forUsername(username) },
          })),
        );
      },
    }),
    route({
      method: 'get',
      path: '/organizations/:id/history',
      summary: 'The complete, hash-chained history of one organisation (auditors)',
      access: [AUDITOR],
      success: { status: 200, description: 'Every event of the organisation with the hash chain’s verdict', body: StreamHistoryBody },
      handler: async ({ req, res }) => {
        const history = await streamHistory(store, organizationStreamId(orgIdOf(req)));
        if (!history) throw new HttpProblem({ type: problemType('not-found'), title: 'No such organisation', status: 404 });
        res.json(history);
      },
    }),
    route({
      method: 'post',
      path: '/personal-data/erasures',
      summary: 'Erase a contact person’s personal data everywhere (right to erasure, Data Protection Act 2019)',
      access: [ADMIN],
      body: EraseSubjectDataBody,
      success: commandAccepted(202, 'Erased: the request is recorded (every request, a repeated one too) and the person’s keys deleted'),
      handler: async ({ req, res, body }) => {
        const subjectKeyId = body.email !== undefined ? subjectIds.forEmail(body.email) : subjectIds.forUsername(body.username!);
        const result = await handleCommand(store, dataSubjectDecider, dataSubjectStreamId(subjectKeyId), {
          type: 'EraseSubjectData',
          data: { subjectKeyId, reason: body.reason },
          metadata: commandMetadata(req),
        });
        // The decision is recorded first, so a crash before this line is healed by a retry.
        await vault.erase(subjectKeyId);
        // Keys made before subject ids were keyed by HMAC carry the old id: erase those too.
        if (body.email !== undefined) await vault.erase(subjectIds.legacyForEmail(body.email));
        sendCommandResult(res, 202, result);
      },
    }),
    route({
      method: 'get',
      path: '/personal-data/subjects/:subjectKeyId/history',
      summary: 'Every erasure request recorded for one data subject (auditors); the id is in the erasure’s streamId',
      access: [AUDITOR],
      success: { status: 200, description: 'Every erasure request of the subject with the hash chain’s verdict', body: StreamHistoryBody },
      responses: { 404: 'No erasure was ever requested for this subject' },
      handler: async ({ req, res }) => {
        const subjectKeyId = String(req.params.subjectKeyId);
        const history = /^(email|user)-[0-9a-f]{32}$/.test(subjectKeyId) ? await streamHistory(store, dataSubjectStreamId(subjectKeyId)) : null;
        if (!history) throw new HttpProblem({ type: problemType('not-found'), title: 'No erasure recorded for this subject', status: 404 });
        res.json(history);
      },
    }),
    route({
      method: 'get',
      path: '/directory',
      summary: 'Public directory of verified organisations: filter by county, pillar, type and free text',
      access: 'public',
      query: DirectoryQuery,
      success: { status: 200, description: 'A page of verified organisations, by name', body: DirectoryPage },
      handler: async ({ res, query }) => {
        await readYourWrites(query.minPosition);
        const filter: Record<string, unknown> = { listed: true };
        if (query.county) filter.countyCodes = query.county;
        if (query.pillar) filter.pillarIds = query.pillar;
        if (query.type) filter.type = query.type;
        if (query.q) filter.searchText = { $regex: escapeRegex(query.q.toLowerCase()) };
        const collection = readModels.collection<DirectoryEntry>(DIRECTORY);
        const [items, total] = await Promise.all([
          collection.find(filter, {
            sort: { name: 1, _id: 1 },
            skip: query.offset,
            limit: query.limit,
            projection: { _applied: 0, searchText: 0, listed: 0, countyCodes: 0, pillarIds: 0 },
          }),
          collection.countDocuments(filter),
        ]);
        res.set('Cache-Control', 'public, max-age=30').json({ items, total, limit: query.limit, offset: query.offset });
      },
    }),
    route({
      method: 'get',
      path: '/directory/:id',
      summary: 'One verified organisation’s public profile',
      access: 'public',
      success: { status: 200, description: 'The organisation as the public directory shows it', body: DirectoryEntryRead },
      handler: async ({ req, res }) => {
        const entry = await readModels
          .collection<DirectoryEntry>(DIRECTORY)
          .findOne({ _id: orgIdOf(req), listed: true }, { projection: { _applied: 0, searchText: 0, listed: 0, countyCodes: 0, pillarIds: 0 } });
        if (!entry) throw new HttpProblem({ type: problemType('not-found'), title: 'No such verified organisation', status: 404 });
        res.json(entry);
      },
    }),
  ];
};
