import { describe, expect, it } from 'vitest';
import { censorUrl, censorUrlValue } from './url-redaction';

describe('censorUrl', () => {
  it('returns a URL without a query, or without a secret in it, as it is', () => {
    for (const url of [
      '/users/42',
      'https://api.example.com/v1/items',
      '/items?page=2&limit=20',
      '/search?q=a%20b#top',
      '/?',
    ])
      expect(censorUrl(url)).toBe(url);
  });

  it('censors the value of a secret parameter and keeps its name and the rest of the URL', () => {
    expect(censorUrl('/reset?token=eyJhbGciOi.payload.sig')).toBe('/reset?token=[redacted]');
    expect(censorUrl('https://api.example.com/cb?access_token=at-1&state=xyz#frag')).toBe(
      'https://api.example.com/cb?access_token=[redacted]&state=xyz#frag',
    );
  });

  it("censors socket.io's handshake query without touching its own parameters", () => {
    expect(censorUrl('/socket.io/?EIO=4&transport=websocket&token=eyJhbGciOi.x.y&sid=abc')).toBe(
      '/socket.io/?EIO=4&transport=websocket&token=[redacted]&sid=abc',
    );
  });

  it('censors several secret parameters among others, each where it stands', () => {
    expect(censorUrl('/oauth?client_id=app&client_secret=cs-1&code=c&api_key=k-1&refresh_token=rt-1&x=1')).toBe(
      '/oauth?client_id=app&client_secret=[redacted]&code=c&api_key=[redacted]&refresh_token=[redacted]&x=1',
    );
  });

  it('matches names without case and in camelCase, snake_case and kebab-case', () => {
    expect(censorUrl('/x?ACCESS_TOKEN=a&accessToken=b&Access-Token=c&APIKEY=d&Password=e&idToken=f')).toBe(
      '/x?ACCESS_TOKEN=[redacted]&accessToken=[redacted]&Access-Token=[redacted]&APIKEY=[redacted]&Password=[redacted]&idToken=[redacted]',
    );
  });

  it('matches percent-encoded names, and leaves an undecodable name as it is', () => {
    expect(censorUrl('/x?access%5Ftoken=a&%74oken=b&to%ZZken=c')).toBe(
      '/x?access%5Ftoken=[redacted]&%74oken=[redacted]&to%ZZken=c',
    );
  });

  it('censors every occurrence of a repeated parameter', () => {
    expect(censorUrl('/x?token=one&page=1&token=two&token=three')).toBe(
      '/x?token=[redacted]&page=1&token=[redacted]&token=[redacted]',
    );
  });

  it('leaves a name that merely contains a secret word: whole names only, as for fields', () => {
    const url = '/x?token_type=Bearer&pageToken=p-1&tokenizer=ws&secretary=s&my_password_hint=h&next_token=n';
    expect(censorUrl(url)).toBe(url);
  });

  it('keeps an empty or missing value and parameters without a value, and never reads past the fragment', () => {
    expect(censorUrl('/x?token=&flag&token&secret=s')).toBe('/x?token=&flag&token&secret=[redacted]');
    expect(censorUrl('/x?a=1#token=in-fragment')).toBe('/x?a=1#token=in-fragment');
    expect(censorUrl('/x?a&b&c#d=e')).toBe('/x?a&b&c#d=e');
  });

  it('keeps the encoded characters of other values and censors a value holding encoded separators whole', () => {
    expect(censorUrl('/x?next=%2Fa%3Fb%3D1&token=a%26b%3Dc')).toBe('/x?next=%2Fa%3Fb%3D1&token=[redacted]');
  });
});

describe('censorUrlValue', () => {
  it('censors strings and URL objects (written as their href); anything else passes as it is', () => {
    expect(censorUrlValue('/x?token=t')).toBe('/x?token=[redacted]');
    expect(censorUrlValue(new URL('https://h.example/p?api_key=k&a=1'))).toBe(
      'https://h.example/p?api_key=[redacted]&a=1',
    );
    const other = { path: '/x?token=t' };
    expect(censorUrlValue(other)).toBe(other);
    expect(censorUrlValue(undefined)).toBeUndefined();
  });
});
