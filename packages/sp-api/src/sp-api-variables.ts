import { z } from 'zod'
import { endpointVariables } from '@listing-sync/config'

/**
 * Where and as whom a service calls the Selling Partner API: the endpoints, the LWA application
 * and seller credentials, and the Amazon marketplace. The names and demo defaults (the Amazon
 * simulator's) are the dispatcher's, so one set of variables configures every service that calls
 * Amazon.
 */
export const spApiVariables = {
  AMAZON_SP_API_ENDPOINT: endpointVariables.AMAZON_SP_API_ENDPOINT,
  AMAZON_LWA_ENDPOINT: endpointVariables.AMAZON_LWA_ENDPOINT,
  AMAZON_LWA_CLIENT_ID: z.string().min(1).default('amzn1.application-oa2-client.listing-sync-demo').describe('LWA client id of the SP-API application'),
  AMAZON_LWA_CLIENT_SECRET: z.string().min(1).default('listing-sync-demo-secret').describe('LWA client secret (a secret: set it from a Secret in production)'),
  AMAZON_LWA_REFRESH_TOKEN: z.string().min(1).default('Atzr|listing-sync-demo-refresh-token').describe("The seller's LWA refresh token (a secret)"),
  AMAZON_MARKETPLACE_ID: z.string().min(1).default('ATVPDKIKX0DER').describe('Amazon marketplace listings go to (ATVPDKIKX0DER: amazon.com)'),
} as const
