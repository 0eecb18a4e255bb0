import { ESLint } from 'eslint';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

// Lints probe sources as if they sat inside a project, to prove the boundaries
// in eslint.config.mjs are enforced rather than merely declared.
const root = resolve(__dirname, '../../..');
const eslint = new ESLint({ cwd: root });

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, filePath) });
  return result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
}

describe('module boundaries', () => {
  // The first lint builds Nx's project graph (seconds on a busy 2-core machine): pay it once
  // here, under a hook timeout sized for it, not inside the first case's 5 s budget.
  beforeAll(() => boundaryErrors('apps/auth/src/boundary-probe.ts', 'export const probe = 1;\n'), 60_000);

  it('refuses a service importing another service', async () => {
    const errors = await boundaryErrors(
      'apps/auth/src/boundary-probe.ts',
      "import { NotificationsModule } from '../../notifications/src/notifications.module';\nexport const probe = NotificationsModule;\n",
    );
    expect(errors.join('\n')).toMatch(/Projects cannot be imported by a relative or absolute path/);
  });

  it('refuses a shared lib importing a service', async () => {
    const errors = await boundaryErrors(
      'libs/cache/src/boundary-probe.ts',
      "import { AuthModule } from '../../../apps/auth/src/auth.module';\nexport const probe = AuthModule;\n",
    );
    expect(errors.join('\n')).toMatch(/Projects cannot be imported by a relative or absolute path/);
  });

  it('allows a service to use shared libs through their public API', async () => {
    const errors = await boundaryErrors(
      'apps/auth/src/boundary-probe.ts',
      "import { Cache } from '@perflab/cache';\nexport const probe = Cache;\n",
    );
    expect(errors).toEqual([]);
  });

  it('refuses deep imports into a lib past its public API', async () => {
    const errors = await boundaryErrors(
      'apps/auth/src/boundary-probe.ts',
      "import { Cache } from '../../../libs/cache/src/cache';\nexport const probe = Cache;\n",
    );
    expect(errors.join('\n')).toMatch(/Projects cannot be imported by a relative or absolute path/);
  });
});
