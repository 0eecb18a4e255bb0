import { SignJWT } from 'jose';
import type { AccessTokenClaims } from '@perflab/auth-guard';
import type { SigningKey } from './signing-key';

export interface AccessTokenSubject extends AccessTokenClaims {
  id: string;
}

export interface AccessTokenIssuerOptions {
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

/** Signs short-lived access tokens that every service verifies locally with @perflab/auth-guard. */
export class AccessTokenIssuer {
  constructor(
    private readonly key: SigningKey,
    private readonly options: AccessTokenIssuerOptions,
  ) {}

  get expiresIn(): number {
    return this.options.ttlSeconds;
  }

  issue(subject: AccessTokenSubject): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const claims = { email: subject.email, role: subject.role };
    return new SignJWT(subject.companyId ? { ...claims, companyId: subject.companyId } : claims)
      .setProtectedHeader({ alg: this.key.alg, kid: this.key.kid, typ: 'JWT' })
      .setSubject(subject.id)
      .setIssuer(this.options.issuer)
      .setAudience(this.options.audience)
      .setIssuedAt(now)
      .setExpirationTime(now + this.options.ttlSeconds)
      .sign(this.key.privateKey);
  }
}
