import { composeSupergraph } from '../src/compose';
import { supergraphSdl } from '../src';

describe('supergraph', () => {
  it('composes without errors', () => {
    const { errors } = composeSupergraph();
    expect(errors).toEqual([]);
  });

  it('is committed up to date (run `npm run compose` after changing a subgraph SDL)', () => {
    expect(supergraphSdl()).toBe(composeSupergraph().supergraphSdl);
  });
});
