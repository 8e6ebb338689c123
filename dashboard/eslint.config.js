// ESLint for the dashboard's modules and their tests (npm run lint; scripts/test.sh runs it before the .NET tests).
import js from '@eslint/js';

// The browser's and the two libraries' globals the pages use (the libraries load as plain scripts: no bundler).
const browser = Object.fromEntries([
  'window', 'document', 'location', 'navigator', 'localStorage', 'sessionStorage', 'fetch', 'console', 'crypto',
  'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'prompt',
  'L', 'signalR', 'idb', 'Supercluster', 'echarts', 'history', 'URL', 'URLSearchParams', 'Blob', 'requestAnimationFrame', 'cancelAnimationFrame', 'indexedDB', 'structuredClone',
  'Worker', 'self', 'performance', 'queueMicrotask',
].map(name => [name, 'readonly']));

// Every module starts with `// @ts-check`, so editors check its JSDoc types as they are written.
const tsCheck = {
  meta: { type: 'problem', messages: { missing: 'Start the module with `// @ts-check`.' } },
  create: context => ({
    Program: node => {
      const first = context.sourceCode.getAllComments()[0];
      if (first?.type !== 'Line' || first.value.trim() !== '@ts-check' || first.loc.start.line !== 1) context.report({ node, messageId: 'missing' });
    },
  }),
};

export default [
  js.configs.recommended,
  {
    files: ['src/js/**/*.js'],
    languageOptions: { ecmaVersion: 2024, sourceType: 'module', globals: browser },
    plugins: { dashboard: { rules: { 'ts-check': tsCheck } } },
    rules: {
      'dashboard/ts-check': 'error',
      // A module's variables are declared before anything uses them, functions included.
      'no-use-before-define': ['error', { functions: false, classes: true, variables: true }],
      'no-restricted-syntax': ['error', {
        selector: "AssignmentExpression > MemberExpression.left[property.name=/^(innerHTML|outerHTML)$/]",
        message: 'Render markup through html.js (html`…` and render()), which escapes what it interpolates.',
      }, {
        selector: "CallExpression[callee.property.name='insertAdjacentHTML']",
        message: 'Render markup through html.js (html`…` and render()), which escapes what it interpolates.',
      }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-var': 'error',
      'prefer-const': 'error',
      'no-shadow': 'error',
      'no-implicit-globals': 'error',
      'no-unused-vars': ['error', { args: 'after-used' }],
    },
  },
  {
    files: ['test/**/*.js'], // node --test: the modules that need no browser, with stand-ins for what they touch
    languageOptions: { ecmaVersion: 2024, sourceType: 'module', globals: { globalThis: 'readonly', setTimeout: 'readonly' } },
    plugins: { dashboard: { rules: { 'ts-check': tsCheck } } },
    rules: { 'dashboard/ts-check': 'error' },
  },
  {
    files: ['src/js/html.js'], // the one place that writes innerHTML
    rules: { 'no-restricted-syntax': 'off' },
  },
];
