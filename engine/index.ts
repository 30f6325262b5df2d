/**
 * Lowform's workflow engine: XState v5 statecharts kept as JSON, run purely. No I/O, no clock, no
 * randomness: the caller passes time and facts in, and runs the effects that come back.
 */
export type {
  Deadline,
  FormRequirement,
  GuardReference,
  Stage,
  WorkflowDefinition,
} from '../schemas/generated/workflow-definition.ts';
export { type AvailableEvent, availableEvents } from './available-events.ts';
export {
  addCalendarDays,
  addMonths,
  addWorkingDays,
  type Calendar,
  type CalendarOptions,
  calendarCovers,
  calendarDaysBetween,
  createCalendar,
  type DateRange,
  englandAndWales,
  englandAndWalesHolidays,
  englandAndWalesRange,
  isWorkingDay,
  londonDate,
  toIsoDate,
  workingDaysBetween,
} from './calendar.ts';
export type {
  Actor,
  CaseFacts,
  FormSummary,
  SignOffFact,
  StartContext,
  SubmissionFact,
  TransitionContext,
} from './context.ts';
export { deadlineProgress, dueDate, isOverdue } from './deadlines.ts';
export { type ChronologyEntry, EFFECT_TYPES, type Effect } from './effects.ts';
export { EngineError, type EngineErrorCode, engineErrorCatalog, isEngineError } from './errors.ts';
export type { Finding } from './finding.ts';
export { checkGuard, describeGuard, type GuardScope, guardNames } from './guards.ts';
export { type DeadlinePastCalendar, deadlinesPastCalendar } from './lint-calendar.ts';
export { type LintOptions, type LintResult, lintWorkflow } from './lint-workflow.ts';
export {
  type GuardFieldRead,
  type LoadOptions,
  loadWorkflow,
  type Workflow,
} from './load-workflow.ts';
export {
  type MappingProblem,
  type Migration,
  mappingProblems,
  migrateSnapshot,
} from './migrate.ts';
export { englishReasonWords } from './reason-words.ts';
export {
  describeReason,
  type Reason,
  type ReasonCode,
  type ReasonParams,
  type ReasonWords,
} from './reasons.ts';
export { describeRoles, ROLES, type Role } from './roles.ts';
export type { CaseDeadline, CaseSnapshot, StageView } from './snapshot.ts';
export {
  type Accepted,
  type Held,
  type Refused,
  type SignOffHold,
  startCase,
  type TransitionResult,
  transition,
} from './transition.ts';
