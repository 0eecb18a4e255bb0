import { z } from 'zod';

/** Stored lowercased, so the unique index is case-insensitive in effect. */
export const emailField = z
  .email()
  .max(254)
  .transform((v) => v.toLowerCase());

/**
 * 8-128 characters with a letter and a digit. The upper bound caps the work argon2 is
 * asked to do; 001's k6 script sends `password123`, which passes.
 */
export const passwordField = z
  .string()
  .min(8, 'must be at least 8 characters')
  .max(128, 'must be at most 128 characters')
  .refine((v) => /[A-Za-z]/.test(v) && /\d/.test(v), 'must contain a letter and a digit')
  // The refine as the documented JSON Schema `pattern` (matched anywhere in the string).
  .meta({ pattern: '[A-Za-z][\\s\\S]*[0-9]|[0-9][\\s\\S]*[A-Za-z]' });

export const nameField = z.string().trim().min(1, 'must not be empty').max(100);
