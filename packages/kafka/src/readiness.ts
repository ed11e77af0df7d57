import type { Admin } from 'kafkajs'

/** Readiness check: the cluster answers metadata requests. */
export function kafkaReadiness(admin: Admin): () => Promise<void> {
  return async () => {
    const cluster = await admin.describeCluster()
    if (cluster.brokers.length === 0) throw new Error('the cluster reports no brokers')
  }
}
