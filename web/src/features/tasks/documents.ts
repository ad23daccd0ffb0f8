import { graphql } from '../../gql';
import type { TaskRowFieldsFragment } from '../../gql/graphql';

/** GraphQL documents of the task views; their types are generated from schema/api.graphql. */
graphql(`
  fragment TaskRowFields on Task {
    id
    title
    description
    priority
    status
    dueAt
    isOverdue
    isDueSoon
    tags {
      id
      name
      color
    }
    recurrence {
      id
      frequency
      nextDueAt
    }
    reminders {
      id
      status
    }
  }
`);

export const TASKS = graphql(`
  query Tasks($search: String, $filter: TaskFilter, $sort: [TaskSort!], $first: Int, $after: String) {
    tasks(search: $search, filter: $filter, sort: $sort, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...TaskRowFields
        }
      }
    }
  }
`);

export const TAGS = graphql(`
  query Tags {
    tags {
      id
      name
      color
      taskCount
    }
  }
`);

export const CREATE_TASK = graphql(`
  mutation CreateTask($input: CreateTaskInput!) {
    createTask(input: $input) {
      ...TaskRowFields
    }
  }
`);

export const UPDATE_TASK = graphql(`
  mutation UpdateTask($id: ID!, $input: UpdateTaskInput!) {
    updateTask(id: $id, input: $input) {
      ...TaskRowFields
    }
  }
`);

export const COMPLETE_TASK = graphql(`
  mutation CompleteTask($id: ID!) {
    completeTask(id: $id) {
      id
      status
      isOverdue
      isDueSoon
    }
  }
`);

export const REOPEN_TASK = graphql(`
  mutation ReopenTask($id: ID!) {
    reopenTask(id: $id) {
      id
      status
      isOverdue
      isDueSoon
    }
  }
`);

export const DELETE_TASK = graphql(`
  mutation DeleteTask($id: ID!, $scope: DeleteScope) {
    deleteTask(id: $id, scope: $scope)
  }
`);

export const SET_TAGS = graphql(`
  mutation SetTags($taskId: ID!, $names: [String!]!) {
    setTags(taskId: $taskId, names: $names) {
      id
      tags {
        id
        name
        color
      }
    }
  }
`);

export const TASK_CHANGED = graphql(`
  subscription TaskChanged {
    taskChanged {
      type
      taskId
      task {
        ...TaskRowFields
      }
    }
  }
`);

export const REMINDER_DUE = graphql(`
  subscription ReminderDue {
    reminderDue {
      firedAt
      reminder {
        id
      }
      task {
        id
        title
      }
    }
  }
`);

export type Task = TaskRowFieldsFragment;
export type { Priority } from '../../gql/graphql';
