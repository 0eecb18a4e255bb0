import { Controller, Get, Header, Inject } from '@nestjs/common';
import { DescribeRoute } from '@perflab/openapi';
import type { JSONWebKeySet } from 'jose';
import { z } from 'zod';
import { SIGNING_KEYS } from '../auth.di-tokens';
import type { SigningKeys } from './signing-key.store';

const jwksResponse = z
  .object({ keys: z.array(z.looseObject({ kty: z.string(), kid: z.string().optional() })) })
  .meta({ id: 'JSONWebKeySet' });

/** Public keys for local verification by other services (@perflab/auth-guard). */
@Controller('.well-known')
export class JwksHttpController {
  constructor(@Inject(SIGNING_KEYS) private readonly keys: SigningKeys) {}

  @Get('jwks.json')
  @DescribeRoute({
    summary: 'Public signing keys (RFC 7517 JWK Set) for verifying access tokens',
    responses: { 200: jwksResponse },
  })
  // Verifiers cache it; an unknown kid makes them refetch (with a cooldown), so rotation works.
  @Header('cache-control', 'public, max-age=300, stale-while-revalidate=60')
  jwks(): JSONWebKeySet {
    return { keys: this.keys.published };
  }
}
