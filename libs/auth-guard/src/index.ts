export type { AccessTokenClaims, AuthenticatedUser, Role } from './authenticated-user';
export { TokenError, type TokenErrorCode } from './token-error';
export {
  ACCESS_TOKEN_ALGORITHMS,
  bearerToken,
  createTokenVerifier,
  type TokenVerifier,
  type TokenVerifierOptions,
} from './token-verifier';
export {
  publicKeysEnv,
  tokenVerifierEnv,
  tokenVerifierOptionsFrom,
  type TokenVerifierConfig,
} from './token-verifier.env';
export { AuthGuard } from './nest/auth.guard';
export { AuthGuardModule, type AuthGuardModuleAsyncOptions } from './nest/auth-guard.module';
export { TOKEN_VERIFIER } from './nest/auth-guard.tokens';
export { Roles } from './nest/roles.decorator';
export { CurrentUser, type RequestWithUser } from './nest/current-user.decorator';
