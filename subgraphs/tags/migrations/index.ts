import type { MigrationSet } from '@tasklane/platform';
import { createTags } from './20261123_0400_create_tags';

export const TAGS_SCHEMA = 'tags';

export const migrations: MigrationSet = {
  '20261123_0400_create_tags': createTags,
};
