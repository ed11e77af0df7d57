import { watch, type FSWatcher } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger } from '@listing-sync/observability'
import { loadValidatedMapping } from '@listing-sync/mapping'
import type { MarketplaceMapping, ProductTypeSchemaSource } from '@listing-sync/mapping'
import type { TransformerMetrics } from './transformer-metrics.js'

/** Manifests are `<marketplace>.json`; the schema and product-type files beside them are not. */
const MANIFEST_FILE = /^[a-z][a-z0-9-]*\.json$/
const NOT_MANIFESTS = new Set(['mapping.schema.json'])

/**
 * The marketplace mappings, loaded from the manifests folder and reloaded when a file changes,
 * without a redeploy (a Kubernetes ConfigMap update is a file change too). A changed manifest is
 * validated first; an invalid one is refused with every problem logged, and the previous one keeps
 * serving. A marketplace that was not there at start needs a restart, which provisions its topics.
 * Amazon product type schemas come from `schemas` (the manifest's files by default); after one
 * changed, {@link reload} rebuilds the mappings that use it.
 */
export class ManifestWatcher {
  private mappings = new Map<string, MarketplaceMapping>()
  private watcher: FSWatcher | undefined
  private timer: NodeJS.Timeout | undefined
  /** The reload running or last run: reloads run one after the other, so an older one never lands last. */
  private reloading: Promise<void> = Promise.resolve()

  constructor(
    private readonly dir: string,
    private readonly metrics: TransformerMetrics,
    private readonly log: Logger,
    private readonly schemas?: ProductTypeSchemaSource,
  ) {}

  /** Loads every manifest; refuses to start if one is invalid or none exists. */
  async start(): Promise<void> {
    for (const file of await this.manifestFiles()) {
      const loaded = await this.load(file)
      if (!loaded.ok) throw new Error(`invalid manifest ${file}:\n${loaded.problems.map((p) => `  ${p.path}: ${p.message}`).join("\n")}`)
      this.mappings.set(loaded.mapping.marketplace, loaded.mapping)
    }
    if (this.mappings.size === 0) throw new Error(`no manifest in ${this.dir}`)
    this.log.info({ marketplaces: [...this.mappings.keys()] }, 'manifests loaded')
    // Editors and ConfigMap updates write in several steps: settle for a moment, then reload all.
    this.watcher = watch(this.dir, () => {
      clearTimeout(this.timer)
      this.timer = setTimeout(() => void this.reload(), 300)
    })
  }

  current(): readonly MarketplaceMapping[] {
    return [...this.mappings.values()]
  }

  stop(): void {
    clearTimeout(this.timer)
    this.watcher?.close()
  }

  /** Re-reads every manifest and applies those that validate and changed (the manifest or a schema it uses). */
  reload(): Promise<void> {
    const run = this.reloading.then(() => this.reloadAll())
    this.reloading = run.catch(() => undefined)
    return run
  }

  private async reloadAll(): Promise<void> {
    for (const file of await this.manifestFiles()) {
      const loaded = await this.load(file)
      if (!loaded.ok) {
        const marketplace = file.replace(/\.json$/, '')
        this.metrics.manifestReloads.inc({ marketplace, result: 'refused' })
        this.log.error({ file, problems: loaded.problems }, 'manifest refused, the previous one keeps serving')
        continue
      }
      const { mapping } = loaded
      const previous = this.mappings.get(mapping.marketplace)
      if (!previous) {
        this.log.warn({ marketplace: mapping.marketplace }, 'new marketplace manifest: restart the transformer to provision its topics')
        continue
      }
      if (previous.version === mapping.version && previous.fingerprint === mapping.fingerprint) continue
      this.mappings.set(mapping.marketplace, mapping)
      this.metrics.manifestReloads.inc({ marketplace: mapping.marketplace, result: 'applied' })
      this.log.info({ marketplace: mapping.marketplace, version: mapping.version }, 'manifest reloaded')
    }
  }

  private load(file: string) {
    return loadValidatedMapping(join(this.dir, file), { productTypeSchemas: this.schemas })
  }

  private async manifestFiles(): Promise<string[]> {
    return (await readdir(this.dir)).filter((file) => MANIFEST_FILE.test(file) && !NOT_MANIFESTS.has(file)).sort()
  }
}
