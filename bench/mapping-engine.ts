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
  const bothShuffled: number[] = []
  // The catalog's order keeps a configurable's children together, so the HTML caches hit from one sibling
  // to the next; a transformer's partitions see products in key-hash order, siblings apart. Both are measured.
  const shuffled = seededShuffle(products)
  for (let round = 0; round < ROUNDS; round++) {
    for (const mapping of mappings) {
      const start = process.hrtime.bigint()
      for (const product of products) await mapping.map(product)
      perManifest[mapping.marketplace]!.push(products.length / (Number(process.hrtime.bigint() - start) / 1e9))
    }
    const start = process.hrtime.bigint()
    for (const product of products) for (const mapping of mappings) await mapping.map(product)
    both.push(products.length / (Number(process.hrtime.bigint() - start) / 1e9))
    const shuffledStart = process.hrtime.bigint()
    for (const product of shuffled) for (const mapping of mappings) await mapping.map(product)
    bothShuffled.push(products.length / (Number(process.hrtime.bigint() - shuffledStart) / 1e9))
  }
  const result = {
    benchmark: 'mapping-engine',
    machine: machine(),
    products: products.length,
    rounds: ROUNDS,
    productsPerSecond: Object.fromEntries(Object.entries(perManifest).map(([id, rates]) => [id, median(rates)])),
    productsPerSecondBothManifests: median(both),
    productsPerSecondBothManifestsShuffled: median(bothShuffled),
  }
  await writeResult(result)
  console.log(`mapping engine: ${products.length} products × ${ROUNDS} rounds`)
  for (const [id, rate] of Object.entries(result.productsPerSecond)) console.log(`  ${id}: ${rate} products/s`)
  console.log(`  both manifests per product: ${result.productsPerSecondBothManifests} products/s`)
  console.log(`  both manifests per product, shuffled order: ${result.productsPerSecondBothManifestsShuffled} products/s`)
}

/** The same order every run (a linear congruential generator), so runs compare. */
function seededShuffle<T>(items: readonly T[]): T[] {
  const out = [...items]
  let seed = 42
  for (let index = out.length - 1; index > 0; index--) {
    seed = (seed * 1103515245 + 12345) % 2147483648
    const other = Math.floor((seed / 2147483648) * (index + 1))
    ;[out[index], out[other]] = [out[other]!, out[index]!]
  }
  return out
}
