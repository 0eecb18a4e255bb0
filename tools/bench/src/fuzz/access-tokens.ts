import { FuzzAccount } from './fuzz-plan';

// Access tokens for a sweep: `user`, freshly registered (USER role), and `admin` (the account
// auth created at start-up from ADMIN_EMAIL).

export async function accessTokens(
  authBase: string,
  runId: string,
  admin: FuzzAccount,
): Promise<Record<'user' | 'admin', string>> {
  const post = (path: string, body: object) =>
    fetch(`${authBase}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const login = async (email: string, password: string): Promise<string> => {
    const reply = await post('/auth/login', { email, password });
    if (reply.status !== 200) throw new Error(`login as ${email} answered ${reply.status}: ${await reply.text()}`);
    return ((await reply.json()) as { access_token: string }).access_token;
  };
  const account = { email: `${runId}@example.com`, password: 'FuzzRun123!', name: 'Fuzz Run' };
  const registered = await post('/auth/register', account);
  if (registered.status !== 201) throw new Error(`register answered ${registered.status}: ${await registered.text()}`);
  return { user: await login(account.email, account.password), admin: await login(admin.email, admin.password) };
}
