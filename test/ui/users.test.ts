import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import {
  apiClientFor,
  assertAccessible,
  DEMO_PASSWORD,
  launchBrowser,
  startUiServer,
  type TestBrowser,
  tearDownAfterSuite,
  type UiServer,
} from './browser-harness.ts';

/** Focuses a control and presses a key on it: the action works without a mouse. */
async function press(page: Page, control: ReturnType<Page['getByRole']>, key = 'Enter') {
  await control.focus();
  await page.keyboard.press(key);
}

/**
 * The admin's users and teams screen in the real app on the real server with the demo users,
 * driven by keyboard; each test starts from a fresh browser profile and logs in itself.
 */
describe('web app: the admin’s users and teams', function () {
  this.timeout(90_000);
  let server: UiServer;
  let browser: TestBrowser;
  let page: Page;

  before(async function () {
    this.timeout(180_000);
    server = await startUiServer();
  });
  beforeEach(async () => {
    await browser?.close();
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  tearDownAfterSuite(() => ({ page, browser, server }));

  async function logInAsAdmin() {
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Workflows' }).waitFor();
    assert.equal(await page.getByText('You do not have permission').count(), 0);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await press(page, nav.getByRole('link', { name: 'Users and teams' }));
    await page.getByRole('heading', { level: 1, name: 'Users and teams' }).waitFor();
  }

  it('adds a user by keyboard, shows the one-time password once, and it logs them in', async () => {
    await logInAsAdmin();
    await page.getByRole('row', { name: /Alex Admin/ }).waitFor();
    assert.equal(await page.getByRole('row').count(), 5, 'a header and the four demo users');
    await assertAccessible(page, 'users and teams');

    await page.getByLabel('Full name').focus();
    await page.keyboard.type('Robin Reed');
    await page.getByLabel('Username').focus();
    await page.keyboard.type('robin');
    // Practitioner is ticked already; untick it and tick Manager with the space bar.
    await press(page, page.getByRole('checkbox', { name: 'Practitioner' }).last(), 'Space');
    await press(page, page.getByRole('checkbox', { name: 'Manager' }).last(), 'Space');
    await page.getByRole('textbox', { name: 'Teams', exact: true }).last().focus();
    await page.keyboard.type('north, south');
    await page.keyboard.press('Enter');

    const heading = page.getByRole('heading', { name: 'One-time password for Robin Reed' });
    await heading.waitFor();
    assert.equal(await page.evaluate('document.activeElement?.id'), 'made-heading');
    const password = (await page.getByTestId('one-time-password').textContent())?.trim() ?? '';
    assert.match(password, /^[A-Za-z0-9_-]{24}$/);
    await assertAccessible(page, 'users and teams, a password shown');
    const row = page.getByRole('row', { name: /Robin Reed/ });
    assert.match((await row.textContent()) ?? '', /Manager.*north, south.*Active/);

    const login = await server.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username: 'robin', password },
    });
    assert.equal(login.statusCode, 200, login.body);

    await press(page, page.getByRole('button', { name: 'I have passed it on' }));
    await page.getByRole('status').filter({ hasText: 'Robin Reed can now log in' }).waitFor();
    assert.equal(await page.getByTestId('one-time-password').count(), 0);
    assert.equal(await page.getByText(password).count(), 0);
    await page.reload();
    await page.getByRole('row', { name: /Robin Reed/ }).waitFor();
    assert.equal(await page.getByText(password).count(), 0, 'never shown again');
  });

  it('changes roles and teams, deactivates, and refuses to deactivate the last admin', async () => {
    const admin = await apiClientFor(server, 'admin');
    await admin('POST', '/api/users', {
      username: 'jordan',
      displayName: 'Jordan Lake',
      roles: ['practitioner'],
      teams: ['north'],
    });
    await logInAsAdmin();
    await press(page, page.getByRole('button', { name: 'Change roles and teams of Jordan Lake' }));
    await page.getByRole('heading', { name: 'Roles and teams of Jordan Lake' }).waitFor();
    await press(page, page.getByRole('checkbox', { name: 'Manager' }).first(), 'Space');
    const teams = page.getByRole('textbox', { name: 'Teams', exact: true }).first();
    await teams.focus();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('north, east');
    await assertAccessible(page, 'users and teams, a user being changed');
    await press(page, page.getByRole('button', { name: 'Save roles and teams' }));
    await page
      .getByRole('status')
      .filter({ hasText: 'Jordan Lake: roles and teams saved' })
      .waitFor();
    const row = page.getByRole('row', { name: /Jordan Lake/ });
    assert.match((await row.textContent()) ?? '', /Practitioner, Manager.*north, east.*Active/);

    await press(page, page.getByRole('button', { name: 'Deactivate user Jordan Lake' }));
    await page.getByRole('button', { name: 'Reactivate user Jordan Lake' }).waitFor();
    assert.match((await row.textContent()) ?? '', /Deactivated/);
    const refused = await server.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username: 'jordan', password: 'whatever it was' },
    });
    assert.equal(refused.statusCode, 401);

    // The demo admin is the only admin: the server refuses, and the page says why.
    await press(page, page.getByRole('button', { name: 'Deactivate user Alex Admin' }));
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match((await alert.textContent()) ?? '', /last active admin/);
    assert.match(
      (await page.getByRole('row', { name: /Alex Admin/ }).textContent()) ?? '',
      /Active/,
    );
    await assertAccessible(page, 'users and teams, the last admin refused');
  });
});
