import { InMemorySessionStore } from '../src/sign-in/session-store';
import { describeSessionStoreContract } from './session-store.contract';

describeSessionStoreContract('the in-memory session store', async (clock) => ({ store: new InMemorySessionStore(clock.read) }));
