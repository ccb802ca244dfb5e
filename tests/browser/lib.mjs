// lib.mjs — what the browser tests share: TAP lines, `belong serve` started on an ephemeral
// loopback port and stopped with SIGTERM, the checks every page gets (axe-core: no serious or
// critical violation; no sideways scrolling; a full-page screenshot), and the browser's own
// reports of a problem (a script error, a refused Content-Security-Policy, a failed load).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let n = 0;
let failed = 0;
export const tap = {
  report(pass, what, detail) {
    n++;
    if (pass) {
      console.log(`ok ${n} - ${what}`);
      return;
    }
    failed++;
    console.log(`not ok ${n} - ${what}`);
    if (detail) console.log(String(detail).replace(/^/gm, '#   '));
  },
  // Prints the plan line and exits 1 when a check failed.
  end() {
    console.log(`1..${n}`);
    process.exit(failed ? 1 : 0);
  },
};

// Starts `belong serve` on an ephemeral loopback port; resolves with the child, its URL and its
// log so far (a function).
export function startServer(belong, db) {
  return new Promise((resolve, reject) => {
    const child = spawn(belong, ['--db', db, 'serve', '--listen', '127.0.0.1:0', '--threads', '2'],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let log = '';
    child.stderr.on('data', (d) => { log += d; });
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/^listening on (http:\/\/\S+)/m);
      if (m) resolve({ child, base: m[1], log: () => log });
    });
    child.on('exit', (code) => reject(new Error(`belong serve exited ${code}: ${log}`)));
    setTimeout(() => reject(new Error('belong serve did not say where it listens')), 30000);
  });
}

// Stops the server with SIGTERM (SIGKILL after 10 s); resolves with its exit status.
export function stopServer(server) {
  server.child.kill('SIGTERM');
  return new Promise((resolve) => {
    if (server.child.exitCode !== null) resolve(server.child.exitCode);
    server.child.on('exit', (c) => resolve(c));
    setTimeout(() => { server.child.kill('SIGKILL'); resolve('killed'); }, 10000);
  });
}

async function axeCheck(page, what) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  tap.report(bad.length === 0, `${what}: axe-core finds no serious or critical violation`,
    bad.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((x) => x.target).join(' ')})`)
      .join('\n'));
}

async function noSidewaysScroll(page, what) {
  const [scroll, client] = await page.evaluate(() =>
    [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  tap.report(scroll <= client, `${what}: no horizontal scrolling`,
    `scrollWidth ${scroll} > ${client}`);
}

// The checks every page gets, and its screenshot SHOTS/LABEL-WHAT.png.
export async function everyPage(page, shots, label, what) {
  await axeCheck(page, `${label} ${what}`);
  await noSidewaysScroll(page, `${label} ${what}`);
  await page.screenshot({ path: `${shots}/${label}-${what.replace(/[^a-z0-9]+/gi, '-')}.png`,
    fullPage: true });
}

// Collects what the browser reports as a problem on page: console errors, script errors and
// every answer of 400 or more, but the one status a step expects for its page (watch.expect).
export function watchProblems(page) {
  const watch = { problems: [], expected: 0, expect(status) { this.expected = status; } };
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
      watch.problems.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !(r.status() === watch.expected && r.request().isNavigationRequest()))
      watch.problems.push(`${r.status()} ${r.url()}`);
  });
  page.on('pageerror', (e) => watch.problems.push(String(e)));
  return watch;
}

// Submits page's form (the first submit button under main, or selector) and resolves with the
// answer to the navigation it starts.
export const submit = (page, selector = 'main form button[type=submit]') =>
  Promise.all([page.waitForNavigation(), page.locator(selector).first().click()]).then(([r]) => r);

// Logs in on the login page as user; resolves with whether the login page was left.
export async function logIn(page, base, user, password) {
  await page.goto(base + '/login');
  await page.fill('#name', user);
  await page.fill('#password', password);
  await submit(page);
  return !page.url().endsWith('/login');
}

// The frame of every browser run: starts `belong serve` on db, launches Chromium (without its
// sandbox as root, as in CI, where it cannot start), awaits body(browser, base), then closes
// the browser and stops the server, reporting that it listened, that the run finished and that
// the server stopped on SIGTERM with status 0. quiet, when given ({ pattern, what }): a pattern
// of what was typed during the run that the server's access log must not hold.
export async function inBrowser(belong, db, body, quiet) {
  let server;
  let browser;
  try {
    server = await startServer(belong, db);
    tap.report(true, `belong serve listens on ${server.base}`);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: process.getuid && process.getuid() === 0 ? ['--no-sandbox'] : [],
    });
    await body(browser, server.base);
  } catch (e) {
    tap.report(false, 'the browser run finished', e.stack || e);
  } finally {
    if (browser) await browser.close();
    if (server) {
      const code = await stopServer(server);
      tap.report(code === 0, 'the server stops on SIGTERM with status 0', code);
      if (quiet) tap.report(!quiet.pattern.test(server.log()), quiet.what, server.log());
    }
  }
}
