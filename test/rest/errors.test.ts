import { RestError, isRestError } from '../../frontend/rest/errors';

describe('RestError', () => {
  it('takes its message from Bitbucket’s first error message', () => {
    const error = new RestError('conflict', 409, 'PUT', '/rest/x', [{ message: 'Out of date' }, { message: 'second' }], { currentVersion: 3 }, undefined);
    expect(error.message).toBe('Out of date');
    expect(error).toMatchObject({ name: 'RestError', kind: 'conflict', status: 409, method: 'PUT', url: '/rest/x', body: { currentVersion: 3 } });
    expect(error).toBeInstanceOf(Error);
  });

  it('skips blank messages: the first message with text wins, else it says what failed', () => {
    expect(new RestError('bad-request', 400, 'POST', '/rest/x', [{ message: '  ' }, { message: 'Name is required' }]).message).toBe('Name is required');
    expect(new RestError('bad-request', 400, 'POST', '/rest/x', [{ message: '' }, { message: ' \n' }]).message).toBe('POST /rest/x failed (bad-request, HTTP 400)');
  });

  it('without messages, says what failed: method, URL, kind and the HTTP status when there was one', () => {
    expect(new RestError('unavailable', 404, 'GET', '/rest/insights/latest/x').message).toBe('GET /rest/insights/latest/x failed (unavailable, HTTP 404)');
    expect(new RestError('network', 0, 'POST', '/rest/x').message).toBe('POST /rest/x failed (network)');
    expect(new RestError('rate-limited', 429, 'GET', '/rest/x', [], undefined, 7)).toMatchObject({ errors: [], retryAfter: 7 });
  });
});

describe('isRestError', () => {
  it('recognises RestErrors, also from another copy of the module (same name)', () => {
    expect(isRestError(new RestError('server', 500, 'GET', '/x'))).toBe(true);
    expect(isRestError({ name: 'RestError', kind: 'server' })).toBe(true);
  });

  // The class itself is a function named RestError, not an error.
  it.each([null, undefined, 'RestError', new Error('x'), { name: 'TypeError' }, {}, RestError])('refuses %p', (value) => {
    expect(isRestError(value)).toBe(false);
  });
});
