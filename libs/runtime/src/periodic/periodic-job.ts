import { Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { PeriodicTask, type PeriodicTaskOptions } from './periodic-task';

export interface PeriodicJobOptions extends Omit<PeriodicTaskOptions, 'run' | 'onError'> {
  /** When false the job never starts in this process (e.g. a notifications process with ROLE=api). */
  enabled: boolean;
}

/**
 * A PeriodicTask as a Nest provider: it starts once the application has booted (when
 * enabled), stops before shutdown (waiting for the run in flight), and logs each failed run
 * under the job's class name. A job extends it and implements `run()`.
 */
export abstract class PeriodicJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly task: PeriodicTask;
  protected readonly logger = new Logger(this.constructor.name);
  private readonly enabled: boolean;

  protected constructor({ enabled, ...options }: PeriodicJobOptions) {
    this.enabled = enabled;
    this.task = new PeriodicTask({
      ...options,
      run: () => this.run(),
      onError: (error) => this.logger.warn(`${options.name} failed: ${(error as Error).message}`),
    });
  }

  /** One run of the job; a rejection is logged and backs the job off. */
  protected abstract run(): Promise<unknown>;

  onApplicationBootstrap(): void {
    if (this.enabled) this.task.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }
}
