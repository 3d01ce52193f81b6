/**
 * Static checks for docker/observability/ (Docker not needed): the compose file's mounts and include exist,
 * Prometheus scrapes the app service of the included stack, and Grafana's provisioning finds the dashboard and the
 * datasource its panels name. test/observability.e2e-spec.ts checks the queries against a live instance.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
// js-yaml 5 ships ESM without a default export, so import the namespace.
import * as yaml from 'js-yaml';

const DIR = join(process.cwd(), 'docker', 'observability');

interface Service {
  image?: string;
  volumes?: string[];
  environment?: Record<string, string>;
  ports?: string[];
}
interface Compose {
  include?: string[];
  services: Record<string, Service>;
}

function load<T>(path: string): T {
  return yaml.load(readFileSync(path, 'utf8')) as T;
}

const compose = load<Compose>(join(DIR, 'docker-compose.yml'));
/** [host path, container path] of each bind mount of a service. */
function mounts(service: Service): Array<[string, string]> {
  return (service.volumes ?? [])
    .filter((volume) => volume.startsWith('.'))
    .map((volume): [string, string] => {
      const [host, container] = volume.split(':');
      return [resolve(DIR, host), container];
    });
}

describe('docker/observability', () => {
  it('includes the service stack and mounts only files that exist', () => {
    expect(compose.include).toEqual(['../docker-compose.yml']);
    expect(existsSync(resolve(DIR, compose.include![0]))).toBe(true);
    const all = Object.values(compose.services).flatMap(mounts);
    expect(all.length).toBeGreaterThan(0);
    expect(all.filter(([host]) => !existsSync(host))).toEqual([]);
  });

  it('scrapes the app service of the included stack on the port its metrics are served on', () => {
    const stack = load<Compose>(resolve(DIR, compose.include![0]));
    const app = stack.services.app;
    expect(app).toBeDefined();
    const config = load<{
      rule_files: string[];
      scrape_configs: Array<{ job_name: string; metrics_path: string; static_configs: Array<{ targets: string[] }> }>;
    }>(join(DIR, 'prometheus.yml'));
    const job = config.scrape_configs.find((scrape) => scrape.job_name === 'blockscore');
    // The metrics listener (METRICS_PORT, path /metrics): the API port no longer serves them.
    expect(job?.static_configs).toEqual([{ targets: [`app:${app.environment?.METRICS_PORT}`] }]);
    expect(job?.metrics_path).toBe('/metrics');
    // Prometheus reads the rules from beside its config in the container: the same file as here.
    const prometheusMounts = new Map(mounts(compose.services.prometheus).map(([host, container]) => [container, host]));
    for (const rules of config.rule_files) {
      expect(prometheusMounts.get(join('/etc/prometheus', rules))).toBe(join(DIR, rules));
    }
  });

  it('provisions the dashboard from the folder Grafana mounts, on the datasource the panels name', () => {
    const grafanaMounts = new Map(mounts(compose.services.grafana).map(([host, container]) => [container, host]));
    const provisioning = grafanaMounts.get('/etc/grafana/provisioning')!;
    expect(provisioning).toBe(join(DIR, 'grafana', 'provisioning'));
    const providers = load<{ providers: Array<{ options: { path: string } }> }>(
      join(provisioning, 'dashboards', 'blockscore.yml'),
    ).providers;
    const dashboards = grafanaMounts.get(providers[0].options.path)!;
    expect(existsSync(join(dashboards, 'blockscore.json'))).toBe(true);

    const datasources = load<{ datasources: Array<{ uid: string; url: string }> }>(
      join(provisioning, 'datasources', 'prometheus.yml'),
    ).datasources;
    expect(datasources).toEqual([expect.objectContaining({ uid: 'prometheus', url: 'http://prometheus:9090' })]);
    const dashboard = JSON.parse(readFileSync(join(dashboards, 'blockscore.json'), 'utf8')) as {
      panels: Array<{
        id: number;
        type: string;
        datasource?: { uid: string };
        targets?: Array<{ datasource: { uid: string } }>;
      }>;
    };
    const uids = dashboard.panels
      .filter((panel) => panel.type !== 'row')
      .flatMap((panel) => [panel.datasource?.uid, ...(panel.targets ?? []).map((target) => target.datasource.uid)]);
    expect(new Set(uids)).toEqual(new Set(['prometheus']));
    const ids = dashboard.panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(dirname(providers[0].options.path)).toBe('/etc/grafana');
  });
});
