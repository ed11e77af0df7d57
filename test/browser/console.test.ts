import { mkdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { AMAZON_LIMITS_LIFTED, startListingSync, type StartedListingSync } from '../support/listing-sync-start.js'

const CONSOLE = 'http://localhost:8085'
const TOKEN = 'browser-test-console-token-0123456789'
const SKU = '24-MB01'
/** A price no earlier run sent (an unchanged listing is not published again, so nothing would fail), in odd cents. */
const PRICE = Math.round(4000 + (Date.now() % 450) * 2 + 1) / 100
const SCREENSHOTS = fileURLToPath(new URL('../../test-results/console/', import.meta.url))
/** Debian's chromium; CHROMIUM_PATH names another build. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const amazonPrice = async (): Promise<number | undefined> => {
  const state = (await (await fetch(`http://localhost:9002/_sim/state?sku=${SKU}`)).json()) as { listings?: { attributes: { purchasable_offer?: { our_price: { schedule: { value_with_tax: number }[] }[] }[] } }[] }
  return state.listings?.[0]?.attributes.purchasable_offer?.[0]?.our_price[0]?.schedule[0]?.value_with_tax
}

/**
 * The operations console in a real browser against `npm start`: a 503 window on the Amazon
 * simulator shows as failing, the change it broke lands in the inbox, its trace says why, and the
 * replay from the console brings the SKU back in sync. Each page's screenshot is kept in
 * test-results/console/.
 */
describe.runIf(inject('stackMode') === 'native')('operations console in the browser', () => {
  let started: StartedListingSync
  let browser: Browser
  let page: Page
  const shot = (name: string) => page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true })

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true })
    // Two attempts a few hundred ms apart: an update that meets the 503 window is dead-lettered at once.
    started = await startListingSync({ ...AMAZON_LIMITS_LIFTED, CONSOLE_TOKEN: TOKEN, RETRY_MAX_ATTEMPTS: '2', RETRY_BASE_MS: '200' })
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] })
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } })
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    expect(await started?.stop()).toBe(0)
  }, 60_000)

  it('asks for the token, then shows every marketplace in sync', async () => {
    await page.goto(CONSOLE)
    expect(new URL(page.url()).pathname).toBe('/login')
    await page.fill('input[name=token]', 'not-the-token')
    await page.click('button[type=submit]')
    await expect.poll(() => page.textContent('[role=alert]')).toContain('not the console token')
    await shot('01-sign-in-refused')
    await page.fill('input[name=token]', TOKEN)
    await page.click('button[type=submit]')
    await page.waitForSelector('.card[data-marketplace=amazon]')
    // The backlog earlier tests left on the listing topics is delivered first.
    await page.waitForSelector('.card[data-marketplace=amazon][data-status="in sync"]', { timeout: 120_000 })
    await shot('02-overview-in-sync')
  }, 180_000)

  it('shows a 503 window on Amazon as failing within seconds, and the change it broke in the inbox', async () => {
    const fault = await fetch('http://localhost:9002/_sim/faults', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'status', status: 503, durationMs: 15_000 }) })
    expect(fault.status).toBe(201)
    const saved = await fetch(`http://localhost:9001/_sim/products/${SKU}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ price: PRICE }) })
    expect(saved.status).toBe(200)

    await page.waitForSelector('.card[data-marketplace=amazon][data-status=failing]', { timeout: 30_000 })
    await page.waitForSelector(`#recent tbody tr:has-text("${SKU}")`, { timeout: 30_000 })
    expect(await page.textContent('#recent tbody')).toContain('dead letter')
    await shot('03-overview-failing')
  }, 60_000)

  it('traces the SKU from the webhook to the dead letter, with the reason', async () => {
    // The recent failures table is redrawn every 2 s; the locator finds the link again if it was.
    await Promise.all([page.waitForURL(`**/skus/${SKU}`), page.locator('#recent tbody a', { hasText: SKU }).first().click()])
    await page.waitForSelector('.trace tbody tr[data-stage=dead-lettered]')
    const steps = await Promise.all((await page.locator('.trace tbody tr').all()).map((row) => row.getAttribute('data-stage')))
    // The change as it went: received, published, mapped for Amazon, given up on.
    const last = steps.lastIndexOf('dead-lettered')
    expect(steps.slice(0, last)).toEqual(expect.arrayContaining(['received', 'published', 'listed']))
    expect(await page.locator('.trace tbody tr[data-stage=dead-lettered]').last().textContent()).toMatch(/503|Service Unavailable|unavailable/i)
    await shot('04-trace-dead-lettered')
  }, 30_000)

  it('replays the dead letter from the inbox once Amazon is back, and the SKU is in sync again', async () => {
    // The 503 window closes 15 s after it opened; a replay before that would fail again.
    await expect.poll(async () => (await fetch('http://localhost:9002/_sim/faults')).json(), { timeout: 30_000, interval: 1000 }).toEqual([])
    await page.goto(`${CONSOLE}/inbox?marketplace=amazon&kind=dlt`)
    const row = page.locator(`tr[data-sku="${SKU}"]`)
    await row.locator('input[type=checkbox]').check()
    await shot('05-inbox-selected')
    await page.click('button[value=replay]')
    await expect.poll(() => page.textContent('.notice')).toContain('1 dead letter(s) sent back for delivery')
    await shot('06-inbox-replayed')

    await expect.poll(amazonPrice, { timeout: 60_000, interval: 500 }).toBe(PRICE)
    await page.goto(`${CONSOLE}/skus/${SKU}`)
    await expect.poll(async () => {
      await page.reload()
      return page.getAttribute('.card[data-marketplace=amazon]', 'data-last-stage')
    }, { timeout: 30_000, interval: 1000 }).toBe('accepted')
    await page.click('.card[data-marketplace=amazon] details.sent summary')
    await expect.poll(() => page.textContent('.card[data-marketplace=amazon] details.sent pre')).toContain(String(PRICE))
    await shot('07-trace-accepted')

    await page.goto(CONSOLE)
    await page.waitForSelector('.card[data-marketplace=amazon][data-status="in sync"]', { timeout: 60_000 })
    // Its dead letter is resolved: gone from the newest failures and from the inbox.
    expect(await page.textContent('#recent tbody')).not.toContain(SKU)
    await page.goto(`${CONSOLE}/inbox?marketplace=amazon&kind=dlt&q=${SKU}`)
    expect(await page.locator(`tr[data-sku="${SKU}"]`).count()).toBe(0)
    await shot('08-overview-in-sync-again')
  }, 150_000)
})
