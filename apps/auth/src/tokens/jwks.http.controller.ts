import { Controller, Get, Header, Inject } from '@nestjs/common';
import type { JSONWebKeySet } from 'jose';
import { SIGNING_KEYS } from '../auth.di-tokens';
import type { SigningKeys } from './signing-key.store';

/** Public keys for local verification by other services (@perflab/auth-guard). */
@Controller('.well-known')
export class JwksHttpController {
  constructor(@Inject(SIGNING_KEYS) private readonly keys: SigningKeys) {}

  @Get('jwks.json')
  // Verifiers cache it; an unknown kid makes them refetch (with a cooldown), so rotation works.
  @Header('cache-control', 'public, max-age=300, stale-while-revalidate=60')
  jwks(): JSONWebKeySet {
    return { keys: this.keys.published };
  }
}
