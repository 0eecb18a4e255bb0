import { Controller, Get, Inject, NotFoundException, Param, Res } from '@nestjs/common';
import type { HealthIndicator, HealthReport } from './health-indicator';
import { runHealthChecks } from './run-health-checks';
import { HEALTH_INDICATORS, HEALTH_OPTIONS } from './health.tokens';

/** The reply methods used here; Fastify's and Express's replies both have them. */
interface StatusReply {
  status(code: number): unknown;
  header(name: string, value: string): unknown;
}

export interface HealthModuleRuntimeOptions {
  timeoutMs: number;
}

/**
 * `/health/live` says only that the process answers (restart me if not);
 * `/health`, `/health/ready` and `/health/<name>` ask the dependencies
 * (take me out of rotation if not): 200 when all are up, 503 otherwise.
 */
@Controller('health')
export class HealthController {
  constructor(
    @Inject(HEALTH_INDICATORS) private readonly indicators: HealthIndicator[],
    @Inject(HEALTH_OPTIONS)
    private readonly options: HealthModuleRuntimeOptions,
  ) {}

  @Get()
  readiness(@Res({ passthrough: true }) reply: StatusReply): Promise<HealthReport> {
    return this.report(this.indicators, reply, true);
  }

  @Get('ready')
  ready(@Res({ passthrough: true }) reply: StatusReply): Promise<HealthReport> {
    return this.report(this.indicators, reply, true);
  }

  @Get('live')
  liveness(@Res({ passthrough: true }) reply: StatusReply): {
    status: 'ok';
    pid: number;
    uptimeSeconds: number;
  } {
    reply.header('cache-control', 'no-store');
    return {
      status: 'ok',
      pid: process.pid,
      uptimeSeconds: Math.round(process.uptime()),
    };
  }

  /** One dependency, e.g. `/health/database` (pool state) or `/health/worker` (consumer lag). */
  @Get(':name')
  one(@Param('name') name: string, @Res({ passthrough: true }) reply: StatusReply): Promise<HealthReport> {
    const indicator = this.indicators.find((candidate) => candidate.name === name);
    if (!indicator) throw new NotFoundException(`No health check named "${name}"`);
    return this.report([indicator], reply);
  }

  private async report(indicators: HealthIndicator[], reply: StatusReply, readiness = false): Promise<HealthReport> {
    const report = await runHealthChecks(indicators, {
      timeoutMs: this.options.timeoutMs,
      readiness,
    });
    reply.status(report.status === 'ok' ? 200 : 503);
    reply.header('cache-control', 'no-store');
    return report;
  }
}
