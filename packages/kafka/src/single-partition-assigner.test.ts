import { AssignerProtocol, type Cluster, type Logger } from 'kafkajs'
import { describe, expect, it } from 'vitest'
import { singlePartitionAssigner } from './single-partition-assigner.js'

const assigner = singlePartitionAssigner('catalog.product.v1', 7)({ cluster: {} as Cluster, groupId: 'g', logger: {} as Logger })
const members = [{ memberId: 'a', memberMetadata: Buffer.alloc(0) }, { memberId: 'b', memberMetadata: Buffer.alloc(0) }]

describe('singlePartitionAssigner', () => {
  it('gives the first member only the one partition, and the others nothing', async () => {
    const assignments = await assigner.assign({ members, topics: ['catalog.product.v1'] })
    const decoded = assignments.map(({ memberId, memberAssignment }) => ({ memberId, assignment: AssignerProtocol.MemberAssignment.decode(memberAssignment)?.assignment }))
    expect(decoded).toEqual([
      { memberId: 'a', assignment: { 'catalog.product.v1': [7] } },
      { memberId: 'b', assignment: {} },
    ])
  })

  it('announces the subscribed topics under its own protocol name', () => {
    const state = assigner.protocol({ topics: ['catalog.product.v1'] })
    expect(state.name).toBe('ListingSyncSinglePartition')
    expect(AssignerProtocol.MemberMetadata.decode(state.metadata)?.topics).toEqual(['catalog.product.v1'])
  })
})
