import { EmbeddedReadModels } from '../src/embedded-read-models';
import { describeReadModelsContract } from './read-models.contract';

describeReadModelsContract('embedded', async () => new EmbeddedReadModels());
