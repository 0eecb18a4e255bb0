/** Roles the platform knows; auth issues them, every service checks them. */
export type Role = 'USER' | 'ADMIN';

/** Who made the request, as proven by a verified access token. */
export interface AuthenticatedUser {
  /** The user id (the token's `sub`). */
  id: string;
  email: string;
  role: Role;
  /** The company the user acts for (reporting shows only its data), when auth assigned one. */
  companyId?: string;
  /** The verified token's expiry, seconds since the epoch. */
  expiresAt: number;
}

/** The access token's claims beyond the registered ones (iss, aud, iat, exp, sub). */
export interface AccessTokenClaims {
  email: string;
  role: Role;
  /** Present only for users that belong to a company. */
  companyId?: string;
}
