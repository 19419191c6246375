import { randomUUID } from 'node:crypto';
import { describeWithServices } from '@csm/testkit';
import { MongoReadModels } from '../src/mongo-read-models';
import { describeReadModelsContract } from './read-models.contract';

jest.setTimeout(30_000);

describeWithServices(['mongodb'], 'MongoDB read models', ({ mongodb }) => {
  // A database per test run, so parallel and repeated runs never see each other's documents.
  const database = `csm_contract_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  describeReadModelsContract(`MongoDB wire (${mongodb})`, () => MongoReadModels.connect(mongodb, database));
});
