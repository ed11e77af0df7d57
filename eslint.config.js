// Lint rules: typescript-eslint's recommended type-aware set; formatting is left to the editor.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['node_modules/', '.stack/', 'dist/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: { allowDefaultProject: ['*.js'] }, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  { files: ['**/*.js'], extends: [tseslint.configs.disableTypeChecked] },
  // The console's scripts run in the browser.
  { files: ['services/console/assets/**/*.js'], languageOptions: { globals: { document: 'readonly', fetch: 'readonly', location: 'readonly', setTimeout: 'readonly', CSS: 'readonly', uPlot: 'readonly' } } },
)
