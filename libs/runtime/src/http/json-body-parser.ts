import type { FastifyInstance } from 'fastify';
import { MalformedJsonError } from './api-error';

/** A request whose JSON body's bytes are kept (ServiceAppOptions.rawBody): `request.rawBody`. */
export type RawBodyRequest = { rawBody?: Buffer };

/** Throws on bytes that are not UTF-8, where a lenient decoder would put U+FFFD in silently. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Fastify's JSON parser (with its prototype-poisoning guard), but failing with
 * MalformedJsonError: Nest would otherwise turn Fastify's error into a bare 400
 * that cannot be told apart from other bad requests. The body is read as bytes and
 * decoded strictly: read as a string, invalid UTF-8 turned into replacement characters
 * and Fastify blamed the Content-Length for the size that no longer matched.
 */
export function useStrictJsonParser(fastify: FastifyInstance, options: { rawBody?: boolean } = {}): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    if (body.length === 0) {
      done(new MalformedJsonError('Request body is empty but Content-Type is application/json'), undefined);
      return;
    }
    let text: string;
    try {
      text = strictUtf8.decode(body as Buffer);
    } catch {
      done(new MalformedJsonError('Request body is not valid UTF-8'), undefined);
      return;
    }
    // Signature checks (webhooks) need the exact bytes that were signed, not a re-serialisation.
    if (options.rawBody) (request as RawBodyRequest).rawBody = body as Buffer;
    parse(request, text, (error, value) => {
      if (error) done(new MalformedJsonError(), undefined);
      else done(null, value);
    });
  });
}
