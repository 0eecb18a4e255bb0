/** A configured webhook sender: its name and the `whsec_` keys it may sign with (several during a rotation). */
export interface WebhookSource {
  name: string;
  keys: Buffer[];
}

const SOURCE_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const SECRET_PREFIX = 'whsec_';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Parses WEBHOOK_SECRETS: `source=whsec_A whsec_B,other=whsec_C` — entries separated by
 * commas, a source's secrets by spaces (base64 has neither; it may end in `=`, so only the
 * first `=` of an entry separates the name). Throws with a message naming what is wrong.
 * A secret may belong to one source only: the source is the one whose secret verifies.
 */
export function parseWebhookSources(text: string): WebhookSource[] {
  const sources: WebhookSource[] = [];
  const owners = new Map<string, string>();
  for (const entry of text.split(',').map((e) => e.trim())) {
    if (!entry) continue;
    const eq = entry.indexOf('=');
    const name = eq < 0 ? entry : entry.slice(0, eq).trim();
    if (eq < 0 || !SOURCE_NAME.test(name)) {
      throw new Error(`"${name}" must be "<source>=whsec_…" with a source of [a-z0-9_-], up to 64 characters`);
    }
    if (sources.some((s) => s.name === name)) throw new Error(`source "${name}" is listed twice`);
    const secrets = entry
      .slice(eq + 1)
      .split(' ')
      .filter((s) => s.length > 0);
    if (secrets.length === 0) throw new Error(`source "${name}" has no secret`);
    const keys = secrets.map((secret, i) => {
      const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : '';
      const key = BASE64.test(encoded) ? Buffer.from(encoded, 'base64') : Buffer.alloc(0);
      // The spec's secrets are 24 to 64 random bytes, base64 after the whsec_ prefix.
      if (key.length < 24 || key.length > 64) {
        throw new Error(`source "${name}" secret ${i + 1} must be whsec_ + base64 of 24 to 64 bytes`);
      }
      const owner = owners.get(key.toString('hex'));
      if (owner) throw new Error(`source "${name}" secret ${i + 1} is also ${owner}'s: a secret must name one source`);
      owners.set(key.toString('hex'), name);
      return key;
    });
    sources.push({ name, keys });
  }
  if (sources.length === 0) throw new Error('must name at least one source');
  return sources;
}
