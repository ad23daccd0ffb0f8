import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { printApiSchema } from './api';
import { composeSupergraph } from './compose';
import { SCHEMA_DIR } from './index';

const { supergraphSdl, errors } = composeSupergraph();
if (!supergraphSdl) {
  console.error(`composition failed:\n${errors.join('\n')}`);
  process.exit(1);
}
for (const [file, sdl] of [
  ['supergraph.graphql', supergraphSdl],
  ['api.graphql', printApiSchema(supergraphSdl)],
]) {
  writeFileSync(path.join(SCHEMA_DIR, file), sdl);
  console.log(`wrote ${path.join(SCHEMA_DIR, file)}`);
}
