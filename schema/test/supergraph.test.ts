import { printApiSchema } from '../src/api';
import { composeSupergraph } from '../src/compose';
import { readSdl, supergraphSdl } from '../src';

describe('supergraph', () => {
  it('composes without errors', () => {
    const { errors } = composeSupergraph();
    expect(errors).toEqual([]);
  });

  it('is committed up to date (run `npm run compose` after changing a subgraph SDL)', () => {
    expect(supergraphSdl()).toBe(composeSupergraph().supergraphSdl);
  });

  it('has its client-facing API schema committed up to date, subscriptions included', () => {
    const api = readSdl('api.graphql');
    expect(api).toBe(printApiSchema());
    expect(api).toContain('type Subscription');
    expect(api).not.toContain('@join__');
  });
});
