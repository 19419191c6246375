// Apart from the main entry, so suites that need no bus load none of its adapters.
export * from '../on-the-bus';
