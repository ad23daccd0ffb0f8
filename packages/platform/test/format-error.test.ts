import { DateTimeScalar, formatError, parseDateTime } from '../src';

describe('formatError', () => {
  it('hides unexpected errors: no stack, no SQL', () => {
    const out = formatError({
      message: 'insert into "tasks" ... violates constraint',
      extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'] },
    });
    expect(out).toEqual({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(formatError({ message: 'boom', extensions: {} }).extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
  });

  it('keeps public codes and their field', () => {
    const out = formatError({ message: 'Title must not be empty', extensions: { code: 'BAD_USER_INPUT', field: 'title', stacktrace: [] } });
    expect(out.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'title' });
  });

  it.each([
    ['Variable "$input" got invalid value "x" at "input.dueAt"; Expected type "DateTime".', 'dueAt'],
    ['Variable "$i" got invalid value "URGENT" at "i.priorities[1]"; Value "URGENT" does not exist', 'priorities'],
    ['Variable "$first" got invalid value "a"; Int cannot represent non-integer value: "a"', 'first'],
    ['Variable "$i" got invalid value { description: "x" }; Field "title" of required type "String!" was not provided.', 'title'],
    ['Variable "$i" got invalid value { colour: "x" }; Field "colour" is not defined by type "CreateTaskInput".', 'colour'],
  ])('names the field of a variable error: %s', (message, field) => {
    expect(formatError({ message, extensions: { code: 'BAD_USER_INPUT' } }).extensions?.field).toBe(field);
  });
});

describe('DateTime', () => {
  it.each([
    ['2026-05-01T09:00:00Z', '2026-05-01T09:00:00.000Z'],
    ['2026-05-01T09:00:00.123+02:00', '2026-05-01T07:00:00.123Z'],
    ['2026-05-01', '2026-05-01T00:00:00.000Z'],
  ])('parses %s as %s', (input, iso) => {
    expect(DateTimeScalar.serialize(parseDateTime(input))).toBe(iso);
  });

  it.each(['tomorrow', '2026-13-45T00:00:00Z', '2026-05-01T09:00:00', 42])('refuses %j', (input) => {
    expect(() => parseDateTime(input)).toThrow(/DateTime/);
  });
});
