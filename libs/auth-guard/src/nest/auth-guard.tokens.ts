export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');
export const ROLES_KEY = 'perflab:roles';
