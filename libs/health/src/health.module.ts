import { DynamicModule, InjectionToken, Module, ModuleMetadata, Provider } from '@nestjs/common';
import { isHealthIndicator, type HealthIndicator } from './health-indicator';
import { HealthController, type HealthModuleRuntimeOptions } from './health.controller';
import { HEALTH_INDICATORS, HEALTH_OPTIONS } from './health.tokens';

/** Build an indicator from providers, e.g. `{ inject: [REDIS], useFactory: redisHealthIndicator }`. */
export interface HealthIndicatorFactory {
  inject: InjectionToken[];
  // Nest factories are untyped by nature: each argument is whatever its token resolves to.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  useFactory: (...deps: any[]) => HealthIndicator | Promise<HealthIndicator>;
}

/**
 * An indicator as an instance, as a provider token that resolves to one
 * (e.g. a class the database lib exports and provides), or as a factory.
 */
export type HealthIndicatorRegistration = HealthIndicator | InjectionToken | HealthIndicatorFactory;

export interface HealthModuleOptions {
  /** Modules that provide the injected indicators or their dependencies. */
  imports?: ModuleMetadata['imports'];
  indicators?: HealthIndicatorRegistration[];
  /** Per-check bound; a slower dependency is reported down. Default 3000. */
  timeoutMs?: number;
}

function isFactory(value: unknown): value is HealthIndicatorFactory {
  return typeof value === 'object' && value !== null && 'useFactory' in value;
}

@Module({})
export class HealthModule {
  static forRoot(options: HealthModuleOptions = {}): DynamicModule {
    const registrations = options.indicators ?? [];
    const entryProviders: Provider[] = [];
    const entryTokens: InjectionToken[] = registrations.map((registration, index) => {
      if (isHealthIndicator(registration)) {
        const token = Symbol(`health-indicator-${index}`);
        entryProviders.push({ provide: token, useValue: registration });
        return token;
      }
      if (isFactory(registration)) {
        const token = Symbol(`health-indicator-${index}`);
        entryProviders.push({
          provide: token,
          inject: registration.inject,
          useFactory: registration.useFactory,
        });
        return token;
      }
      return registration;
    });
    const runtimeOptions: HealthModuleRuntimeOptions = {
      timeoutMs: options.timeoutMs ?? 3_000,
    };
    return {
      module: HealthModule,
      imports: options.imports ?? [],
      controllers: [HealthController],
      providers: [
        ...entryProviders,
        { provide: HEALTH_OPTIONS, useValue: runtimeOptions },
        {
          provide: HEALTH_INDICATORS,
          inject: entryTokens,
          useFactory: (...indicators: unknown[]): HealthIndicator[] => {
            indicators.forEach((indicator, index) => {
              if (!isHealthIndicator(indicator)) {
                throw new Error(`HealthModule: indicator #${index} has no name or check() method`);
              }
            });
            return indicators as HealthIndicator[];
          },
        },
      ],
      exports: [HEALTH_INDICATORS],
    };
  }
}
