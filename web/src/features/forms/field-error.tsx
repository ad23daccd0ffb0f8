import { useId, type ReactNode } from 'react';
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

/** Whether `error` belongs to one of `fields`. */
function claims(error: FieldError | null, fields: string[]): error is FieldError & { field: string } {
  const errorField = error?.field;
  return !!errorField && fields.some((name) => within(errorField, name));
}

/** The message for `field` (or the fields in `also`), shown where it is rendered: for a group of controls. */
export function ErrorFor({ error, field, also = [], id }: { error: FieldError | null; field: string; also?: string[]; id?: string }) {
  if (!claims(error, [field, ...also])) return null;
  return (
    <span className="field-error" role="alert" data-field-error={field} id={id}>
      {error.message}
    </span>
  );
}

/** What a control inside a Field gets: its id, and the error describing it when there is one. */
export interface ControlProps {
  id: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
}

/**
 * A labelled control with the API's error for `field` below it. The error describes the control
 * (aria-describedby), so it is read out with it but is not part of its name.
 */
export function Field({
  label,
  error = null,
  field,
  also = [],
  hideLabel = false,
  className,
  children,
}: {
  label: string;
  error?: FieldError | null;
  field?: string;
  also?: string[];
  hideLabel?: boolean;
  className?: string;
  children: (control: ControlProps) => ReactNode;
}) {
  const id = useId();
  const invalid = !!field && claims(error, [field, ...also]);
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label htmlFor={id} className={hideLabel ? 'sr-only' : undefined}>
        {label}
      </label>
      {children({ id, 'aria-invalid': invalid || undefined, 'aria-describedby': invalid ? `${id}-error` : undefined })}
      {field && <ErrorFor error={error} field={field} also={also} id={`${id}-error`} />}
    </div>
  );
}

/** An error no field claims, shown at the form's foot. */
export function FormError({ error, fields }: { error: FieldError | null; fields: string[] }) {
  if (!error || claims(error, fields)) return null;
  return (
    <p className="form-error" role="alert">
      {error.message}
    </p>
  );
}
