import { DynamicModule, Global, InjectionToken, Module, ModuleMetadata } from '@nestjs/common';
import { createTokenVerifier, type TokenVerifierOptions } from '../token-verifier';
import { AuthGuard } from './auth.guard';
import { TOKEN_VERIFIER } from './auth-guard.tokens';

export interface AuthGuardModuleAsyncOptions {
  imports?: ModuleMetadata['imports'];
  inject?: InjectionToken[];
  // Nest factories are untyped by nature: each argument is whatever its token resolves to.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  useFactory: (...deps: any[]) => TokenVerifierOptions | Promise<TokenVerifierOptions>;
}

/** Provides the TokenVerifier and AuthGuard to the whole app (`@UseGuards(AuthGuard)`). */
@Global()
@Module({})
export class AuthGuardModule {
  static forRoot(options: TokenVerifierOptions): DynamicModule {
    return {
      module: AuthGuardModule,
      providers: [{ provide: TOKEN_VERIFIER, useFactory: () => createTokenVerifier(options) }, AuthGuard],
      exports: [TOKEN_VERIFIER, AuthGuard],
    };
  }

  /** For options known only at start-up, e.g. keys auth loads from its database. */
  static forRootAsync(options: AuthGuardModuleAsyncOptions): DynamicModule {
    return {
      module: AuthGuardModule,
      imports: options.imports ?? [],
      providers: [
        {
          provide: TOKEN_VERIFIER,
          inject: options.inject ?? [],
          useFactory: async (...deps: unknown[]) => createTokenVerifier(await options.useFactory(...deps)),
        },
        AuthGuard,
      ],
      exports: [TOKEN_VERIFIER, AuthGuard],
    };
  }
}
