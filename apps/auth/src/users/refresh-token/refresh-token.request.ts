import { z } from 'zod';

export const refreshTokenRequest = z.strictObject({
  refresh_token: z.string().min(16).max(256),
});

export type RefreshTokenRequest = z.output<typeof refreshTokenRequest>;
