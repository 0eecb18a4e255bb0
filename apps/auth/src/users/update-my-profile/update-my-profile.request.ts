import { z } from 'zod';
import { nameField } from '../user.fields';

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2_048);

/** Free-form user settings, bounded so a profile stays a small cache entry. */
const settings = z
  .record(z.string().max(64), z.union([z.string().max(1_000), z.number(), z.boolean(), z.null()]))
  .refine((v) => Object.keys(v).length <= 50, 'must have at most 50 keys');

export const updateMyProfileRequest = z
  .strictObject({
    name: nameField.optional(),
    bio: z.string().max(500).nullable().optional(),
    avatarUrl: httpUrl.nullable().optional(),
    settings: settings.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { path: ['body'], message: 'must change at least one field' });

export type UpdateMyProfileRequest = z.output<typeof updateMyProfileRequest>;
