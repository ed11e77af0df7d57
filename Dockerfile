# Container images of listing-sync: one target per service and simulator.
#
#   docker build --target ingest -t listing-sync/ingest .      (or: docker-compose build)
#
# One file with a target per service rather than a Dockerfile per service: every image is the same
# bundle of this repository (npm run build makes dist/<name>.mjs for all of them), so they share one
# build stage and one runtime base, built once, and one file to lint (deploy/docker/dockerfile.test.ts).
# A target only adds what differs: its port, its health check and which bundle it runs.

# Build: every dependency, then the bundles (esbuild; npm dependencies stay external).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund && npm run build

# Production dependencies only, installed apart rather than pruned from the build stage's tree, so
# the runtime gets exactly what `npm ci --omit=dev` gives.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY . .
RUN npm ci --omit=dev --no-audit --no-fund

# One-shot provisioning of a cluster: `listing-sync provision` creates every topic
# (packages/kafka/src/topics.ts) and registers every schema, as `stack up` does locally. The CLI runs
# the TypeScript through tsx (a production dependency), so it starts from the full tree.
FROM deps AS provision
ENV NODE_ENV=production
# The image's `node` user, by number: Kubernetes' runAsNonRoot can only verify a numeric user.
USER 1000:1000
CMD ["node", "packages/cli/bin/listing-sync.js", "provision"]

# Runtime base: the bundles, production node_modules and the files the bundles read at run time.
# Bundled code sits in dist/, so the paths it would find beside its sources are given by variables.
# The console finds its assets through require.resolve('@listing-sync/console/package.json'): the
# workspace link node_modules/@listing-sync/console -> services/console needs that folder's
# package.json and assets (the other workspace links dangle; everything they hold is bundled).
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    LISTING_SYNC_SCHEMAS_DIR=/app/schemas \
    MAPPINGS_DIR=/app/mappings
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY schemas ./schemas
COPY mappings ./mappings
COPY services/console/package.json ./services/console/package.json
COPY services/console/assets ./services/console/assets
# The image's `node` user, by number: Kubernetes' runAsNonRoot can only verify a numeric user. The
# files stay root's and read-only to the process.
USER 1000:1000

# Health checks use node's fetch: the slim image has no curl. Each reads its service's port variable,
# so an overridden port is still checked.

FROM runtime AS ingest
ENV INGEST_PORT=8080
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.INGEST_PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# V8 flags of services/ingest/src/node-flags.ts (not allowed in NODE_OPTIONS).
CMD ["node", "--max-semi-space-size=8", "--heap-growing-percent=50", "dist/ingest.mjs"]

FROM runtime AS transformer
# MALLOC_ARENA_MAX and the V8 flags: services/transformer/src/node-flags.ts.
ENV TRANSFORMER_PORT=8082 \
    MALLOC_ARENA_MAX=2
EXPOSE 8082
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.TRANSFORMER_PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--max-semi-space-size=4", "--heap-growing-percent=50", "dist/transformer.mjs"]

# One image for every marketplace: DISPATCHER_MARKETPLACE (required) chooses, and the second
# dispatcher of a host takes the next port (README, "Ports").
FROM runtime AS dispatcher
ENV DISPATCHER_PORT=8083
EXPOSE 8083
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.DISPATCHER_PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/dispatcher.mjs"]

FROM runtime AS console
ENV CONSOLE_PORT=8085
EXPOSE 8085
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.CONSOLE_PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/console.mjs"]

# The simulators read the shared fixtures (specs and sample data, not in this repository) from a
# volume at /fixtures, and the demo marketplace files from mappings/.

FROM runtime AS magento-simulator
ENV PORT=9001 \
    LISTING_SYNC_FIXTURES_DIR=/fixtures
EXPOSE 9001
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/magento-simulator.mjs"]

FROM runtime AS amazon-simulator
ENV PORT=9002 \
    LISTING_SYNC_FIXTURES_DIR=/fixtures \
    AMAZON_SIM_PRODUCT_TYPES_DIR=/app/mappings/product-types
EXPOSE 9002
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/amazon-simulator.mjs"]

FROM runtime AS b2b-simulator
ENV PORT=9003 \
    LISTING_SYNC_FIXTURES_DIR=/fixtures \
    B2B_SIM_ATTRIBUTES_FILE=/app/mappings/product-types/b2b-attributes.json
EXPOSE 9003
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/b2b-simulator.mjs"]
