// Swagger UI's "Authorize" flow against the OAuth2 + JWT tutorial app, in headless
// Chromium with no network: log in through the password form, then call a protected
// operation with the token Swagger UI obtained. Exits non-zero on any failure.
const { chromium } = require('playwright-core');

const base = `http://127.0.0.1:${process.env.PORT}`;
const op = '#operations-default-read_users_me_users_me__get';

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`${base}/docs`);
    await page.waitForSelector('.btn.authorize', { timeout: 15000 });
    await page.click('.btn.authorize');
    await page.fill('input#oauth_username', 'johndoe');
    await page.fill('input#oauth_password', 'secret');
    await page.click('.auth-btn-wrapper .btn.modal-btn.auth.authorize');
    await page.waitForSelector('.auth-btn-wrapper .btn.modal-btn.auth:has-text("Logout")', { timeout: 10000 });
    await page.click('.btn-done');
    await page.click(`${op} .opblock-summary`);
    await page.click(`${op} .try-out__btn`);
    await page.click(`${op} .execute`);
    await page.waitForSelector(`${op} .live-responses-table`, { timeout: 10000 });
    const body = JSON.parse(await page.textContent(`${op} .live-responses-table .response-col_description pre`));
    if (body.username !== 'johndoe') throw new Error(`unexpected response ${JSON.stringify(body)}`);
    console.log('Swagger UI Authorize flow: 1 passed, 0 failed');
  } finally {
    await browser.close();
  }
})().catch((e) => {
  console.error('Swagger UI Authorize flow FAILED:', e.message);
  process.exit(1);
});
