import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StorybookConfig } from '@storybook/react-vite';

// One Storybook at the repository root (style-anchors §7.6). Its tooling is installed by @provvigo/react, so packages
// resolve from there; workspace packages resolve to their TypeScript sources through the `@provvigo/source` condition.
const here = dirname(fileURLToPath(import.meta.url));
const fromReact = createRequire(join(here, '../packages/react/package.json'));
const packageDir = (name: string) => dirname(fromReact.resolve(`${name}/package.json`));

const config: StorybookConfig = {
  // the react package's components, and the studio's own screens (the approver's review, the run's actions)
  stories: ['../packages/react/stories/**/*.stories.tsx', '../apps/studio/client/**/*.stories.tsx'],
  framework: { name: packageDir('@storybook/react-vite') as '@storybook/react-vite', options: {} },
  core: { disableTelemetry: true },
  typescript: { reactDocgen: false },
  async viteFinal(viteConfig) {
    const vite = (await import(fromReact.resolve('vite'))) as typeof import('vite');
    return vite.mergeConfig(viteConfig, {
      resolve: { conditions: ['@provvigo/source', ...vite.defaultClientConditions] },
      build: { chunkSizeWarningLimit: 4000 },
    });
  },
};
export default config;
