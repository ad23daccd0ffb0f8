import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, type DocumentNode } from 'graphql';

/** Subgraphs in the supergraph, in composition order, with the URL each has when run alone. */
export const SUBGRAPHS = [
  { name: 'accounts', url: 'http://gateway:4000/accounts/graphql' },
  { name: 'tasks', url: 'http://tasks:4001/graphql' },
  { name: 'tags', url: 'http://tags:4002/graphql' },
  { name: 'recurrence', url: 'http://recurrence:4003/graphql' },
  { name: 'reminders', url: 'http://reminders:4004/graphql' },
  { name: 'audit', url: 'http://audit:4005/graphql' },
] as const;

export type SubgraphName = (typeof SUBGRAPHS)[number]['name'];

/** The schema/ folder, from sources (Jest) or compiled output alike. */
export const SCHEMA_DIR = findSchemaDir(__dirname);

export function readSdl(file: string): string {
  return readFileSync(path.join(SCHEMA_DIR, file), 'utf8');
}

export function subgraphTypeDefs(name: SubgraphName): DocumentNode {
  return parse(readSdl(`${name}.graphql`));
}

export function supergraphSdl(): string {
  return readSdl('supergraph.graphql');
}

function findSchemaDir(start: string): string {
  let dir = start;
  while (!readdirHas(dir, 'supergraph.graphql') && !readdirHas(dir, 'tasks.graphql')) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`schema folder not found above ${start}`);
    dir = parent;
  }
  return dir;
}

function readdirHas(dir: string, file: string): boolean {
  try {
    readFileSync(path.join(dir, file));
    return true;
  } catch {
    return false;
  }
}

export { buildApiSchema, printApiSchema } from './api';
