/** Kafka topics, one per bounded context (CONVENTIONS §7), and their dead-letter twins. */
export const TOPICS = {
  registration: 'csm.registration.events',
  proposals: 'csm.proposals.events',
  countyPlans: 'csm.county-plans.events',
  resources: 'csm.resources.events',
  notifications: 'csm.notifications.events',
} as const;

export const deadLetterTopic = (topic: string): string => `${topic}.dlq`;

/** Which context's topic a stream category is published to. */
export const TOPIC_BY_CATEGORY: Record<string, string> = {
  organization: TOPICS.registration,
  dataSubject: TOPICS.registration,
  call: TOPICS.proposals,
  proposal: TOPICS.proposals,
  solution: TOPICS.proposals,
  countyPlan: TOPICS.countyPlans,
  countyReport: TOPICS.countyPlans,
  initiative: TOPICS.countyPlans,
  resource: TOPICS.resources,
  priority: TOPICS.resources,
  notification: TOPICS.notifications,
};
