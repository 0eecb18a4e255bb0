import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';
import { resolve } from 'node:path';
import tsconfig from './tsconfig.base.json';

// Path aliases come from tsconfig.base.json so there is one list of libs.
const alias = Object.fromEntries(
  Object.entries(tsconfig.compilerOptions.paths).map(([name, [target]]) => [name, resolve(__dirname, target)]),
);

// SWC, not esbuild: NestJS needs emitDecoratorMetadata.
const plugins = [swc.vite({ module: { type: 'es6' } })];

export default defineConfig({
  plugins,
  resolve: { alias },
  test: {
    projects: [
      {
        plugins,
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['{apps,libs,tools}/**/*.spec.ts'],
          environment: 'node',
          sequence: { groupOrder: 0 },
        },
      },
      {
        plugins,
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['{apps,libs,tools}/**/*.int-spec.ts'],
          environment: 'node',
          globalSetup: ['libs/testing/src/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Integration files share one Postgres, Redis and Kafka; each uses its own
          // schema/keys/topics, but two at a time is all 2 cores can carry honestly.
          maxWorkers: 2,
          // Units first, on their own; then the integration files against the stack.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
