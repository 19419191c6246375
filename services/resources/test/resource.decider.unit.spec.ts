import { ResourceContent, type ResourceEvent } from '@csm/contracts';
import { deciderSpec } from '@csm/eventing/testkit';
import { resourceDecider } from '../src/domain/resource.decider';
import type { ResourceCommand } from '../src/domain/resource';
import { aLibraryItem, at } from './builders';

const { given } = deciderSpec(resourceDecider);
const resourceId = 'talking-with-a-young-person';
const content = ResourceContent.parse(aLibraryItem());
const revised = ResourceContent.parse(aLibraryItem({ summary: 'Revised: how parents can listen and find help early.' }));
const partner = { subject: 'partner-1', organizationId: 'amani-youth', role: 'partner' };
const cmd = (type: ResourceCommand['type'], data: object = {}) => ({ type, data: { resourceId, ...data }, metadata: at('2026-03-02T09:00:00.000Z') }) as ResourceCommand;
const ev = (type: ResourceEvent['type'], data: object = {}) => ({ type, version: 1, data: { resourceId, ...data } }) as ResourceEvent;

const submitted = ev('ResourceSubmitted', { itemVersion: 1, content, submittedBy: partner });
const changes = ev('ResourceChangesRequested', { itemVersion: 1, reason: 'Add where to get help.', requestedBy: 'editor-1' });
const resubmitted = ev('ResourceRevisionSubmitted', { itemVersion: 1, content: revised, submittedBy: 'partner-2' });
const published = ev('ResourcePublished', { itemVersion: 1, publishedBy: 'editor-1' });
const sameOrg = { subject: 'partner-2', organizationId: 'amani-youth' };

describe('library item decider', () => {
  it('takes a submission from a verified organisation, version 1 under review', () =>
    given([]).when(cmd('SubmitResource', { content, submitter: partner, facts: { organizationVerified: true } })).then([submitted]));

  it('refuses a partner whose organisation is not verified, and a second submission of the same id', () => {
    given([]).when(cmd('SubmitResource', { content, submitter: partner, facts: { organizationVerified: false } })).thenThrows('resource.organization-not-verified');
    given([submitted]).when(cmd('SubmitResource', { content, submitter: partner, facts: { organizationVerified: true } })).thenThrows('resource.already-exists');
  });

  it('takes a county officer’s or NCTC staff’s submission without an organisation', () =>
    given([])
      .when(cmd('SubmitResource', { content, submitter: { subject: 'officer-1', role: 'county-officer', countyCode: '001' }, facts: { organizationVerified: false } }))
      .then([ev('ResourceSubmitted', { itemVersion: 1, content, submittedBy: { subject: 'officer-1', role: 'county-officer', countyCode: '001' } })]));

  it('lets editors ask for changes, publish or reject only a version under review', () => {
    given([submitted]).when(cmd('RequestResourceChanges', { reason: 'Add where to get help.', editor: 'editor-1' })).then([changes]);
    given([submitted]).when(cmd('PublishResource', { editor: 'editor-1' })).then([published]);
    given([submitted]).when(cmd('RejectResource', { reason: 'Out of scope.', editor: 'editor-1' })).then([ev('ResourceRejected', { itemVersion: 1, reason: 'Out of scope.', rejectedBy: 'editor-1' })]);
    given([submitted, changes]).when(cmd('PublishResource', { editor: 'editor-1' })).thenThrows('resource.not-in-review');
    given([submitted, published]).when(cmd('PublishResource', { editor: 'editor-1' })).thenThrows('resource.not-in-review');
    given([]).when(cmd('PublishResource', { editor: 'editor-1' })).thenThrows('resource.not-found');
  });

  it('takes the same version again after changes, from the submitting organisation only, never while under review', () => {
    given([submitted, changes]).when(cmd('ReviseResource', { content: revised, actor: sameOrg })).then([resubmitted]);
    given([submitted, changes]).when(cmd('ReviseResource', { content: revised, actor: { subject: 'partner-9', organizationId: 'pwani-peace' } })).thenThrows('resource.not-owner');
    given([submitted]).when(cmd('ReviseResource', { content: revised, actor: sameOrg })).thenThrows('resource.in-review');
  });

  it('versions a published item: the next version goes through review', () => {
    given([submitted, published]).when(cmd('ReviseResource', { content: revised, actor: sameOrg })).then([ev('ResourceRevisionSubmitted', { itemVersion: 2, content: revised, submittedBy: 'partner-2' })]);
    const v2 = ev('ResourceRevisionSubmitted', { itemVersion: 2, content: revised, submittedBy: 'partner-2' });
    given([submitted, published, v2]).when(cmd('PublishResource', { editor: 'editor-1' })).then([ev('ResourcePublished', { itemVersion: 2, publishedBy: 'editor-1' })]);
  });

  it('ends a rejected item that was never published; a rejected new version leaves the published one', () => {
    const rejected = ev('ResourceRejected', { itemVersion: 1, reason: 'Out of scope.', rejectedBy: 'editor-1' });
    given([submitted, rejected]).when(cmd('ReviseResource', { content: revised, actor: sameOrg })).thenThrows('resource.rejected');
    const v2 = ev('ResourceRevisionSubmitted', { itemVersion: 2, content: revised, submittedBy: 'partner-2' });
    const v2Rejected = ev('ResourceRejected', { itemVersion: 2, reason: 'No.', rejectedBy: 'editor-1' });
    given([submitted, published, v2, v2Rejected]).when(cmd('ReviseResource', { content: revised, actor: sameOrg })).then([ev('ResourceRevisionSubmitted', { itemVersion: 3, content: revised, submittedBy: 'partner-2' })]);
  });

  it('retires a published item once; nothing is revised after', () => {
    const retired = ev('ResourceRetired', { reason: 'Superseded by the 2026 guide.', retiredBy: 'editor-1' });
    given([submitted, published]).when(cmd('RetireResource', { reason: 'Superseded by the 2026 guide.', editor: 'editor-1' })).then([retired]);
    given([submitted]).when(cmd('RetireResource', { reason: 'Superseded.', editor: 'editor-1' })).thenThrows('resource.not-published');
    given([submitted, published, retired]).when(cmd('RetireResource', { reason: 'Again.', editor: 'editor-1' })).thenThrows('resource.retired');
    given([submitted, published, retired]).when(cmd('ReviseResource', { content: revised, actor: sameOrg })).thenThrows('resource.retired');
  });
});
