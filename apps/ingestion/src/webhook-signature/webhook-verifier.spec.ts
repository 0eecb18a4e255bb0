import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { parseWebhookSources } from './webhook-sources';
import { WebhookVerifier } from './webhook-verifier';

const secret = () => `whsec_${randomBytes(32).toString('base64')}`;
const NOW = 1_800_000_000_000;

describe('WebhookVerifier', () => {
  const crmOld = secret();
  const crmNew = secret();
  const lms = secret();
  const verifier = new WebhookVerifier(parseWebhookSources(`crm=${crmOld} ${crmNew},lms=${lms}`), 300, () => NOW);
  const body = Buffer.from('{"type":"feedback.received","data":{"score":9}}');

  /** Headers as the reference library (standardwebhooks) signs them. */
  function signed(key: string, { id = 'msg_1', at = NOW, payload = body } = {}) {
    const timestamp = Math.floor(at / 1000);
    return {
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': new Webhook(key).sign(id, new Date(timestamp * 1000), payload.toString()),
    };
  }

  it("accepts the reference library's signature and names the source whose key verified", () => {
    expect(verifier.verify(signed(lms), body)).toEqual({ ok: true, source: 'lms', id: 'msg_1', timestamp: NOW / 1000 });
  });

  it('accepts either key of a source during a rotation, and several signatures in one header', () => {
    expect(verifier.verify(signed(crmOld), body)).toMatchObject({ ok: true, source: 'crm' });
    expect(verifier.verify(signed(crmNew), body)).toMatchObject({ ok: true, source: 'crm' });
    const both = `${signed(secret())['webhook-signature']} v2,ignored ${signed(crmNew)['webhook-signature']}`;
    expect(verifier.verify({ ...signed(crmOld), 'webhook-signature': both }, body)).toMatchObject({ ok: true });
  });

  it('refuses a tampered body, an unknown key, and a signature over another id', () => {
    expect(verifier.verify(signed(lms), Buffer.from(body.toString().replace('9', '1')))).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(verifier.verify(signed(secret()), body)).toMatchObject({ reason: 'bad_signature' });
    expect(verifier.verify({ ...signed(lms), 'webhook-id': 'msg_2' }, body)).toMatchObject({ reason: 'bad_signature' });
  });

  it('refuses timestamps outside the tolerance, either way, and accepts its edge', () => {
    expect(verifier.verify(signed(lms, { at: NOW - 301_000 }), body)).toMatchObject({ reason: 'stale_timestamp' });
    expect(verifier.verify(signed(lms, { at: NOW + 301_000 }), body)).toMatchObject({ reason: 'future_timestamp' });
    expect(verifier.verify(signed(lms, { at: NOW - 300_000 }), body)).toMatchObject({ ok: true });
  });

  it('names the missing or malformed header', () => {
    const { 'webhook-signature': _s, ...noSignature } = signed(lms);
    expect(verifier.verify(noSignature, body)).toEqual({
      ok: false,
      reason: 'missing_header',
      header: 'webhook-signature',
    });
    expect(verifier.verify({ ...signed(lms), 'webhook-timestamp': '17e8' }, body)).toMatchObject({
      reason: 'malformed_header',
      header: 'webhook-timestamp',
    });
    expect(verifier.verify({ ...signed(lms), 'webhook-id': 'x'.repeat(65) }, body)).toMatchObject({
      header: 'webhook-id',
    });
    expect(verifier.verify({ ...signed(lms), 'webhook-signature': 'v1,notbase64!' }, body)).toMatchObject({
      reason: 'malformed_header',
      header: 'webhook-signature',
    });
  });
});

describe('parseWebhookSources', () => {
  it('reads sources and their secrets, = padding included', () => {
    const a = `whsec_${Buffer.alloc(25, 1).toString('base64')}`; // 25 bytes: ends in "="
    expect(parseWebhookSources(` crm=${a} , lms=${secret()}`).map((s) => [s.name, s.keys.length])).toEqual([
      ['crm', 1],
      ['lms', 1],
    ]);
  });

  it('names what is wrong', () => {
    const s = secret();
    expect(() => parseWebhookSources('')).toThrow('at least one source');
    expect(() => parseWebhookSources(`Bad Name=${s}`)).toThrow('"Bad Name"');
    expect(() => parseWebhookSources('crm=abc')).toThrow('secret 1 must be whsec_');
    expect(() => parseWebhookSources('crm=whsec_c2hvcnQ=')).toThrow('24 to 64 bytes');
    expect(() => parseWebhookSources(`crm=${s},lms=${s}`)).toThrow("also crm's");
    expect(() => parseWebhookSources(`crm=${s},crm=${secret()}`)).toThrow('listed twice');
  });
});
