// Readiness probes for scripts/infra: `node check.cjs kafka|mongodb|http|tcp TARGET`.
// Exit 0 when the server answers a real request (not just an open port): kafkajs lists topics,
// the mongodb driver pings, HTTP answers 2xx. Without node_modules (npm install not run yet)
// the kafka and mongodb probes fall back to a TCP connect and say so on stderr.
const net = require('node:net');

const [, , kind, target] = process.argv;
const fail = (error) => {
  console.error(String(error && error.message ? error.message : error));
  process.exit(1);
};
const done = () => process.exit(0);
setTimeout(() => fail('timed out'), 8000).unref();

const tcp = (hostPort) => {
  const url = new URL(hostPort.includes('://') ? hostPort : `tcp://${hostPort}`);
  const socket = net.connect({ host: url.hostname, port: Number(url.port) });
  socket.setTimeout(3000, () => socket.destroy(new Error('TCP connect timed out')));
  socket.on('connect', () => {
    socket.end();
    done();
  });
  socket.on('error', fail);
};

const optional = (name) => {
  try {
    return require(name);
  } catch {
    console.error(`(${name} not installed: TCP check only)`);
    return undefined;
  }
};

if (kind === 'kafka') {
  const kafkajs = optional('kafkajs');
  if (!kafkajs) tcp(target);
  else {
    const { Kafka, logLevel } = kafkajs;
    const admin = new Kafka({ clientId: 'csm-infra-check', brokers: [target], logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
    admin.connect().then(() => admin.listTopics()).then(() => admin.disconnect()).then(done, fail);
  }
} else if (kind === 'mongodb') {
  const mongodb = optional('mongodb');
  if (!mongodb) tcp(target);
  else {
    const client = new mongodb.MongoClient(target, { serverSelectionTimeoutMS: 3000 });
    client.connect().then(() => client.db('admin').command({ ping: 1 })).then(() => client.close()).then(done, fail);
  }
} else if (kind === 'http') {
  fetch(target, { signal: AbortSignal.timeout(5000) }).then((r) => (r.ok ? done() : fail(`HTTP ${r.status}`)), fail);
} else if (kind === 'tcp') {
  tcp(target);
} else {
  fail(`unknown probe '${kind}' (kafka, mongodb, http, tcp)`);
}
