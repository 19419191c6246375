import type { z } from 'zod';
import { LEGAL_ETHICAL_ITEMS, totalBudget, type RecommendationPackRead } from '@csm/contracts';
import { aggregate } from '../domain/scoring';
import type { ProposalView } from '../projections/proposals.projection';

/**
 * The recommendation pack for one call: screened-in proposals ranked by the weighted average of
 * their locked score sheets, with the spread so dissent is visible, the conflicts declared, the
 * legal & ethical results and the panel's rationale. Pure: the routes feed it read models.
 */
export type PackRow = RecommendationPack['rows'][number];

export type PackAudience = { kind: 'nctc' } | { kind: 'recipient'; bodyId: string };

/** The published read (`RecommendationPackRead`): what `GET /calls/:id/ranking` answers. */
export type RecommendationPack = z.infer<typeof RecommendationPackRead>;

const IN_ASSESSMENT = new Set(['eligible', 'recommended', 'approved', 'rejected', 'offer-accepted', 'offer-declined']);

export const buildPack = (
  call: { callId: string; title: string },
  proposals: ProposalView[],
  organizationName: (id: string) => string,
  generatedAt: string,
  audience: PackAudience = { kind: 'nctc' },
): RecommendationPack => {
  const recipient = audience.kind === 'recipient';
  const rows = proposals
    .filter((p) => IN_ASSESSMENT.has(p.status))
    .filter((p) => audience.kind === 'nctc' || p.recommendation?.body.id === audience.bodyId)
    .map((p): Omit<PackRow, 'rank'> => {
      const figures = aggregate(p.lockedSheets.map((s) => s.weightedScore));
      return {
        proposalId: p._id,
        organization: organizationName(p.organizationId),
        title: p.fullProposal?.title ?? p.conceptNote?.title ?? p.direct?.title ?? '',
        requested: p.fullProposal ? `${totalBudget(p.fullProposal)} ${p.fullProposal.budget.currency}` : '',
        status: p.status,
        average: figures?.average ?? null,
        spread: figures?.spread ?? null,
        min: figures?.min ?? null,
        max: figures?.max ?? null,
        sheets: p.lockedSheets.map(({ reviewer, weightedScore }, i) => ({ reviewer: recipient ? `Reviewer ${i + 1}` : reviewer, weightedScore })),
        conflicts: (recipient ? [] : p.declarations).map((d) => ({
          reviewer: d.reviewer,
          conflict: d.conflict,
          recused: d.recused,
          reason: d.recusalReason === 'registration-membership' ? 'member of the applicant (registration data)' : d.conflict ? (d.details ?? 'declared') : 'none declared',
        })),
        legalEthical: (p.legalEthicalCheck?.items ?? []).map((i) => ({
          item: i.item,
          label: LEGAL_ETHICAL_ITEMS[i.item].label,
          mandatory: LEGAL_ETHICAL_ITEMS[i.item].mandatory,
          passed: i.passed,
          score: i.score,
          note: i.note,
        })),
        legalEthicalBlocking: p.legalEthicalCheck ? p.legalEthicalCheck.blocking : null,
        recommendation: p.recommendation?.outcome ?? 'pending',
        body: p.recommendation ? `${p.recommendation.body.kind}: ${p.recommendation.body.name}` : '',
        conditions: p.recommendation?.conditions ?? [],
        rationale: p.recommendation?.rationale ?? '',
      };
    })
    // Highest average first; unscored last; ties in a stable order.
    .sort((a, b) => (b.average ?? -1) - (a.average ?? -1) || a.proposalId.localeCompare(b.proposalId))
    .map((row, index) => ({ rank: index + 1, ...row }));
  const screenedOut = proposals
    .filter((p) => p.status === 'screened-out' && !recipient)
    .map((p) => ({ proposalId: p._id, organization: organizationName(p.organizationId), reasons: (p.screening?.checks ?? []).filter((c) => !c.passed).map((c) => `${c.check}: ${c.reason}`) }));
  return { callId: call.callId, title: call.title, audience: audience.kind, generatedAt, rows, screenedOut };
};

/** RFC 4180 quoting; a leading = + - @ is neutralised so a spreadsheet never runs a cell as a formula. */
const csvCell = (value: unknown): string => {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export const packToCsv = (pack: RecommendationPack): string => {
  const withConflicts = pack.audience === 'nctc';
  const CONFLICTS_COLUMN = 11;
  const dropConflicts = <T>(cells: T[]): T[] => (withConflicts ? cells : cells.filter((_, i) => i !== CONFLICTS_COLUMN));
  const header = dropConflicts(['rank', 'proposal', 'organisation', 'title', 'requested', 'status', 'weighted average', 'spread', 'min', 'max', 'score sheets', 'conflicts declared', 'legal & ethical', 'legal & ethical blocking', 'recommendation', 'body', 'conditions', 'rationale']);
  const lines = pack.rows.map((r) =>
    dropConflicts([
      r.rank,
      r.proposalId,
      r.organization,
      r.title,
      r.requested,
      r.status,
      r.average,
      r.spread,
      r.min,
      r.max,
      r.sheets.map((s) => `${s.reviewer}=${s.weightedScore}`).join('; '),
      r.conflicts.map((c) => `${c.reviewer}: ${c.recused ? 'recused' : 'not recused'} (${c.reason})`).join('; '),
      r.legalEthical.map((i) => `${i.item}=${i.passed ? 'pass' : 'FAIL'}/${i.score}`).join('; '),
      r.legalEthicalBlocking === null ? '' : r.legalEthicalBlocking ? 'yes' : 'no',
      r.recommendation,
      r.body,
      r.conditions.join('; '),
      r.rationale,
    ])
      .map(csvCell)
      .join(','),
  );
  return [header.map(csvCell).join(','), ...lines].join('\r\n') + '\r\n';
};

const esc = (value: unknown): string =>
  String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A self-contained page that prints cleanly (browsers "Save as PDF" it); no scripts, no external assets. */
export const packToHtml = (pack: RecommendationPack): string => {
  const rows = pack.rows
    .map(
      (r) => `<section class="proposal">
  <h2>${esc(r.rank)}. ${esc(r.title)} <small>${esc(r.organization)} · ${esc(r.proposalId)}</small></h2>
  <p><strong>Weighted average:</strong> ${esc(r.average ?? 'not scored')} · <strong>spread:</strong> ${esc(r.spread ?? '–')} (min ${esc(r.min ?? '–')}, max ${esc(r.max ?? '–')}) · <strong>requested:</strong> ${esc(r.requested)}</p>
  <table><caption>Score sheets</caption><tr><th>Reviewer</th><th>Weighted score</th></tr>${r.sheets.map((s) => `<tr><td>${esc(s.reviewer)}</td><td>${esc(s.weightedScore)}</td></tr>`).join('')}</table>
  ${pack.audience === 'nctc' ? `<table><caption>Conflicts of interest</caption><tr><th>Reviewer</th><th>Recused</th><th>Reason</th></tr>${r.conflicts.map((c) => `<tr><td>${esc(c.reviewer)}</td><td>${c.recused ? 'yes' : 'no'}</td><td>${esc(c.reason)}</td></tr>`).join('')}</table>` : ''}
  <table><caption>Legal &amp; ethical check${r.legalEthicalBlocking ? ' — BLOCKED: a mandatory item failed' : ''}</caption><tr><th>Item</th><th>Mandatory</th><th>Result</th><th>Score (0–4)</th><th>Note</th></tr>${r.legalEthical
    .map((i) => `<tr><td>${esc(i.label)}</td><td>${i.mandatory ? 'yes' : 'no'}</td><td>${i.passed ? 'pass' : 'FAIL'}</td><td>${esc(i.score)}</td><td>${esc(i.note)}</td></tr>`)
    .join('')}</table>
  <p><strong>Recommendation:</strong> ${esc(r.recommendation)}${r.body ? ` — to ${esc(r.body)}` : ''}</p>
  ${r.conditions.length ? `<p><strong>Conditions:</strong></p><ul>${r.conditions.map((c) => `<li>${esc(c)}</li>`).join('')}</ul>` : ''}
  <p><strong>Rationale:</strong> ${esc(r.rationale)}</p>
</section>`,
    )
    .join('\n');
  const screened = pack.screenedOut.length
    ? `<h2>Screened out</h2><ul>${pack.screenedOut.map((s) => `<li>${esc(s.organization)} (${esc(s.proposalId)}): ${s.reasons.map(esc).join('; ')}</li>`).join('')}</ul>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Recommendation pack — ${esc(pack.title)}</title>
<style>body{font-family:sans-serif;margin:2em;color:#111}table{border-collapse:collapse;margin:.5em 0;width:100%}td,th{border:1px solid #999;padding:.25em .5em;text-align:left}caption{text-align:left;font-weight:bold}.proposal{page-break-inside:avoid;margin-bottom:2em}@media print{body{margin:0}}</style>
</head><body>
<h1>Recommendation pack: ${esc(pack.title)}</h1>
<p>Call ${esc(pack.callId)} · generated ${esc(pack.generatedAt)} · ${pack.rows.length} proposals assessed, ranked by the weighted average of locked score sheets (0–100).</p>
${rows}
${screened}
</body></html>
`;
};
