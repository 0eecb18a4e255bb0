import { z } from 'zod';

/**
 * A UUID, lower-cased as it is parsed: RFC 9562 UUIDs are case-insensitive, and every id
 * we issue or store is lower case, so comparing ids later (ownership checks) is plain equality.
 */
export const uuidField = (message?: string) => z.uuid(message).toLowerCase();
