/**
 * Watches what a browser page exchanges with the API and checks it against the native REST
 * contract (docs/openapi.yaml), for browser tests against the reference server:
 *
 *   const watch = watchContract(page, process.env.HAOWU_API_URL!);
 *   ... drive the app ...
 *   await expectContractKept();          // or: await watch.expectContractKept()
 *
 * Every finished request under `apiBase` is recorded with its problems: an operation the
 * contract lacks, a request body or query that does not fit, an undocumented status, a body of
 * the wrong shape. CORS preflights (OPTIONS) are the browser's, not the app's, and are skipped.
 * A live event stream never finishes while the page is open, so it is checked when its
 * response starts (request, status, content type), without its body.
 */
import { expect, type Page, type Request, type Response } from '@playwright/test';

export type Contract = typeof import('../../contract/openapi.mjs');
let loading: Promise<Contract> | undefined;

/**
 * tests/contract/openapi.mjs, loaded once. It is an ES module, and Playwright compiles a
 * TypeScript file's static imports to require(), which cannot load it; a dynamic import can.
 */
export function loadContract(): Promise<Contract> {
  return (loading ??= import('../../contract/openapi.mjs'));
}

export type ContractRecord = {
  method: string;
  /** Relative to the API base, with the query. */
  path: string;
  status: number | undefined;
  problems: string[];
};

export type ContractWatch = {
  records: ContractRecord[];
  /** Waits for the checks of requests that have finished so far. */
  settled(): Promise<void>;
  /** Asserts that every exchange recorded so far kept the contract, then stops watching. */
  expectContractKept(): Promise<void>;
  stop(): void;
};

/** Watches not yet asserted, for the module-level `expectContractKept()`. */
const open = new Set<ContractWatch>();

export function watchContract(page: Page, apiBase: string): ContractWatch {
  const base = apiBase.replace(/\/+$/, '');
  const records: ContractRecord[] = [];
  const pending = new Set<Promise<void>>();

  const isStream = (contentType: string | undefined) => !!contentType?.startsWith('text/event-stream');

  /** The exchange's record, or undefined when the request is not the app's call to the API. */
  function recordFor(req: Request): ContractRecord | undefined {
    const url = req.url();
    if (!(url === base || url.startsWith(`${base}/`) || url.startsWith(`${base}?`))) return undefined;
    if (req.method() === 'OPTIONS') return undefined;
    const record: ContractRecord = { method: req.method(), path: url.slice(base.length) || '/', status: undefined, problems: [] };
    records.push(record);
    return record;
  }

  async function checkRequest(req: Request, record: ContractRecord): Promise<void> {
    const { validateRequest } = await loadContract();
    const { method, path } = record;
    let body: unknown;
    const sent = req.postData();
    if (sent) {
      try {
        body = JSON.parse(sent);
      } catch {
        record.problems.push(`${method} ${path}: the request body is not JSON: ${sent.slice(0, 200)}`);
        return;
      }
    }
    record.problems.push(...validateRequest(method, path, body, { headers: await req.allHeaders() }));
  }

  /** An event stream, when its response starts. */
  async function checkStream(res: Response, record: ContractRecord): Promise<void> {
    const contentType = res.headers()['content-type'];
    try {
      const { validateResponse } = await loadContract();
      record.status = res.status();
      record.problems.push(...validateResponse(record.method, record.path, res.status(), undefined, { contentType }));
      await checkRequest(res.request(), record);
    } catch (e) {
      record.problems.push(`${record.method} ${record.path}: could not be checked: ${e instanceof Error ? e.message : e}`);
    }
  }

  /** The answer's body. A page that navigated away has dropped it: a GET is then asked again
   * (same URL, same token), so that its answer is still checked. */
  async function bodyOf(req: Request, res: Response): Promise<string> {
    try {
      return (await res.body()).toString('utf8');
    } catch (e) {
      if (req.method() !== 'GET') throw e;
      const { authorization } = await req.allHeaders();
      const again = await page.request.get(req.url(), authorization ? { headers: { authorization } } : {});
      return (await again.body()).toString('utf8');
    }
  }

  async function check(req: Request, record: ContractRecord): Promise<void> {
    const { method, path } = record;
    try {
      const res = await req.response();
      if (!res) {
        record.problems.push(`${method} ${path}: finished without a response`);
        return;
      }
      record.status = res.status();
      // Read first: the browser drops a body once the page navigates. A 204 has none to read.
      const text = res.status() === 204 || res.status() === 304 ? '' : await bodyOf(req, res);
      const { validateResponse } = await loadContract();
      await checkRequest(req, record);
      const contentType = res.headers()['content-type'];
      let answer: unknown;
      if (text) {
        try {
          answer = JSON.parse(text);
        } catch {
          record.problems.push(`${method} ${path} → ${res.status()}: the body is not JSON: ${text.slice(0, 200)}`);
          return;
        }
      }
      record.problems.push(...validateResponse(method, path, res.status(), answer, { contentType: text ? contentType : undefined }));
      // An operation the contract lacks is reported by both checks; once is enough.
      record.problems = [...new Set(record.problems)];
    } catch (e) {
      record.problems.push(`${method} ${path}: could not be checked: ${e instanceof Error ? e.message : e}`);
    }
  }

  const track = (p: Promise<void>) => {
    const tracked = p.finally(() => pending.delete(tracked));
    pending.add(tracked);
  };
  // Records are made as the events come, so `records` lists every exchange at once; the checks
  // finish later (`settled`).
  const streams = new WeakSet<Request>();
  const onResponse = (res: Response) => {
    if (!isStream(res.headers()['content-type'])) return;
    const record = recordFor(res.request());
    if (!record) return;
    streams.add(res.request());
    track(checkStream(res, record));
  };
  const onFinished = (req: Request) => {
    if (streams.has(req)) return; // checked when it started
    const record = recordFor(req);
    if (record) track(check(req, record));
  };
  page.on('requestfinished', onFinished);
  page.on('response', onResponse);

  const watch: ContractWatch = {
    records,
    async settled() {
      while (pending.size) await Promise.all([...pending]);
    },
    async expectContractKept() {
      await watch.settled();
      watch.stop();
      const broken = records.filter((r) => r.problems.length);
      expect(
        broken.flatMap((r) => r.problems),
        `${broken.length} of ${records.length} API exchange(s) broke the contract (docs/openapi.yaml)`,
      ).toEqual([]);
    },
    stop() {
      page.off('requestfinished', onFinished);
      page.off('response', onResponse);
      open.delete(watch);
    },
  };
  open.add(watch);
  return watch;
}

/** Asserts that every watched page kept the contract so far (and stops those watches). */
export async function expectContractKept(): Promise<void> {
  for (const watch of [...open]) await watch.expectContractKept();
}
