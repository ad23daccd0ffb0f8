import { signIdentity, verifyIdentity } from '../src';

describe('signed identity header', () => {
  const who = { userId: 'u1', actor: 'assistant:u1' };

  it('round-trips a signed identity', () => {
    expect(verifyIdentity(signIdentity(who, 'k'), 'k')).toEqual(who);
  });

  it.each([
    ['missing', undefined],
    ['garbage', 'abc'],
    ['three parts', 'a.b.c'],
  ])('refuses %s', (_, value) => {
    expect(verifyIdentity(value, 'k')).toBeNull();
  });

  it('refuses another key, a tampered body and an expired signature', () => {
    const signed = signIdentity(who, 'k');
    expect(verifyIdentity(signed, 'other')).toBeNull();
    const [, mac] = signed.split('.');
    const tampered = Buffer.from(JSON.stringify({ u: 'u2', a: 'u2', exp: 9e9 })).toString('base64url');
    expect(verifyIdentity(`${tampered}.${mac}`, 'k')).toBeNull();
    expect(verifyIdentity(signIdentity(who, 'k', Date.now() - 3_600_000), 'k')).toBeNull();
  });
});
