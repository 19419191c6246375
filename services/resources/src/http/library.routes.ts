import type { Request } from 'express';
import { handleCommand, type EventStore, type ProjectionProgress } from '@csm/eventing';
import type { ReadModels } from '@csm/readmodels';
import { EditorialReason, LibraryQuery, LibrarySearchResult, NoBody, PublishedResourceRead, ResourceContent, ResourceRead, ResourceReadList, resourceStreamId } from '@csm/contracts';
import { commandAccepted, commandMetadata, etag, ifMatchRevision, MinPosition, route, sendCommandResult, StreamHistoryBody, streamHistory, waitForPosition, type RouteSpec } from '@csm/http';
import { resourceDecider } from '../domain/resource.decider';
import type { ResourceCommand } from '../domain/resource';
import { LIBRARY_ITEMS, type LibraryItemView } from '../projections/library-items.projection';
import { ORGANIZATIONS, type KnownOrganization } from '../projections/organizations.projection';
import type { LibrarySearch } from '../search/library-search';
import { AUDITOR, EDITOR, editorialRead, forbidden, HIDDEN, notFound, ownsItem, publishedRead, ReadQuery, resourceIdOf, seesEditorialState, SUBMITTERS } from './library-access';

export interface ResourcesDeps {
  store: EventStore;
  readModels: ReadModels;
  /** How far the projections behind the reads have got, for read-your-writes. */
  projections: ProjectionProgress;
  /** The search port: minisearch embedded, MongoDB `$text` in production. */
  search: LibrarySearch;
}

/** The library, read top to bottom: submit → review (changes, publish, reject) → revise → retire; search and the item the public reads. */
export const libraryRoutes = (deps: ResourcesDeps): RouteSpec<any, any>[] => {
  const { store, readModels } = deps;
  const items = () => readModels.collection<LibraryItemView>(LIBRARY_ITEMS);

  /** The command of `type` on the path's item, its data (less the id) from the route. */
  const dispatch = async (req: Request, data: Record<string, unknown>, type: ResourceCommand['type']) => {
    const resourceId = resourceIdOf(req);
    const command = { type, data: { resourceId, ...data }, metadata: commandMetadata(req) } as ResourceCommand;
    return handleCommand(store, resourceDecider, resourceStreamId(resourceId), command, { ifMatchRevision: ifMatchRevision(req) });
  };
  const editor = (req: Request) => req.principal!.subject;
  const path = '/resources/:resourceId';

  return [
    route({
      method: 'get',
      path: '/resources',
      summary: 'Search the published library: words in English, Kiswahili or any language, and filters by pillar, county, audience, type and language (best match first; without words, newest first)',
      access: 'public',
      query: LibraryQuery.extend({ minPosition: MinPosition }),
      success: { status: 200, description: 'The published items found', body: LibrarySearchResult },
      handler: async ({ res, query }) => {
        const { minPosition, ...search } = query;
        await waitForPosition(deps.projections, minPosition);
        const found = await deps.search.search(search);
        res.json({ items: found.map(publishedRead), total: found.length });
      },
    }),
    route({
      method: 'get',
      path,
      summary: 'A published item as the public reads it (its published version)',
      access: 'public',
      query: ReadQuery,
      success: { status: 200, description: 'The published version of the item', body: PublishedResourceRead },
      responses: { 404: 'No such item, or not published (under review, rejected or retired)' },
      handler: async ({ req, res, query }) => {
        await waitForPosition(deps.projections, query.minPosition);
        const view = await items().findOne({ _id: resourceIdOf(req) }, { projection: HIDDEN });
        if (!view || view.status === 'retired' || !view.published) throw notFound('No such published library item');
        res.json(publishedRead(view));
      },
    }),
    route({
      method: 'get',
      path: `${path}/editorial`,
      summary: 'An item with its editorial state: the version under review or sent back, the editors’ last decision and reason (its submitter or their organisation, editors, auditors)',
      access: [...SUBMITTERS, AUDITOR],
      query: ReadQuery,
      success: { status: 200, description: 'The item (ETag: its stream revision)', body: ResourceRead },
      responses: { 404: 'No such item' },
      handler: async ({ req, res, query }) => {
        await waitForPosition(deps.projections, query.minPosition);
        const view = await items().findOne({ _id: resourceIdOf(req) }, { projection: HIDDEN });
        if (!view) throw notFound('No such library item');
        if (!seesEditorialState(req, view)) throw forbidden('Only the submitter, their organisation and the editors read an item’s editorial state');
        res.set('ETag', etag(BigInt(view.streamRevision))).json(editorialRead(view));
      },
    }),
    route({
      method: 'post',
      path,
      summary: 'Submit an item for review (a partner of a verified organisation, a county officer, NCTC staff); version 1',
      access: SUBMITTERS,
      body: ResourceContent,
      success: commandAccepted(201, 'Submitted for review'),
      responses: { 403: 'The organisation is not verified', 404: 'Not an item id', 409: 'The id is taken' },
      handler: async ({ req, res, body }) => {
        const principal = req.principal!;
        // A partner submits for their organisation; the other roles in person.
        const role = principal.roles.includes('partner') ? 'partner' : principal.roles.includes('county-officer') ? 'county-officer' : 'nctc-admin';
        const organizationId = role === 'partner' ? principal.organizationId : undefined;
        const organization = organizationId ? await readModels.collection<KnownOrganization>(ORGANIZATIONS).findOne({ _id: organizationId }, { projection: HIDDEN }) : null;
        const submitter = { subject: principal.subject, role, ...(organizationId ? { organizationId } : {}), ...(role === 'county-officer' && principal.countyCode ? { countyCode: principal.countyCode } : {}) };
        const result = await dispatch(req, { content: body, submitter, facts: { organizationVerified: organization?.verified === true } }, 'SubmitResource');
        res.location(`/resources/${resourceIdOf(req)}/editorial`);
        sendCommandResult(res, 201, result);
      },
    }),
    route({
      method: 'put',
      path,
      summary: 'Submit the item again: answers a request for changes (the same version), or proposes the next version of a published item; either goes through review (the submitter or their organisation)',
      access: SUBMITTERS,
      body: ResourceContent,
      success: commandAccepted(202, 'Submitted for review'),
      responses: { 403: 'Not the submitter or their organisation', 404: 'No such item', 409: 'Under review, rejected or retired' },
      handler: async ({ req, res, body }) => {
        const principal = req.principal!;
        const actor = { subject: principal.subject, ...(principal.roles.includes('partner') && principal.organizationId ? { organizationId: principal.organizationId } : {}) };
        sendCommandResult(res, 202, await dispatch(req, { content: body, actor }, 'ReviseResource'));
      },
    }),
    route({
      method: 'post',
      path: `${path}/changes-requested`,
      summary: 'An editor sends the version under review back to its submitter, with the reason',
      access: [EDITOR],
      body: EditorialReason,
      success: commandAccepted(202, 'Changes requested'),
      responses: { 404: 'No such item', 409: 'No version under review' },
      handler: async ({ req, res, body }) => sendCommandResult(res, 202, await dispatch(req, { reason: body.reason, editor: editor(req) }, 'RequestResourceChanges')),
    }),
    route({
      method: 'post',
      path: `${path}/publish`,
      summary: 'An editor publishes the version under review (it supersedes the version published before)',
      access: [EDITOR],
      body: NoBody,
      success: commandAccepted(202, 'Published'),
      responses: { 404: 'No such item', 409: 'No version under review' },
      handler: async ({ req, res }) => sendCommandResult(res, 202, await dispatch(req, { editor: editor(req) }, 'PublishResource')),
    }),
    route({
      method: 'post',
      path: `${path}/reject`,
      summary: 'An editor rejects the version under review, with the reason (a version published before stays published)',
      access: [EDITOR],
      body: EditorialReason,
      success: commandAccepted(202, 'Rejected'),
      responses: { 404: 'No such item', 409: 'No version under review' },
      handler: async ({ req, res, body }) => sendCommandResult(res, 202, await dispatch(req, { reason: body.reason, editor: editor(req) }, 'RejectResource')),
    }),
    route({
      method: 'post',
      path: `${path}/retire`,
      summary: 'An editor retires a published item, with the reason: it leaves search and the feed; its history stays',
      access: [EDITOR],
      body: EditorialReason,
      success: commandAccepted(202, 'Retired'),
      responses: { 404: 'No such item', 409: 'Not published, or already retired' },
      handler: async ({ req, res, body }) => sendCommandResult(res, 202, await dispatch(req, { reason: body.reason, editor: editor(req) }, 'RetireResource')),
    }),
    route({
      method: 'get',
      path: `${path}/history`,
      summary: 'Every event of the item with the hash chain’s verdict (editors, auditors)',
      access: [EDITOR, AUDITOR],
      success: { status: 200, description: 'The item’s history', body: StreamHistoryBody },
      responses: { 404: 'No such item' },
      handler: async ({ req, res }) => {
        const history = await streamHistory(store, resourceStreamId(resourceIdOf(req)));
        if (!history) throw notFound('No such library item');
        res.json(history);
      },
    }),
    route({
      method: 'get',
      path: '/editorial-queue',
      summary: 'The editors’ review queue: every version waiting for review, oldest submission first',
      access: [EDITOR, AUDITOR],
      query: ReadQuery,
      success: { status: 200, description: 'Items with a version under review', body: ResourceReadList },
      handler: async ({ res, query }) => {
        await waitForPosition(deps.projections, query.minPosition);
        const waiting = await items().find({ 'pending.stage': 'in-review' }, { projection: HIDDEN });
        waiting.sort((a, b) => a.pending!.submittedAt.localeCompare(b.pending!.submittedAt) || a.resourceId.localeCompare(b.resourceId));
        res.json({ items: waiting.map(editorialRead) });
      },
    }),
    route({
      method: 'get',
      path: '/my-submissions',
      summary: 'The caller’s submissions, newest first: their organisation’s (partners) or their own (county officers, NCTC staff), in every state',
      access: SUBMITTERS,
      query: ReadQuery,
      success: { status: 200, description: 'The caller’s items', body: ResourceReadList },
      handler: async ({ req, res, query }) => {
        await waitForPosition(deps.projections, query.minPosition);
        const principal = req.principal!;
        const filter = principal.roles.includes('partner') && principal.organizationId ? { 'submittedBy.organizationId': principal.organizationId } : { 'submittedBy.subject': principal.subject };
        const found = (await items().find(filter, { projection: HIDDEN })).filter((view) => ownsItem(req, view));
        found.sort((a, b) => b.submittedAt.localeCompare(a.submittedAt) || a.resourceId.localeCompare(b.resourceId));
        res.json({ items: found.map(editorialRead) });
      },
    }),
  ];
};
