export { EsdbEventStore, type EsdbClient } from './esdb-event-store';
