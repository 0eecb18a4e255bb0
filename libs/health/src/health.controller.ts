import { Controller, Get, Inject, NotFoundException, Param, Res } from '@nestjs/common';
import { DescribeRoute } from '@perflab/openapi';
import { z } from 'zod';
import type { HealthIndicator, HealthReport } from './health-indicator';
import { runHealthChecks } from './run-health-checks';
import { HEALTH_INDICATORS, HEALTH_OPTIONS } from './health.tokens';

/** The reply methods used here; Fastify's and Express's replies both have them. */
interface StatusReply {
  status(code: number): unknown;
  header(name: string, value: string): unknown;
}

/** HealthReport as documented (OpenAPI): each check's details are the indicator's own. */
const healthReportResponse = z
  .object({
    status: z.enum(['ok', 'error']),
    checks: z.record(z.string(), z.looseObject({ status: z.enum(['up', 'down']), latencyMs: z.number() })),
  })
  .meta({ id: 'HealthReport' });

const readinessDoc = {
  summary: 'Readiness: every dependency answers (200), or not (503, same body)',
  responses: { 200: healthReportResponse, 503: healthReportResponse },
};

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
  @DescribeRoute(readinessDoc)
  readiness(@Res({ passthrough: true }) reply: StatusReply): Promise<HealthReport> {
    return this.report(this.indicators, reply, true);
  }

  @Get('ready')
  @DescribeRoute(readinessDoc)
  ready(@Res({ passthrough: true }) reply: StatusReply): Promise<HealthReport> {
    return this.report(this.indicators, reply, true);
  }

  @Get('live')
  @DescribeRoute({
    summary: 'Liveness: the process answers',
    responses: {
      200: z.object({ status: z.literal('ok'), pid: z.number().int(), uptimeSeconds: z.number().int() }),
    },
  })
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
  @DescribeRoute({
    summary: 'One dependency by name, e.g. database or worker',
    responses: { 200: healthReportResponse, 503: healthReportResponse },
    errors: [404],
  })
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
