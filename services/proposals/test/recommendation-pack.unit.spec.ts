import { buildPack, packToCsv, packToHtml } from '../src/pack/recommendation-pack';
import type { ProposalView } from '../src/projections/proposals.projection';

const view = (id: string, overrides: Partial<ProposalView>): ProposalView => ({
  _id: `call-1.${id}`,
  callId: 'call-1',
  organizationId: id,
  stage: 'full-proposal',
  status: 'eligible',
  informationRequests: [],
  declarations: [],
  lockedSheets: [],
  scorers: [],
  submittedAt: '2027-01-01T00:00:00.000Z',
  revision: 5,
  ...overrides,
});

describe('recommendation pack', () => {
  const proposals = [
    view('low', { lockedSheets: [{ reviewer: 'r1', weightedScore: 40, lockedAt: 'x' }, { reviewer: 'r2', weightedScore: 50, lockedAt: 'x' }] }),
    view('high', {
      lockedSheets: [{ reviewer: 'r1', weightedScore: 90, lockedAt: 'x' }, { reviewer: 'r2', weightedScore: 50, lockedAt: 'x' }],
      declarations: [{ reviewer: 'r3', conflict: true, details: 'Board member', recused: true, recusalReason: 'declared', declaredAt: 'x' }],
      recommendation: { outcome: 'recommend', body: { kind: 'donor', name: '=HYPERLINK("http://evil")' }, conditions: [], rationale: 'Best <b>value</b>, "clear"', recordedAt: 'x' },
    }),
    view('unscored', {}),
    view('out', { status: 'screened-out', screening: { outcome: 'screened-out', screenedAt: 'x', checks: [{ check: 'completeness', passed: false, reason: 'No full proposal' }] } }),
    view('draft', { status: 'shortlisted' }),
  ];
  const pack = buildPack({ callId: 'call-1', title: 'Call <one>' }, proposals, (id) => `Org ${id}`, '2027-04-01T00:00:00.000Z');

  it('ranks by weighted average, shows the spread, puts unscored last and lists the screened-out with reasons', () => {
    expect(pack.rows.map((r) => [r.rank, r.organization, r.average, r.spread])).toEqual([
      [1, 'Org high', 70, 40],
      [2, 'Org low', 45, 10],
      [3, 'Org unscored', null, null],
    ]);
    expect(pack.screenedOut).toEqual([{ proposalId: 'call-1.out', organization: 'Org out', reasons: ['completeness: No full proposal'] }]);
  });

  it('writes CSV a spreadsheet cannot execute, with quotes escaped', () => {
    const csv = packToCsv(pack);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain(`"donor: =HYPERLINK(""http://evil"")"`);
    expect(lines[1]).toContain('"Best <b>value</b>, ""clear"""');
    expect(lines[1]).toContain('r3: recused (Board member)');
    expect(packToCsv({ ...pack, rows: [{ ...pack.rows[0]!, title: '=cmd()' }] })).toContain(`,'=cmd(),`);
  });

  it('escapes everything it prints in the HTML page', () => {
    const html = packToHtml(pack);
    expect(html).toContain('Call &lt;one&gt;');
    expect(html).toContain('Best &lt;b&gt;value&lt;/b&gt;, &quot;clear&quot;');
    expect(html).not.toContain('<b>value</b>');
    expect(html).not.toMatch(/<script/i);
  });
});
