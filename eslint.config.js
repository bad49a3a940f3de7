// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', 'scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.js'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
  },
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // The core is pure: no Discord, storage, logging, file system or network. Adapters bring those in.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['discord.js', '@discordjs/*'],
              message: 'core must not depend on Discord; use src/discord.',
            },
            { group: ['keyv', '@keyv/*'], message: 'core must not depend on storage; pass a port in.' },
            { group: ['pino', 'pino-*'], message: 'core must not log directly; pass a logger port in.' },
            { group: ['openai'], message: 'core must not call the model SDK; use the ChatModel port.' },
            {
              group: ['node:fs', 'node:fs/*', 'fs', 'node:net', 'node:http', 'node:https', 'undici'],
              message: 'core is pure: do I/O in src/adapters.',
            },
          ],
        },
      ],
    },
  },
);
