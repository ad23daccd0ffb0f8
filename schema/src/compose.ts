import { composeServices } from '@apollo/composition';
import { SUBGRAPHS, subgraphTypeDefs } from './index';

export interface Composition {
  supergraphSdl?: string;
  errors: string[];
}

/** Composes the committed subgraph SDL files into the supergraph the gateway loads. */
export function composeSupergraph(): Composition {
  const result = composeServices(
    SUBGRAPHS.map(({ name, url }) => ({ name, url, typeDefs: subgraphTypeDefs(name) })),
  );
  if (result.errors) return { errors: result.errors.map((e) => e.message) };
  return { supergraphSdl: result.supergraphSdl, errors: [] };
}
