// imports.mjs — the admin's imports page in real headless Chromium (playwright-core, Debian's
// chromium), at phone width (390 px) and desktop (1280 px): a zipped HSDS package chosen in the
// file field and imported (the summary: what was added and refused, what was read and how long
// it took), a package with a refused row (refused whole, the row listed by archive/entry, line
// and field), a hostile archive (the file field marked and its message tied to it). Every page:
// axe-core finds no serious or critical violation, nothing scrolls sideways, the browser reports
// no error. Screenshots go to SHOTS_DIR. Prints TAP; run by tests/cli/test-browser-imports.sh,
// which owns the database, the account (BELONG_E2E_USER, BELONG_E2E_PASSWORD) and the zips.
//
// usage: node imports.mjs BELONG_BINARY DATABASE SHOTS_DIR ZIPS_DIR
import { mkdirSync } from 'node:fs';
import { tap, everyPage, watchProblems, inBrowser, logIn, submit } from './lib.mjs';

const [belong, db, shots, zips] = process.argv.slice(2);
if (!belong || !db || !shots || !zips) {
  console.error('usage: node imports.mjs BELONG_BINARY DATABASE SHOTS_DIR ZIPS_DIR');
  process.exit(64);
}
const user = process.env.BELONG_E2E_USER;
const password = process.env.BELONG_E2E_PASSWORD;
mkdirSync(shots, { recursive: true });
const { report } = tap;

async function upload(page, base, file, lenient) {
  await page.goto(base + '/admin/imports');
  await page.setInputFiles('#file', `${zips}/${file}`);
  if (lenient) await page.check('input[name=lenient]');
  return submit(page);
}

async function run(browser, base, label, width) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  const watch = watchProblems(page);
  const check = (what) => everyPage(page, shots, `imports-${label}`, what);

  report(await logIn(page, base, user, password), `${label}: the admin logs in`, page.url());

  let resp = await page.goto(base + '/admin/imports');
  report(resp.status() === 200, `${label}: the imports page answers 200`);
  await check('form');

  resp = await upload(page, base, 'hampden-export.zip', false);
  const notice = resp.status() === 200 ? await page.locator('[role=status]').innerText() : '';
  report(/Imported hsds:hampden-county-211: 2 activities/.test(notice),
    `${label}: a zipped package is imported, the summary says into which source`, notice);
  report(/Read 2 valid listings from hampden-export\.zip in [0-9.]+ s/.test(await page.locator('main').innerText()),
    `${label}: ... how many listings were read and how long it took`);
  await check('imported');

  watch.expect(400);
  resp = await upload(page, base, 'bad-holiday.zip', false);
  report(resp.status() === 400, `${label}: a package with a refused row answers 400`, resp.status());
  const rows = await page.locator('ol.problems li').allInnerTexts();
  report(rows.some((r) => r.startsWith('bad-holiday.zip/pkg/holiday_schedules.csv:2: start_date:')),
    `${label}: ... the refused row listed by archive/entry, line and field`, rows.join('\n'));
  await check('refused rows');

  resp = await upload(page, base, 'slip.zip', false);
  report(resp.status() === 400 && await page.getAttribute('#file', 'aria-invalid') === 'true' &&
    /has '\.\.' in its path/.test(await page.locator('#file-error').innerText()),
  `${label}: a hostile archive marks the file field, its message tied to it`);
  await check('hostile archive');
  watch.expect(0);

  report(watch.problems.length === 0, `${label}: the browser reports no error (script, CSP, load)`,
    watch.problems.join('\n'));
  await context.close();
}

await inBrowser(belong, db, async (browser, base) => {
  await run(browser, base, 'phone', 390);
  await run(browser, base, 'desktop', 1280);
});
tap.end();
