import { describe, expect, inject, it } from 'vitest'
import { topicCatalog } from '@listing-sync/kafka'
import { LocalStack } from '@listing-sync/stack'

// The native stack is what this machine runs; with an external or containerised stack there is no
// local stack to inspect.
describe.runIf(inject('stackMode') === 'native')('local stack', () => {
  it('reuses the healthy running stack on a second up, changing nothing', async () => {
    const stack = new LocalStack()
    const before = await stack.status()
    const result = await stack.up(['amazon', 'b2b'])
    expect(result.started).toEqual([])
    expect(result.reused).toEqual(['kafka', 'registry'])
    expect(result.provisioned.created).toEqual([])
    const avroTopics = topicCatalog(['amazon', 'b2b']).filter((spec) => spec.valueSchema !== undefined)
    expect([...result.provisioned.schemaIds.keys()].sort()).toEqual(avroTopics.map((spec) => spec.name).sort())
    const after = await stack.status()
    expect(after.map((s) => [s.name, s.state, s.pid])).toEqual(before.map((s) => [s.name, 'healthy', s.pid]))
  })

  it('reports each component with its endpoint', async () => {
    const statuses = await new LocalStack().status()
    expect(statuses.map((s) => [s.name, s.endpoint])).toEqual([
      ['kafka', 'localhost:9092'],
      ['registry', 'http://localhost:8081/apis/ccompat/v7'],
    ])
  })
})
