import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

/**
 * Dependencies point inward: services → libs → contracts (ARCHITECTURE §4). The project tags
 * live in each package.json's "nx" block. Domain folders import nothing that does I/O.
 */
export default [
  { ignores: ['**/node_modules/**', '.cache/**', '**/dist/**', 'data/**', '.nx/**', 'coverage/**'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:service', 'type:lib', 'type:contracts'] },
            { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
          ],
        },
      ],
    },
  },
  {
    files: ['services/*/src/domain/**/*.ts', 'contracts/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'http', 'https', 'net', 'child_process'], message: 'Domain code and contracts do no I/O.' },
            { group: ['express', 'kafkajs', 'mongodb', 'better-sqlite3', '@kurrent/*'], message: 'Domain code and contracts do no I/O.' },
            { group: ['@csm/eventstore-*', '@csm/readmodels', '@csm/http', '@csm/bus-*', '@csm/identity', '@csm/telemetry'], message: 'Domain code depends on the kernel and contracts only.' },
          ],
        },
      ],
    },
  },
];
