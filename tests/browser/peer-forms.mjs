// peer-forms.mjs — a CPS's day on belong's web face in real headless Chromium (playwright-core,
// Debian's chromium), at phone width (390 px) and desktop (1280 px): log in, add a peer (a field
// refused first, what was typed kept), get suggestions, plan one, log a visit, take UCLA-3, see
// the chart, open the printable "my connection plan" (print media emulated, saved as PDF), log
// out. Every page: axe-core finds no serious or critical violation, nothing scrolls sideways,
// the browser reports no error (a Content-Security-Policy refusal included). Screenshots and
// the PDF go to SHOTS_DIR. Prints TAP; run by tests/cli/test-browser-forms.sh, which owns the
// database and the account (BELONG_E2E_USER, BELONG_E2E_PASSWORD).
//
// usage: node peer-forms.mjs BELONG_BINARY DATABASE SHOTS_DIR
import { mkdirSync, statSync } from 'node:fs';
import { tap, everyPage, watchProblems, inBrowser, logIn, submit } from './lib.mjs';

const [belong, db, shots] = process.argv.slice(2);
if (!belong || !db || !shots) {
  console.error('usage: node peer-forms.mjs BELONG_BINARY DATABASE SHOTS_DIR');
  process.exit(64);
}
const user = process.env.BELONG_E2E_USER;
const password = process.env.BELONG_E2E_PASSWORD;
mkdirSync(shots, { recursive: true });
const { report } = tap;

async function run(browser, base, label, width) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  const watch = watchProblems(page);
  const check = (what) => everyPage(page, shots, `forms-${label}`, what);

  // Log in.
  report(await logIn(page, base, user, password), `${label}: the CPS logs in`, page.url());

  // Add a peer: first without a name (refused, what was typed kept), then whole.
  let resp = await page.goto(base + '/peers/new');
  report(resp.status() === 200, `${label}: the intake form answers 200`);
  await check('intake form');
  const name = `Ana <b>${label}</b>`;
  await page.fill('#home', '01610');
  await page.fill('#interests', 'gardening\nbooks');
  await page.fill('#availability', 'MO 08:00-22:00\nTU 08:00-22:00\nWE 08:00-22:00\n' +
    'TH 08:00-22:00\nFR 08:00-22:00\nSA 08:00-22:00\nSU 08:00-22:00');
  await page.fill('#max_travel_miles', '25');
  await page.selectOption('#comfort', '2');
  watch.expect(400);
  resp = await submit(page);
  report(resp.status() === 400, `${label}: an intake without a name answers 400`, resp.status());
  report(await page.getAttribute('#name', 'aria-invalid') === 'true' &&
    /required/.test(await page.locator('#name-error').innerText()),
  `${label}: the name is marked and its message tied to it`);
  report(await page.inputValue('#home') === '01610' &&
    await page.inputValue('#interests') === 'gardening\nbooks',
  `${label}: what was typed is kept`);
  await check('intake refused');
  watch.expect(0);
  await page.fill('#name', name);
  await submit(page);
  const id = (page.url().match(/\/peers\/(\d+)/) || [])[1];
  report(Boolean(id), `${label}: the peer is added`, page.url());

  // Suggestions, and one planned.
  resp = await page.goto(`${base}/peers/${id}/suggestions`);
  report(resp.status() === 200, `${label}: the suggestions answer 200`);
  report(await page.locator('h1').innerText() === `Suggestions for ${name}`,
    `${label}: the name is shown as text, never as markup`);
  await check('suggestions');
  const add = page.locator('a.button', { hasText: 'to the plan' }).first();
  report(await add.count() === 1, `${label}: a suggestion offers "add to the plan"`);
  await Promise.all([page.waitForNavigation(), add.click()]);
  await check('plan form');
  await page.locator('input[name=date]').first().check();
  await page.locator('input[name=support][value=along]').check();
  await page.fill('#note', 'meet at the bus stop');
  await submit(page);
  report(page.url().endsWith(`/peers/${id}/plans`), `${label}: the plan is added`, page.url());
  report(await page.locator('ol.records li').count() >= 1, `${label}: the plans page lists it`);
  await check('plans');
  // A second step, for the printable plan (the visit below closes the first).
  await page.goto(`${base}/peers/${id}/suggestions`);
  const second = page.locator('a.button', { hasText: 'to the plan' }).nth(1);
  await Promise.all([page.waitForNavigation(), second.click()]);
  await submit(page);

  // A visit to it.
  await Promise.all([page.waitForNavigation(), page.locator('a', { hasText: 'Log a visit' }).first().click()]);
  await check('visit form');
  await page.locator('input[name=went][value=yes]').check();
  await page.fill('#date', process.env.BELONG_NOW.slice(0, 10));
  await page.locator('input[name=comfort-before][value="2"]').check();
  await page.locator('input[name=comfort-after][value="4"]').check();
  await page.fill('#conversations', '2');
  await page.fill('#felt', 'better than I thought');
  await submit(page);
  report(await page.locator('p.words', { hasText: 'better than I thought' }).count() === 1,
    `${label}: the visit is logged in the peer's words`, page.url());

  // UCLA-3, its result and the chart.
  await page.goto(`${base}/peers/${id}/measures`);
  await check('measures');
  await Promise.all([page.waitForNavigation(), page.locator('a', { hasText: 'UCLA' }).first().click()]);
  await check('UCLA-3 form');
  for (const [item, answer] of [[1, '2'], [2, '3'], [3, '2']])
    await page.locator(`input[name=item${item}][value="${answer}"]`).check();
  await submit(page);
  report(await page.locator('dd', { hasText: '7 (of 3 to 9): lonely' }).count() === 1,
    `${label}: the result shows the score and the band in words`);
  const chart = page.locator(`img[src="/peers/${id}/charts/ucla3"]`);
  report(await chart.evaluate((img) => img.complete && img.naturalWidth > 0),
    `${label}: the UCLA-3 chart is drawn`);
  await check('measure result');

  // The printable plan.
  await page.goto(`${base}/peers/${id}/records`);
  await check('records');
  await Promise.all([page.waitForNavigation(), page.locator('a', { hasText: 'connection plan' }).click()]);
  report(/\/plan$/.test(page.url()), `${label}: the printable plan opens`, page.url());
  report(await page.locator('.step').count() === 1,
    `${label}: it lists the step still planned`, await page.content());
  await page.emulateMedia({ media: 'print' });
  await check('printable plan');
  const pdf = `${shots}/forms-${label}-my-connection-plan.pdf`;
  await page.pdf({ path: pdf, format: 'Letter' });
  report(statSync(pdf).size > 1000, `${label}: the plan prints to a PDF`);
  await page.emulateMedia({ media: 'screen' });

  // Log out.
  await page.goto(`${base}/peers/${id}/plans`);
  await submit(page, 'form[action="/logout"] button');
  resp = await page.goto(`${base}/peers/${id}/plans`);
  report(page.url().includes('/login'), `${label}: after logging out the pages ask for a login`,
    page.url());

  report(watch.problems.length === 0, `${label}: the browser reports no error (script, CSP, load)`,
    watch.problems.join('\n'));
  await context.close();
}

await inBrowser(belong, db, async (browser, base) => {
  await run(browser, base, 'phone', 390);
  await run(browser, base, 'desktop', 1280);
}, { pattern: /Ana|gardening|bus stop|better than/, what: 'the access log holds no peer data' });
tap.end();
