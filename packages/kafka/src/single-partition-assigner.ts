import { AssignerProtocol, type PartitionAssigner } from 'kafkajs'

const NAME = 'ListingSyncSinglePartition'
const NO_USER_DATA = Buffer.alloc(0)

/**
 * A group assignment that gives the group's first member one partition of one topic and nothing
 * else, so a consumer fetches only that partition: kafkajs has no manual assignment, and a reader
 * that looks for one key needs only the key's partition.
 */
export function singlePartitionAssigner(topic: string, partition: number): PartitionAssigner {
  return () => ({
    name: NAME,
    version: 0,
    assign: ({ members }) =>
      Promise.resolve(
        members.map(({ memberId }, index) => ({
          memberId,
          memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: 0, assignment: index === 0 ? { [topic]: [partition] } : {}, userData: NO_USER_DATA }),
        })),
      ),
    protocol: ({ topics }) => ({ name: NAME, metadata: AssignerProtocol.MemberMetadata.encode({ version: 0, topics, userData: NO_USER_DATA }) }),
  })
}
