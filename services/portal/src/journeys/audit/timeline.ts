/** `GET …/history` as every service answers it (libs/http `StreamHistoryBody`). */
export interface StreamHistory {
  streamId: string;
  chain: { intact: true; length: number; headHash: string } | { intact: false; brokenAtRevision: string; reason: string };
  events: {
    eventId: string;
    type: string;
    revision: string;
    recordedAt: string;
    metadata: { actor: { subject: string; roles?: string[]; organizationId?: string } };
  }[];
}

/** One line of the timeline: what happened, when, who — the actor as the event's envelope names it, nothing of the event's data. */
export interface TimelineEntry {
  revision: string;
  type: string;
  at: string;
  actor: { subject: string; roles: string[]; organizationId?: string };
}

/** The chain's verdict as a message of ours and its values. */
export interface Verdict {
  intact: boolean;
  key: string;
  params: Record<string, string | number>;
}

export const verdictOf = (chain: StreamHistory['chain']): Verdict =>
  chain.intact
    ? { intact: true, key: chain.length === 1 ? 'audit.verdict.intactOne' : 'audit.verdict.intact', params: { count: chain.length } }
    : { intact: false, key: 'audit.verdict.altered', params: { revision: chain.brokenAtRevision, reason: chain.reason } };

/**
 * A stream's history as a readable timeline, oldest first. Event data is left out on purpose:
 * it may hold what the page has no reason to show (contacts are sealed, but names and notes are
 * not), and the auditor's question here is what happened, when and by whom.
 */
export const timelineOf = (history: StreamHistory): { verdict: Verdict; entries: TimelineEntry[] } => ({
  verdict: verdictOf(history.chain),
  entries: history.events.map((e) => ({
    revision: e.revision,
    type: e.type,
    at: e.recordedAt,
    actor: {
      subject: e.metadata.actor.subject,
      roles: e.metadata.actor.roles ?? [],
      ...(e.metadata.actor.organizationId ? { organizationId: e.metadata.actor.organizationId } : {}),
    },
  })),
});
