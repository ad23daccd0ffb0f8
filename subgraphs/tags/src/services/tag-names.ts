import { createHash } from 'node:crypto';
import { badUserInput } from '@tasklane/platform';

export const TAG_LIMITS = { nameMax: 64, perTask: 50 } as const;

const PALETTE = ['#e11d48', '#ea580c', '#d97706', '#65a30d', '#059669', '#0891b2', '#2563eb', '#7c3aed', '#c026d3', '#4b5563'];

export const tagKey = (name: string) => name.trim().toLowerCase();

export function colorFor(key: string): string {
  return PALETTE[createHash('sha1').update(key).digest()[0] % PALETTE.length];
}

export function validTagName(value: unknown, field: string): string {
  const name = typeof value === 'string' ? value.trim() : '';
  if (!name) throw badUserInput(field, 'Tag name must not be empty');
  if (name.length > TAG_LIMITS.nameMax) throw badUserInput(field, `Tag name must be at most ${TAG_LIMITS.nameMax} characters`);
  return name;
}

/** Trimmed, de-duplicated ignoring case (first spelling wins), at most 50. */
export function validTagNames(values: unknown[], field: string): string[] {
  const byKey = new Map<string, string>();
  for (const value of values) {
    const name = validTagName(value, field);
    if (!byKey.has(tagKey(name))) byKey.set(tagKey(name), name);
  }
  if (byKey.size > TAG_LIMITS.perTask) throw badUserInput(field, `A task has at most ${TAG_LIMITS.perTask} tags`);
  return [...byKey.values()];
}
