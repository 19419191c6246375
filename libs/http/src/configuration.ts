import type { z } from 'zod';

/**
 * Parses the environment once, in a composition root. A bad or missing variable stops the
 * process at start with one line per variable, naming it (exit code 2).
 */
export const configurationFrom = <S extends z.ZodType>(schema: S, environment: NodeJS.ProcessEnv): z.infer<S> => {
  const parsed = schema.safeParse(environment);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) console.error(`Invalid configuration ${issue.path.join('.')}: ${issue.message}`);
  process.exit(2);
};
