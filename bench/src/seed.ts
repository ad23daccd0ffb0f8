import type { Knex } from '@tasklane/platform';

const WORDS = [
  'buy', 'groceries', 'call', 'email', 'report', 'review', 'plan', 'book', 'fix', 'clean', 'write', 'read',
  'pay', 'rent', 'invoice', 'meeting', 'project', 'budget', 'garden', 'dentist', 'passport', 'vacation',
  'laundry', 'kitchen', 'car', 'insurance', 'taxes', 'birthday', 'gift', 'party', 'school', 'homework',
  'doctor', 'gym', 'yoga', 'run', 'bike', 'repair', 'paint', 'order', 'return', 'package', 'deploy',
  'release', 'backup', 'server', 'database', 'design', 'draft', 'slides', 'crème', 'brûlée', 'água',
];

/** `count` tasks for one user, varied like a real list, inserted set-wise in one statement. */
export async function seedTasks(db: Knex, userId: string, count: number): Promise<void> {
  await db.raw(
    `insert into tasks.tasks (user_id, title, description, status, priority, due_at, completed_at, created_at, updated_at)
     select ?::uuid,
            initcap(w[1 + (i * 7) % n]) || ' ' || w[1 + (i * 13) % n] || ' ' || w[1 + (i * 31) % n] || ' #' || i,
            case when i % 3 = 0 then w[1 + (i * 17) % n] || ' ' || w[1 + (i * 19) % n] || ' notes' end,
            case when i % 4 = 0 then 'COMPLETED' else 'PENDING' end,
            (i % 4)::smallint,
            case when i % 5 = 0 then null else now() + make_interval(hours => (i % 2000) - 500) end,
            case when i % 4 = 0 then now() end,
            now() - make_interval(secs => ?::int - i),
            now() - make_interval(secs => ?::int - i)
       from generate_series(1, ?) as i, (select ?::text[] as w, ?::int as n) v`,
    [userId, count, count, count, WORDS, WORDS.length],
  );
  await db.raw('analyze tasks.tasks');
}
