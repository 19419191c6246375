// Readiness probes run with the repository's own node_modules: `node check.cjs kafka|mongodb|http URL`.
const [, , kind, target] = process.argv;
const fail = (error) => {
  console.error(String(error && error.message ? error.message : error));
  process.exit(1);
};
const timeout = setTimeout(() => fail('timed out'), 8000);
const done = () => {
  clearTimeout(timeout);
  process.exit(0);
};

if (kind === 'kafka') {
  const { Kafka, logLevel } = require('kafkajs');
  const admin = new Kafka({ clientId: 'csm-infra-check', brokers: [target], logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
  admin.connect().then(() => admin.listTopics()).then(() => admin.disconnect()).then(done, fail);
} else if (kind === 'mongodb') {
  const { MongoClient } = require('mongodb');
  const client = new MongoClient(target, { serverSelectionTimeoutMS: 3000 });
  client.connect().then(() => client.db('admin').command({ ping: 1 })).then(() => client.close()).then(done, fail);
} else if (kind === 'http') {
  fetch(target).then((r) => (r.ok ? done() : fail(`HTTP ${r.status}`)), fail);
} else {
  fail(`unknown check ${kind}`);
}
