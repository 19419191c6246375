import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** The chart under test and the repository it belongs to. */
export const CHART = resolve(__dirname, '..');
export const REPO = resolve(CHART, '../..');

/** The value sets kept in `charts/csm/ci/` (helm's own convention for CI value files). */
export const VALUE_SETS = ['default', 'production', 'minimal'] as const;
export type ValueSet = (typeof VALUE_SETS)[number];
export const valueFile = (set: ValueSet) => join(CHART, 'ci', `${set}-values.yaml`);

export type Run = { code: number; stdout: string; stderr: string };

/** Runs a tool; never throws, so a refusal can be asserted on like a success. */
export const run = (command: string, args: string[], env: Record<string, string> = {}, input?: string): Promise<Run> =>
  new Promise((done) => {
    const child = execFile(command, args, { env: { ...process.env, ...env }, maxBuffer: 32 * 1024 * 1024, timeout: 90_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      done({ code, stdout: String(stdout), stderr: String(stderr) });
    });
    if (input !== undefined) child.stdin!.end(input);
  });

export const tool = (name: 'CSM_HELM' | 'CSM_KUBECTL' | 'CSM_KUBECONFORM' | 'CSM_KUBE_SCHEMAS'): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: source .cache/infra/env after 'bash scripts/infra/k8s-tools.sh'`);
  return value;
};

/** Helm with its cache, config and data in a temporary folder, never in the developer's home. */
export const helmHome = () => {
  const root = mkdtempSync(join(tmpdir(), 'csm-chart-helm-'));
  return {
    env: { HELM_CACHE_HOME: join(root, 'cache'), HELM_CONFIG_HOME: join(root, 'config'), HELM_DATA_HOME: join(root, 'data') },
    root,
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
};

/** `-f` for each value file and value object (written to a temporary file), in order. */
export const valueArgs = (dir: string, values: (string | object)[]): string[] =>
  values.flatMap((v, i) => {
    if (typeof v === 'string') return ['-f', v];
    const file = join(dir, `values-${i}-${process.hrtime.bigint()}.json`);
    writeFileSync(file, JSON.stringify(v));
    return ['-f', file];
  });

/** A Kubernetes object as rendered, loosely typed: tests walk it. */
export type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: any; [k: string]: any };

export const parseManifests = (text: string): K8sObject[] =>
  parseAllDocuments(text)
    .map((d) => d.toJS() as K8sObject | null)
    .filter((d): d is K8sObject => d !== null && typeof d === 'object');

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
}

/** Whether a label selector selects these labels (Kubernetes' semantics; an empty selector selects all). */
export const selects = (selector: LabelSelector, labels: Record<string, string>): boolean =>
  Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v) &&
  (selector.matchExpressions ?? []).every((e) => {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    switch (e.operator) {
      case 'In':
        return has && (e.values ?? []).includes(labels[e.key]!);
      case 'NotIn':
        return !has || !(e.values ?? []).includes(labels[e.key]!);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
    }
  });

/** The variables that carry a credential or a key: each must come from a Secret, never from a value. */
export const SECRET_VARIABLES = ['CSM_KEK', 'CSM_KEK_PREVIOUS', 'CSM_SUBJECT_ID_SECRET', 'MONGODB_URI', 'ESDB_CONNECTION_STRING', 'KAFKA_SASL_PASSWORD'];

export type EnvVar = { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean }; [k: string]: unknown } };

export const byKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);
