import { openApiProblems, undocumentedRoutes } from '@perflab/openapi';
import { describe, expect, it } from 'vitest';
import { chatSpecStack } from './testing/chat-spec-stack';

describe('chat OpenAPI document', () => {
  const stack = chatSpecStack('chat_openapi', { inProcess: true });

  it('is served at /openapi.json and is valid OpenAPI 3.1, history behind a bearer token, limit bound from config', async () => {
    const response = await fetch(`${stack.chat.url}/openapi.json`);
    expect(response.status).toBe(200);
    type Operation = {
      security?: unknown[];
      responses: Record<string, unknown>;
      parameters?: { name: string; in: string; schema?: unknown }[];
    };
    const document = (await response.json()) as { paths: Record<string, Record<string, Operation>> };
    const history = document.paths['/chats/{chatId}/messages']?.get;
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/chats/{chatId}/messages', '/health']));
    expect(history?.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(history?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '401', '403']));
    expect(history?.parameters?.find((p) => p.name === 'chatId')).toMatchObject({ in: 'path' });
    expect(history?.parameters?.find((p) => p.name === 'limit')).toMatchObject({
      in: 'query',
      schema: { maximum: expect.any(Number) },
    });
    expect(openApiProblems(document)).toBeNull();
  });

  it('describes every route the app serves', () => {
    expect(undocumentedRoutes(stack.chat.app)).toEqual([]);
  });
});
