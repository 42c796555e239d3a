/**
 * The web UI in headless Chromium against a real local cluster and
 * argo-server: submit a DAG from the page and watch its graph fill in and
 * turn green live, open a node by keyboard and read its log and artifact,
 * retry a failed workflow, and see both in the live list. Screenshots go to
 * UI_SCREENSHOT_DIR (docs/images when refreshing the docs), else a temp dir.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { UiRig, until } from './harness.js';

const rig = new UiRig();
const testdata = (f: string) => readFileSync(new URL(`./testdata/${f}`, import.meta.url), 'utf8');
let screens: string;
let diamond: string;
let groups: string;
let greet: string;
let failed: string;
let ticker: string;
// Kubernetes stamps creation to the second; the list's order is asserted only
// between workflows made in different seconds.
let greetCreated = 0;

interface SeenNode { label: string; phase: string; kind: string }

const graphNodes = (): Promise<SeenNode[]> =>
  rig.page.$$eval('.gnode', (els) => els.map((e) => ({ label: e.getAttribute('data-label') ?? '', phase: e.getAttribute('data-phase') ?? '', kind: e.getAttribute('data-kind') ?? '' })));
const pagePhase = (): Promise<string | null> => rig.page.getAttribute('section.wf', 'data-phase', { timeout: 5000 });
/** How far the page scrolls sideways (0 when it fits). */
const sidewaysScroll = () => rig.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

beforeAll(async () => {
  await rig.start();
  screens = process.env.UI_SCREENSHOT_DIR ?? join(rig.dir, 'screens');
  mkdirSync(screens, { recursive: true });
  // Started now so they run while the DAG is submitted and watched (the whole suite stays well under 3 minutes).
  const create = async (f: string) => (await rig.api<{ metadata: { name: string } }>('POST', '/api/v1/workflows/default', { workflow: parseYaml(testdata(f)) })).metadata.name;
  failed = await create('fails.yaml');
  groups = await create('groups.yaml');
}, 150_000);

afterAll(async () => {
  await rig.stop();
});

function explain(e: unknown): never {
  // Context for a failure: what the browser and the cluster said.
  throw new Error(`${(e as Error).message}\n--- browser errors:\n${rig.browserErrors.join('\n')}\n--- cluster log (last 30):\n${rig.clusterLog.slice(-30).join('\n')}`);
}

describe('the web UI in Chromium', () => {
  it('submits a DAG from the submit page and watches its graph go from pending to succeeded, live', async () => {
    try {
      const page = rig.page;
      await page.click('nav >> text=Submit');
      await page.fill('#manifest', testdata('dag-diamond.yaml'));
      await page.click('form.submit-form button[type=submit]');
      await page.waitForURL(/#\/workflows\/default\/ui-diamond-[a-z0-9]+$/, { timeout: 15_000 });
      diamond = decodeURIComponent(page.url().split('/').pop()!);
      // Set once: still there at the end means the page updated in place, not by reloading.
      await page.evaluate(() => { (window as unknown as { marker: number }).marker = 1; });

      const seen = new Map<string, Set<string>>();
      const counts: number[] = [];
      const final = await until('the workflow to finish in the page', async () => {
        // Phase and nodes read in one go, so both come from the same rendered workflow.
        const snap = await page.evaluate(() => ({
          phase: document.querySelector('section.wf')?.getAttribute('data-phase') ?? null,
          nodes: [...document.querySelectorAll('.gnode')].map((e) => ({ label: e.getAttribute('data-label') ?? '', phase: e.getAttribute('data-phase') ?? '', kind: e.getAttribute('data-kind') ?? '' })),
        }));
        for (const n of snap.nodes) (seen.get(n.label) ?? seen.set(n.label, new Set()).get(n.label)!).add(n.phase);
        counts.push(snap.nodes.length);
        return snap;
      }, (v) => v.phase === 'Succeeded' || v.phase === 'Failed' || v.phase === 'Error', 60_000, 100);

      expect(final.phase).toBe('Succeeded');
      // The root DAG node plus A, B, C and D, all drawn as labelled nodes, all green.
      expect(final.nodes.map((n) => n.label).sort()).toEqual(['A', 'B', 'C', 'D', diamond].sort());
      expect(final.nodes.filter((n) => n.phase !== 'Succeeded' || n.kind !== 'node')).toEqual([]);
      // Seen before it finished: A running (it sleeps 2 s) and the graph growing from fewer nodes.
      expect([...seen.get('A')!]).toEqual(expect.arrayContaining(['Running', 'Succeeded']));
      expect([...seen.get(diamond)!]).toContain('Running');
      expect(Math.min(...counts)).toBeLessThan(5);
      expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
      expect(await sidewaysScroll()).toBeLessThanOrEqual(0);
    } catch (e) { explain(e); }
  }, 90_000);

  it('reaches node B by keyboard, shows its focus, opens it with Enter and reads its log line', async () => {
    try {
      const page = rig.page;
      await page.click('h1#wf-title');
      let focused: string | null = null;
      for (let i = 0; i < 40 && focused !== 'B'; i++) {
        await page.keyboard.press('Tab');
        focused = await page.evaluate(() => document.activeElement?.getAttribute('data-label') ?? null);
      }
      expect(focused).toBe('B');
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
      expect(outline).toBe('solid');
      await page.keyboard.press('Enter');

      const panel = page.locator('aside.panel');
      await until('the panel for B', () => panel.locator('h2').textContent({ timeout: 5000 }), (t) => t === 'B', 10_000);
      const log = await until('the log line of B', () => panel.locator('[role=log]').textContent({ timeout: 5000 }), (t) => (t ?? '').includes('hello from B'), 20_000);
      expect(log).toContain('hello from B');
      expect(await panel.locator('.summary').textContent()).toContain('Succeeded');
      await page.screenshot({ path: join(screens, 'ui-graph.png') });
    } catch (e) { explain(e); }
  }, 60_000);

  it('links the node\'s log artifact to argo-server\'s download path, and the link downloads it', async () => {
    try {
      const page = rig.page;
      const link = page.locator('aside.panel a[data-artifact=main-logs]');
      const href = await link.getAttribute('href', { timeout: 10_000 });
      expect(href).toMatch(new RegExp(`^/artifacts/default/${diamond}/${diamond}-\\d+/main-logs$`));
      expect(await link.getAttribute('download')).not.toBeNull();
      // The browser's own request, with the authorization cookie the UI set from the token.
      const res = await page.request.get(`${rig.url}${href}`);
      expect(res.status()).toBe(200);
      expect((await res.body()).toString()).toContain('hello from B');
    } catch (e) { explain(e); }
  }, 30_000);

  it('retries a failed workflow from its page: it runs again and only the failed step is re-run', async () => {
    try {
      const page = rig.page;
      const name = failed;
      await page.goto(`${rig.url}/#/workflows/default/${name}`);
      await until('the workflow to fail', pagePhase, (p) => p === 'Failed', 60_000);
      const before = await rig.api<any>('GET', `/api/v1/workflows/default/${name}`);
      const started = (wf: any, display: string) => Object.values(wf.status.nodes as Record<string, any>).find((n) => n.displayName === display)?.startedAt;
      const retry = page.locator('button[data-action=retry]');
      expect(await retry.isEnabled()).toBe(true);
      await retry.click();
      const said = await until('the retry to be answered', () => page.locator('.actions [role=status]').textContent(), (t) => /Retry: done\.|Retry failed/.test(t ?? ''), 15_000);
      expect(said).toBe('Retry: done.');

      const phases = new Set<string>();
      await until('the retried workflow to run and fail again', async () => {
        const p = await pagePhase();
        if (p) phases.add(p);
        return p;
      }, (p) => p === 'Failed' && phases.has('Running'), 60_000, 100);
      // Argo's retry puts the workflow back to Running at once.
      expect([...phases]).toContain('Running');
      const after = await rig.api<any>('GET', `/api/v1/workflows/default/${name}`);
      expect(started(after, 'flaky')).not.toBe(started(before, 'flaky'));
      expect(started(after, 'prepare')).toBe(started(before, 'prepare'));
      expect(await until('the graph to show flaky failed', graphNodes, (ns) => ns.some((n) => n.label === 'flaky' && n.phase === 'Failed'), 10_000)).toBeDefined();
    } catch (e) { explain(e); }
  }, 120_000);

  it('groups a 5-item loop and a step\'s 5 attempts as Argo does, and expands a group on click', async () => {
    try {
      const page = rig.page;
      await page.goto(`${rig.url}/#/workflows/default/${groups}`);
      await until('the workflow to finish', pagePhase, (p) => p === 'Failed', 60_000);
      const nodes = await until('the graph to settle', graphNodes, (ns) => ns.filter((n) => n.kind === 'collapsed').length === 2, 10_000);
      // Root, the loop's TaskGroup dot, items 0 and 4, the Retry node, attempts 0 and 4, and two "3 hidden nodes".
      expect(nodes.filter((n) => n.kind === 'collapsed').map((n) => [n.label, n.phase]).sort()).toEqual([['3 hidden nodes', 'Failed'], ['3 hidden nodes', 'Succeeded']]);
      expect(nodes.filter((n) => n.kind === 'group').map((n) => n.label)).toEqual(['fan-out']);
      expect(nodes.filter((n) => n.kind === 'node').map((n) => n.label).sort()).toEqual([groups, 'fan-out(0:1)', 'fan-out(4:5)', 'flaky', 'flaky(0)', 'flaky(4)'].sort());
      await page.screenshot({ path: join(screens, 'ui-groups.png') });
      await page.click('.gnode[data-kind=collapsed][data-phase=Succeeded]');
      const expanded = await until('the loop to expand', graphNodes, (ns) => ns.filter((n) => n.label.startsWith('fan-out(')).length === 5, 5000);
      expect(expanded.filter((n) => n.kind === 'collapsed')).toHaveLength(1);
      expect(await sidewaysScroll()).toBeLessThanOrEqual(0);
    } catch (e) { explain(e); }
  }, 90_000);

  it('submits from a workflow template with a parameter filled in on the page', async () => {
    try {
      const page = rig.page;
      await rig.api('POST', '/api/v1/workflow-templates/default', { template: parseYaml(testdata('greet-template.yaml')) });
      await page.click('nav >> text=Submit');
      await page.click('[role=tab] >> text=From a workflow template');
      await page.selectOption('#template', 'ui-greet');
      expect(await page.inputValue('#param-who')).toBe('world');
      await page.fill('#param-who', 'argo-ts');
      await page.selectOption('#param-mood', 'calm');
      await page.click('form.submit-form button[type=submit]');
      await page.waitForURL(/#\/workflows\/default\/ui-greet-[a-z0-9]+$/, { timeout: 15_000 });
      greet = decodeURIComponent(page.url().split('/').pop()!);
      await until('the templated workflow to succeed', pagePhase, (p) => p === 'Succeeded', 60_000);
      const wf = await rig.api<any>('GET', `/api/v1/workflows/default/${greet}`);
      // One container template: the root node is the pod, and its result is what it printed.
      expect(wf.status.nodes[greet]).toMatchObject({ type: 'Pod', outputs: { result: 'hello argo-ts, calm' } });
      greetCreated = Date.parse(wf.metadata.creationTimestamp);
    } catch (e) { explain(e); }
  }, 90_000);

  it('follows a running pod\'s log: the first line shows while it runs, the next arrives without a reload', async () => {
    try {
      const page = rig.page;
      const wait = greetCreated + 1000 - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      ticker = await rig.api<{ metadata: { name: string } }>('POST', '/api/v1/workflows/default', { workflow: parseYaml(testdata('ticker.yaml')) }).then((w) => w.metadata.name);
      await page.goto(`${rig.url}/#/workflows/default/${ticker}`);
      await until('the tick pod to run', graphNodes, (ns) => ns.some((n) => n.label === 'tick' && n.phase === 'Running'), 30_000);
      await page.click('.gnode[data-label=tick]');
      const log = page.locator('aside.panel [role=log]');
      await until('the first line', () => log.textContent({ timeout: 5000 }), (t) => (t ?? '').includes('tick one'), 15_000);
      expect(await page.getAttribute('.gnode[data-label=tick]', 'data-phase')).toBe('Running');
      expect(await log.textContent()).not.toContain('tick two');
      await until('the second line', () => log.textContent({ timeout: 5000 }), (t) => (t ?? '').includes('tick two'), 20_000);
      expect((await log.textContent())!.match(/tick one/g)).toHaveLength(1);
      await until('the workflow to succeed', pagePhase, (p) => p === 'Succeeded', 20_000);
    } catch (e) { explain(e); }
  }, 90_000);

  it('lists every workflow with its phase, live, without sideways scrolling', async () => {
    try {
      const page = rig.page;
      await page.click('nav >> text=Workflows');
      const rows = await until('five rows', () => page.$$eval('tr[data-workflow]', (trs) => trs.map((t) => [t.getAttribute('data-workflow'), t.getAttribute('data-phase')])),
        (r) => r.length === 5, 10_000);
      // Newest first (the two made together at the start may share a creation second, so their order is not asserted).
      expect(rows.slice(0, 3)).toEqual([[ticker, 'Succeeded'], [greet, 'Succeeded'], [diamond, 'Succeeded']]);
      expect(rows.slice(3).sort()).toEqual([[failed, 'Failed'], [groups, 'Failed']].sort());
      expect(await sidewaysScroll()).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(screens, 'ui-list.png') });
      for (const f of ['ui-list.png', 'ui-graph.png', 'ui-groups.png']) expect(statSync(join(screens, f)).size).toBeGreaterThan(10_000);
      expect(rig.browserErrors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
    } catch (e) { explain(e); }
  }, 30_000);
});
