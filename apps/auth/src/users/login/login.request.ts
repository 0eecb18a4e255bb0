import { z } from 'zod';
import { emailField } from '../user.fields';

export const loginRequest = z.strictObject({
  email: emailField,
  // Not the password policy: an old password may predate it. Only the argon2 work cap.
  password: z.string().min(1, 'is required').max(128),
});

export type LoginRequest = z.output<typeof loginRequest>;
