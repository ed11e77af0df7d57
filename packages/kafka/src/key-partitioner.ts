import { Partitioners, type PartitionMetadata } from 'kafkajs'

/**
 * The partitioner of every producer in the project: murmur2 of the key bytes, made positive, modulo
 * the partition count, exactly as Java's producer does, so Java consumers of other teams agree on
 * which partition holds a SKU (kafkajs renamed its JavaCompatiblePartitioner to this).
 */
export const keyPartitioner = Partitioners.DefaultPartitioner

/**
 * The partition a keyed record goes to on a topic with `partitions` partitions: where to look for
 * a SKU without reading the whole topic.
 */
export function partitionForKey(key: string | Buffer, partitions: number): number {
  if (!Number.isInteger(partitions) || partitions < 1) throw new RangeError(`partition count must be a positive integer, got ${partitions}`)
  // With a key the partitioner looks only at the number of partitions, not at their leaders.
  const partitionMetadata: PartitionMetadata[] = Array.from({ length: partitions }, (_, partitionId) => ({
    partitionErrorCode: 0,
    partitionId,
    leader: 0,
    replicas: [0],
    isr: [0],
  }))
  return keyPartitioner()({ topic: '', partitionMetadata, message: { key, value: null } })
}
