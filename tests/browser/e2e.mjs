// e2e.mjs — belong's web face in real headless Chromium (playwright-core, Debian's chromium):
// at phone width (390 px) and desktop (1280 px), a CPS fills and submits the search form (words,
// a category, a day, a town), follows a result to its activity page, pages through results,
// and submits a bad value (the field is named, what was typed is kept). Every page: axe-core
// finds no serious or critical violation, nothing scrolls sideways, the browser reports no
// error (a Content-Security-Policy refusal included). Then, when BELONG_E2E_USER and
// BELONG_E2E_PASSWORD name a CPS of the demo caseload, they log in, see the dashboard, a peer's
// page with its charts, "why this one?", and log out. Screenshots go to SHOTS_DIR.
// Prints TAP ("ok N - what"); run by tests/cli/test-browser.sh, which owns the server's database.
//
// usage: node e2e.mjs BELONG_BINARY DATABASE SHOTS_DIR
import { mkdirSync } from 'node:fs';
import { tap, everyPage as checkPage, watchProblems, inBrowser } from './lib.mjs';

const [belong, db, shots] = process.argv.slice(2);
if (!belong || !db || !shots) {
  console.error('usage: node e2e.mjs BELONG_BINARY DATABASE SHOTS_DIR');
  process.exit(64);
}
mkdirSync(shots, { recursive: true });

const { report } = tap;
// The checks every page gets (lib.mjs), its screenshot in SHOTS_DIR.
const everyPage = (page, label, what) => checkPage(page, shots, label, what);

const countText = (page) => page.locator('p.count').innerText();

async function run(browser, base, label, width) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  const watch = watchProblems(page); // a failed load is reported by its response, with its URL

  // The search page, empty.
  let resp = await page.goto(base + '/');
  report(resp.status() === 200, `${label}: the search page answers 200`);
  await everyPage(page, label, 'search page');

  // Words, a category, a day and a town, submitted as a CPS would.
  await page.fill('#q', 'group');
  const category = await page.locator('#category option').nth(1).getAttribute('value');
  await page.selectOption('#category', category);
  const day = page.locator('input[name=days]').first();
  const dayCode = await day.getAttribute('value');
  await day.check();
  await page.fill('#town', 'Worcester');
  await Promise.all([page.waitForNavigation(), page.click('form.search button[type=submit]')]);
  const url = new URL(page.url());
  report(url.searchParams.get('q') === 'group' && url.searchParams.get('category') === category &&
    url.searchParams.getAll('days').includes(dayCode) && url.searchParams.get('town') === 'Worcester',
  `${label}: the form submits words, a category, a day and a town`, page.url());
  report(await page.inputValue('#q') === 'group' && await page.inputValue('#town') === 'Worcester' &&
    await page.inputValue('#category') === category && await day.isChecked(),
  `${label}: the results page keeps the form as filled`);
  const filtered = await countText(page);
  report(/^1–\d+ of \d+ activities, around Worcester/.test(filtered),
    `${label}: the filtered search finds some and says how many`, filtered);
  await everyPage(page, label, 'filtered results');

  // A town alone: enough results to page through.
  await page.goto(base + '/');
  await page.fill('#town', 'Worcester');
  await Promise.all([page.waitForNavigation(), page.click('form.search button[type=submit]')]);
  const first = await countText(page);
  const m = first.match(/^1–(\d+) of (more than )?(\d+) activities/);
  report(m !== null, `${label}: a town's search says "1–N of M activities"`, first);
  await everyPage(page, label, 'results');

  // A result to its activity page.
  const link = page.locator('ol.results li h2 a').first();
  const name = (await link.innerText()).trim();
  resp = await Promise.all([page.waitForNavigation(), link.click()]).then(([r]) => r);
  report(resp.status() === 200 && /\/activities\/\d+$/.test(page.url()),
    `${label}: a result links to its activity page`, page.url());
  report((await page.locator('h1').innerText()).trim() === name,
    `${label}: the activity page is the one followed`, name);
  report(await page.locator('h2', { hasText: 'Next dates' }).count() === 1,
    `${label}: the activity page lists its next dates`);
  await everyPage(page, label, 'activity page');
  await page.goBack();

  // Pages: next, then back to the first.
  const per = Number(m ? m[1] : 0);
  const next = page.locator('nav.pages a[rel=next]');
  report(await next.count() === 1, `${label}: the results have a next page`);
  if (await next.count() === 1) {
    await Promise.all([page.waitForNavigation(), next.click()]);
    const second = await countText(page);
    report(second.startsWith(`${per + 1}–`), `${label}: the next page starts at ${per + 1}`, second);
    report(await page.inputValue('#town') === 'Worcester', `${label}: the next page keeps the search`);
    await everyPage(page, label, 'results page 2');
    await Promise.all([page.waitForNavigation(), page.locator('nav.pages a[rel=prev]').click()]);
    report((await countText(page)).startsWith('1–'), `${label}: the previous page is the first`);
  }

  // A bad value: named, explained, kept as typed.
  await page.goto(base + '/');
  await page.fill('#town', 'Worcester');
  await page.fill('#within', 'lots of miles');
  watch.expect(400);
  resp = await Promise.all([page.waitForNavigation(), page.click('form.search button[type=submit]')])
    .then(([r]) => r);
  report(resp.status() === 400, `${label}: a bad distance answers 400`, resp.status());
  report(await page.inputValue('#within') === 'lots of miles' &&
    await page.inputValue('#town') === 'Worcester', `${label}: the form keeps what was typed`);
  report(await page.getAttribute('#within', 'aria-invalid') === 'true',
    `${label}: the field at fault is marked aria-invalid`);
  const described = await page.getAttribute('#within', 'aria-describedby');
  const message = described ? await page.locator(`#${described}`).innerText() : '';
  report(/within/.test(message), `${label}: the field's message names it and is tied to it`, message);
  report(/within/.test(await page.locator('[role=alert]').innerText()),
    `${label}: the alert at the top names the field`);
  report(await page.locator('ol.results').count() === 0, `${label}: no results with a bad field`);
  await everyPage(page, label, 'bad value');
  watch.expect(0);

  report(watch.problems.length === 0, `${label}: the browser reports no error (script, CSP, load)`,
    watch.problems.join('\n'));
  await context.close();
}

// A CPS logs in, reads the dashboard, a peer's page and "why this one?", and logs out.
async function loggedIn(browser, base, label, width, user, password) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  const watch = watchProblems(page);

  let resp = await page.goto(base + '/peers/1');
  report(new URL(page.url()).pathname === '/login', `${label}: a peer's page without a login shows the login`,
    page.url());
  await everyPage(page, label, 'login page');
  await page.fill('#name', user);
  await page.fill('#password', password);
  resp = await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')])
    .then(([r]) => r);
  report(resp.status() === 200 && new URL(page.url()).pathname === '/peers/1',
    `${label}: the login goes on to the page asked for`, `${resp.status()} ${page.url()}`);
  await page.goto(base + '/dashboard');
  report((await page.locator('h1').innerText()).trim() === 'My peers', `${label}: the dashboard`);
  report(/Signed in as/.test(await page.locator('header.site').innerText()),
    `${label}: the navigation shows who is signed in`);
  await everyPage(page, label, 'dashboard');
  const peer = page.locator('section[aria-labelledby=all] a').first();
  const name = (await peer.innerText()).trim();
  await Promise.all([page.waitForNavigation(), peer.click()]);
  report((await page.locator('h1').innerText()).trim() === name, `${label}: a peer's page`, name);
  report(await page.locator('figure.chart svg[role=img]').count() >= 4,
    `${label}: the peer's charts are drawn inline`);
  await everyPage(page, label, 'peer page');
  const why = page.locator('a', { hasText: 'Why this one?' }).first();
  if (await why.count()) {
    await Promise.all([page.waitForNavigation(), why.click()]);
    report(/It fits/.test(await page.locator('main').innerText()), `${label}: why this one`);
    await everyPage(page, label, 'why this one');
  }
  await Promise.all([page.waitForNavigation(), page.click('header.site button[type=submit]')]);
  report(new URL(page.url()).pathname === '/login', `${label}: logging out shows the login`);
  resp = await page.goto(base + '/dashboard');
  report(new URL(page.url()).pathname === '/login', `${label}: after logout the dashboard needs a login`);
  report(watch.problems.length === 0, `${label}: logged in, the browser reports no error (script, CSP, load)`,
    watch.problems.join('\n'));
  await context.close();
}

await inBrowser(belong, db, async (browser, base) => {
  await run(browser, base, 'phone', 390);
  await run(browser, base, 'desktop', 1280);
  const user = process.env.BELONG_E2E_USER;
  const password = process.env.BELONG_E2E_PASSWORD;
  if (user && password) {
    await loggedIn(browser, base, 'phone', 390, user, password);
    await loggedIn(browser, base, 'desktop', 1280, user, password);
  }
}, { pattern: /Worcester|lots of miles|group/, what: 'the access log holds no typed value' });
tap.end();
