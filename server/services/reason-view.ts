/** A reason as the API sends it: the engine's code and params, and the English words for it. */
import { describeReason, englishReasonWords, type Reason } from '../../engine/index.ts';

/** One reason on the wire: `{code, params, text}`. */
export interface ReasonView {
  code: string;
  params: Record<string, unknown>;
  text: string;
}

/** A reason with its English words, for a response. */
export function reasonView(reason: Reason): ReasonView {
  return {
    code: reason.code,
    params: reason.params as Record<string, unknown>,
    text: describeReason(reason, englishReasonWords),
  };
}
