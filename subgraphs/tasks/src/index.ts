import { buildSubgraphSchema } from '@apollo/subgraph';
import { DateTimeScalar, isDatabaseReachable, migrate, type Knex, type SubgraphDefinition } from '@tasklane/platform';
import { subgraphTypeDefs } from '@tasklane/schema';
import { migrations, TASKS_SCHEMA } from '../migrations';
import { createTasksContext, type TasksContext } from './context';
import { mutationResolvers } from './resolvers/mutation';
import { queryResolvers } from './resolvers/query';
import { taskResolvers } from './resolvers/task';
import { TaskService } from './services/task-service';

export { TaskService } from './services/task-service';
export { TaskModel } from './models/task';
export type { TasksContext } from './context';

export interface TasksSubgraphDeps {
  db: Knex;
}

export function migrateTasks(db: Knex): Promise<void> {
  return migrate(db, TASKS_SCHEMA, migrations);
}

/** The tasks subgraph: schema, resolvers and the context they run with. */
export function createTasksSubgraph({ db }: TasksSubgraphDeps): SubgraphDefinition<TasksContext> {
  const tasks = new TaskService(db);
  const schema = buildSubgraphSchema({
    typeDefs: subgraphTypeDefs('tasks'),
    resolvers: {
      DateTime: DateTimeScalar,
      Query: queryResolvers,
      Mutation: mutationResolvers,
      Task: taskResolvers,
    } as never,
  });
  return {
    name: 'tasks',
    schema,
    createContext: (identity) => createTasksContext(identity, tasks),
    ready: () => isDatabaseReachable(db),
  };
}
