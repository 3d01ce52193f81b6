/**
 * Static checks for the deployment files under docker/ (Dockerfile, compose,
 * Kubernetes manifests). Docker and a cluster are not needed: every file is
 * parsed and its content compared with what the service actually exposes.
 */
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
// js-yaml 5 ships ESM without a default export, so import the namespace.
import * as yaml from 'js-yaml';
import { configSchema } from '../../src/config/config.schema.js';
import { parseConfig } from '../../src/config/load-config.js';

const ROOT = process.cwd();
const DOCKER_DIR = join(ROOT, 'docker');
const K8S_DIR = join(DOCKER_DIR, 'k8s');
const COMPOSE_FILE = join(DOCKER_DIR, 'docker-compose.yml');
const DOCKERFILE = join(DOCKER_DIR, 'Dockerfile');
const DOCKERIGNORE = join(ROOT, '.dockerignore');
const ENV_EXAMPLE = join(ROOT, '.env.example');

const APP_PORT = 5000;
/** The metrics listener (issue 15): its own port, Prometheus's default path. */
const METRICS_PORT = 9464;
const METRICS_PATH = '/metrics';
const LIVE_PATH = '/api/health/live';
const READY_PATH = '/api/health/ready';
/** LIVE_PATH as a whole URL path (not a prefix of e.g. /api/health/liveness). */
const LIVE_PATH_IN_URL = /\/api\/health\/live(?![\w/-])/;
const MIGRATE_SCRIPT = 'dist/src/database/migrate-cli.js';
const MIN_JWT_SECRET_LENGTH = 32;

/** Every setting the service reads. Mirrors .env.example (keep them in sync). */
const KNOWN_SETTINGS = [
  'NODE_ENV',
  'PORT',
  'HOST',
  'METRICS_PORT',
  'METRICS_HOST',
  'METRICS_TOKEN',
  'APP_URL',
  'DATA_DIR',
  'DATABASE_URL',
  'REDIS_URL',
  'MIGRATIONS_RUN_AT_BOOT',
  'CHAIN',
  'BLOCKCHAIN_RPC_URL',
  'SMTP_URL',
  'MAIL_FROM',
  'SMS_PROVIDER',
  'SMS_WEBHOOK_URL',
  'TWILIO_ACCOUNT_SID',
  'TWILIO_AUTH_TOKEN',
  'TWILIO_FROM',
  'MODEL_PATH',
  'JWT_SIGNING_KEYS',
  'JWT_REFRESH_SECRET',
  'CODE_HASH_SECRET',
  'ACCESS_TOKEN_TTL',
  'REFRESH_TOKEN_TTL',
  'RATE_LIMIT_ENABLED',
  'AUTH_REQUIRE_VERIFICATION',
  'TRUST_PROXY',
  'LOG_LEVEL',
  'CORS_ORIGINS',
  'SIWE_DOMAINS',
  'ADMIN_EMAIL',
  'ADMIN_PASSWORD',
  'SHUTDOWN_TIMEOUT_MS',
] as const;

/** Settings that carry credentials: Secret only, never the ConfigMap. */
const SECRET_SETTINGS = [
  'JWT_SIGNING_KEYS',
  'JWT_REFRESH_SECRET',
  'CODE_HASH_SECRET',
  'ADMIN_PASSWORD',
  'TWILIO_AUTH_TOKEN',
  'DATABASE_URL',
  'REDIS_URL',
  'SMTP_URL',
] as const;

// ---------------------------------------------------------------------------
// Minimal shapes of the parsed documents (only the fields checked here).

interface HttpProbe {
  httpGet?: { path?: string; port?: string | number };
}
interface ContainerPort {
  name?: string;
  containerPort: number;
}
interface EnvFromSource {
  configMapRef?: { name: string };
  secretRef?: { name: string };
}
interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  ports?: ContainerPort[];
  env?: { name: string; value?: unknown }[];
  envFrom?: EnvFromSource[];
  resources?: {
    requests?: { cpu?: string; memory?: string };
    limits?: { cpu?: string; memory?: string };
  };
  livenessProbe?: HttpProbe;
  readinessProbe?: HttpProbe;
  startupProbe?: HttpProbe;
  lifecycle?: { preStop?: { exec?: { command?: string[] }; sleep?: { seconds?: number } } };
  securityContext?: {
    runAsNonRoot?: boolean;
    runAsUser?: number;
    readOnlyRootFilesystem?: boolean;
    allowPrivilegeEscalation?: boolean;
  };
  volumeMounts?: { name: string; mountPath: string }[];
}
interface PodSpec {
  containers: Container[];
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  terminationGracePeriodSeconds?: number;
  restartPolicy?: string;
  volumes?: { name: string; emptyDir?: object }[];
}
interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: PodSpec;
}
interface K8sDoc {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  data?: Record<string, unknown>;
  stringData?: Record<string, unknown>;
  spec?: {
    replicas?: number;
    selector?: { matchLabels?: Record<string, string> } & Record<string, unknown>;
    template?: PodTemplate;
    ports?: { name?: string; port: number; targetPort?: string | number }[];
    scaleTargetRef?: { apiVersion?: string; kind: string; name: string };
    minReplicas?: number;
    maxReplicas?: number;
    metrics?: {
      type: string;
      resource?: { name: string; target: { type: string; averageUtilization?: number } };
    }[];
  };
}
interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  ports?: (string | number | { target?: number | string; published?: number | string })[];
  environment?: Record<string, unknown> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[] };
  volumes?: string[];
}
interface ComposeFile {
  services: Record<string, ComposeService>;
}

// ---------------------------------------------------------------------------
// Loading helpers.

function read(file: string): string {
  return readFileSync(file, 'utf8');
}

function loadDocs(file: string): unknown[] {
  return yaml.loadAll(read(file)).filter((doc) => doc !== null && doc !== undefined);
}

const k8sFiles = readdirSync(K8S_DIR)
  .filter((name) => /\.ya?ml$/.test(name))
  .sort()
  .map((name) => join(K8S_DIR, name));
const yamlFiles = [COMPOSE_FILE, ...k8sFiles];

const k8sDocs: K8sDoc[] = k8sFiles.flatMap((file) => loadDocs(file) as K8sDoc[]);

function only(kind: string): K8sDoc {
  const found = k8sDocs.filter((doc) => doc.kind === kind);
  if (found.length !== 1) {
    throw new Error(`expected exactly one ${kind} in docker/k8s, found ${found.length}`);
  }
  return found[0];
}

const deployment = only('Deployment');
const service = only('Service');
const hpa = only('HorizontalPodAutoscaler');
const job = only('Job');
const configMap = only('ConfigMap');
const secret = only('Secret');

function podSpec(doc: K8sDoc): PodSpec {
  const spec = doc.spec?.template?.spec;
  if (!spec) throw new Error(`${doc.kind} ${doc.metadata.name} has no pod template`);
  return spec;
}

function mainContainer(doc: K8sDoc): Container {
  const containers = podSpec(doc).containers;
  if (!containers || containers.length === 0) {
    throw new Error(`${doc.kind} ${doc.metadata.name} has no containers`);
  }
  return containers[0];
}

const app = mainContainer(deployment);
const migrate = mainContainer(job);

/** Resolves a probe/targetPort (number or port name) to the container port number. */
function resolvePort(port: string | number | undefined, container: Container): number | undefined {
  if (typeof port === 'number') {
    return container.ports?.some((p) => p.containerPort === port) ? port : undefined;
  }
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

const compose = loadDocs(COMPOSE_FILE)[0] as ComposeFile;
const composeApp: ComposeService = compose?.services?.app ?? {};

/** Compose `${NAME:-default}` / `${NAME-default}` interpolation → the default. */
function composeDefault(value: unknown): string {
  return (typeof value === 'string' || typeof value === 'number' ? String(value) : '').replace(
    /\$\{[A-Z0-9_]+:?-([^}]*)\}/g,
    '$1',
  );
}

function composeEnv(svc: ComposeService): Record<string, string> {
  const env = svc.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const [name, ...rest] = entry.split('=');
        return [name, composeDefault(rest.join('='))];
      }),
    );
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, composeDefault(v)]));
}

function healthcheckCommand(svc: ComposeService): string {
  const test = svc.healthcheck?.test;
  return Array.isArray(test) ? test.join(' ') : (test ?? '');
}

/** Container side of a compose port mapping ("5000:5000", "127.0.0.1:8080:5000", long form). */
function composeContainerPorts(svc: ComposeService): number[] {
  return (svc.ports ?? []).map((entry) => {
    if (typeof entry === 'object') return Number(entry.target);
    const parts = String(entry).split('/')[0].split(':');
    return Number(parts[parts.length - 1]);
  });
}

interface DockerInstruction {
  keyword: string;
  args: string;
}

/** Dockerfile → instructions grouped by stage (line continuations and comments handled). */
function parseDockerfile(text: string): DockerInstruction[][] {
  const logical: string[] = [];
  let current = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('#') || (line === '' && current === '')) continue;
    if (line.endsWith('\\')) {
      current += line.slice(0, -1) + ' ';
      continue;
    }
    current += line;
    if (current.trim() !== '') logical.push(current.trim());
    current = '';
  }
  if (current.trim() !== '') logical.push(current.trim());

  const stages: DockerInstruction[][] = [];
  const preamble: DockerInstruction[] = [];
  for (const line of logical) {
    const match = /^(\S+)\s*(.*)$/.exec(line);
    if (!match) continue;
    const instruction = { keyword: match[1].toUpperCase(), args: match[2].trim() };
    if (instruction.keyword === 'FROM') stages.push([instruction]);
    else (stages.length > 0 ? stages[stages.length - 1] : preamble).push(instruction);
  }
  return stages;
}

const composeAppEnv = composeEnv(composeApp);

const dockerStages = parseDockerfile(read(DOCKERFILE));
const finalStage = dockerStages[dockerStages.length - 1] ?? [];
const finalOf = (keyword: string) => finalStage.filter((i) => i.keyword === keyword);

// ---------------------------------------------------------------------------

describe('deployment files', () => {
  describe('YAML files', () => {
    it('finds the compose file and the Kubernetes manifests', () => {
      expect(existsSync(COMPOSE_FILE)).toBe(true);
      const names = k8sFiles.map((file) => file.slice(K8S_DIR.length + 1));
      expect(names).toEqual(
        expect.arrayContaining([
          'configmap.yaml',
          'secret.example.yaml',
          'deployment.yaml',
          'service.yaml',
          'hpa.yaml',
          'migration-job.yaml',
        ]),
      );
    });

    it.each(yamlFiles.map((file) => [file.slice(ROOT.length + 1), file]))(
      'parses %s into one or more mapping documents',
      (_name, file) => {
        const docs = loadDocs(file);
        expect(docs.length).toBeGreaterThan(0);
        for (const doc of docs) {
          expect(typeof doc).toBe('object');
          expect(Array.isArray(doc)).toBe(false);
        }
      },
    );

    it('gives every Kubernetes object an apiVersion, kind and name', () => {
      for (const doc of k8sDocs) {
        expect(typeof doc.apiVersion).toBe('string');
        expect(typeof doc.kind).toBe('string');
        expect(typeof doc.metadata?.name).toBe('string');
      }
    });

    it('puts every namespaced object in the same namespace as the Namespace manifest', () => {
      const nsDoc = k8sDocs.find((doc) => doc.kind === 'Namespace');
      const expected = nsDoc?.metadata.name ?? deployment.metadata.namespace;
      for (const doc of k8sDocs.filter((d) => d.kind !== 'Namespace')) {
        expect({ kind: doc.kind, namespace: doc.metadata.namespace }).toEqual({
          kind: doc.kind,
          namespace: expected,
        });
      }
    });
  });

  describe('Deployment', () => {
    it('exposes containerPort 5000 named http', () => {
      expect(app.ports).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: 'http', containerPort: APP_PORT })]),
      );
    });

    it('exposes the metrics listener as containerPort 9464 named metrics, the METRICS_PORT of the ConfigMap', () => {
      expect(app.ports).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: 'metrics', containerPort: METRICS_PORT })]),
      );
      expect(configMap.data).toMatchObject({ METRICS_PORT: String(METRICS_PORT), METRICS_HOST: '0.0.0.0' });
    });

    it('points the prometheus.io annotations at the metrics listener, not the API port', () => {
      expect(deployment.spec?.template?.metadata?.annotations).toMatchObject({
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': String(METRICS_PORT),
        'prometheus.io/path': METRICS_PATH,
      });
    });

    it('points the liveness probe at /api/health/live', () => {
      expect(app.livenessProbe?.httpGet?.path).toBe(LIVE_PATH);
    });

    it('points the readiness probe at /api/health/ready', () => {
      expect(app.readinessProbe?.httpGet?.path).toBe(READY_PATH);
    });

    it('has a startup probe on /api/health/live', () => {
      expect(app.startupProbe?.httpGet?.path).toBe(LIVE_PATH);
    });

    it.each(['livenessProbe', 'readinessProbe', 'startupProbe'] as const)(
      'aims the %s at the container port 5000 (by name or number)',
      (probe) => {
        const port = app[probe]?.httpGet?.port;
        expect(port === 'http' || port === APP_PORT).toBe(true);
        expect(resolvePort(port, app)).toBe(APP_PORT);
      },
    );

    it('runs at least two replicas', () => {
      expect(deployment.spec?.replicas).toBeGreaterThanOrEqual(2);
    });

    it('selects the pods its template labels', () => {
      const selector = deployment.spec?.selector?.matchLabels ?? {};
      const labels = deployment.spec?.template?.metadata?.labels ?? {};
      expect(Object.keys(selector).length).toBeGreaterThan(0);
      expect(labels).toEqual(expect.objectContaining(selector));
    });

    it('sets CPU and memory requests and limits', () => {
      expect(app.resources?.requests?.cpu).toBeTruthy();
      expect(app.resources?.requests?.memory).toBeTruthy();
      expect(app.resources?.limits?.cpu).toBeTruthy();
      expect(app.resources?.limits?.memory).toBeTruthy();
    });

    it('loads its settings from the ConfigMap and Secret defined alongside it', () => {
      const refs = app.envFrom ?? [];
      expect(refs.map((r) => r.configMapRef?.name).filter(Boolean)).toEqual([configMap.metadata.name]);
      expect(refs.map((r) => r.secretRef?.name).filter(Boolean)).toEqual([secret.metadata.name]);
    });

    it('turns off migrations at boot because the migration Job runs them', () => {
      const entry = app.env?.find((e) => e.name === 'MIGRATIONS_RUN_AT_BOOT');
      expect(entry?.value).toBe('false');
    });

    it('runs as a non-root user without privilege escalation', () => {
      const pod = podSpec(deployment).securityContext ?? {};
      const ctr = app.securityContext ?? {};
      expect(pod.runAsNonRoot ?? ctr.runAsNonRoot).toBe(true);
      expect(pod.runAsUser ?? ctr.runAsUser).not.toBe(0);
      expect(ctr.allowPrivilegeEscalation).toBe(false);
    });

    it('uses a read-only root filesystem with an emptyDir mounted on /tmp', () => {
      expect(app.securityContext?.readOnlyRootFilesystem).toBe(true);
      const tmpMount = app.volumeMounts?.find((m) => m.mountPath === '/tmp');
      expect(tmpMount).toBeDefined();
      const tmpVolume = podSpec(deployment).volumes?.find((v) => v.name === tmpMount?.name);
      expect(tmpVolume?.emptyDir).toBeDefined();
    });

    it('drains on shutdown: grace period of at least 30s and a preStop sleep', () => {
      expect(podSpec(deployment).terminationGracePeriodSeconds).toBeGreaterThanOrEqual(30);
      const preStop = app.lifecycle?.preStop;
      const sleeps = preStop?.exec?.command?.includes('sleep') || (preStop?.sleep?.seconds ?? 0) > 0;
      expect(sleeps).toBe(true);
    });

    it('allows the shutdown drain plus preStop sleep to finish within the grace period', () => {
      const drainMs = Number(configMap.data?.SHUTDOWN_TIMEOUT_MS ?? 10000);
      const preStop = app.lifecycle?.preStop;
      const sleepSeconds = Number(preStop?.sleep?.seconds ?? preStop?.exec?.command?.at(-1) ?? 0);
      expect(sleepSeconds + drainMs / 1000).toBeLessThan(podSpec(deployment).terminationGracePeriodSeconds ?? 30);
    });
  });

  describe('Service', () => {
    it('routes to the container port 5000', () => {
      const ports = service.spec?.ports ?? [];
      expect(ports.length).toBeGreaterThan(0);
      for (const port of ports) {
        expect(resolvePort(port.targetPort, app)).toBe(APP_PORT);
      }
    });

    it('never routes to the metrics port', () => {
      const targets = (service.spec?.ports ?? []).map((p) => resolvePort(p.targetPort, app));
      expect(targets).not.toContain(METRICS_PORT);
    });

    it('listens on port 80', () => {
      expect(service.spec?.ports?.map((p) => p.port)).toContain(80);
    });

    it('selects the Deployment pods', () => {
      const selector = service.spec?.selector as Record<string, string> | undefined;
      expect(Object.keys(selector ?? {}).length).toBeGreaterThan(0);
      expect(deployment.spec?.template?.metadata?.labels).toEqual(expect.objectContaining(selector));
    });
  });

  describe('HorizontalPodAutoscaler', () => {
    it('uses autoscaling/v2', () => {
      expect(hpa.apiVersion).toBe('autoscaling/v2');
    });

    it('targets the Deployment by name', () => {
      expect(hpa.spec?.scaleTargetRef).toEqual(
        expect.objectContaining({ kind: 'Deployment', name: deployment.metadata.name }),
      );
    });

    it('scales between 2 and 10 replicas on 70% CPU', () => {
      expect(hpa.spec?.minReplicas).toBe(2);
      expect(hpa.spec?.maxReplicas).toBe(10);
      const cpu = hpa.spec?.metrics?.find((m) => m.type === 'Resource' && m.resource?.name === 'cpu');
      expect(cpu?.resource?.target).toEqual({ type: 'Utilization', averageUtilization: 70 });
    });
  });

  describe('migration Job', () => {
    it('runs node dist/src/database/migrate-cli.js run', () => {
      const argv = [...(migrate.command ?? []), ...(migrate.args ?? [])];
      expect(argv).toEqual(['node', MIGRATE_SCRIPT, 'run']);
    });

    it('uses the same image and envFrom sources as the Deployment', () => {
      expect(migrate.image).toBe(app.image);
      expect(migrate.envFrom).toEqual(app.envFrom);
    });

    it('does not restart the pod after a failed migration', () => {
      expect(podSpec(job).restartPolicy).toBe('Never');
    });

    it('runs as a non-root user', () => {
      const pod = podSpec(job).securityContext ?? {};
      expect(pod.runAsNonRoot ?? migrate.securityContext?.runAsNonRoot).toBe(true);
    });
  });

  describe('settings', () => {
    const configMapKeys = Object.keys(configMap.data ?? {});
    const secretKeys = Object.keys({ ...(secret.data ?? {}), ...(secret.stringData ?? {}) });
    const usedBy: Record<string, string[]> = {
      ConfigMap: configMapKeys,
      Secret: secretKeys,
      'compose app': Object.keys(composeAppEnv),
      'Deployment env': (app.env ?? []).map((e) => e.name),
      'Job env': (migrate.env ?? []).map((e) => e.name),
    };
    const allUsed = [...new Set(Object.values(usedBy).flat())].sort();

    it.each(Object.keys(usedBy))('uses only known setting names in the %s', (source) => {
      const unknown = usedBy[source].filter((name) => !(KNOWN_SETTINGS as readonly string[]).includes(name));
      expect(unknown).toEqual([]);
    });

    (existsSync(ENV_EXAMPLE) ? it : it.skip)('uses only setting names documented in .env.example', () => {
      const documented = new Set(
        read(ENV_EXAMPLE)
          .split(/\r?\n/)
          .map((line) => /^\s*#?\s*(?:export\s+)?([A-Z][A-Z0-9_]*)\s*=/.exec(line)?.[1])
          .filter((name): name is string => Boolean(name)),
      );
      expect(allUsed.filter((name) => !documented.has(name))).toEqual([]);
    });

    it('lists in KNOWN_SETTINGS only settings the app config schema reads', () => {
      const schemaKeys = Object.keys(configSchema.shape);
      expect(KNOWN_SETTINGS.filter((name) => !schemaKeys.includes(name))).toEqual([]);
    });

    it('gives the compose app settings that the config loader accepts', () => {
      expect(() => parseConfig(composeAppEnv)).not.toThrow();
    });

    /** What a pod sees: ConfigMap, then Secret, then the container's own env (later wins). */
    const podEnv = (
      jwt?: { signingKeys: string; refresh: string; codeHash: string },
      adminPassword?: string,
    ): Record<string, string> => ({
      ...(configMap.data as Record<string, string>),
      ...(secret.stringData as Record<string, string>),
      ...Object.fromEntries((app.env ?? []).map((e) => [e.name, String(e.value)])),
      ...(jwt
        ? { JWT_SIGNING_KEYS: jwt.signingKeys, JWT_REFRESH_SECRET: jwt.refresh, CODE_HASH_SECRET: jwt.codeHash }
        : {}),
      ...(adminPassword ? { ADMIN_PASSWORD: adminPassword } : {}),
    });

    it('gives the pods settings the config loader accepts once real JWT keys and secrets are set', () => {
      const jwt = {
        signingKeys: generateKeyPairSync('ec', { namedCurve: 'P-256' })
          .privateKey.export({ type: 'pkcs8', format: 'pem' })
          .toString(),
        refresh: 'K3pX8vN1cR6tB0mW4zQ7hL2sF9dJ5gYa',
        codeHash: 'q7Vd0Rk2Lm9Zx4Tb8Np1Hs6Wc3Yf5Ja0',
      };
      // The example's ADMIN_PASSWORD is a placeholder, which production refuses like the JWT ones.
      expect(() => parseConfig(podEnv(jwt, 'Vx9#tLq2-Rm7wZ4p'))).not.toThrow();
    });

    it('refuses to boot the pods with the example Secret placeholders left in', () => {
      expect(() => parseConfig(podEnv())).toThrow(/JWT_/);
      expect(() => parseConfig(podEnv())).toThrow(/ADMIN_PASSWORD=\(hidden\): is a placeholder/);
    });

    it('keeps credentials out of the ConfigMap', () => {
      expect(configMapKeys.filter((k) => (SECRET_SETTINGS as readonly string[]).includes(k))).toEqual([]);
    });

    it('puts only credentials in the Secret, including the JWT signing keys and both secrets', () => {
      expect(secretKeys.filter((k) => !(SECRET_SETTINGS as readonly string[]).includes(k))).toEqual([]);
      expect(secretKeys).toEqual(
        expect.arrayContaining(['JWT_SIGNING_KEYS', 'JWT_REFRESH_SECRET', 'CODE_HASH_SECRET']),
      );
    });

    it('ships the example Secret as stringData placeholders', () => {
      expect(secret.stringData).toBeDefined();
      expect(secret.data).toBeUndefined();
      for (const value of Object.values(secret.stringData ?? {})) {
        expect(String(value)).toMatch(/change-me/);
      }
    });

    it('quotes every ConfigMap, Secret and Deployment env value as a string', () => {
      const values = [
        ...Object.values(configMap.data ?? {}),
        ...Object.values(secret.stringData ?? {}),
        ...(app.env ?? []).map((e) => e.value),
      ];
      for (const value of values) expect(typeof value).toBe('string');
    });

    it('runs the Kubernetes pods with NODE_ENV=production', () => {
      expect(configMap.data?.NODE_ENV).toBe('production');
    });

    it('uses JWT secret placeholders long enough for production (>= 32 chars)', () => {
      for (const source of [secret.stringData ?? {}, composeAppEnv]) {
        for (const name of ['JWT_REFRESH_SECRET', 'CODE_HASH_SECRET']) {
          expect(String((source[name] as string | undefined) ?? '').length).toBeGreaterThanOrEqual(
            MIN_JWT_SECRET_LENGTH,
          );
        }
      }
    });
  });

  describe('docker compose', () => {
    it('builds the app from the repository root with docker/Dockerfile', () => {
      expect(composeApp.build).toEqual(expect.objectContaining({ context: '..', dockerfile: 'docker/Dockerfile' }));
    });

    it('publishes the app container port 5000', () => {
      expect(composeContainerPorts(composeApp)).toContain(APP_PORT);
    });

    it("serves metrics on 9464, published on the host's loopback only", () => {
      expect(composeAppEnv).toMatchObject({ METRICS_PORT: String(METRICS_PORT), METRICS_HOST: '0.0.0.0' });
      const published = (composeApp.ports ?? []).filter(
        (p) => composeContainerPorts({ ports: [p] })[0] === METRICS_PORT,
      );
      expect(published).toEqual([`127.0.0.1:${METRICS_PORT}:${METRICS_PORT}`]);
    });

    it('starts the app only after postgres and redis are healthy', () => {
      expect(composeApp.depends_on).toEqual({
        postgres: expect.objectContaining({ condition: 'service_healthy' }),
        redis: expect.objectContaining({ condition: 'service_healthy' }),
      });
    });

    it('health-checks postgres with pg_isready and redis with redis-cli ping', () => {
      expect(compose.services.postgres?.image).toMatch(/^postgres:16/);
      expect(healthcheckCommand(compose.services.postgres)).toMatch(/pg_isready/);
      expect(compose.services.redis?.image).toMatch(/^redis:7/);
      expect(healthcheckCommand(compose.services.redis)).toMatch(/redis-cli\s+ping/);
    });

    it('points DATABASE_URL and REDIS_URL at the compose services', () => {
      expect(new URL(composeAppEnv.DATABASE_URL).hostname).toBe('postgres');
      expect(new URL(composeAppEnv.DATABASE_URL).protocol).toMatch(/^postgres(ql)?:$/);
      expect(new URL(composeAppEnv.REDIS_URL).hostname).toBe('redis');
      expect(new URL(composeAppEnv.REDIS_URL).protocol).toBe('redis:');
    });

    it('marks the secrets as change-me placeholders', () => {
      expect(composeAppEnv.JWT_REFRESH_SECRET).toMatch(/^change-me/);
      expect(composeAppEnv.CODE_HASH_SECRET).toMatch(/^change-me/);
    });

    it('leaves JWT_SIGNING_KEYS empty, so that development generates a key into the data volume', () => {
      expect(composeAppEnv.JWT_SIGNING_KEYS).toBe('');
      expect(composeAppEnv.DATA_DIR).toBe('/app/data');
      expect(composeApp.volumes).toEqual(expect.arrayContaining([expect.stringMatching(/:\/app\/data$/)]));
    });

    it('health-checks the app on /api/health/live', () => {
      const command = healthcheckCommand(composeApp);
      expect(command).toMatch(LIVE_PATH_IN_URL);
      expect(command).toContain(`:${APP_PORT}${LIVE_PATH}`);
    });
  });

  describe('Dockerfile', () => {
    it('builds in separate stages from the slim image of the Node line .nvmrc and engines name', () => {
      expect(dockerStages.length).toBeGreaterThanOrEqual(3);
      const major = read(join(ROOT, '.nvmrc')).trim().split('.')[0];
      expect(major).toBe('26');
      expect(read(DOCKERFILE)).toMatch(new RegExp(`ARG NODE_IMAGE=node:${major}-bookworm-slim\\n`));
      const engines = (JSON.parse(read(join(ROOT, 'package.json'))) as { engines: { node: string } }).engines;
      expect(engines.node).toBe(`>=${major}`);
    });

    it('installs only production dependencies in the final stage and copies dist from the build', () => {
      const runs = finalOf('RUN').map((i) => i.args);
      expect(runs.some((cmd) => /npm ci\b.*--omit=dev/.test(cmd))).toBe(true);
      expect(finalOf('COPY').some((i) => /--from=\S+.*\bdist\b/.test(i.args))).toBe(true);
    });

    it('copies package.json and nest-cli.json into the final image (the app finds its root by them)', () => {
      const copied = finalOf('COPY')
        .filter((i) => !i.args.includes('--from='))
        .flatMap((i) => i.args.split(/\s+/).slice(0, -1));
      expect(copied).toEqual(expect.arrayContaining(['package.json', 'nest-cli.json']));
    });

    it('sets NODE_ENV=production in the final image', () => {
      expect(finalOf('ENV').some((i) => /\bNODE_ENV[= ]production\b/.test(i.args))).toBe(true);
    });

    it('runs as a non-root USER', () => {
      const users = finalOf('USER');
      expect(users.length).toBeGreaterThan(0);
      const user = users[users.length - 1].args.split(':')[0];
      expect(['root', '0', '']).not.toContain(user);
    });

    it('EXPOSEs port 5000', () => {
      const ports = finalOf('EXPOSE').flatMap((i) => i.args.split(/\s+/));
      expect(ports.map((p) => p.split('/')[0])).toContain(String(APP_PORT));
    });

    it('EXPOSEs the metrics port 9464', () => {
      const ports = finalOf('EXPOSE').flatMap((i) => i.args.split(/\s+/));
      expect(ports.map((p) => p.split('/')[0])).toContain(String(METRICS_PORT));
    });

    it('has a HEALTHCHECK that calls /api/health/live with node', () => {
      const checks = finalOf('HEALTHCHECK');
      expect(checks).toHaveLength(1);
      expect(checks[0].args).toMatch(LIVE_PATH_IN_URL);
      expect(checks[0].args).toMatch(/CMD\s+(\[\s*"node"|node\s)/);
    });

    it('starts the service with CMD ["node", "dist/src/main.js"]', () => {
      const cmds = finalOf('CMD');
      expect(cmds.length).toBeGreaterThan(0);
      expect(JSON.parse(cmds[cmds.length - 1].args)).toEqual(['node', 'dist/src/main.js']);
    });
  });

  describe('.dockerignore', () => {
    it('keeps local dependencies, build output, data and git history out of the build context', () => {
      const entries = read(DOCKERIGNORE)
        .split(/\r?\n/)
        .map((line) => line.trim().replace(/^\/|\/$/g, ''));
      expect(entries).toEqual(expect.arrayContaining(['node_modules', 'dist', 'data', '.git', 'coverage']));
    });
  });
});
