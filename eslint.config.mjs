// Lint, and the import boundaries of docs/architecture (see ../shared/ARCHITECTURE.md "Layers").
import { readdirSync, existsSync } from 'node:fs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const channels = existsSync('src/channels')
  ? readdirSync('src/channels', { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)
  : [];

const boundary = (files, patterns, extra = {}) => ({
  files,
  ...extra,
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'var/', '.tools/', 'coverage/', 'public/vendor/', 'src/channels/webchat/public/vendor/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  { files: ['**/*.js', '**/*.cjs'], languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly', __dirname: 'readonly' } }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
  { files: ['test/**', 'bench/**', 'src/cli/**'], rules: { 'no-console': 'off' } },
  { files: ['**/public/**/*.js'], languageOptions: { sourceType: 'script', globals: { window: 'readonly', document: 'readonly', location: 'readonly', history: 'readonly', localStorage: 'readonly', sessionStorage: 'readonly', fetch: 'readonly', navigator: 'readonly', setTimeout: 'readonly', WebChat: 'readonly', console: 'readonly' } } },

  { files: ['src/staff/assets/**/*.mjs'], languageOptions: { sourceType: 'module', globals: { window: 'readonly', document: 'readonly', location: 'readonly', fetch: 'readonly', URL: 'readonly', URLSearchParams: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', crypto: 'readonly', Notification: 'readonly', MutationObserver: 'readonly' } } },

  // process.env is read only by src/config.
  {
    files: ['src/**/*.ts', 'dialogs/**/*.ts'],
    ignores: ['src/config/**'],
    rules: { 'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through src/config.' }] },
  },

  // dialogs are pure: no src/, no I/O libraries.
  boundary(['dialogs/**/*.ts'], [
    { group: ['**/src/**', '**/src'], message: 'dialogs/ must not import src/ (ARCHITECTURE.md: dialogs are pure).' },
    { group: ['mongoose', 'mongodb', 'express', 'i18next', 'twilio', 'botbuilder', 'botbuilder-*', 'node:*', 'fs', 'http', 'https', 'net'], message: 'dialogs/ are pure: no I/O or i18next.' },
  ]),

  // mongoose only in *.mongo.ts and main.ts; twilio and botbuilder only in their channel folders.
  boundary(['src/**/*.ts'], [
    { regex: '^(mongoose|mongodb)(/.*)?$', message: 'mongoose lives only in *.mongo.ts files and src/main.ts.' },
    { regex: '^twilio(/.*)?$', message: 'twilio is imported only in src/channels/twilio/.' },
    { regex: '^(botbuilder|botframework-)', message: 'botbuilder is imported only in src/channels/webchat/.' },
  ], { ignores: ['src/**/*.mongo.ts', 'src/main.ts', 'src/channels/twilio/**', 'src/channels/webchat/**'] }),
  // The staff console reaches channels and dialogs through ports the composition root passes in.
  boundary(['src/staff/**/*.ts'], [
    { regex: '^(mongoose|mongodb)(/.*)?$', message: 'mongoose lives only in *.mongo.ts files.' },
    { regex: '^twilio(/.*)?$', message: 'twilio is imported only in src/channels/twilio/.' },
    { regex: '^(botbuilder|botframework-)', message: 'botbuilder is imported only in src/channels/webchat/.' },
    { regex: '(^|/)channels/', message: 'src/staff/ does not import channels: the composition root passes what it needs (ARCHITECTURE.md layers).' },
    { regex: '(^|/)dialogs/', message: 'src/staff/ does not import dialogs.' },
  ], { ignores: ['src/**/*.mongo.ts'] }),
  boundary(['src/channels/twilio/**/*.ts'], [
    { regex: '^(mongoose|mongodb)(/.*)?$', message: 'mongoose lives only in *.mongo.ts files.' },
    { regex: '^(botbuilder|botframework-)', message: 'botbuilder is imported only in src/channels/webchat/.' },
    ...channels.filter((c) => c !== 'twilio').map((c) => ({ regex: `(^\\.\\./|/channels/)${c}(/|$)`, message: 'No channel imports another.' })),
  ], { ignores: ['src/**/*.mongo.ts'] }),
  boundary(['src/channels/webchat/**/*.ts'], [
    { regex: '^(mongoose|mongodb)(/.*)?$', message: 'mongoose lives only in *.mongo.ts files.' },
    { regex: '^twilio(/.*)?$', message: 'twilio is imported only in src/channels/twilio/.' },
    ...channels.filter((c) => c !== 'webchat').map((c) => ({ regex: `(^\\.\\./|/channels/)${c}(/|$)`, message: 'No channel imports another.' })),
  ], { ignores: ['src/**/*.mongo.ts'] }),
  // The interpretation step is pure like the dialogs: word lists come in as data, nothing is read or written.
  boundary(['src/conversation/interpret/**/*.ts'], [
    { group: ['i18next', 'mongoose', 'mongodb', 'express', 'twilio', 'botbuilder', 'botbuilder-*', 'node:*', 'fs', 'http', 'https', 'net'], message: 'src/conversation/interpret is pure: no I/O or i18next.' },
    { regex: '^\\.\\./(?!\\.\\./\\.\\./dialogs/shared/)', message: 'src/conversation/interpret reads only its own files and the dialog contract.' },
  ]),
);
