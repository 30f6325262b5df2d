import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import {
  assertAccessible,
  DEMO_PASSWORD,
  launchBrowser,
  logInAs,
  saveScreenshot,
  startUiServer,
  type TestBrowser,
  type UiServer,
} from './browser-harness.ts';

describe('web app: logging in and out', function () {
  this.timeout(60_000);
  let server: UiServer;
  let browser: TestBrowser;
  let page: Page;

  before(async function () {
    this.timeout(180_000);
    server = await startUiServer({ loginAttemptsPerWindow: 3 });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  beforeEach(async () => {
    page = await browser.newPage();
  });
  afterEach(async () => {
    await page.close();
  });

  async function submitLogin(username: string, password: string) {
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
  }

  it('sends a visitor to the login page, which has no serious accessibility problems', async () => {
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
    assert.equal(await page.title(), 'Log in – Lowform');
    await assertAccessible(page, 'login');
    await saveScreenshot(page, 'login');
  });

  it('says plainly that the username or password is not right', async () => {
    await page.goto(`${server.url}/login`);
    await submitLogin('practitioner', 'not the password');
    const alert = page.getByTestId('login-error');
    await alert.getByText('The username or password is not right').waitFor();
    assert.equal(await alert.getAttribute('role'), 'alert');
    assert.equal(await page.getByLabel('Password').inputValue(), '');
    await assertAccessible(page, 'login with an error');
    await saveScreenshot(page, 'login-wrong-password');
  });

  it('says to wait after too many failed attempts', async () => {
    await page.goto(`${server.url}/login`);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await submitLogin('manager', 'wrong again');
      await page.getByText('The username or password is not right').waitFor();
    }
    await submitLogin('manager', DEMO_PASSWORD);
    await page.getByText('Too many failed attempts to log in').waitFor();
    await saveScreenshot(page, 'login-rate-limited');
  });

  it('logs a practitioner in to their caseload and out again', async () => {
    await logInAs(page, server.url, 'practitioner');
    await page.getByText('Pat Practitioner').waitFor();
    await page.getByTestId('result-count').filter({ hasNotText: 'Loading' }).waitFor();
    await assertAccessible(page, 'caseload');
    await saveScreenshot(page, 'caseload-empty');
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByText('You have logged out.').waitFor();
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
  });

  it('returns to the page asked for after logging in', async () => {
    await page.goto(`${server.url}/cases/new`);
    await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
    await submitLogin('practitioner', DEMO_PASSWORD);
    await page.waitForURL(`${server.url}/cases/new`);
  });
});
