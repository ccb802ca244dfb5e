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
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { startServer, stopServer } from './lib.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const [belong, db, shots] = process.argv.slice(2);
if (!belong || !db || !shots) {
  console.error('usage: node e2e.mjs BELONG_BINARY DATABASE SHOTS_DIR');
  process.exit(64);
}
mkdirSync(shots, { recursive: true });

let n = 0;
let failed = 0;
function report(pass, what, detail) {
  n++;
  if (pass) {
    console.log(`ok ${n} - ${what}`);
    return;
  }
  failed++;
  console.log(`not ok ${n} - ${what}`);
  if (detail) console.log(String(detail).replace(/^/gm, '#   '));
}

async function axeCheck(page, what) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  report(bad.length === 0, `${what}: axe-core finds no serious or critical violation`,
    bad.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((x) => x.target).join(' ')})`)
      .join('\n'));
}

async function noSidewaysScroll(page, what) {
  const [scroll, client] = await page.evaluate(() =>
    [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  report(scroll <= client, `${what}: no horizontal scrolling`, `scrollWidth ${scroll} > ${client}`);
}

// The checks every page gets, and its screenshot.
async function everyPage(page, label, what) {
  await axeCheck(page, `${label} ${what}`);
  await noSidewaysScroll(page, `${label} ${what}`);
  await page.screenshot({ path: `${shots}/${label}-${what.replace(/[^a-z0-9]+/gi, '-')}.png`,
    fullPage: true });
}

const countText = (page) => page.locator('p.count').innerText();

async function run(browser, base, label, width) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  let expectStatus = 0; // the one failing status the step under way expects for its page
  // A failed load is reported by its response below, with its URL.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !(r.status() === expectStatus && r.request().isNavigationRequest()))
      problems.push(`${r.status()} ${r.url()}`);
  });
  page.on('pageerror', (e) => problems.push(String(e)));

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
  expectStatus = 400;
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
  expectStatus = 0;

  report(problems.length === 0, `${label}: the browser reports no error (script, CSP, load)`,
    problems.join('\n'));
  await context.close();
}

// A CPS logs in, reads the dashboard, a peer's page and "why this one?", and logs out.
async function loggedIn(browser, base, label, width, user, password) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`); });
  page.on('pageerror', (e) => problems.push(String(e)));

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
  report(problems.length === 0, `${label}: logged in, the browser reports no error (script, CSP, load)`,
    problems.join('\n'));
  await context.close();
}

let server;
let browser;
try {
  server = await startServer(belong, db);
  report(true, `belong serve listens on ${server.base}`);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    // As root (CI), Chromium's sandbox cannot start.
    args: process.getuid && process.getuid() === 0 ? ['--no-sandbox'] : [],
  });
  await run(browser, server.base, 'phone', 390);
  await run(browser, server.base, 'desktop', 1280);
  const user = process.env.BELONG_E2E_USER;
  const password = process.env.BELONG_E2E_PASSWORD;
  if (user && password) {
    await loggedIn(browser, server.base, 'phone', 390, user, password);
    await loggedIn(browser, server.base, 'desktop', 1280, user, password);
  }
} catch (e) {
  report(false, 'the browser run finished', e.stack || e);
} finally {
  if (browser) await browser.close();
  if (server) {
    const code = await stopServer(server);
    report(code === 0, 'the server stops on SIGTERM with status 0', code);
    report(!/Worcester|lots of miles|group/.test(server.log()),
      'the access log holds no typed value', server.log());
  }
}
console.log(`1..${n}`);
process.exit(failed ? 1 : 0);
