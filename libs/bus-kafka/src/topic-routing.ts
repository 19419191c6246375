import { TOPIC_BY_CATEGORY } from '@csm/contracts';
import { streamCategory } from '@csm/eventing';

/**
 * Which topic a stream's events go to: the topic of its context. `prefix` lets tests and
 * parallel environments share one cluster without seeing each other's messages.
 */
export const topicFor = (streamId: string, prefix = ''): string | undefined => {
  const topic = TOPIC_BY_CATEGORY[streamCategory(streamId)];
  return topic ? `${prefix}${topic}` : undefined;
};

export const allTopics = (prefix = ''): string[] => [...new Set(Object.values(TOPIC_BY_CATEGORY))].map((t) => `${prefix}${t}`);
