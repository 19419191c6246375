import { describeWithServices } from '@csm/testkit';
import { describeEventStoreContract } from '../../eventing/test/event-store.contract';
import { EsdbEventStore } from '../src/esdb-event-store';

jest.setTimeout(30_000);

// EventStoreDB cannot be obtained on this machine: without ESDB_CONNECTION_STRING (e.g.
// esdb://127.0.0.1:2113?tls=false) this reports SKIPPED. The stream ids are unique per test.
describeWithServices(['eventstoredb'], 'EventStoreDB adapter', ({ eventstoredb }) => {
  describeEventStoreContract('EventStoreDB', async () => {
    const store = EsdbEventStore.connect(eventstoredb);
    return { store, dispose: () => store.close() };
  }, { 'duplicate-id-across-streams': 'EventStoreDB accepts an event id already used in another stream' });
});
