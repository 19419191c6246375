import type { CommandMetadata } from '@csm/eventing';

/** A library item's content with defaults (an English guide for families), overridable field by field. */
export const aLibraryItem = (overrides: Record<string, unknown> = {}) => ({
  type: 'guide',
  title: 'Talking with a young person who is being drawn in',
  summary: 'How parents and relatives can listen, keep the door open and find help early.',
  body: 'Listen first. Ask open questions about friends, online groups and what worries them. Keep talking; do not cut them off.',
  language: 'en',
  pillars: ['psychosocial'],
  counties: ['001'],
  audiences: ['families'],
  source: 'Amani Youth Initiative',
  licence: 'CC BY 4.0',
  ...overrides,
});

export const at = (now: string, actor: Partial<CommandMetadata['actor']> = {}): CommandMetadata => ({
  commandId: `cmd-${now}`,
  correlationId: `cmd-${now}`,
  actor: { subject: 'editor-1', roles: ['nctc-admin'], ...actor },
  now,
});
