import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { composeSupergraph } from './compose';
import { SCHEMA_DIR } from './index';

const { supergraphSdl, errors } = composeSupergraph();
if (!supergraphSdl) {
  console.error(`composition failed:\n${errors.join('\n')}`);
  process.exit(1);
}
writeFileSync(path.join(SCHEMA_DIR, 'supergraph.graphql'), supergraphSdl);
console.log(`wrote ${path.join(SCHEMA_DIR, 'supergraph.graphql')}`);
