import type { FastifyInstance } from 'fastify';
import { MalformedJsonError } from './api-error';

/**
 * Fastify's JSON parser (with its prototype-poisoning guard), but failing with
 * MalformedJsonError: Nest would otherwise turn Fastify's error into a bare 400
 * that cannot be told apart from other bad requests.
 */
export function useStrictJsonParser(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') {
      done(new MalformedJsonError('Request body is empty but Content-Type is application/json'), undefined);
      return;
    }
    parse(request, body.toString(), (error, value) => {
      if (error) done(new MalformedJsonError(), undefined);
      else done(null, value);
    });
  });
}
