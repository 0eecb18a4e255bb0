import { z } from 'zod';
import { emailField, nameField, passwordField } from '../user.fields';

/** `name` (002) or `username` (001's k6 script); unknown fields are refused. */
export const registerUserRequest = z
  .strictObject({
    email: emailField,
    password: passwordField,
    name: nameField.optional(),
    username: nameField.optional(),
  })
  .refine((body) => body.name !== undefined || body.username !== undefined, {
    path: ['name'],
    message: 'is required',
  })
  // The refine, documented (OpenAPI): one of the two is required.
  .meta({ anyOf: [{ required: ['name'] }, { required: ['username'] }] })
  .transform(({ email, password, name, username }) => ({ email, password, name: (name ?? username) as string }));

export type RegisterUserRequest = z.output<typeof registerUserRequest>;
