/** CronWorkflow semantics shared by lint, the cron controller and the CLI: schedules (robfig/cron's dialect on croner) and the Workflow a cron creates. */
export { parseSchedule, scheduleProblem, ScheduleError, type Schedule } from './schedule.js';
export { formatRfc3339, localTimeZone, timeZoneProblem } from './zone.js';
export { goDurationMs } from './every.js';
export {
  MAX_CRON_WORKFLOW_NAME, cronChildName, nextRunTime, scheduleString, scheduleWithTimezoneString, schedulesWithTimezone,
  workflowFromCron, type CronWorkflowRef,
} from './workflow.js';
