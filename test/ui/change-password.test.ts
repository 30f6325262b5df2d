import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import {
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

/** Types into the field with this label, by keyboard. */
async function typeInto(page: Page, label: string, text: string) {
  const field = page.getByLabel(label, { exact: true });
  await field.focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(text);
}

async function logIn(page: Page, url: string, username: string, password: string) {
  await page.goto(`${url}/login`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

const focusedTag = (page: Page) => page.evaluate('document.activeElement?.tagName');

/**
 * Choosing a new password in the real app on the real server: after a one-time password, and
 * from the header for anyone. Each test starts from a fresh browser profile and logs in itself.
 */
describe('web app: choosing a new password', function () {
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

  it('asks a user added by an admin for a new password after the one-time one, then lands them on their page', async () => {
    // The admin adds Robin on the users screen and reads the password shown once.
    await logIn(page, server.url, 'admin', DEMO_PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Workflows' }).waitFor();
    await page.goto(`${server.url}/admin/users`);
    await page.getByRole('heading', { level: 1, name: 'Users and teams' }).waitFor();
    await page.getByLabel('Full name').fill('Robin Reed');
    await page.getByLabel('Username').fill('robin');
    await page.getByRole('textbox', { name: 'Teams', exact: true }).last().fill('north');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'One-time password for Robin Reed' }).waitFor();
    const oneTime = (await page.getByTestId('one-time-password').textContent())?.trim() ?? '';
    assert.match(oneTime, /^[A-Za-z0-9_-]{24}$/);
    const robinRow = page.getByRole('row', { name: /Robin Reed/ });
    assert.match(
      (await robinRow.textContent()) ?? '',
      /Active\s*\(has not chosen a password yet\)/,
    );

    // Robin, on a computer of their own.
    await browser.close();
    browser = await launchBrowser();
    page = await browser.newPage();
    await logIn(page, server.url, 'robin', oneTime);
    const heading = page.getByRole('heading', { level: 1, name: 'Choose a new password' });
    await heading.waitFor();
    assert.equal(await page.title(), 'Change your password – Lowform');
    assert.equal(await page.getByRole('navigation', { name: 'Main' }).count(), 0);
    await assertAccessible(page, 'choose a new password');
    // Every other page waits for the new password.
    await page.goto(`${server.url}/cases/new`);
    await heading.waitFor();
    assert.ok(decodeURIComponent(page.url()).endsWith('/password?next=/cases/new'), page.url());
    await page.goto(`${server.url}/`);
    await heading.waitFor();
    assert.ok(page.url().endsWith('/password'), page.url());

    // The two new passwords differ: said in the summary (focused) and next to the field.
    await typeInto(page, 'The password you logged in with', oneTime);
    await typeInto(page, 'New password', 'robin chose this one');
    await typeInto(page, 'New password again', 'robin chose this 1');
    await page.keyboard.press('Enter');
    const summary = page.getByTestId('password-errors');
    await summary.waitFor();
    assert.match((await summary.textContent()) ?? '', /The two new passwords are not the same/);
    assert.equal(await page.evaluate('document.activeElement?.dataset?.testid'), 'password-errors');
    const again = page.getByLabel('New password again', { exact: true });
    assert.equal(await again.getAttribute('aria-invalid'), 'true');
    const describedBy = (await again.getAttribute('aria-describedby')) ?? '';
    assert.match(
      (await page.locator(`#${describedBy}`).textContent()) ?? '',
      /Error: The two new passwords are not the same/,
    );
    await assertAccessible(page, 'choose a new password, with an error');

    // A rule only the server knows (length), said next to the new password.
    await typeInto(page, 'New password', 'short');
    await typeInto(page, 'New password again', 'short');
    await page.keyboard.press('Enter');
    await page
      .locator('#password-next-error')
      .filter({ hasText: 'at least 12 characters' })
      .waitFor();

    await typeInto(page, 'New password', 'robin chose this one');
    await typeInto(page, 'New password again', 'robin chose this one');
    await press(page, page.getByRole('button', { name: 'Save the new password' }));
    // On to a practitioner's landing page, with the whole app open to them.
    await page.getByRole('heading', { level: 1, name: 'Caseload' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    await press(page, nav.getByRole('link', { name: 'New case' }));
    await page.getByRole('heading', { level: 1, name: 'New case' }).waitFor();
    assert.equal(await page.getByText('You do not have permission').count(), 0);

    const old = await server.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username: 'robin', password: oneTime },
    });
    assert.equal(old.statusCode, 401, 'the one-time password no longer works');
    const chosen = await server.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username: 'robin', password: 'robin chose this one' },
    });
    assert.equal(chosen.statusCode, 200, chosen.body);
    assert.equal(chosen.json().mustChangePassword, false);
  });

  it('lets a signed-in user change their password from the header, refusing a wrong current one', async () => {
    await logIn(page, server.url, 'practitioner', DEMO_PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Caseload' }).waitFor();
    await press(page, page.getByRole('link', { name: 'Change password' }));
    await page.getByRole('heading', { level: 1, name: 'Change your password' }).waitFor();
    assert.equal(await focusedTag(page), 'H1');
    await assertAccessible(page, 'change your password');

    await typeInto(page, 'Current password', 'not my password at all');
    await typeInto(page, 'New password', 'a password of my own');
    await typeInto(page, 'New password again', 'a password of my own');
    await page.keyboard.press('Enter');
    await page
      .locator('#password-current-error')
      .filter({ hasText: 'The current password is not right.' })
      .waitFor();
    const current = page.getByLabel('Current password', { exact: true });
    assert.equal(await current.getAttribute('aria-invalid'), 'true');
    assert.equal(await current.inputValue(), '', 'the wrong password is cleared');
    await assertAccessible(page, 'change your password, the current one wrong');

    await typeInto(page, 'Current password', DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Caseload' }).waitFor();
    // Still logged in on the new session: the caseload loads, nothing says the session ended.
    assert.equal(await page.getByRole('link', { name: 'Change password' }).count(), 1);
    const old = await server.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username: 'practitioner', password: DEMO_PASSWORD },
    });
    assert.equal(old.statusCode, 401, 'the old password no longer works');
  });
});
