/*
 * deploy/: the production image and the Kubernetes and Flux manifests, read as a specification.
 *
 * Every Kustomize overlay is rendered with `kubectl kustomize` (what `kubectl apply -k` and Flux's
 * kustomize-controller build), every rendered object is validated against the Kubernetes (or Flux)
 * schemas, and then the properties the portal depends on are checked one by one. The schemas are
 * ESM-only packages (kubernetes-models, @kubernetes-models/flux-cd), which Jest's CommonJS runtime
 * cannot load, so they run in a child Node process, as in plugins/flux-common/src/fixtures.test.ts.
 * The Kubernetes OpenAPI schemas accept unknown fields (the API server rejects them at apply time),
 * so every field the portal relies on is also checked at its exact path below.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';

jest.setTimeout(120_000);

const REPO_ROOT = path.resolve(__dirname, '../../../..');
const DEPLOY = path.join(REPO_ROOT, 'deploy');
const KUBERNETES = path.join(DEPLOY, 'kubernetes');
const DOCKERFILE = path.join(DEPLOY, 'docker/Dockerfile');
const DOCKERIGNORE = path.join(DEPLOY, 'docker/Dockerfile.dockerignore');

const SECRET_NAME = 'platform-portal-secrets';
const READINESS = '/.backstage/health/v1/readiness';
const LIVENESS = '/.backstage/health/v1/liveness';
/** Resident memory of a production backend right after start (measured: 722 MB). */
const MEASURED_START_RSS = 722 * 1024 * 1024;

const ENVIRONMENTS = {
  staging: { namespace: 'platform-portal-staging', minReplicas: 2 },
  production: { namespace: 'platform-portal', minReplicas: 3 },
} as const;
type Environment = keyof typeof ENVIRONMENTS;
const ENVIRONMENT_NAMES = Object.keys(ENVIRONMENTS) as Environment[];

type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [key: string]: any;
};

// ------------------------------------------------------------------------------------------
// Tools

const KUBECTL = !spawnSync('kubectl', ['version', '--client'], {
  stdio: 'ignore',
}).error;
if (!KUBECTL && process.env.CI) {
  throw new Error(
    'kubectl is not installed, so the Kustomize overlays in deploy/ cannot be rendered and checked: ' +
      'run the tests with ./portal test (it installs Debian kubectl), or apt-get install kubectl',
  );
}
if (!KUBECTL) {
  // eslint-disable-next-line no-console
  console.warn(
    'manifests.test.ts: kubectl not found, the deploy/ manifest checks are SKIPPED (./portal test installs it)',
  );
}
const describeKubectl = KUBECTL ? describe : describe.skip;

function parseYamlDocuments(text: string): K8sObject[] {
  return YAML.parseAllDocuments(text)
    .map(doc => {
      if (doc.errors.length) throw doc.errors[0];
      return doc.toJS() as K8sObject | null;
    })
    .filter((o): o is K8sObject => o !== null);
}

const rendered = new Map<string, K8sObject[]>();
/** `kubectl kustomize <dir>` (dir relative to the repository root), parsed. */
function kustomize(dir: string): K8sObject[] {
  if (!rendered.has(dir)) {
    const out = execFileSync(
      'kubectl',
      ['kustomize', path.join(REPO_ROOT, dir)],
      {
        encoding: 'utf8',
      },
    );
    rendered.set(dir, parseYamlDocuments(out));
  }
  return rendered.get(dir)!;
}

/*
 * Schema validation in a child process: objects in on stdin, one result per object out ('ok' or
 * the validation error). Flux kinds come from @kubernetes-models/flux-cd, the rest from
 * kubernetes-models; a kind with no schema is an error, not a pass.
 */
const VALIDATE = `
let input = '';
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const object of JSON.parse(input)) {
  try {
    const apiVersion = String(object.apiVersion);
    const pkg = /\\.fluxcd\\.io\\//.test(apiVersion)
      ? '@kubernetes-models/flux-cd/' + apiVersion
      : 'kubernetes-models/' + apiVersion;
    let Model;
    try {
      Model = (await import(pkg))[object.kind];
    } catch (e) {
      throw new Error('no schema for ' + apiVersion + ': ' + e.message);
    }
    if (typeof Model !== 'function') throw new Error('no schema for ' + apiVersion + ' ' + object.kind);
    new Model(object).validate();
    results.push('ok');
  } catch (e) {
    results.push(String((e && e.message) || e));
  }
}
process.stdout.write(JSON.stringify(results));
`;

function validateSchemas(objects: unknown[]): string[] {
  const out = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', VALIDATE],
    { cwd: __dirname, input: JSON.stringify(objects), encoding: 'utf8' },
  );
  return JSON.parse(out);
}

function label(o: K8sObject) {
  return `${o.kind}/${o.metadata?.name}`;
}

function expectValid(objects: K8sObject[]) {
  const results = validateSchemas(objects);
  expect(
    objects.map((o, i) => ({ object: label(o), result: results[i] })),
  ).toEqual(objects.map(o => ({ object: label(o), result: 'ok' })));
}

function only<T extends K8sObject>(objects: K8sObject[], kind: string): T {
  const found = objects.filter(o => o.kind === kind);
  expect(found.map(label)).toHaveLength(1);
  return found[0] as T;
}

/** Kubernetes quantities as numbers (bytes, cores). */
function quantity(value: string | number): number {
  if (typeof value === 'number') return value;
  const m = /^([0-9.]+)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(value);
  if (!m) throw new Error(`not a quantity: ${value}`);
  const units: Record<string, number> = {
    '': 1,
    m: 1e-3,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
  };
  return Number(m[1]) * units[m[2] ?? ''];
}

function selects(
  selector: Record<string, string>,
  labels: Record<string, string>,
) {
  return (
    Object.keys(selector).length > 0 &&
    Object.entries(selector).every(([k, v]) => labels?.[k] === v)
  );
}

// ------------------------------------------------------------------------------------------
// The Dockerfile, parsed just enough: stages with their instructions (one per line, as written).

type Instruction = { op: string; args: string };
type Stage = { name: string; from: string; instructions: Instruction[] };

function readDockerfile(): {
  args: Record<string, string | undefined>;
  stages: Stage[];
} {
  const lines = fs
    .readFileSync(DOCKERFILE, 'utf8')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map(l => l.trim())
    .filter(l => l && !l.startsWith('#'));
  const globalArgs: Record<string, string | undefined> = {};
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, op, args] = /^(\S+)\s*(.*)$/.exec(line)!;
    if (op === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args)!;
      const from = m[1].replace(
        /^\$\{(\w+)\}$/,
        (_, v) => globalArgs[v] ?? m[1],
      );
      stages.push({
        name: m[2] ?? String(stages.length),
        from,
        instructions: [],
      });
    } else if (stages.length === 0 && op === 'ARG') {
      const [k, v] = args.split('=');
      globalArgs[k] = v;
    } else if (stages.length) {
      stages[stages.length - 1].instructions.push({ op, args });
    }
  }
  return { args: globalArgs, stages };
}

function ops(stage: Stage, op: string) {
  return stage.instructions.filter(i => i.op === op).map(i => i.args);
}

/** COPY arguments without flags: sources and destination. */
function copyParts(args: string) {
  const words = args.split(/\s+/);
  const flags = words.filter(w => w.startsWith('--'));
  const rest = words.filter(w => !w.startsWith('--'));
  const from = flags
    .find(f => f.startsWith('--from='))
    ?.slice('--from='.length);
  return { from, sources: rest.slice(0, -1), dest: rest[rest.length - 1] };
}

/** Docker's ignore-file rules: last match wins, a match on a parent directory covers its contents. */
function dockerIgnored(file: string, patterns: string[]): boolean {
  const toRegex = (p: string) =>
    new RegExp(
      `^${p
        .replace(/^\/+|\/+$/g, '')
        .split(/(\*\*\/?|\*|\?)/)
        .map(part => {
          if (part === '**/' || part === '**') return '(?:.*/)?';
          if (part === '*') return '[^/]*';
          if (part === '?') return '[^/]';
          return part.replace(/[.+^${}()|[\]\\]/g, '\\$&');
        })
        .join('')
        .replace(/\(\?:\.\*\/\)\?$/, '.*')}$`,
    );
  const segments = file.split('/');
  const prefixes = segments.map((_, i) => segments.slice(0, i + 1).join('/'));
  let ignored = false;
  for (const raw of patterns) {
    const negated = raw.startsWith('!');
    const re = toRegex(negated ? raw.slice(1) : raw);
    if (prefixes.some(p => re.test(p))) ignored = !negated;
  }
  return ignored;
}

function ignorePatterns(file: string) {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map(l => l.trim())
    .filter(l => l && !l.startsWith('#'));
}

function gitFiles(...paths: string[]): string[] {
  return execFileSync('git', ['ls-files', '--', ...paths], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  })
    .split('\n')
    .filter(Boolean);
}

// ------------------------------------------------------------------------------------------
// Backstage configuration

const CONFIG_VAR = /\$\{(\w+)(:-[^}]*)?\}/g;

/** Environment variables a config file reads without a default. */
function requiredVariables(text: string): string[] {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    if (line.trim().startsWith('#')) continue;
    for (const m of line.matchAll(CONFIG_VAR)) if (!m[2]) names.add(m[1]);
  }
  return [...names].sort();
}

const BACKSTAGE_CLI = path.join(
  REPO_ROOT,
  'node_modules/@backstage/cli/bin/backstage-cli',
);

function backstageCli(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [BACKSTAGE_CLI, ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ...env },
  });
}

// ------------------------------------------------------------------------------------------
// The overlays

function workload(env: Environment) {
  const objects = kustomize(`deploy/kubernetes/overlays/${env}`);
  const deployment = only(objects, 'Deployment');
  const pod = deployment.spec.template;
  const containers: any[] = pod.spec.containers;
  const backend = containers.find(c => c.name === 'backend');
  const configMaps = objects.filter(o => o.kind === 'ConfigMap');
  const envConfigMap = configMaps.find(c =>
    c.metadata.name.startsWith('platform-portal-env-'),
  )!;
  const appConfigMap = configMaps.find(c =>
    c.metadata.name.startsWith('platform-portal-app-config-'),
  )!;
  return {
    objects,
    deployment,
    pod,
    containers,
    backend,
    envConfigMap,
    appConfigMap,
  };
}

/** The environment the backend container gets: literal env, envFrom ConfigMaps, Secret refs. */
function containerEnvironment(env: Environment) {
  const { objects, backend } = workload(env);
  const names = new Map<string, string>();
  for (const source of backend.envFrom ?? []) {
    const cm = objects.find(
      o =>
        o.kind === 'ConfigMap' && o.metadata.name === source.configMapRef?.name,
    );
    expect(cm).toBeDefined();
    for (const key of Object.keys(cm!.data ?? {}))
      names.set(key, `configMap:${key}`);
  }
  for (const e of backend.env ?? []) {
    if (e.valueFrom?.secretKeyRef) {
      names.set(e.name, `secret:${e.valueFrom.secretKeyRef.key}`);
    } else names.set(e.name, 'literal');
  }
  return names;
}

describeKubectl('Kubernetes overlays', () => {
  describe.each(ENVIRONMENT_NAMES)('%s', env => {
    const { namespace, minReplicas } = ENVIRONMENTS[env];

    it('renders objects that all validate against the Kubernetes schemas', () => {
      const { objects } = workload(env);
      expect(objects.map(o => o.kind).sort()).toEqual([
        'ConfigMap',
        'ConfigMap',
        'Deployment',
        'Ingress',
        'PodDisruptionBudget',
        'Service',
        'ServiceAccount',
      ]);
      expectValid(objects);
    });

    it(`puts every object in the namespace ${namespace}`, () => {
      const { objects } = workload(env);
      for (const o of objects)
        expect([label(o), o.metadata.namespace]).toEqual([label(o), namespace]);
      const ns = kustomize(`deploy/kubernetes/overlays/${env}/namespace`);
      expectValid(ns);
      expect(ns).toEqual([
        expect.objectContaining({
          kind: 'Namespace',
          metadata: expect.objectContaining({
            name: namespace,
            // The pods must pass the "restricted" Pod Security Standard to be admitted.
            labels: expect.objectContaining({
              'pod-security.kubernetes.io/enforce': 'restricted',
            }),
          }),
        }),
      ]);
    });

    it(`runs at least ${minReplicas} replicas and replaces them without losing capacity`, () => {
      const { deployment } = workload(env);
      expect(deployment.spec.replicas).toBeGreaterThanOrEqual(minReplicas);
      expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
      expect(deployment.spec.strategy).toEqual({
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: 0, maxSurge: 1 },
      });
    });

    it('probes the health endpoints: readiness (and startup) on readiness, liveness on liveness', () => {
      const { backend, deployment } = workload(env);
      const httpGet = (probe: any) => probe?.httpGet;
      expect(httpGet(backend.readinessProbe)).toEqual({
        path: READINESS,
        port: 'http',
      });
      expect(httpGet(backend.startupProbe)).toEqual({
        path: READINESS,
        port: 'http',
      });
      expect(httpGet(backend.livenessProbe)).toEqual({
        path: LIVENESS,
        port: 'http',
      });
      // A first start runs the migrations: at least 5 minutes before the startup probe gives up,
      // and the rollout deadline longer than that.
      const budget =
        backend.startupProbe.periodSeconds *
        backend.startupProbe.failureThreshold;
      expect(budget).toBeGreaterThanOrEqual(300);
      expect(deployment.spec.progressDeadlineSeconds).toBeGreaterThan(budget);
      // Liveness tolerates a busy event loop for a while.
      expect(
        backend.livenessProbe.periodSeconds *
          backend.livenessProbe.failureThreshold,
      ).toBeGreaterThanOrEqual(30);
    });

    it('leaves a stopping replica time to drain: shutdown delay, then the events bus long polls', () => {
      const { pod } = workload(env);
      const layer = YAML.parse(
        fs.readFileSync(
          path.join(KUBERNETES, 'base/app-config.kubernetes.yaml'),
          'utf8',
        ),
      );
      const delay = layer.backend.lifecycle.serverShutdownDelay.seconds;
      expect(delay).toBeGreaterThanOrEqual(5);
      // The events bus answers its long polls after at most 55 s; the server waits for them.
      const EVENTS_LONG_POLL = 55;
      expect(pod.spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(
        delay + EVENTS_LONG_POLL + 10,
      );
    });

    it('names the ports http (7007) and metrics (9464), and points Prometheus at metrics', () => {
      const { backend, pod } = workload(env);
      expect(backend.ports).toEqual([
        { name: 'http', containerPort: 7007, protocol: 'TCP' },
        { name: 'metrics', containerPort: 9464, protocol: 'TCP' },
      ]);
      expect(pod.metadata.annotations).toMatchObject({
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': '9464',
        'prometheus.io/path': '/metrics',
      });
    });

    it('runs as a non-root user with a read-only root filesystem and no capabilities (restricted)', () => {
      const { pod, containers } = workload(env);
      const { runAsUser } = readDockerfileUser();
      expect(pod.spec.securityContext).toMatchObject({
        runAsNonRoot: true,
        runAsUser,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(pod.spec.hostNetwork ?? false).toBe(false);
      expect(pod.spec.hostPID ?? false).toBe(false);
      expect(pod.spec.hostIPC ?? false).toBe(false);
      expect(pod.spec.automountServiceAccountToken).toBe(false);
      expect(pod.spec.volumes.filter((v: any) => v.hostPath)).toEqual([]);
      for (const c of [...containers, ...(pod.spec.initContainers ?? [])]) {
        expect([c.name, c.securityContext]).toEqual([
          c.name,
          expect.objectContaining({
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ['ALL'] },
          }),
        ]);
        expect(c.securityContext.privileged ?? false).toBe(false);
        expect(c.securityContext.runAsUser ?? runAsUser).not.toBe(0);
      }
    });

    it('mounts writable volumes on /tmp and on PORTAL_DATA_DIR, and nothing else is writable', () => {
      const { backend, pod, envConfigMap } = workload(env);
      const dataDir = envConfigMap.data.PORTAL_DATA_DIR;
      expect(dataDir).toBe('/var/lib/platform-portal');
      const volumes = new Map<string, any>(
        pod.spec.volumes.map((v: any) => [v.name, v]),
      );
      const writable = backend.volumeMounts
        .filter((m: any) => !m.readOnly)
        .map((m: any) => m.mountPath)
        .sort();
      expect(writable).toEqual(['/tmp', dataDir].sort());
      const unbacked = backend.volumeMounts.filter(
        (m: any) => !volumes.has(m.name),
      );
      expect(unbacked).toEqual([]);
      // Writable volumes are per-pod scratch space with a bound, not node disk without one.
      const unbounded = backend.volumeMounts.filter(
        (m: any) => !m.readOnly && !volumes.get(m.name).emptyDir?.sizeLimit,
      );
      expect(unbounded).toEqual([]);
    });

    it('requests and limits resources on every container, sized for the measured start', () => {
      const { containers, envConfigMap } = workload(env);
      for (const c of containers) {
        expect([
          c.name,
          Object.keys(c.resources?.requests ?? {}).sort(),
        ]).toEqual([c.name, expect.arrayContaining(['cpu', 'memory'])]);
        expect([c.name, Object.keys(c.resources?.limits ?? {})]).toEqual([
          c.name,
          expect.arrayContaining(['cpu', 'memory']),
        ]);
        const request = quantity(c.resources.requests.memory);
        const limit = quantity(c.resources.limits.memory);
        expect(request).toBeGreaterThanOrEqual(MEASURED_START_RSS * 1.3);
        expect(limit).toBeGreaterThanOrEqual(request);
        expect(quantity(c.resources.requests.cpu)).toBeLessThanOrEqual(
          quantity(c.resources.limits.cpu),
        );
        // The V8 heap cap leaves room below the limit for native memory and mkdocs.
        const heap = /--max-old-space-size=(\d+)/.exec(
          envConfigMap.data.NODE_OPTIONS,
        );
        expect(heap).not.toBeNull();
        expect(Number(heap![1]) * 2 ** 20).toBeLessThanOrEqual(limit * 0.75);
      }
    });

    it('spreads the replicas over nodes', () => {
      const { pod } = workload(env);
      const byHostname = pod.spec.topologySpreadConstraints.find(
        (t: any) => t.topologyKey === 'kubernetes.io/hostname',
      );
      expect(byHostname).toMatchObject({
        maxSkew: 1,
        whenUnsatisfiable: 'DoNotSchedule',
      });
      expect(
        selects(byHostname.labelSelector.matchLabels, pod.metadata.labels),
      ).toBe(true);
    });

    it('pins an image from a registry by an immutable tag, never :latest', () => {
      const { containers } = workload(env);
      for (const c of containers) {
        const m =
          /^([a-z0-9.-]+\.[a-z]+(?::\d+)?\/[^:@]+)(?::([\w.-]+))?(?:@sha256:[a-f0-9]{64})?$/.exec(
            c.image,
          );
        expect([c.image, m !== null]).toEqual([c.image, true]);
        expect(m![2] ?? 'digest').not.toBe('latest');
        expect(c.image).toMatch(/:[\w.-]+$|@sha256:/);
        expect(c.imagePullPolicy).toBe('IfNotPresent');
      }
    });

    it('has a Service that selects the pods and targets the named http port', () => {
      const { objects, pod, deployment } = workload(env);
      const service = only(objects, 'Service');
      expect(selects(service.spec.selector, pod.metadata.labels)).toBe(true);
      expect(service.spec.selector).toEqual(
        deployment.spec.selector.matchLabels,
      );
      const containerPorts = pod.spec.containers.flatMap((c: any) =>
        c.ports.map((p: any) => p.name),
      );
      for (const port of service.spec.ports) {
        expect(containerPorts).toContain(port.targetPort);
      }
      expect(
        service.spec.ports.find((p: any) => p.name === 'http')?.targetPort,
      ).toBe('http');
    });

    it('has a PodDisruptionBudget that selects exactly the pods and lets one go at a time', () => {
      const { objects, pod, deployment } = workload(env);
      const pdb = only(objects, 'PodDisruptionBudget');
      expect(pdb.spec.selector.matchLabels).toEqual(
        deployment.spec.selector.matchLabels,
      );
      expect(selects(pdb.spec.selector.matchLabels, pod.metadata.labels)).toBe(
        true,
      );
      // Pods a drain may evict at once: at least one (drains can proceed), never all of them.
      const replicas = deployment.spec.replicas;
      const evictable =
        'maxUnavailable' in pdb.spec
          ? pdb.spec.maxUnavailable
          : replicas - pdb.spec.minAvailable;
      expect(evictable).toBeGreaterThanOrEqual(1);
      expect(replicas - evictable).toBeGreaterThanOrEqual(1);
      expect(pdb.spec.maxUnavailable ?? 1).toBe(1);
    });

    it('has a ServiceAccount of its own, with no API token mounted', () => {
      const { objects, pod } = workload(env);
      const sa = only(objects, 'ServiceAccount');
      expect(pod.spec.serviceAccountName).toBe(sa.metadata.name);
      expect(sa.automountServiceAccountToken).toBe(false);
    });

    it('serves the URL of PORTAL_BASE_URL over TLS through the Ingress', () => {
      const { objects, envConfigMap } = workload(env);
      const ingress = only(objects, 'Ingress');
      const service = only(objects, 'Service');
      const url = new URL(envConfigMap.data.PORTAL_BASE_URL);
      expect(url.protocol).toBe('https:');
      expect(url.pathname).toBe('/');
      expect(ingress.spec.rules).toEqual([
        {
          host: url.hostname,
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: {
                  service: {
                    name: service.metadata.name,
                    port: { name: 'http' },
                  },
                },
              },
            ],
          },
        },
      ]);
      expect(ingress.spec.tls).toEqual([
        expect.objectContaining({ hosts: [url.hostname] }),
      ]);
    });

    it('commits no Secret: the Secret is referenced by name only', () => {
      const { objects, backend } = workload(env);
      expect(objects.filter(o => o.kind === 'Secret').map(label)).toEqual([]);
      const refs = [
        ...(backend.env ?? [])
          .map((e: any) => e.valueFrom?.secretKeyRef?.name)
          .filter(Boolean),
        ...(backend.envFrom ?? [])
          .map((e: any) => e.secretRef?.name)
          .filter(Boolean),
      ];
      expect(new Set(refs)).toEqual(new Set([SECRET_NAME]));
    });

    it('gives the backend every variable the production configuration needs', () => {
      const { appConfigMap } = workload(env);
      const provided = containerEnvironment(env);
      // Set by the image (Dockerfile ENV).
      for (const name of readDockerfileEnv().keys()) {
        if (!provided.has(name)) provided.set(name, 'image');
      }
      const configs = [
        fs.readFileSync(path.join(REPO_ROOT, 'app-config.yaml'), 'utf8'),
        fs.readFileSync(
          path.join(REPO_ROOT, 'app-config.production.yaml'),
          'utf8',
        ),
        ...Object.values<string>(appConfigMap.data),
      ];
      const needed = [...new Set(configs.flatMap(requiredVariables))].sort();
      expect(needed).toEqual(
        expect.arrayContaining([
          'POSTGRES_HOST',
          'GITHUB_TOKEN',
          'TECHDOCS_S3_BUCKET',
        ]),
      );
      expect(needed.filter(name => !provided.has(name))).toEqual([]);
      // Not required by a ${VAR}, but by this deployment: the public URL and production mode.
      expect(provided.get('PORTAL_BASE_URL')).toBe('configMap:PORTAL_BASE_URL');
      expect(provided.has('NODE_ENV')).toBe(true);
      // Secrets come from the Secret, never from a ConfigMap or a literal.
      for (const secret of [
        'POSTGRES_PASSWORD',
        'GITHUB_TOKEN',
        'AUTH_GITHUB_CLIENT_SECRET',
        'GITHUB_WEBHOOK_SECRET',
      ]) {
        expect([secret, provided.get(secret)]).toEqual([
          secret,
          `secret:${secret}`,
        ]);
      }
    });

    it("starts the image's command with the ConfigMap's configuration layered last", () => {
      const { backend, pod, appConfigMap } = workload(env);
      const cmd = readDockerfileCmd();
      expect(backend.command).toBeUndefined(); // keeps the image's ENTRYPOINT (tini)
      expect(backend.args.slice(0, cmd.length)).toEqual(cmd);
      const extra = backend.args.slice(cmd.length);
      expect(extra).toHaveLength(2);
      expect(extra[0]).toBe('--config');
      const mount = backend.volumeMounts.find((m: any) =>
        extra[1].startsWith(`${m.mountPath}/`),
      );
      expect(mount).toMatchObject({ readOnly: true });
      const volume = pod.spec.volumes.find((v: any) => v.name === mount.name);
      expect(volume.configMap.name).toBe(appConfigMap.metadata.name);
      const key = extra[1].slice(mount.mountPath.length + 1);
      expect(appConfigMap.data[key]).toBe(
        fs.readFileSync(path.join(KUBERNETES, 'base', key), 'utf8'),
      );
    });
  });

  it('runs the image as the Dockerfile defines it: user, ports and command', () => {
    const { pod, backend } = workload('production');
    expect(pod.spec.securityContext.runAsUser).toBe(
      readDockerfileUser().runAsUser,
    );
    expect(pod.spec.securityContext.runAsGroup).toBe(
      readDockerfileUser().runAsGroup,
    );
    const runtime = readDockerfile().stages.at(-1)!;
    expect(ops(runtime, 'EXPOSE')[0].split(' ').map(Number)).toEqual(
      backend.ports.map((p: any) => p.containerPort),
    );
    expect(backend.args.slice(0, readDockerfileCmd().length)).toEqual(
      readDockerfileCmd(),
    );
  });

  it('lists in secret.example.env exactly the keys the Deployment reads from the Secret, with placeholders', () => {
    const example = fs.readFileSync(
      path.join(KUBERNETES, 'secret.example.env'),
      'utf8',
    );
    const entries = example
      .split('\n')
      .filter(l => l.trim() && !l.trim().startsWith('#'))
      .map(l => l.split('=', 2) as [string, string]);
    for (const [key, value] of entries) {
      // Placeholders only: nothing that looks like a real token or password.
      expect([key, value]).toEqual([
        key,
        expect.stringMatching(
          /^(change-me|[\w.-]+\.(example|internal)|\d+|platform_portal)$/,
        ),
      ]);
    }
    for (const env of ENVIRONMENT_NAMES) {
      const { backend } = workload(env);
      const referenced = backend.env
        .filter((e: any) => e.valueFrom?.secretKeyRef)
        .map((e: any) => e.valueFrom.secretKeyRef.key)
        .sort();
      expect(entries.map(([k]) => k).sort()).toEqual(referenced);
    }
  });

  it('keeps filled-in secrets out of Git and out of the image context', () => {
    const committed = gitFiles('deploy').concat(
      execFileSync(
        'git',
        ['ls-files', '--others', '--exclude-standard', 'deploy'],
        {
          cwd: REPO_ROOT,
          encoding: 'utf8',
        },
      )
        .split('\n')
        .filter(Boolean),
    );
    // No manifest in deploy/ defines a Secret with data.
    for (const file of committed.filter(f => /\.ya?ml$/.test(f))) {
      const docs = parseYamlDocuments(
        fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'),
      );
      for (const doc of docs) {
        expect([
          file,
          doc.kind === 'Secret' && (doc.data || doc.stringData),
        ]).toEqual([file, false]);
      }
    }
    const ignored = (f: string) =>
      spawnSync('git', ['check-ignore', '-q', f], { cwd: REPO_ROOT }).status ===
      0;
    expect(ignored('deploy/kubernetes/secret.env')).toBe(true);
    expect(ignored('deploy/kubernetes/secret.example.env')).toBe(false);
    expect(
      dockerIgnored(
        'deploy/kubernetes/secret.env',
        ignorePatterns(DOCKERIGNORE),
      ),
    ).toBe(true);
  });

  it('rejects objects that break the schema (the validation bites)', () => {
    const { deployment } = workload('production');
    const { objects } = workload('production');
    const pdb = only(objects, 'PodDisruptionBudget');
    const broken = [
      { ...deployment, spec: { ...deployment.spec, replicas: '3' } },
      {
        ...deployment,
        spec: {
          ...deployment.spec,
          template: { ...deployment.spec.template, spec: { volumes: [] } },
        },
      },
      {
        ...pdb,
        spec: { ...pdb.spec, selector: { matchLabels: 'app=platform-portal' } },
      },
      {
        apiVersion: 'example.com/v1',
        kind: 'Unknown',
        metadata: { name: 'x' },
      },
    ];
    const results = validateSchemas(broken);
    expect(results[0]).toMatch(/replicas must be integer/);
    expect(results[1]).toMatch(
      /must have required property 'containers'|containers/,
    );
    expect(results[2]).toMatch(/matchLabels must be object/);
    expect(results[3]).toMatch(/no schema/);
    // And the originals pass, so the failures above come from the changes.
    expect(validateSchemas([deployment, pdb])).toEqual(['ok', 'ok']);
  });
});

function readDockerfileUser() {
  const runtime = readDockerfile().stages.at(-1)!;
  const user = ops(runtime, 'USER').at(-1)!;
  const [uid, gid] = user.split(':').map(Number);
  return { runAsUser: uid, runAsGroup: gid, raw: user };
}

function readDockerfileCmd(): string[] {
  const runtime = readDockerfile().stages.at(-1)!;
  return JSON.parse(ops(runtime, 'CMD').at(-1)!);
}

function readDockerfileEnv(): Map<string, string> {
  const runtime = readDockerfile().stages.at(-1)!;
  const env = new Map<string, string>();
  for (const args of ops(runtime, 'ENV')) {
    for (const m of args.matchAll(/(\w+)=(\S+)/g)) env.set(m[1], m[2]);
  }
  return env;
}

describeKubectl('the Kubernetes configuration layer', () => {
  const env: Environment = 'production';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-k8s-config-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const files = () => {
    const { appConfigMap } = workload(env);
    const layer = path.join(dir, 'app-config.kubernetes.yaml');
    fs.writeFileSync(layer, appConfigMap.data['app-config.kubernetes.yaml']);
    return {
      base: ['app-config.yaml', 'app-config.production.yaml'],
      layer,
    };
  };
  const configArgs = (list: string[]) => list.flatMap(f => ['--config', f]);

  it('composes with the production configuration into PostgreSQL, GitHub sign-in and TechDocs in the bucket', () => {
    const { base, layer } = files();
    // The overlay's environment, with stand-ins for the Secret's values.
    const environment: Record<string, string> = {};
    const { envConfigMap, backend } = workload(env);
    Object.assign(environment, envConfigMap.data);
    for (const e of backend.env) {
      if (e.valueFrom?.secretKeyRef)
        environment[e.name] = `secret-${e.name.toLowerCase()}`;
    }
    const res = backstageCli(
      [
        'config:print',
        '--with-secrets',
        '--format',
        'json',
        ...configArgs([...base, layer]),
      ],
      environment,
    );
    expect(res.stderr).not.toMatch(/error/i);
    expect(res.status).toBe(0);
    const config = JSON.parse(res.stdout.slice(res.stdout.indexOf('{')));
    expect(config.backend.database).toMatchObject({
      client: 'pg',
      connection: {
        host: 'secret-postgres_host',
        password: 'secret-postgres_password',
      },
      knexConfig: { pool: { min: 0 } },
    });
    expect(config.backend.database.connection.directory).toBeUndefined();
    expect(config.backend.baseUrl).toBe(envConfigMap.data.PORTAL_BASE_URL);
    expect(config.app.baseUrl).toBe(envConfigMap.data.PORTAL_BASE_URL);
    expect(config.backend.lifecycle.serverShutdownDelay).toBeDefined();
    expect(config.auth.environment).toBe('production');
    expect(Object.keys(config.auth.providers)).toEqual(['github']);
    expect(config.techdocs.publisher).toEqual({
      type: 'awsS3',
      awsS3: {
        bucketName: envConfigMap.data.TECHDOCS_S3_BUCKET,
        region: envConfigMap.data.AWS_REGION,
      },
    });
  });

  it('adds no schema error to the production configuration (strict check)', () => {
    const { base, layer } = files();
    const errors = (list: string[]) => {
      const res = backstageCli([
        'config:check',
        '--package',
        'backend',
        '--strict',
        '--lax',
        ...configArgs(list),
      ]);
      return new Set(
        `${res.stdout}\n${res.stderr}`
          .split('\n')
          .map(l => l.trim())
          .filter(l => l.startsWith('Config ')),
      );
    };
    const before = errors(base);
    const after = errors([...base, layer]);
    expect([...after].filter(e => !before.has(e))).toEqual([]);
    // The check does find errors in a layer that has them.
    const typo = path.join(path.dirname(layer), 'typo.yaml');
    fs.writeFileSync(
      typo,
      fs.readFileSync(layer, 'utf8').replace('bucketName:', 'bucketNmae:'),
    );
    const withTypo = errors([...base, typo]);
    expect([...withTypo].filter(e => !before.has(e)).join('\n')).toMatch(
      /bucketNmae/,
    );
  });
});

describeKubectl('Flux', () => {
  describe.each(ENVIRONMENT_NAMES)('%s', env => {
    const objects = () => kustomize(`deploy/flux/${env}`);
    const kustomizations = () =>
      objects().filter(o => o.kind === 'Kustomization');
    const app = () =>
      kustomizations().find(
        k => k.spec.path === `./deploy/kubernetes/overlays/${env}`,
      )!;

    it('validates every object against the Flux schemas', () => {
      expect(
        objects()
          .map(o => `${o.apiVersion} ${o.kind}`)
          .sort(),
      ).toEqual([
        'kustomize.toolkit.fluxcd.io/v1 Kustomization',
        'kustomize.toolkit.fluxcd.io/v1 Kustomization',
        'kustomize.toolkit.fluxcd.io/v1 Kustomization',
        'source.toolkit.fluxcd.io/v1 GitRepository',
      ]);
      expectValid(objects());
    });

    it('reconciles the overlay with prune and wait, after its namespace', () => {
      const portal = app();
      expect(portal).toBeDefined();
      expect(portal.spec).toMatchObject({ prune: true, wait: true });
      // With wait: true Flux health-checks every applied object, the Deployment included (Ready
      // once the rollout is complete); spec.healthChecks would be ignored, so it must not suggest
      // otherwise.
      expect(portal.spec.healthChecks).toBeUndefined();
      expect(
        kustomize(`deploy/kubernetes/overlays/${env}`).map(o => o.kind),
      ).toContain('Deployment');
      const namespace = kustomizations().find(
        k => k.spec.path === `./deploy/kubernetes/overlays/${env}/namespace`,
      )!;
      expect(namespace.spec.prune).toBe(false); // pruning it would delete the hand-made Secret
      expect(portal.spec.dependsOn).toEqual([
        { name: namespace.metadata.name },
      ]);
      // Long enough for every replica's startup budget.
      const { backend, deployment } = workload(env);
      const startup =
        backend.startupProbe.periodSeconds *
        backend.startupProbe.failureThreshold;
      const timeout = /^(\d+)m$/.exec(portal.spec.timeout);
      expect(timeout).not.toBeNull();
      expect(Number(timeout![1]) * 60).toBeGreaterThanOrEqual(
        startup * deployment.spec.replicas,
      );
    });

    it('points every Kustomization at a path of this repository that renders, from a source defined here', () => {
      const sources = objects().filter(o => o.kind === 'GitRepository');
      const names = new Set(kustomizations().map(k => k.metadata.name));
      for (const k of kustomizations()) {
        expect(sources.map(s => s.metadata.name)).toContain(
          k.spec.sourceRef.name,
        );
        expect(k.spec.sourceRef.kind).toBe('GitRepository');
        expect(k.spec.postBuild).toBeUndefined(); // would substitute the config's ${VAR}s
        for (const dep of k.spec.dependsOn ?? [])
          expect(names).toContain(dep.name);
        const dir = k.spec.path.replace(/^\.\//, '');
        expect(
          fs.existsSync(path.join(REPO_ROOT, dir, 'kustomization.yaml')),
        ).toBe(true);
        expect(kustomize(dir).length).toBeGreaterThan(0);
      }
    });

    it("puts exactly deploy/kubernetes and deploy/flux in the source's artifact", () => {
      const [source] = objects().filter(o => o.kind === 'GitRepository');
      // Real gitignore semantics: git itself, on a scratch tree of this repository's files.
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-flux-ignore-'));
      const files = gitFiles('.').concat(
        execFileSync(
          'git',
          ['ls-files', '--others', '--exclude-standard', 'deploy'],
          {
            cwd: REPO_ROOT,
            encoding: 'utf8',
          },
        )
          .split('\n')
          .filter(Boolean),
      );
      for (const f of files) {
        fs.mkdirSync(path.join(dir, path.dirname(f)), { recursive: true });
        fs.writeFileSync(path.join(dir, f), '');
      }
      fs.writeFileSync(path.join(dir, '.gitignore'), source.spec.ignore);
      execFileSync('git', ['init', '-q'], { cwd: dir });
      const kept = execFileSync(
        'git',
        ['ls-files', '--others', '--exclude-standard'],
        {
          cwd: dir,
          encoding: 'utf8',
        },
      )
        .split('\n')
        .filter(f => f && f !== '.gitignore')
        .sort();
      fs.rmSync(dir, { recursive: true, force: true });
      expect(kept).toEqual(
        files
          .filter(
            f =>
              f.startsWith('deploy/kubernetes/') ||
              f.startsWith('deploy/flux/'),
          )
          .sort(),
      );
      expect(kept).toContain(
        `deploy/kubernetes/overlays/${env}/kustomization.yaml`,
      );
    });
  });

  it('rejects Flux objects that break the schema (the validation bites)', () => {
    const [portal] = kustomize('deploy/flux/production').filter(
      o => o.kind === 'Kustomization',
    );
    const results = validateSchemas([
      { ...portal, spec: { ...portal.spec, interval: 600 } },
      { ...portal, spec: { ...portal.spec, sourceRef: undefined } },
    ]);
    expect(results[0]).toMatch(/interval must be string/);
    expect(results[1]).toMatch(/sourceRef/);
    expect(validateSchemas([portal])).toEqual(['ok']);
  });
});

describe('the Dockerfile', () => {
  const { args, stages } = readDockerfile();
  const runtime = stages[stages.length - 1];
  const byName = new Map(stages.map(s => [s.name, s]));

  it('is a multi-stage build: built on node:22-bookworm, run on node:22-bookworm-slim', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages.map(s => s.name)).toEqual([
      'packages',
      'build',
      'deps',
      'runtime',
    ]);
    expect(byName.get('build')!.from).toBe('node:22-bookworm');
    expect(runtime.from).toBe('node:22-bookworm-slim');
  });

  it('builds from source with the pinned Yarn and a registry passed in, never a hard-coded one', () => {
    const build = byName.get('build')!;
    const runs = ops(build, 'RUN').join('\n');
    expect(runs).toMatch(/yarn install --immutable/);
    expect(runs).toMatch(/yarn tsc/);
    expect(runs).toMatch(/yarn build:backend/);
    // Yarn is fetched and verified by scripts/env.sh, not taken from the context.
    expect(runs).toMatch(/source scripts\/env\.sh/);
    expect(ops(build, 'ARG')).toContain('YARN_NPM_REGISTRY_SERVER');
    expect(args).not.toHaveProperty('YARN_NPM_REGISTRY_SERVER');
    const text = fs.readFileSync(DOCKERFILE, 'utf8');
    expect(text).not.toMatch(
      /registry\.(npmjs\.org|yarnpkg\.com)|https?:\/\/(?!127\.0\.0\.1)/,
    );
    expect(ignorePatterns(DOCKERIGNORE)).toContain('.yarn/releases');
    expect(ops(byName.get('deps')!, 'RUN').join('\n')).toMatch(
      /yarn workspaces focus --all --production/,
    );
  });

  it('runs as a fixed non-root user, in production mode, with TechDocs tools and both ports', () => {
    const user = readDockerfileUser();
    expect(user.raw).toMatch(/^\d+:\d+$/); // numeric, so runAsNonRoot can verify it
    expect(user.runAsUser).toBeGreaterThan(0);
    expect(readDockerfileEnv().get('NODE_ENV')).toBe('production');
    expect(ops(runtime, 'EXPOSE')).toEqual(['7007 9464']);
    const runs = ops(runtime, 'RUN').join('\n');
    expect(runs).toMatch(/\bmkdocs\b/);
    expect(runs).toMatch(/\bmkdocs-material\b/);
    expect(runs).not.toMatch(/build-essential|\bg\+\+|python3-dev/); // no compilers at run time
  });

  it('starts the production configuration, with the metrics preloaded, from files in the repository', () => {
    const cmd = readDockerfileCmd();
    expect(cmd).toEqual([
      'node',
      '--require',
      './packages/backend/instrumentation.js',
      'packages/backend',
      '--config',
      'app-config.yaml',
      '--config',
      'app-config.production.yaml',
    ]);
    const copies = ops(runtime, 'COPY')
      .map(copyParts)
      .filter(c => !c.from);
    const copied = copies.flatMap(c => c.sources);
    for (const file of cmd.filter((_, i) => cmd[i - 1] === '--config')) {
      expect(fs.existsSync(path.join(REPO_ROOT, file))).toBe(true);
      expect(copied).toContain(file);
    }
    // The preloaded OpenTelemetry setup is not in the bundle: a COPY puts it where CMD wants it.
    for (const file of cmd.filter((_, i) => cmd[i - 1] === '--require')) {
      const copy = copies.find(
        c => path.posix.normalize(c.dest) === path.posix.normalize(file),
      );
      expect([file, copy?.sources]).toEqual([file, [expect.any(String)]]);
      expect(fs.existsSync(path.join(REPO_ROOT, copy!.sources[0]))).toBe(true);
    }
  });

  it('copies every file the production configuration reads relative to the working directory', () => {
    const production = YAML.parse(
      fs.readFileSync(
        path.join(REPO_ROOT, 'app-config.production.yaml'),
        'utf8',
      ),
    );
    const copied = ops(runtime, 'COPY')
      .map(copyParts)
      .filter(c => !c.from)
      .flatMap(c => c.sources);
    const needed = new Set<string>();
    for (const location of production.catalog.locations) {
      if (location.type !== 'file') continue;
      expect(location.target).toMatch(/^\.\//); // relative to /app, the image's WORKDIR
      needed.add(location.target.slice(2).split('/')[0]);
    }
    // The portal's own TechDocs: catalog-info.yaml's dir:. is the working directory.
    const portal = YAML.parse(
      fs.readFileSync(path.join(REPO_ROOT, 'catalog-info.yaml'), 'utf8'),
    );
    expect(portal.metadata.annotations['backstage.io/techdocs-ref']).toBe(
      'dir:.',
    );
    const mkdocs = YAML.parse(
      fs.readFileSync(path.join(REPO_ROOT, 'mkdocs.yml'), 'utf8'),
    );
    needed.add('mkdocs.yml').add(mkdocs.docs_dir ?? 'docs');
    expect([...needed].filter(n => !copied.includes(n))).toEqual([]);
    expect(ops(runtime, 'WORKDIR').at(-1)).toBe('/app');
  });

  it('copies only sources that exist in the repository and are in the build context', () => {
    const patterns = ignorePatterns(DOCKERIGNORE);
    const problems: string[] = [];
    for (const [stageIndex, stage] of stages.entries()) {
      for (const copy of ops(stage, 'COPY').map(copyParts)) {
        const producerIndex = copy.from
          ? stages.findIndex(s => s.name === copy.from)
          : -1;
        const producer = stages[producerIndex];
        const produced = producer
          ? producer.instructions.map(i => `${i.op} ${i.args}`).join('\n')
          : '';
        for (const source of copy.sources) {
          if (
            copy.from &&
            !(producerIndex >= 0 && producerIndex < stageIndex)
          ) {
            problems.push(
              `${stage.name}: --from=${copy.from} is not an earlier stage`,
            );
          } else if (copy.from) {
            // From an earlier stage, which produces the path (or works in /app).
            const top = source.split('/').slice(0, 3).join('/');
            if (!source.startsWith('/app') && !produced.includes(top)) {
              problems.push(
                `${stage.name}: ${copy.from} does not produce ${source}`,
              );
            }
          } else if (
            source !== '.' &&
            !fs.existsSync(path.join(REPO_ROOT, source))
          ) {
            problems.push(`${stage.name}: ${source} does not exist`);
          } else if (source !== '.' && dockerIgnored(source, patterns)) {
            problems.push(
              `${stage.name}: ${source} is excluded from the context`,
            );
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('keeps host build output and caches out of the context, but every catalog and template file in', () => {
    const patterns = ignorePatterns(DOCKERIGNORE);
    for (const p of [
      'node_modules/x',
      'packages/backend/dist/bundle.tar.gz',
      'packages/app/node_modules/x',
      'templates/node_modules/x',
      'dist-types/x.d.ts',
      '.yarn/releases/yarn-4.13.0.cjs',
      '.cache/pg/x',
      '.data/sqlite/catalog.sqlite',
      '.git/HEAD',
      'app-config.local.yaml',
    ]) {
      expect([p, dockerIgnored(p, patterns)]).toEqual([p, true]);
    }
    const needed = gitFiles(
      'app-config.yaml',
      'app-config.production.yaml',
      'catalog-info.yaml',
      'mkdocs.yml',
      'examples',
      'templates',
      'docs',
      'packages',
      'plugins',
      'scripts/env.sh',
      'package.json',
      'yarn.lock',
      '.yarnrc.yml',
      'tsconfig.json',
    );
    expect(needed.length).toBeGreaterThan(100);
    expect(needed.filter(f => dockerIgnored(f, patterns))).toEqual([]);
  });
});
