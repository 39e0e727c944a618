import { answerer, fakeBitbucketClient, heldServer, NotStubbedError, pagedFrom, pagedStub } from './fake-client';
import type { HeldServer } from './fake-client';
import { restError, slicePage } from './wire';

describe('fakeBitbucketClient', () => {
  it('passes stubbed methods through and rejects every other call with "not stubbed"', async () => {
    const client = fakeBitbucketClient({ core: { getMergeBase: async () => null } });
    await expect(client.core.getMergeBase({ projectKey: 'P', repositorySlug: 'r' }, 1)).resolves.toBeNull();
    await expect(client.core.getPullRequest({ projectKey: 'P', repositorySlug: 'r' }, 1)).rejects.toThrow('fake client: core.getPullRequest is not stubbed');
    await expect(client.insights.listReports({ projectKey: 'P', repositorySlug: 'r' }, 'abc').getAll()).rejects.toBeInstanceOf(NotStubbedError);
    const iterator = client.core.listBranches({ projectKey: 'P', repositorySlug: 'r' }).items()[Symbol.asyncIterator]();
    await expect(iterator.next()).rejects.toThrow('core.listBranches');
  });

  it('pagedStub answers only the reads it was given', async () => {
    const paged = pagedStub<number>('core.listX', { page: async () => slicePage([1, 2, 3]) });
    await expect(paged.page()).resolves.toMatchObject({ values: [1, 2, 3], isLastPage: true });
    await expect(paged.getAll()).rejects.toThrow('core.listX is not stubbed');
  });

  it('pagedFrom follows nextPageStart and honours max', async () => {
    const all = Array.from({ length: 60 }, (_, i) => i);
    const pages: (number | undefined)[] = [];
    const paged = pagedFrom<number>(async (request = {}) => {
      pages.push(request.start);
      return slicePage(all, request.start, request.limit);
    });
    await expect(paged.getAll({ pageSize: 25 })).resolves.toEqual(all);
    expect(pages).toEqual([0, 25, 50]);
    await expect(paged.getAll({ pageSize: 25, max: 30 })).resolves.toEqual(all.slice(0, 30));
  });
});

describe('answerer', () => {
  it('records calls, clones values, rejects RestErrors and hangs until released or aborted', async () => {
    const { calls, answer, release } = answerer();
    const value = { n: 1 };
    const answered = await answer('m', value, { n: 0 }, undefined, ['a']);
    expect(answered).toEqual(value);
    expect(answered).not.toBe(value);
    await expect(answer('m', restError('server', 503), value, undefined, [])).rejects.toMatchObject({ kind: 'server' });
    const hanging = answer<number>('slow', 'hang', 0, undefined, []);
    release('slow', 42);
    await expect(hanging).resolves.toBe(42);
    const controller = new AbortController();
    const aborted = answer<number>('slow', 'hang', 0, controller.signal, []);
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ kind: 'aborted' });
    expect(calls.map((c) => c.method)).toEqual(['m', 'm', 'slow', 'slow']);
  });
});

describe('heldServer', () => {
  it('holds answers until release and drops the ones whose signal aborts', async () => {
    const { server, respond } = heldServer<HeldServer & { value: number }>({ value: 1, hold: true });
    const held = respond(undefined, () => server.value);
    const controller = new AbortController();
    const dropped = respond(controller.signal, () => server.value);
    expect(server.pending()).toBe(2);
    controller.abort();
    await expect(dropped).rejects.toMatchObject({ kind: 'aborted' });
    expect(server.pending()).toBe(1);
    server.value = 2;
    server.release();
    await expect(held).resolves.toBe(2);
  });
});
