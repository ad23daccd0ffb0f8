import type { CombinedError } from 'urql';

/** An error the API attributed to one input field (extensions.field), or to the form as a whole. */
export interface FieldError {
  field?: string;
  message: string;
}

/** The first error of a GraphQL result, with the field it names. */
export function fieldErrorOf(error: CombinedError): FieldError {
  const first = error.graphQLErrors[0];
  if (!first) return { message: error.networkError ? 'Could not reach the server; nothing was saved — try again.' : error.message };
  const field = first.extensions?.field;
  return { field: typeof field === 'string' ? field : undefined, message: first.message };
}

/** Whether an error's field is `name` or lies inside it (`tags[2]`, `recurrence.count`). */
function within(errorField: string, name: string): boolean {
  return errorField === name || errorField.startsWith(`${name}.`) || errorField.startsWith(`${name}[`);
}

/** The message for `field`, shown next to its input; `also` lists other fields that input stands for. */
export function ErrorFor({ error, field, also = [] }: { error: FieldError | null; field: string; also?: string[] }) {
  const errorField = error?.field;
  if (!errorField || ![field, ...also].some((name) => within(errorField, name))) return null;
  return (
    <span className="field-error" role="alert" data-field-error={field}>
      {error.message}
    </span>
  );
}

/** An error no field claims, shown at the form's foot. */
export function FormError({ error, fields }: { error: FieldError | null; fields: string[] }) {
  const errorField = error?.field;
  if (!error || (errorField && fields.some((name) => within(errorField, name)))) return null;
  return (
    <p className="form-error" role="alert">
      {error.message}
    </p>
  );
}
