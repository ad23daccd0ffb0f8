import type { Priority } from '../../gql/graphql';

const PRIORITIES: Array<[Priority, string]> = [
  ['NONE', 'No priority'],
  ['HIGH', 'High'],
  ['MEDIUM', 'Medium'],
  ['LOW', 'Low'],
];

/** The options of a priority select (quick add, editor). */
export function PriorityOptions() {
  return (
    <>
      {PRIORITIES.map(([value, label]) => (
        <option key={value} value={value}>
          {label}
        </option>
      ))}
    </>
  );
}
