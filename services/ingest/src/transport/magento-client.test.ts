import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isAppError, LS_ERR_INGEST_MAGENTO_UNREACHABLE, type AppError } from '@listing-sync/errors'
import { createLogger } from '@listing-sync/observability'
import { MagentoClient } from './magento-client.js'

const log = createLogger({ service: 'magento-client-test', level: 'silent' })

// A server that accepts connections and never answers: Magento hanging under load.
let silent: Server
beforeAll(async () => {
  silent = createServer(() => undefined)
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
})
afterAll(async () => {
  silent.closeAllConnections()
  await new Promise((resolve) => silent.close(resolve))
})

async function failure(call: Promise<unknown>): Promise<AppError> {
  const error: unknown = await call.then(() => undefined, (rejected: unknown) => rejected)
  if (!isAppError(error)) throw new Error(`expected an AppError, got ${String(error)}`)
  return error
}

describe('MagentoClient when Magento does not answer', () => {
  // Callers retry retryable errors and take any other for bad data: a transport failure taken for
  // bad data would drop the change it was fetching for.
  it('rejects a refused connection with a retryable error naming the call', async () => {
    // Port 9 (discard) has no listener here: the connection is refused at once.
    const client = new MagentoClient({ baseUrl: 'http://127.0.0.1:9', token: 't', storeCode: 'default', log })
    const error = await failure(client.attributeOptions('color'))
    expect(isAppError(error, LS_ERR_INGEST_MAGENTO_UNREACHABLE)).toBe(true)
    expect(error.retry).toBe('retryable')
    expect(error.message).toContain('Magento GET /products/attributes/color/options did not answer')
  })

  it('rejects a call that times out the same way', async () => {
    const client = new MagentoClient({ baseUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, token: 't', storeCode: 'default', log, timeoutMs: 200 })
    const error = await failure(client.searchProducts({ pageSize: 10, currentPage: 1, typeId: 'configurable' }))
    expect(isAppError(error, LS_ERR_INGEST_MAGENTO_UNREACHABLE)).toBe(true)
    expect(error.retry).toBe('retryable')
    expect(error.message).toContain('GET /products did not answer')
  })
})
