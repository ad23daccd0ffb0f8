import { badUserInput } from '@tasklane/platform';

export const LIMITS = {
  titleMax: 500,
  descriptionMax: 10_000,
  firstMax: 200,
  searchMax: 500,
} as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export function validTitle(value: unknown, field = 'title'): string {
  if (typeof value !== 'string') throw badUserInput(field, 'Title is required');
  const title = value.trim();
  if (title.length === 0) throw badUserInput(field, 'Title must not be empty');
  if (title.length > LIMITS.titleMax) throw badUserInput(field, `Title must be at most ${LIMITS.titleMax} characters`);
  return title;
}

export function validDescription(value: string | null | undefined): string | null {
  if (value == null) return null;
  if (value.length > LIMITS.descriptionMax) {
    throw badUserInput('description', `Description must be at most ${LIMITS.descriptionMax} characters`);
  }
  return value.trim().length === 0 ? null : value;
}

export function validFirst(value: number | null | undefined): number {
  const first = value ?? 50;
  if (!Number.isInteger(first) || first < 0 || first > LIMITS.firstMax) {
    throw badUserInput('first', `first must be between 0 and ${LIMITS.firstMax}`);
  }
  return first;
}

export function validSearch(value: string | null | undefined): string | undefined {
  if (value == null || value.trim() === '') return undefined;
  if (value.length > LIMITS.searchMax) throw badUserInput('search', `search must be at most ${LIMITS.searchMax} characters`);
  return value;
}
