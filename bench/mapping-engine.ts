// Mapping engine alone: the whole simulated Luma catalog through both shipped manifests, repeatedly,
// on one core (no broker, no I/O). Run: npm run bench -- mapping-engine
import { fileURLToPath } from 'node:url'
import { loadManifests } from '@listing-sync/mapping'
import { sampleProducts } from '../packages/mapping/src/test-support/sample-catalog.js'
import { machine, median, writeResult } from './support.js'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10)

export async function run() {
  const mappings = [...loadManifests(fileURLToPath(new URL('../mappings/', import.meta.url))).values()]
  const products = await sampleProducts()
  // Warm-up: lets V8 optimise the engine before it is measured.
  for (const product of products) for (const mapping of mappings) await mapping.map(product)
  const perManifest: Record<string, number[]> = Object.fromEntries(mappings.map((mapping) => [mapping.marketplace, []]))
  const both: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    for (const mapping of mappings) {
      const start = process.hrtime.bigint()
      for (const product of products) await mapping.map(product)
      perManifest[mapping.marketplace]!.push(products.length / (Number(process.hrtime.bigint() - start) / 1e9))
    }
    const start = process.hrtime.bigint()
    for (const product of products) for (const mapping of mappings) await mapping.map(product)
    both.push(products.length / (Number(process.hrtime.bigint() - start) / 1e9))
  }
  const result = {
    benchmark: 'mapping-engine',
    machine: machine(),
    products: products.length,
    rounds: ROUNDS,
    productsPerSecond: Object.fromEntries(Object.entries(perManifest).map(([id, rates]) => [id, median(rates)])),
    productsPerSecondBothManifests: median(both),
  }
  await writeResult(result)
  console.log(`mapping engine: ${products.length} products × ${ROUNDS} rounds`)
  for (const [id, rate] of Object.entries(result.productsPerSecond)) console.log(`  ${id}: ${rate} products/s`)
  console.log(`  both manifests per product: ${result.productsPerSecondBothManifests} products/s`)
}
