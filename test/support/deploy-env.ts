import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// js-yaml 5 ships ESM without a default export, so import the namespace.
import * as yaml from 'js-yaml';

const DOCKER = join(process.cwd(), 'docker');

interface K8sDoc {
  kind: string;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  spec?: { template?: { spec?: { containers?: Array<{ env?: Array<{ name: string; value?: string }> }> } } };
}

function k8sDoc(file: string, kind: string): K8sDoc {
  const docs = yaml.loadAll(readFileSync(join(DOCKER, 'k8s', file), 'utf8')) as K8sDoc[];
  const doc = docs.find((d) => d?.kind === kind);
  if (!doc) throw new Error(`no ${kind} in docker/k8s/${file}`);
  return doc;
}

/** The shipped Kubernetes settings, as the three sources a pod reads them from. */
export function k8sSettings(): {
  configMap: Record<string, string>;
  secret: Record<string, string>;
  containerEnv: Record<string, string>;
} {
  const container = k8sDoc('deployment.yaml', 'Deployment').spec?.template?.spec?.containers?.[0];
  return {
    configMap: { ...k8sDoc('configmap.yaml', 'ConfigMap').data },
    secret: { ...k8sDoc('secret.example.yaml', 'Secret').stringData },
    containerEnv: Object.fromEntries((container?.env ?? []).map((e) => [e.name, String(e.value)])),
  };
}

/** What a pod sees: ConfigMap, then Secret, then the container's own env (later wins). */
export function k8sPodEnv(): Record<string, string> {
  const { configMap, secret, containerEnv } = k8sSettings();
  return { ...configMap, ...secret, ...containerEnv };
}

/**
 * docker-compose's app environment as Compose interpolates it with `vars` (the operator's shell):
 * `${NAME:-default}` and `${NAME-default}` fall back to the default, `${NAME}` and `$NAME` to empty.
 */
export function composeAppEnv(vars: Record<string, string | undefined>): Record<string, string> {
  const compose = yaml.load(readFileSync(join(DOCKER, 'docker-compose.yml'), 'utf8')) as {
    services: { app: { environment: Record<string, unknown> } };
  };
  const interpolate = (value: string) =>
    value.replace(
      /\$\{([A-Z0-9_]+)(:?-)([^}]*)\}|\$\{([A-Z0-9_]+)\}|\$([A-Z0-9_]+)/g,
      (_m, name: string, op: string, fallback: string, braced: string, bare: string) => {
        if (name) {
          const set = vars[name];
          return op === ':-' ? (set ? set : fallback) : set !== undefined ? set : fallback;
        }
        return vars[braced ?? bare] ?? '';
      },
    );
  return Object.fromEntries(
    Object.entries(compose.services.app.environment).map(([k, v]) => [k, interpolate(String(v))]),
  );
}
