/** The report views as the app uses them, named from the generated API types. */
import type { components } from '../api/generated.ts';

type Schemas = components['schemas'];

/** The timescale indicators over a period. */
export type IndicatorReport = Schemas['IndicatorReport'];
/** One indicator with its numbers per team and month. */
export type IndicatorSummary = IndicatorReport['indicators'][number];
/** An indicator's id. */
export type IndicatorId = IndicatorSummary['id'];
/** The cases behind a number. */
export type IndicatorCaseList = Schemas['IndicatorCaseList'];
/** One case behind a number. */
export type IndicatorCase = Schemas['IndicatorCase'];
/** Open cases per team and worker. */
export type CaseloadReport = Schemas['CaseloadReport'];
/** How long sign-offs have waited. */
export type SignOffAge = Schemas['SignOffAge'];
/** A page of a case's access log. */
export type AccessLogPage = Schemas['AccessLogPage'];
