import { graphql } from '../../gql';

/** Documents of the task editor; types generated from schema/api.graphql. */
graphql(`
  fragment TaskDetailFields on Task {
    ...TaskRowFields
    createdAt
    completedAt
    recurrence {
      id
      frequency
      interval
      byWeekday
      byMonthDay
      until
      count
      mode
      autoCreate
      timezone
      active
      nextDueAt
      occurrences
      upcoming(limit: 5)
    }
    reminders {
      id
      taskId
      remindAt
      before
      channels
      status
      firedAt
    }
  }
`);

export const TASK_DETAIL = graphql(`
  query TaskDetail($id: ID!) {
    task(id: $id) {
      ...TaskDetailFields
    }
  }
`);

export const TASK_HISTORY = graphql(`
  query TaskHistory($id: ID!) {
    task(id: $id) {
      id
      history(first: 50) {
        id
        action
        actor
        at
        changes
      }
    }
  }
`);

export const PREVIEW_RECURRENCE = graphql(`
  query PreviewRecurrence($input: RecurrenceInput!, $dueAt: DateTime) {
    previewRecurrence(input: $input, dueAt: $dueAt, limit: 5)
  }
`);

export const SET_RECURRENCE = graphql(`
  mutation SetRecurrence($taskId: ID!, $input: RecurrenceInput!) {
    setRecurrence(taskId: $taskId, input: $input) {
      ...TaskDetailFields
    }
  }
`);

export const CLEAR_RECURRENCE = graphql(`
  mutation ClearRecurrence($taskId: ID!) {
    clearRecurrence(taskId: $taskId) {
      ...TaskDetailFields
    }
  }
`);

export const ADD_REMINDER = graphql(`
  mutation AddReminder($taskId: ID!, $input: ReminderInput!) {
    addReminder(taskId: $taskId, input: $input) {
      id
      taskId
    }
  }
`);

export const REMOVE_REMINDER = graphql(`
  mutation RemoveReminder($id: ID!) {
    removeReminder(id: $id)
  }
`);

export const SNOOZE_REMINDER = graphql(`
  mutation SnoozeReminder($id: ID!, $until: DateTime!) {
    snoozeReminder(id: $id, until: $until) {
      id
      taskId
      remindAt
      status
    }
  }
`);
