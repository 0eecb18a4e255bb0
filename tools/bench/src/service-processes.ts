import { SuiteTargets } from './targets/targets';

// The processes a suite's own service runs as on the bench. By default one, with ROLE unset
// (a service that has roles runs all of them in it). A suite may declare roles in
// targets.json instead, e.g. notifications' API and delivery worker as separate processes:
//   "roles": { "api": {}, "worker": { "port": 3012, "workers": 1 } }
// The first role serves the suite's port (k6 talks to it); every other role needs a port of
// its own for /health and /metrics (Prometheus scrapes it under the suite's job, so CPU and
// the other resources cover every process). "workers" sets WORKERS (the cluster size);
// without it the service's default applies (one per core).

export interface ServiceProcess {
  /** log and report name: the suite's, or `<suite>-<role>` */
  name: string;
  role?: string;
  port: number;
  /** env on top of the suite's service env (ROLE, WORKERS) */
  env: Record<string, string>;
}

export function planProcesses(name: string, t: Pick<SuiteTargets, 'port' | 'roles'>): ServiceProcess[] {
  const roles = Object.entries(t.roles ?? {});
  if (!roles.length) return [{ name, port: t.port, env: {} }];
  const plan = roles.map(([role, r], i) => {
    if (!/^[a-z][a-z0-9-]*$/.test(role)) throw new Error(`targets.json ${name}.roles: "${role}" is not a role name`);
    if (r.workers !== undefined && !(Number.isInteger(r.workers) && r.workers > 0))
      throw new Error(`targets.json ${name}.roles.${role}.workers: ${r.workers} is not a positive whole number`);
    const port = i === 0 ? (r.port ?? t.port) : r.port;
    if (port === undefined)
      throw new Error(`targets.json ${name}.roles.${role}: needs a "port" (only the first role serves ${t.port})`);
    if (i === 0 && port !== t.port)
      throw new Error(
        `targets.json ${name}.roles.${role}: the first role serves the suite's port ${t.port}, not ${port}`,
      );
    return {
      name: `${name}-${role}`,
      role,
      port,
      env: { ROLE: role, ...(r.workers !== undefined ? { WORKERS: String(r.workers) } : {}) },
    };
  });
  const ports = plan.map((p) => p.port);
  const twice = ports.find((p, i) => ports.indexOf(p) !== i);
  if (twice !== undefined) throw new Error(`targets.json ${name}.roles: two roles on port ${twice}`);
  return plan;
}

/** One line per process for the report. */
export function describeProcess(
  p: ServiceProcess,
  how: { pid?: number; from?: string; workers?: number | null },
): string {
  const role = p.role ? `ROLE=${p.role}` : 'ROLE unset (every role in one process)';
  const workers =
    how.workers === undefined || how.workers === null
      ? ''
      : how.workers > 0
        ? `, ${how.workers} cluster workers`
        : ', one process (no cluster)';
  return `${p.name}: ${role}, port ${p.port}${how.pid ? `, pid ${how.pid}` : ''}${workers}${how.from ? `, from ${how.from}` : ''}`;
}
