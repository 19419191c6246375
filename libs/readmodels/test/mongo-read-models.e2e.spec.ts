import { randomUUID } from 'node:crypto';
import { describeWithServices } from '@csm/testkit';
import { MongoReadModels } from '../src/mongo-read-models';
import { describeReadModelsContract } from './read-models.contract';

jest.setTimeout(30_000);

describeWithServices(['mongodb'], 'MongoDB read models', ({ mongodb }) => {
  // A database per test run, so parallel and repeated runs never see each other's documents.
  const database = `csm_contract_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  // FerretDB 1.x, the MongoDB-wire stand-in provisioned here, lacks these; MongoDB has them.
  const ferretDbGaps = process.env.MONGODB_IS_FERRETDB === 'false' ? {} : {
    'elemMatch-fields': 'FerretDB 1.x: $elemMatch on several fields is not implemented',
    'group-accumulators': 'FerretDB 1.x implements only $sum and $count in $group',
    'setOnInsert-empty-array': 'FerretDB 1.x drops an empty array set by $setOnInsert on upsert',
  } as const;
  describeReadModelsContract(`MongoDB wire (${mongodb})`, () => MongoReadModels.connect(mongodb, database), ferretDbGaps);
});
