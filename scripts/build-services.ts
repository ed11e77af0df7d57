// `npm run build`: bundles each service and simulator into dist/<name>.mjs for production (the
// Docker images run these; development runs the TypeScript through tsx). Workspace packages are
// bundled in; npm dependencies stay external and are loaded from node_modules.
import { build, type Plugin } from 'esbuild'

const ENTRIES = {
  ingest: 'services/ingest/src/main.ts',
  transformer: 'services/transformer/src/main.ts',
  dispatcher: 'services/dispatcher/src/main.ts',
  console: 'services/console/src/main.ts',
  'magento-simulator': 'simulators/magento/src/main.ts',
  'amazon-simulator': 'simulators/amazon/src/main.ts',
  'b2b-simulator': 'simulators/b2b/src/main.ts',
}

/** Leaves every bare import but the project's own `@listing-sync/*` to node_modules. */
const npmDependenciesExternal: Plugin = {
  name: 'npm-dependencies-external',
  setup(context) {
    context.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@listing-sync/') ? undefined : { path: args.path, external: true }))
  },
}

await build({
  entryPoints: ENTRIES,
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  plugins: [npmDependenciesExternal],
  logLevel: 'info',
})
