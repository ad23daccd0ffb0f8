import { graphql, signUp, startTestSystem, type TestSystem } from '@tasklane/testkit';
import { TokenService } from '../src';

describe('gateway HTTP surface', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startTestSystem();
  });
  afterAll(async () => {
    await sys?.stop();
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${sys.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  describe('accounts', () => {
    it('signs up (201), refuses a taken email in any case (409), logs in (200)', async () => {
      const email = `Case-${Date.now()}@Example.com`;
      const created = await post('/auth/signup', { email, password: 'long enough', name: 'Cas' });
      expect(created.status).toBe(201);
      const body = (await created.json()) as any;
      expect(body.user).toEqual({ id: expect.any(String), email, name: 'Cas' });
      expect(body.token).toEqual(expect.any(String));
      expect((await post('/auth/signup', { email: email.toLowerCase(), password: 'long enough' })).status).toBe(409);
      const login = await post('/auth/login', { email: email.toUpperCase(), password: 'long enough' });
      expect(login.status).toBe(200);
      const session = (await login.json()) as any;
      expect(session.user.id).toBe(body.user.id);
      const me = await graphql(sys.url, session.token, '{ me { id email name } }');
      expect(me.data).toEqual({ me: { id: body.user.id, email, name: 'Cas' } });
    });

    it.each([
      [{ email: 'not-an-email', password: 'long enough' }, 'email'],
      [{ password: 'long enough' }, 'email'],
      [{ email: 'short@example.com', password: 'seven77' }, 'password'],
      [{ email: 'nopw@example.com' }, 'password'],
    ])('refuses sign-up %j with 400 naming %s', async (input, field) => {
      const res = await post('/auth/signup', input);
      expect(res.status).toBe(400);
      expect((await res.json() as any).errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field });
    });

    it('refuses wrong credentials with 401', async () => {
      const { user } = await signUp(sys.url, 'Wrong');
      expect((await post('/auth/login', { email: user.email, password: 'not the password' })).status).toBe(401);
      expect((await post('/auth/login', { email: 'nobody@example.com', password: 'whatever1' })).status).toBe(401);
      expect((await post('/auth/login', {})).status).toBe(401);
    });

    it('answers malformed JSON and non-objects with 400', async () => {
      expect((await post('/auth/login', '{oops')).status).toBe(400);
      expect((await post('/auth/signup', '[1,2]')).status).toBe(400);
    });

    it('rate-limits repeated login attempts with RATE_LIMITED', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 22; i++) statuses.push((await post('/auth/login', { email: 'victim@example.com', password: `guess-${i}` })).status);
      expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
      const limited = await post('/auth/login', { email: 'victim@example.com', password: 'guess' });
      expect(limited.status).toBe(429);
      expect((await limited.json() as any).errors[0].extensions.code).toBe('RATE_LIMITED');
    });
  });

  describe('authentication of GraphQL', () => {
    const query = '{ tasks { totalCount } }';
    it.each([
      ['no token', undefined],
      ['a malformed header', 'Token abc'],
      ['a forged token', `Bearer ${new TokenService('not-the-secret').sign('00000000-0000-4000-8000-000000000000')}`],
    ])('fails with UNAUTHENTICATED for %s', async (_, authorization) => {
      const res = await post('/graphql', { query }, authorization ? { authorization } : {});
      const body = (await res.json()) as any;
      expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(body.data ?? null).toBeNull();
    });

    it('fails with UNAUTHENTICATED for an expired token', async () => {
      const secret = (await sys.runtime.secrets.get('JWT_SECRET'))!;
      const { user } = await signUp(sys.url, 'Expired');
      const expired = new TokenService(secret).sign(user.id, -10);
      const body = (await (await post('/graphql', { query }, { authorization: `Bearer ${expired}` })).json()) as any;
      expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    });

    it('lets introspection through without a token (for the explorer)', async () => {
      const body = (await (await post('/graphql', { query: '{ __schema { queryType { name } } }' })).json()) as any;
      expect(body.data.__schema.queryType.name).toBe('Query');
    });
  });

  describe('transport', () => {
    it('answers malformed JSON with a clear 400, no stack', async () => {
      const res = await post('/graphql', '{"query": ');
      expect(res.status).toBe(400);
      const text = await res.text();
      expect(JSON.parse(text).errors[0].message).toMatch(/not valid JSON/);
      expect(text).not.toMatch(/at .*\.js/);
    });

    it('refuses a body over 1 MB with 413', async () => {
      const session = await signUp(sys.url, 'Big');
      const res = await post('/graphql', { query: '{ me { id } }', variables: { pad: 'x'.repeat(1_100_000) } }, { authorization: `Bearer ${session.token}` });
      expect(res.status).toBe(413);
      expect((await res.json() as any).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('answers a syntax error with GRAPHQL_PARSE_FAILED', async () => {
      const session = await signUp(sys.url, 'Syntax');
      const body = (await (await post('/graphql', { query: '{ tasks { ' }, { authorization: `Bearer ${session.token}` })).json()) as any;
      expect(body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    });
  });

  describe('operations', () => {
    it('serves /healthz, /readyz and Prometheus /metrics', async () => {
      expect((await fetch(`${sys.url}/healthz`)).status).toBe(200);
      const ready = await fetch(`${sys.url}/readyz`);
      expect(ready.status).toBe(200);
      const metrics = await fetch(`${sys.url}/metrics`);
      expect(metrics.headers.get('content-type')).toMatch(/text\/plain/);
      const text = await metrics.text();
      expect(text).toMatch(/tasklane_http_requests_total\{route="\/readyz",method="GET",status="200"\} \d+/);
      expect(text).toMatch(/tasklane_process_cpu_seconds_total/);
    });

    it('tags every response with a request id, keeping a given one', async () => {
      expect((await fetch(`${sys.url}/healthz`)).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect((await fetch(`${sys.url}/healthz`, { headers: { 'x-request-id': 'abc-123' } })).headers.get('x-request-id')).toBe('abc-123');
    });

    it('serves the GraphQL explorer and its assets from local packages', async () => {
      const page = await fetch(`${sys.url}/graphql`, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toMatch(/<title>Tasklane GraphQL explorer<\/title>/);
      const scripts = [...html.matchAll(/(?:src|href)="(\/explorer\/[^"]+)"/g)].map((m) => m[1]);
      expect(scripts).toHaveLength(5);
      for (const asset of scripts) {
        const res = await fetch(`${sys.url}${asset}`);
        expect(res.status).toBe(200);
        expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(1_000);
      }
      expect(html).not.toMatch(/https?:\/\/(?!localhost)/);
    });

    it('serves the web client at / (any page a browser asks for), gzipped when accepted, hashed assets cached for good', async () => {
      for (const route of ['/', '/?task=abc&sort=TITLE', '/some/view']) {
        const page = await fetch(`${sys.url}${route}`, { headers: { accept: 'text/html' } });
        expect(page.status).toBe(200);
        expect(page.headers.get('cache-control')).toBe('no-cache');
        expect(await page.text()).toMatch(/<div id="root">/);
      }
      const html = await (await fetch(`${sys.url}/`, { headers: { accept: 'text/html' } })).text();
      const script = html.match(/src="(\/assets\/[^"]+\.js)"/)![1];
      // fetch() decodes gzip itself: compare with a request that does not accept it
      const plain = await fetch(`${sys.url}${script}`, { headers: { 'accept-encoding': 'identity' } });
      const zipped = await fetch(`${sys.url}${script}`, { headers: { 'accept-encoding': 'gzip, br' } });
      expect(plain.headers.get('content-encoding')).toBeNull();
      expect(zipped.headers.get('content-encoding')).toBe('gzip');
      expect(Number(zipped.headers.get('content-length'))).toBeLessThan(Number(plain.headers.get('content-length')) / 2);
      expect(await zipped.text()).toBe(await plain.text());
      expect(zipped.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      // not a way out of web/dist, nor a page where a file was asked for
      expect((await fetch(`${sys.url}/assets/../../package.json`)).status).toBe(404);
      expect((await fetch(`${sys.url}/assets/missing.js`)).status).toBe(404);
    });

    it('answers unknown routes with 404', async () => {
      expect((await fetch(`${sys.url}/nope`)).status).toBe(404);
      expect((await fetch(`${sys.url}/explorer/evil.js`)).status).toBe(404);
    });
  });
});
