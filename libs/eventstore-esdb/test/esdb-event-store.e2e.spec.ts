import { describeWithServices } from '@csm/testkit';
import { describeEventStoreContract } from '@csm/eventing/testkit';
import { EsdbEventStore } from '../src/esdb-event-store';

jest.setTimeout(30_000);

// Needs ESDB_CONNECTION_STRING (e.g. esdb://admin:changeit@127.0.0.1:2113?tls=false; reading $all
// needs a user allowed to). Without it the suite reports SKIPPED. The contract names every stream
// `contract-<uuid>`, so runs against a shared, long-lived server never collide; one client per test.
describeWithServices(['eventstoredb'], 'EventStoreDB event store', ({ eventstoredb }) => {
  describeEventStoreContract(
    'EventStoreDB',
    async () => {
      const store = EsdbEventStore.connect(eventstoredb);
      return { store, dispose: () => store.close() };
    },
    { 'duplicate-id-across-streams': 'EventStoreDB does not index event ids; it accepts an id already used in another stream' },
  );
});
