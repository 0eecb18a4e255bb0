import { SetMetadata } from '@nestjs/common';
import type { Role } from '../authenticated-user';
import { ROLES_KEY } from './auth-guard.tokens';

/** Only these roles may call the handler (or every handler of the controller). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
