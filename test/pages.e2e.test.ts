// Real kubernetes.io pages (test/fixtures/pages, sources in SOURCES.md) replay unedited, with no directives, into
// fresh homes as a reader follows them: the commands found, the ones skipped (and why) are pinned, and no command
// fails except where the page needs a kubectl feature another issue brings (listed with that reason).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayLab, type ReplaySummary } from '../src/cli/replay/run.js';
import { Session } from '../src/cli/session.js';

const PAGES = path.resolve(__dirname, 'fixtures', 'pages');

/** Failures a page has, by line, where a real cluster fails too. */
const PENDING: Record<string, Record<number, string>> = {
  // deployment-scale.yaml changes the selector to app.kubernetes.io/name: the API server refuses (immutable)
  'tasks/run-stateless-application-deployment.md': { 123: 'spec.selector: field is immutable, on a real cluster too' },
};

async function replaySeries(files: string[]): Promise<ReplaySummary[]> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-pages-test-'));
  try {
    const session = new Session({ home, persistent: true });
    const out: ReplaySummary[] = [];
    for (const f of files) {
      let text = '';
      const s = await replayLab(path.join(PAGES, f), f, { session, quiet: false, out: (t) => (text += t), env: { ...process.env, KUBESIM_HOME: home } });
      const unexpected = s.items.filter((it) => it.status === 'failed' && !PENDING[f]?.[it.line]);
      expect(unexpected, `${f}\n${text}`).toEqual([]);
      out.push(s);
    }
    return out;
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

function skipped(s: ReplaySummary): Array<[number, string]> {
  return s.items.filter((it) => it.status === 'skipped').map((it) => [it.line, it.reason!]);
}

describe('kubernetes.io pages replay unedited', () => {
  it('the page of issue 13: example URL beside the page, in-pod block with busybox 1.28, indented block', async () => {
    const [s] = await replaySeries(['issue13/page.md']);
    expect([s.run, s.skipped, s.failed]).toEqual([7, 0, 0]);
  }, 60_000);

  it('the Kubernetes Basics modules 2-4, one after the other on one cluster (POD_NAME from -o go-template, bash in kubernetes-bootcamp)', async () => {
    const [deploy, explore, expose] = await replaySeries(['kubernetes-basics/1-deploy-intro.md', 'kubernetes-basics/2-explore-intro.md', 'kubernetes-basics/3-expose-intro.md']);
    const proxy = 'needs `kubectl proxy` (line 132), which was skipped';
    expect(skipped(deploy)).toEqual([
      [132, 'runs until interrupted (kubectl proxy)'],
      [141, proxy],
      [162, proxy],
    ]);
    expect([deploy.run, explore.run, expose.run]).toEqual([4, 8, 17]);
    expect(skipped(explore)).toEqual([
      [141, 'runs until interrupted (kubectl proxy)'],
      [155, 'needs `kubectl proxy` (line 141), which was skipped'],
    ]);
    expect(explore.notes).toEqual([expect.stringContaining('2-explore-intro.md:180: the shell opened here is not left with exit')]);
    expect(skipped(expose)).toEqual([
      [146, 'manages a real cluster (minikube)'],
      [156, 'manages a real cluster (minikube)'],
      [169, 'needs `minikube service kubernetes-bootcamp --url` (line 156), which was skipped'],
      [244, 'manages a real cluster (minikube)'],
    ]);
  }, 120_000);

  it('Run a Stateless Application Using a Deployment (indented blocks in list items, codenew, example URLs)', async () => {
    const [s] = await replaySeries(['tasks/run-stateless-application-deployment.md']);
    expect(skipped(s)).toEqual([[94, 'a placeholder for the reader to fill in (<pod-name>)']]);
    expect(s.items.filter((it) => it.status === 'failed').map((it) => it.line)).toEqual([123]);
    expect(s.run).toBe(8);
  }, 60_000);

  it('Exposing an External IP Address (LoadBalancer, hello-app)', async () => {
    const [s] = await replaySeries(['tasks/expose-external-ip-address.md']);
    expect(skipped(s)).toEqual([[140, 'a placeholder for the reader to fill in (<external-ip>)']]);
    expect([s.run, s.failed]).toEqual([11, 0]);
  }, 60_000);
});
