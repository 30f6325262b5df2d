/** Lint findings: what is wrong or doubtful in a workflow definition, and exactly where. */

/** One problem found in a definition. */
export interface Finding {
  /** Stable, e.g. "unknown-target" or "unreachable-state". */
  code: string;
  message: string;
  /** JSON Pointer into the definition, e.g. "/machine/states/assessment/on/decide/0". */
  path: string;
  /** The dotted path of the state involved, when there is one. */
  state?: string;
  /** The event involved, when there is one. */
  event?: string;
}

/** Makes a finding, reading the state and event from the pointer. */
export function finding(code: string, message: string, path: string): Finding {
  const result: Finding = { code, message, path };
  const { state, event } = locate(path);
  if (state !== undefined) result.state = state;
  if (event !== undefined) result.event = event;
  return result;
}

/** The state and event a JSON Pointer into a definition points inside. */
export function locate(path: string): { state?: string; event?: string } {
  const parts = path.split('/').slice(1).map(unescapeSegment);
  if (parts[0] === 'stages') {
    const at: { state?: string; event?: string } = {};
    if (parts[1] !== undefined) at.state = parts[1];
    if (parts[2] === 'roles' && parts[3] !== undefined) at.event = parts[3];
    return at;
  }
  if (parts[0] !== 'machine') return {};
  const keys: string[] = [];
  let event: string | undefined;
  for (let i = 1; i < parts.length - 1; i++) {
    if (parts[i] === 'states' && event === undefined) keys.push(parts[++i]!);
    else if (parts[i] === 'on') event = parts[++i];
  }
  const at: { state?: string; event?: string } = { state: keys.join('.') };
  if (event !== undefined) at.event = event;
  return at;
}

function unescapeSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}
