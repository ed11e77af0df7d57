import { describe, expect, it } from 'vitest'
import { loadConfig } from '@listing-sync/config'
import { DEMO_CREDENTIALS, US_MARKETPLACE_ID } from '@listing-sync/simulator-amazon'
import { spApiVariables } from './sp-api-variables.js'

describe('spApiVariables', () => {
  it("defaults to the Amazon simulator's endpoints, demo credentials and marketplace, so the demo needs no configuration", () => {
    expect(loadConfig(spApiVariables, {})).toEqual({
      AMAZON_SP_API_ENDPOINT: 'http://localhost:9002',
      AMAZON_LWA_ENDPOINT: 'http://localhost:9002/auth/o2/token',
      AMAZON_LWA_CLIENT_ID: DEMO_CREDENTIALS.clientId,
      AMAZON_LWA_CLIENT_SECRET: DEMO_CREDENTIALS.clientSecret,
      AMAZON_LWA_REFRESH_TOKEN: DEMO_CREDENTIALS.refreshToken,
      AMAZON_MARKETPLACE_ID: US_MARKETPLACE_ID,
    })
  })
})
